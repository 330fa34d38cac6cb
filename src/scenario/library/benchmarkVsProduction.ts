// (13) "100k QPS in the benchmark, timeouts at 100 QPS in production": expensive ranges, large
// values, and bcrypt on every Authenticate.
import type { Scenario } from '../types';

/** Just over etcd's --max-request-bytes default (1.5 MiB), under the client's 2 MiB send limit. */
const LARGE_VALUE = 'v'.repeat(1_600_000);

export const benchmarkVsProduction: Scenario = {
  id: 'benchmark-vs-production',
  number: 13,
  topic: 'stability',
  title: { en: '100k QPS in the benchmark, timeouts in production', 'zh-CN': '压测 10 万 QPS，生产环境却超时' },
  summary: {
    en: 'Benchmarks send tiny gets and puts of one key. Production sends full-prefix scans, large values and a fresh login per request: each costs the server far more than a benchmark request.',
    'zh-CN': '压测发送的是针对单个 key 的小 get 和 put。生产环境却有全前缀扫描、大 value 和每个请求都重新登录：每一个的服务端开销都远超压测请求。',
  },
  seed: 1313,
  members: 3,
  steps: [
    {
      id: 'data',
      title: { en: '200 objects of 1 KiB', 'zh-CN': '200 个 1 KiB 的对象' },
      narration: {
        en: 'A small data set: 200 keys under items/, 1 KiB each. A benchmark-style get of one key touches one treeIndex entry and one bbolt value.',
        'zh-CN': '一个小数据集：items/ 下 200 个 key，每个 1 KiB。压测式的单 key get 只涉及一个 treeIndex 条目和一个 bbolt 值。',
      },
      panels: ['metrics', 'console'],
      actions: [{ do: 'fill', prefix: 'items/', count: 200, valueBytes: 1024 }, { do: 'run', line: 'get items/000007 --keys-only', as: 'one' }],
      checkpoints: [
        { check: 'output', of: 'one', exitCode: 0, stdout: 'items/000007' },
        { check: 'field', member: 'leader', field: 'keys', op: '>=', value: 200 },
      ],
      limitMs: 20_000,
    },
    {
      id: 'expensive-range',
      title: { en: 'The expensive range', 'zh-CN': '昂贵的范围查询' },
      narration: {
        en: 'get items/ --prefix reads every value from bbolt and sends about 200 KiB back — one such request costs as much as hundreds of single gets. --keys-only skips the values; --limit=1 with -w json still reports the total count, the cheap way to count in etcdctl 3.4.',
        'zh-CN': 'get items/ --prefix 会从 bbolt 读出所有值并返回约 200 KiB——一个这样的请求相当于几百个单 key get。--keys-only 不读值；--limit=1 配合 -w json 仍会给出总数，这是 etcdctl 3.4 中计数的廉价方式。',
      },
      panels: ['console', 'metrics'],
      actions: [
        { do: 'run', line: 'get items/ --prefix', as: 'full' },
        { do: 'run', line: 'get items/ --prefix --keys-only', as: 'keys' },
        { do: 'run', line: 'get items/ --prefix --limit=1 -w json', as: 'count' },
      ],
      checkpoints: [
        { check: 'output', of: 'full', exitCode: 0, stdout: 'xxxxxxxxxxxxxxxx' },
        { check: 'output', of: 'keys', exitCode: 0, stdout: 'items/000199', notStdout: 'xxxxxxxx' },
        { check: 'output', of: 'count', exitCode: 0, stdout: '"count":200' },
      ],
    },
    {
      id: 'large-value',
      title: { en: 'Large values', 'zh-CN': '大 value' },
      narration: {
        en: 'A 1.6 MB value is refused before raft sees it: etcd’s --max-request-bytes is 1.5 MiB. Values just under it still travel to every member, are written to every WAL and fsynced, and slow down every write behind them.',
        'zh-CN': '1.6 MB 的 value 在进入 raft 之前就被拒绝：etcd 的 --max-request-bytes 是 1.5 MiB。略小于它的值仍要发送到每个成员、写入每个 WAL 并 fsync，拖慢排在后面的每个写请求。',
      },
      panels: ['console', 'writepath'],
      actions: [{ do: 'run', line: 'put blob', stdin: LARGE_VALUE, as: 'big' }],
      checkpoints: [{ check: 'output', of: 'big', exitCode: 1, stderr: 'request is too large' }],
    },
    {
      id: 'bcrypt',
      title: { en: 'A login per request', 'zh-CN': '每个请求都登录一次' },
      narration: {
        en: 'With auth on, every Authenticate runs bcrypt at cost 10 (2¹⁰ rounds) on the member, on purpose slow. A client that logs in for each request, as etcdctl does per command, pays it every time; a long-lived client authenticates once and reuses its token.',
        'zh-CN': '开启鉴权后，每次 Authenticate 都在成员上运行 cost 10 的 bcrypt（2¹⁰ 轮），故意很慢。每个请求都登录的客户端（etcdctl 每条命令就是这样）每次都要付出这个代价；长连接客户端只认证一次，之后复用 token。',
      },
      panels: ['console', 'log'],
      actions: [
        { do: 'run', line: 'user add root:rootpw' },
        { do: 'run', line: 'user grant-role root root' },
        { do: 'run', line: 'auth enable', as: 'enable' },
        { do: 'run', line: 'get items/000001 --keys-only --user=root:rootpw', as: 'authed' },
      ],
      checkpoints: [
        { check: 'output', of: 'enable', exitCode: 0, stdout: 'Authentication Enabled' },
        { check: 'output', of: 'authed', exitCode: 0, stdout: 'items/000001' },
      ],
    },
  ],
};
