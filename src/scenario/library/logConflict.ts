// (3) Why a follower's log conflicts with the leader, and how its entries are superseded.
import type { Scenario } from '../types';

export const logConflict: Scenario = {
  id: 'log-conflicts',
  number: 3,
  topic: 'consistency',
  title: { en: 'Conflicting logs and how raft repairs them', 'zh-CN': '日志冲突以及 raft 如何修复' },
  summary: {
    en: 'A leader cut off from the majority still appends what clients send it, but cannot commit it. A new leader overwrites those entries when the old one returns.',
    'zh-CN': '与多数派断开的 leader 仍会追加客户端发来的请求，但无法提交。旧 leader 回来后，新 leader 会覆盖这些日志。',
  },
  seed: 303,
  members: 3,
  steps: [
    {
      id: 'baseline',
      title: { en: 'A committed write', 'zh-CN': '一次已提交的写入' },
      narration: {
        en: 'x=1 is written and committed on every member: the logs agree up to the commit index.',
        'zh-CN': '写入 x=1 并在所有成员上提交：各成员的日志在 commit index 之前完全一致。',
      },
      panels: ['cluster', 'log'],
      actions: [{ do: 'run', line: 'put x 1', as: 'p1' }],
      checkpoints: [{ check: 'output', of: 'p1', exitCode: 0 }, { check: 'caughtUp' }],
    },
    {
      id: 'isolate-leader',
      title: { en: 'Isolate the leader', 'zh-CN': '隔离 leader' },
      narration: {
        en: 'The leader is cut off. For a moment it still believes it leads (CheckQuorum will make it step down after an election timeout).',
        'zh-CN': 'leader 被隔离。它暂时仍以为自己是 leader（CheckQuorum 会让它在一个选举超时后退位）。',
      },
      panels: ['cluster', 'log'],
      actions: [
        { do: 'pick', as: 'OLD', role: 'leader' },
        { do: 'isolate', member: '$OLD' },
        { do: 'remember', as: 'LAST', member: '$OLD', field: 'lastIndex' },
        { do: 'remember', as: 'COMMIT', member: '$OLD', field: 'commitIndex' },
      ],
      checkpoints: [],
    },
    {
      id: 'uncommitted',
      title: { en: 'An entry that can never commit', 'zh-CN': '一条永远无法提交的日志' },
      narration: {
        en: 'A client still talks to the old leader. It appends x=lost to its log, sends it to nobody, and the client times out: the entry sits above the commit index.',
        'zh-CN': '有客户端仍连着旧 leader。它把 x=lost 追加到自己的日志里，却发不出去，客户端超时：这条日志停在 commit index 之上。',
      },
      panels: ['cluster', 'log', 'console'],
      actions: [{ do: 'run', line: 'put x lost --endpoints=$OLD --command-timeout=300ms', as: 'lost' }],
      checkpoints: [
        { check: 'output', of: 'lost', exitCode: 1 },
        { check: 'field', member: '$OLD', field: 'lastIndex', op: '>', value: '$LAST' },
        { check: 'field', member: '$OLD', field: 'commitIndex', op: '==', value: '$COMMIT' },
      ],
    },
    {
      id: 'new-leader',
      title: { en: 'The majority elects a new leader', 'zh-CN': '多数派选出新 leader' },
      narration: {
        en: 'The other two members time out, elect a leader at a higher term, and commit x=2 at the same index where the old leader holds x=lost.',
        'zh-CN': '另外两个成员超时后以更高的 term 选出新 leader，并在旧 leader 存放 x=lost 的同一索引处提交 x=2。',
      },
      panels: ['cluster', 'log'],
      actions: [
        { do: 'wait', ms: 3000 },
        { do: 'pick', as: 'NEW', role: 'leader' },
        { do: 'run', line: 'put x 2 --endpoints=$NEW', as: 'p2' },
      ],
      checkpoints: [{ check: 'output', of: 'p2', exitCode: 0 }, { check: 'role', member: '$NEW', role: 'leader' }],
      limitMs: 15_000,
    },
    {
      id: 'heal',
      title: { en: 'The old leader returns and is repaired', 'zh-CN': '旧 leader 回归并被修复' },
      narration: {
        en: 'Back in the cluster, the old leader sees the higher term and becomes a follower. The leader’s MsgApp is rejected at the conflicting index, backs up, and the follower truncates x=lost and takes x=2. Its WAL keeps both records; on replay the later one wins.',
        'zh-CN': '回到集群后，旧 leader 看到更高的 term，变为 follower。leader 的 MsgApp 在冲突索引处被拒绝，回退后，follower 截断 x=lost 并接受 x=2。它的 WAL 中两条记录都在，重放时以后写的为准。',
      },
      panels: ['cluster', 'log'],
      actions: [{ do: 'heal' }],
      checkpoints: [{ check: 'leader' }, { check: 'caughtUp' }, { check: 'role', member: '$OLD', role: 'follower' }],
      limitMs: 20_000,
    },
    {
      id: 'agree',
      title: { en: 'Every member says x=2', 'zh-CN': '所有成员都返回 x=2' },
      narration: {
        en: 'A serializable read on the old leader now returns 2: the write that never committed is gone, as raft promises; the client that sent it was told it timed out, never that it succeeded.',
        'zh-CN': '在旧 leader 上做串行化读，现在返回 2：从未提交的写入消失了，这正是 raft 的承诺；发送它的客户端得到的是超时，而不是成功。',
      },
      panels: ['console', 'mvcc'],
      actions: [{ do: 'run', line: 'get x --consistency=s --endpoints=$OLD', as: 'x' }],
      checkpoints: [{ check: 'output', of: 'x', exitCode: 0, stdout: '2', notStdout: 'lost' }],
    },
  ],
};
