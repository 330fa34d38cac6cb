// (28) The WAL and the db file decoded, as etcd-dump-logs and etcd-dump-db show them.
import type { Scenario } from '../types';

export const dumpTools: Scenario = {
  id: 'wal-and-db-decoded',
  number: 28,
  topic: 'diagnostics',
  title: { en: 'The WAL and the db file, decoded', 'zh-CN': '解码 WAL 与 db 文件' },
  summary: {
    en: 'etcd-dump-logs lists a member’s WAL entry by entry; etcd-dump-db lists the buckets and keys of its bbolt file. Both run here on the member’s real files, with the real tools’ output format.',
    'zh-CN': 'etcd-dump-logs 逐条列出成员 WAL 中的日志条目；etcd-dump-db 列出其 bbolt 文件中的 bucket 与 key。两者在这里读取成员真实的文件，输出格式与真实工具一致。',
  },
  seed: 2828,
  members: 3,
  steps: [
    {
      id: 'wal',
      title: { en: 'Every write is a WAL entry', 'zh-CN': '每次写入都是一条 WAL 日志' },
      narration: {
        en: 'Three writes, then etcd-dump-logs on n1’s data dir. First the HardState (term, commit index, vote), then one line per raft entry: term, index, type. The three conf changes formed the cluster, the empty entry is the leader’s first of its term, and each request is its protobuf, header and all.',
        'zh-CN': '写入三次，然后对 n1 的数据目录运行 etcd-dump-logs。首先是 HardState（term、提交索引、投票），然后每个 Raft 条目一行：term、index、类型。三条 conf 变更组建了集群，空条目是 leader 在其任期内的第一条日志，每个请求都以 protobuf 文本完整显示，包括 header。',
      },
      panels: ['console', 'log'],
      actions: [
        { do: 'run', line: 'put greeting hello' },
        { do: 'run', line: 'lease grant 60', capture: { as: 'L', pattern: 'lease ([0-9a-f]+) granted' } },
        { do: 'run', line: 'put session alive --lease=$L' },
        { do: 'wait', ms: 300 },
        { do: 'run', line: 'etcd-dump-logs n1.etcd', as: 'wal' },
      ],
      checkpoints: [
        { check: 'output', of: 'wal', exitCode: 0, stdout: 'WAL metadata:\nnodeID=' },
        { check: 'lines', of: 'wal', matching: '\\tconf\\tmethod=ConfChangeAddNode id=', op: '==', value: 3 },
        { check: 'output', of: 'wal', stdout: 'put:<key:"greeting" value:"hello" >' },
        { check: 'output', of: 'wal', stdout: 'lease_grant:<TTL:60 ID:' },
        { check: 'output', of: 'wal', stdout: 'put:<key:"session" value:"alive" lease:' },
      ],
    },
    {
      id: 'start-index',
      title: { en: 'Only the tail', 'zh-CN': '只看末尾' },
      narration: {
        en: 'With -start-index the tool skips to an index: here the last two entries. The same entries sit in every member’s WAL, each written and fsynced before the member acknowledged it.',
        'zh-CN': '使用 -start-index 时，工具从指定索引开始：这里只显示最后两条。每个成员的 WAL 里都有同样的条目，每条都在成员确认之前写入并 fsync。',
      },
      panels: ['console', 'log'],
      actions: [
        { do: 'remember', as: 'LAST', member: 'n1', field: 'lastIndex' },
        { do: 'run', line: 'etcd-dump-logs -start-index={LAST-2} n1.etcd', as: 'tail' },
        { do: 'run', line: 'etcd-dump-logs -start-index={LAST-2} n2.etcd', as: 'tail2' },
      ],
      checkpoints: [
        { check: 'output', of: 'tail', exitCode: 0, stdout: 'Start dumping log entries from index' },
        { check: 'lines', of: 'tail', matching: '^\\s+\\d+\\s+\\d+\\tnorm', op: '==', value: 2 },
        { check: 'output', of: 'tail2', stdout: 'put:<key:"session" value:"alive" lease:' },
      ],
    },
    {
      id: 'buckets',
      title: { en: 'The db file’s buckets', 'zh-CN': 'db 文件中的 bucket' },
      narration: {
        en: 'etcd-dump-db reads member/snap/db, the bbolt file. Its buckets: key holds the data, lease the leases, meta the consistent index, members and cluster the membership, auth the users and roles.',
        'zh-CN': 'etcd-dump-db 读取 member/snap/db，也就是 bbolt 文件。其中的 bucket：key 存放数据，lease 存放租约，meta 存放 consistent index，members 与 cluster 存放成员信息，auth 存放用户与角色。',
      },
      panels: ['console', 'pages'],
      actions: [{ do: 'run', line: 'etcd-dump-db list-bucket n1.etcd', as: 'buckets' }],
      checkpoints: [
        { check: 'output', of: 'buckets', exitCode: 0, stdout: 'key\nlease\nmembers\n' },
        { check: 'output', of: 'buckets', stdout: 'meta\n' },
      ],
    },
    {
      id: 'revisions',
      title: { en: 'Revisions are keys', 'zh-CN': 'revision 就是 key' },
      narration: {
        en: 'Change greeting twice and list the key bucket, newest first. Its bbolt keys are revisions, not user keys: every version of greeting is its own entry, which is why history costs space until compaction. The meta bucket holds consistent_index, the last raft index applied.',
        'zh-CN': '把 greeting 修改两次，再列出 key bucket（最新的在前）。它的 bbolt key 是 revision，而不是用户的 key：greeting 的每个版本都是单独的一条，所以在压缩之前历史一直占用空间。meta bucket 中的 consistent_index 是最后应用的 Raft 索引。',
      },
      panels: ['console', 'mvcc'],
      actions: [
        { do: 'run', line: 'put greeting hi' },
        { do: 'run', line: 'put greeting hey' },
        { do: 'wait', ms: 300 },
        { do: 'run', line: 'etcd-dump-db iterate-bucket n1.etcd key --decode', as: 'keys' },
        { do: 'run', line: 'etcd-dump-db iterate-bucket n1.etcd meta --decode', as: 'meta' },
        { do: 'run', line: 'etcd-dump-db iterate-bucket n1.etcd lease --decode', as: 'lease' },
      ],
      checkpoints: [
        { check: 'lines', of: 'keys', matching: 'value=\\[key "greeting"', op: '==', value: 3 },
        { check: 'output', of: 'keys', stdout: 'val "hey" | created' },
        { check: 'output', of: 'meta', stdout: 'key="consistent_index"' },
        { check: 'output', of: 'lease', stdout: 'TTL=60s' },
      ],
    },
  ],
};
