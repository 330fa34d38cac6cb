// (18) The read path, step by step: ReadIndex round → wait for apply → treeIndex → backend read txn.
import type { Scenario } from '../types';

export const readPath: Scenario = {
  id: 'read-path',
  number: 18,
  topic: 'basics',
  title: { en: 'The read path, step by step', 'zh-CN': '读请求的执行流程' },
  summary: {
    en: 'A linearizable read asks the leader for a read index, waits until this member has applied up to it, finds the key’s revision in the in-memory treeIndex, then reads the value from bbolt. A serializable read skips the first two steps.',
    'zh-CN': '线性一致读先向 leader 要一个 read index，等本成员应用到该位置，再在内存 treeIndex 中找到 key 的 revision，最后从 bbolt 读出值。串行化读跳过前两步。',
  },
  seed: 1818,
  members: 3,
  // PreVote keeps the cut-off follower from disrupting the leader when it comes back.
  raft: { preVote: true, checkQuorum: true },
  steps: [
    {
      id: 'history',
      title: { en: 'A key with history', 'zh-CN': '一个有历史的 key' },
      narration: {
        en: 'Two puts give the key two revisions. In the MVCC panel its keyIndex lists both: the treeIndex maps a key to revisions, and bbolt stores each revision’s value under that revision.',
        'zh-CN': '两次 put 让 key 有两个 revision。MVCC 面板中它的 keyIndex 列出了两者：treeIndex 把 key 映射到 revision，bbolt 以 revision 为键保存每个版本的值。',
      },
      panels: ['mvcc', 'console'],
      actions: [
        { do: 'run', line: 'put limit 10' },
        { do: 'remember', as: 'V1', member: 'leader', field: 'revision' },
        { do: 'run', line: 'put limit 20', as: 'put' },
      ],
      checkpoints: [{ check: 'output', of: 'put', exitCode: 0 }, { check: 'caughtUp' }],
    },
    {
      id: 'tree-index',
      title: { en: 'treeIndex, then bbolt', 'zh-CN': '先查 treeIndex，再读 bbolt' },
      narration: {
        en: 'get --rev reads an older revision: the treeIndex finds which revision was current then, and the backend read transaction fetches that value. -w json shows the header revision the read ran at.',
        'zh-CN': 'get --rev 读取旧版本：treeIndex 找出当时有效的 revision，后端读事务取出对应的值。-w json 显示这次读所在的 header revision。',
      },
      panels: ['mvcc', 'console'],
      actions: [{ do: 'run', line: 'get limit --rev=$V1', as: 'old' }, { do: 'run', line: 'get limit -w json', as: 'now' }],
      checkpoints: [
        { check: 'output', of: 'old', exitCode: 0, stdout: '10' },
        { check: 'output', of: 'now', exitCode: 0, stdout: '"revision":' },
      ],
    },
    {
      id: 'lagging',
      title: { en: 'A follower falls behind', 'zh-CN': '一个 follower 落后了' },
      narration: {
        en: 'We cut one follower off and write a new limit. The majority commits it; the cut-off follower still holds 20.',
        'zh-CN': '隔离一个 follower 后写入新的 limit。多数派提交了它；被隔离的 follower 仍然是 20。',
      },
      panels: ['cluster', 'log', 'mvcc'],
      actions: [
        { do: 'pick', as: 'F', role: 'follower' },
        { do: 'isolate', member: '$F' },
        { do: 'remember', as: 'R', member: '$F', field: 'revision' },
        { do: 'run', line: 'put limit 30', as: 'put3' },
      ],
      checkpoints: [
        { check: 'output', of: 'put3', exitCode: 0 },
        { check: 'field', member: 'leader', field: 'revision', op: '>', value: '$R' },
        { check: 'field', member: '$F', field: 'revision', op: '==', value: '$R' },
      ],
    },
    {
      id: 'read-index',
      title: { en: 'ReadIndex, then wait for apply', 'zh-CN': 'ReadIndex，然后等待 apply' },
      narration: {
        en: 'The network heals, and at that same moment two reads reach the follower. The serializable one answers from its own store: 20, stale. The linearizable one sends MsgReadIndex to the leader, which confirms its leadership with a heartbeat round and returns its commit index; the follower waits until it has applied that far, then reads: 30.',
        'zh-CN': '网络恢复的同一时刻，两个读请求到达该 follower。串行化读直接读本地：20，是旧值。线性一致读向 leader 发送 MsgReadIndex，leader 用一轮心跳确认自己仍是 leader 后返回 commit index；follower 等自己应用到该位置再读：30。',
      },
      panels: ['cluster', 'log', 'console'],
      actions: [
        { do: 'heal' },
        { do: 'runConcurrently', lines: ['get limit --consistency=s --endpoints=$F', 'get limit --endpoints=$F'], as: 'r' },
      ],
      checkpoints: [
        { check: 'output', of: 'r0', exitCode: 0, stdout: '20', notStdout: '30' },
        { check: 'output', of: 'r1', exitCode: 0, stdout: '30' },
      ],
    },
    {
      id: 'cost',
      title: { en: 'What a read costs', 'zh-CN': '一次读的代价' },
      narration: {
        en: 'A linearizable read costs a round trip to the leader and a heartbeat round, but no WAL write or fsync. A serializable read costs only the local lookup — fine for data that may be a little old.',
        'zh-CN': '线性一致读要付出一次到 leader 的往返和一轮心跳，但不写 WAL、不 fsync。串行化读只付出本地查找——适合可以容忍略旧数据的场景。',
      },
      panels: ['cluster', 'console'],
      actions: [{ do: 'run', line: 'get limit --consistency=s --endpoints=$F', as: 'after' }],
      checkpoints: [{ check: 'output', of: 'after', exitCode: 0, stdout: '30' }, { check: 'caughtUp' }],
    },
  ],
};
