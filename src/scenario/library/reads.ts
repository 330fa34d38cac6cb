// (1) Linearizable vs serializable reads.
import type { Scenario } from '../types';

export const reads: Scenario = {
  id: 'linearizable-vs-serializable',
  number: 1,
  topic: 'consistency',
  title: { en: 'Linearizable vs serializable reads', 'zh-CN': '线性一致读与串行化读' },
  summary: {
    en: 'A linearizable read asks the leader to confirm it still leads (ReadIndex); a serializable read answers from the local copy, which can be stale.',
    'zh-CN': '线性一致读要先让 leader 确认自己仍是 leader（ReadIndex）；串行化读直接读本地副本，可能是旧数据。',
  },
  seed: 101,
  members: 3,
  steps: [
    {
      id: 'write',
      title: { en: 'Write a value', 'zh-CN': '写入一个值' },
      narration: {
        en: 'Every write goes through the leader and is committed by a majority. Watch the Raft log: one new entry, then the commit index moves on all three members.',
        'zh-CN': '每次写入都经过 leader，由多数派提交。看 Raft 日志：新增一条记录，三个成员的 commit index 随之前进。',
      },
      panels: ['cluster', 'log', 'console'],
      actions: [{ do: 'run', line: 'put color blue', as: 'put' }],
      checkpoints: [{ check: 'output', of: 'put', exitCode: 0, stdout: 'OK' }, { check: 'caughtUp' }],
    },
    {
      id: 'isolate',
      title: { en: 'Cut a follower off', 'zh-CN': '隔离一个 follower' },
      narration: {
        en: 'We isolate one follower. It still has its copy of the data, but it hears nothing from the leader any more.',
        'zh-CN': '我们隔离一个 follower。它仍有自己的数据副本，但再也收不到 leader 的消息。',
      },
      panels: ['cluster', 'log'],
      actions: [{ do: 'pick', as: 'F', role: 'follower' }, { do: 'isolate', member: '$F' }, { do: 'remember', as: 'R', member: '$F', field: 'revision' }],
      checkpoints: [{ check: 'field', member: '$F', field: 'revision', op: '==', value: '$R' }],
    },
    {
      id: 'write-again',
      title: { en: 'The majority moves on', 'zh-CN': '多数派继续前进' },
      narration: {
        en: 'The leader and the other follower are still a majority, so this write commits. The isolated follower keeps its old revision.',
        'zh-CN': 'leader 与另一个 follower 仍是多数派，这次写入照样提交。被隔离的 follower 停留在旧的 revision。',
      },
      panels: ['cluster', 'log', 'mvcc'],
      actions: [{ do: 'run', line: 'put color green', as: 'put2' }],
      checkpoints: [
        { check: 'output', of: 'put2', exitCode: 0 },
        { check: 'field', member: 'leader', field: 'revision', op: '>', value: '$R' },
        { check: 'field', member: '$F', field: 'revision', op: '==', value: '$R' },
      ],
    },
    {
      id: 'serializable',
      title: { en: 'A serializable read is stale', 'zh-CN': '串行化读读到旧值' },
      narration: {
        en: 'A serializable read (--consistency=s) on the isolated member answers at once, from its own store: it still says blue.',
        'zh-CN': '在被隔离的成员上做串行化读（--consistency=s），它立即用本地数据回答：仍然是 blue。',
      },
      panels: ['cluster', 'console'],
      actions: [{ do: 'run', line: 'get color --consistency=s --endpoints=$F', as: 'stale' }],
      checkpoints: [{ check: 'output', of: 'stale', exitCode: 0, stdout: 'blue', notStdout: 'green' }],
    },
    {
      id: 'linearizable',
      title: { en: 'A linearizable read refuses to lie', 'zh-CN': '线性一致读拒绝给出旧值' },
      narration: {
        en: 'A linearizable read on the same member needs a ReadIndex from a leader it can reach. There is none, so the read times out instead of returning blue.',
        'zh-CN': '同一成员上的线性一致读需要从能联系到的 leader 获得 ReadIndex。它联系不到，于是读请求超时，而不是返回 blue。',
      },
      panels: ['cluster', 'console'],
      actions: [{ do: 'run', line: 'get color --endpoints=$F --command-timeout=2s', as: 'lin' }],
      checkpoints: [{ check: 'output', of: 'lin', exitCode: 1, stderr: 'context deadline exceeded' }],
    },
    {
      id: 'heal',
      title: { en: 'Heal the partition', 'zh-CN': '恢复网络' },
      narration: {
        en: 'While cut off, the follower kept starting elections, so its term climbed (PreVote is off). When it rejoins, its higher term forces a new election; then the leader sends it the entries it missed.',
        'zh-CN': '被隔离期间这个 follower 不断发起选举，term 一路上涨（未开启 PreVote）。重新连通后，它更高的 term 迫使集群重新选举；随后 leader 把缺失的日志补发给它。',
      },
      panels: ['cluster', 'log'],
      actions: [{ do: 'heal' }],
      checkpoints: [{ check: 'leader' }, { check: 'caughtUp' }],
      limitMs: 20_000,
    },
    {
      id: 'read-after',
      title: { en: 'Both reads agree again', 'zh-CN': '两种读重新一致' },
      narration: {
        en: 'Caught up, the member answers green to a serializable read too. Serializable reads are fast and cheap, but only as fresh as the member you ask.',
        'zh-CN': '追上进度后，该成员的串行化读也返回 green。串行化读快且便宜，但新旧程度取决于你问的那个成员。',
      },
      panels: ['cluster', 'console'],
      actions: [{ do: 'run', line: 'get color --consistency=s --endpoints=$F', as: 'after' }, { do: 'run', line: 'get color --endpoints=$F', as: 'afterLin' }],
      checkpoints: [{ check: 'output', of: 'after', exitCode: 0, stdout: 'green' }, { check: 'output', of: 'afterLin', exitCode: 0, stdout: 'green' }],
    },
  ],
};
