// (35) Running etcd reliably: replacing a failed member as a learner, then promoting it.
import type { Scenario } from '../types';

export const replaceMember: Scenario = {
  id: 'replace-failed-member',
  number: 35,
  topic: 'applications',
  title: { en: 'Replacing a failed member', 'zh-CN': '替换故障成员' },
  summary: {
    en: 'A member’s disk is gone. Remove it, add a new one as a learner (it catches up without counting towards the quorum), then promote it.',
    'zh-CN': '某个成员的磁盘坏了。先移除它，再以 learner 身份加入新成员（它追赶数据时不计入法定人数），然后提升它。',
  },
  seed: 3535,
  members: 3,
  steps: [
    {
      id: 'data',
      title: { en: 'Some data', 'zh-CN': '写入一些数据' },
      narration: { en: 'Thirty keys, so the new member has something to catch up on.', 'zh-CN': '写入三十个 key，让新成员有数据要追。' },
      panels: ['cluster', 'log'],
      actions: [{ do: 'fill', prefix: 'app/', count: 30, valueBytes: 64 }],
      checkpoints: [{ check: 'caughtUp' }],
    },
    {
      id: 'fail',
      title: { en: 'A member fails for good', 'zh-CN': '某个成员永久故障' },
      narration: {
        en: 'A follower crashes and the leader soon sees its link go quiet. Two of three still form a quorum, but one more failure would stop all writes.',
        'zh-CN': '一个 follower 崩溃了，leader 很快发现与它的连接没有动静。三个中的两个仍构成法定人数，但再坏一个，所有写入都会停止。',
      },
      panels: ['cluster', 'members'],
      actions: [{ do: 'pick', as: 'DEAD', role: 'follower' }, { do: 'kill', member: '$DEAD' }, { do: 'wait', ms: 1500 }],
      checkpoints: [{ check: 'role', member: '$DEAD', role: 'stopped' }, { check: 'leader' }],
    },
    {
      id: 'remove',
      title: { en: 'Remove it from the cluster', 'zh-CN': '将其移出集群' },
      narration: {
        en: 'member remove is a conf change through raft. The cluster is now two members, whose quorum is two.',
        'zh-CN': 'member remove 是一次经过 raft 的配置变更。现在集群有两个成员，法定人数是二。',
      },
      panels: ['members', 'log'],
      actions: [{ do: 'removeMember', member: '$DEAD' }, { do: 'run', line: 'member list', as: 'list' }],
      checkpoints: [{ check: 'output', of: 'list', exitCode: 0, notStdout: ', $DEAD,' }],
    },
    {
      id: 'learner',
      title: { en: 'Add a learner', 'zh-CN': '加入 learner' },
      narration: {
        en: 'After every voter has been connected for etcd’s 5-second health interval, the new member joins as a learner: the leader sends it the log, but it does not vote and does not count towards commit, so a slow catch-up cannot hurt availability.',
        'zh-CN': '在所有投票成员都已连接满 etcd 的 5 秒健康间隔后，新成员以 learner 身份加入：leader 向它发送日志，但它不投票、也不计入提交，因此追赶再慢也不影响可用性。',
      },
      panels: ['members', 'log', 'cluster'],
      actions: [
        // --strict-reconfig-check: etcd refuses a member add until every voter has been connected for HealthInterval (5 s).
        { do: 'wait', ms: 5500 },
        { do: 'addMember', learner: true, as: 'NEW' },
      ],
      checkpoints: [{ check: 'caughtUp' }, { check: 'field', member: '$NEW', field: 'keys', op: '>=', value: 30 }],
      limitMs: 20_000,
    },
    {
      id: 'promote',
      title: { en: 'Promote it to a voter', 'zh-CN': '提升为投票成员' },
      narration: {
        en: 'Caught up, the learner is promoted (etcd refuses while it lags). The cluster is back to three voters and tolerates one failure again.',
        'zh-CN': '追上进度后，learner 被提升（落后时 etcd 会拒绝）。集群恢复为三个投票成员，又能容忍一个故障。',
      },
      panels: ['members', 'cluster'],
      actions: [
        // The leader judges "in sync" by its Progress for the learner, one reply behind what the learner applied.
        { do: 'wait', ms: 500 },
        { do: 'promote', member: '$NEW' }, { do: 'run', line: 'member list', as: 'list2' }],
      checkpoints: [{ check: 'output', of: 'list2', exitCode: 0, notStdout: 'true' }, { check: 'leader' }],
    },
  ],
};
