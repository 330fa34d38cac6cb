// (30) Tens of thousands of objects queried by label: full-prefix ranges vs pagination.
import type { Scenario } from '../types';

const PREFIX = '/registry/pods/';
/** The key just after every key under PREFIX ("/" + 1 = "0"), as clientv3.GetPrefixRangeEnd gives. */
const PREFIX_END = '/registry/pods0';
const POD = '/registry/pods/default/pod-';
const COUNT = 10_000;
const N = COUNT.toLocaleString('en-US');
const MATCHES = (COUNT / 10).toLocaleString('en-US');

export const pagination: Scenario = {
  id: 'list-by-label',
  number: 30,
  topic: 'applications',
  title: { en: 'Tens of thousands of objects, queried by label', 'zh-CN': '数万个对象，按标签查询' },
  summary: {
    en: 'etcd has no index on labels: a label query reads the whole prefix and filters afterwards. Pages (--limit, continuing from the last key) at one revision (--rev) keep each request small and the list consistent.',
    'zh-CN': 'etcd 不为标签建索引：按标签查询要读出整个前缀再过滤。分页（--limit，从上一页最后一个 key 继续）并固定在同一 revision（--rev）上，可以让每个请求都很小，并且整个列表保持一致。',
  },
  seed: 3030,
  members: 3,
  steps: [
    {
      id: 'load',
      title: { en: `${N} pods`, 'zh-CN': `${N} 个 Pod` },
      narration: {
        en: `A cluster stores ${N} pods under /registry/pods/, written 128 to a transaction. Each carries a label app=a0 … a9 inside its value: etcd sees only bytes.`,
        'zh-CN': `集群在 /registry/pods/ 下存放 ${N} 个 Pod，每个事务写入 128 个。每个 Pod 的 value 里带着标签 app=a0 … a9：在 etcd 看来它们只是字节。`,
      },
      panels: ['metrics', 'mvcc'],
      actions: [
        { do: 'fillTxn', prefix: POD, count: COUNT, perTxn: 128, value: '{"labels":{"app":"a{i%10}"}}' },
        { do: 'run', line: `get ${PREFIX} --prefix --keys-only --limit=1 -w fields`, as: 'count' },
      ],
      checkpoints: [
        { check: 'output', of: 'count', exitCode: 0, stdout: `"Count" : ${COUNT}` },
        { check: 'field', member: 'leader', field: 'keys', op: '>=', value: COUNT },
      ],
      limitMs: 30_000,
    },
    {
      id: 'label-query',
      title: { en: 'A label query reads everything', 'zh-CN': '标签查询读出了全部对象' },
      narration: {
        en: `To find app=a7 the client must range over the whole prefix and filter: ${N} keys and values cross the wire for ${MATCHES} matches. Watch “keys returned” and “bytes returned” jump in the Metrics panel.`,
        'zh-CN': `为了找到 app=a7，客户端必须 range 整个前缀再自行过滤：为了 ${MATCHES} 个匹配项，${N} 个 key 和 value 全部传输过来。注意 Metrics 面板里“返回的 key 数”和“返回的字节数”的跳升。`,
      },
      panels: ['metrics', 'console'],
      actions: [
        { do: 'rememberMetric', as: 'K0', member: 'leader', metric: 'keysReturned' },
        { do: 'run', line: `get ${PREFIX} --prefix`, as: 'all' },
        { do: 'rememberMetric', as: 'K1', member: 'leader', metric: 'keysReturned' },
      ],
      checkpoints: [
        { check: 'lines', of: 'all', matching: '"app":"a7"', op: '==', value: COUNT / 10 },
        { check: 'lines', of: 'all', matching: `^${POD}`, op: '==', value: COUNT },
        { check: 'remembered', name: 'K1', op: '>=', value: { of: 'K0', plus: COUNT } },
      ],
    },
    {
      id: 'first-page',
      title: { en: 'One page at a time', 'zh-CN': '一次一页' },
      narration: {
        en: `A paginated list asks for 500 at a time and pins the revision it started at. The answer says more=true and costs 500 keys in the metrics, not ${N}.`,
        'zh-CN': `分页 list 每次只要 500 个，并固定在开始时的 revision。响应中 more=true，Metrics 里只多了 500 个 key，而不是 ${N} 个。`,
      },
      panels: ['metrics', 'console'],
      actions: [
        { do: 'remember', as: 'R', member: 'leader', field: 'revision' },
        { do: 'rememberMetric', as: 'K2', member: 'leader', metric: 'keysReturned' },
        { do: 'run', line: `get ${PREFIX} --prefix --limit=500 --rev=$R`, as: 'page1', capture: { as: 'LAST', pattern: `(${POD}\\d+)\\n[^\\n]*\\n$` } },
        { do: 'run', line: `get ${PREFIX} --prefix --limit=500 --rev=$R --keys-only -w json`, as: 'page1json' },
        { do: 'rememberMetric', as: 'K3', member: 'leader', metric: 'keysReturned' },
      ],
      checkpoints: [
        { check: 'lines', of: 'page1', matching: `^${POD}`, op: '==', value: 500 },
        { check: 'output', of: 'page1', stdout: `${POD}000499\n`, notStdout: `${POD}000500` },
        { check: 'output', of: 'page1json', stdout: '"more":true' },
        { check: 'remembered', name: 'K3', op: '==', value: { of: 'K2', plus: 1000 } },
      ],
    },
    {
      id: 'next-page',
      title: { en: 'The next page, at the same revision', 'zh-CN': '下一页，仍在同一 revision' },
      narration: {
        en: 'Meanwhile a controller deletes pod-000600. The next page continues from the last key (Kubernetes appends a zero byte; here the first row repeats it) at --rev: the deleted pod is still there, so the whole list is one consistent snapshot. Without --rev it would be gone.',
        'zh-CN': '与此同时，一个控制器删除了 pod-000600。下一页从上一页最后一个 key 继续（Kubernetes 会在其后追加一个零字节；这里第一行就是它本身），并带上 --rev：被删除的 Pod 仍然在，所以整个列表是同一个一致的快照。不带 --rev 它就不见了。',
      },
      panels: ['metrics', 'console', 'mvcc'],
      actions: [
        { do: 'run', line: `del ${POD}000600`, as: 'del' },
        { do: 'run', line: `get $LAST ${PREFIX_END} --limit=501 --rev=$R`, as: 'page2' },
        { do: 'run', line: `get $LAST ${PREFIX_END} --limit=501`, as: 'page2now' },
      ],
      checkpoints: [
        { check: 'output', of: 'del', exitCode: 0, stdout: '1' },
        { check: 'output', of: 'page2', stdout: `${POD}000600\n` },
        { check: 'output', of: 'page2', stdout: `${POD}000999\n`, notStdout: `${POD}001000` },
        { check: 'output', of: 'page2now', notStdout: `${POD}000600\n` },
      ],
    },
    {
      id: 'expired',
      title: { en: 'A list that outlives compaction', 'zh-CN': '比压缩活得更久的 list' },
      narration: {
        en: 'Compaction removes the history the pinned revision needs. The next page fails with “required revision has been compacted” (Kubernetes: 410 Gone, the continue token expired): the client must list again from the start.',
        'zh-CN': '压缩删掉了固定 revision 所需的历史。下一页失败：“required revision has been compacted”（Kubernetes 返回 410 Gone，continue token 已过期）：客户端必须从头重新 list。',
      },
      panels: ['mvcc', 'console'],
      actions: [
        { do: 'remember', as: 'NOW', member: 'leader', field: 'revision' },
        { do: 'run', line: 'compact $NOW', as: 'compact' },
        { do: 'run', line: `get ${PREFIX} --prefix --limit=500 --rev=$R`, as: 'stale' },
      ],
      checkpoints: [
        { check: 'output', of: 'compact', exitCode: 0, stdout: 'compacted revision' },
        { check: 'output', of: 'stale', exitCode: 1, stderr: 'required revision has been compacted' },
      ],
    },
  ],
};
