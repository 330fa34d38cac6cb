// (12) What triggers a leader change: partition, transfer; PreVote and CheckQuorum.
import type { Scenario } from '../types';

export const leaderChange: Scenario = {
  id: 'leader-changes',
  number: 12,
  topic: 'stability',
  title: { en: 'What triggers a leader change', 'zh-CN': '是什么触发了 leader 切换' },
  summary: {
    en: 'A leader that loses its followers is replaced after an election timeout; a planned move-leader hands over without a gap; PreVote stops a rejoining member from forcing an election.',
    'zh-CN': 'leader 失去 follower 后，会在一个选举超时后被替换；计划内的 move-leader 可无缝交接；PreVote 防止重新加入的成员强行触发选举。',
  },
  seed: 1212,
  members: 3,
  steps: [
    {
      id: 'partition',
      title: { en: 'Partition the leader', 'zh-CN': '隔离 leader' },
      narration: {
        en: 'Followers stop hearing heartbeats; after the election timeout one becomes a candidate and wins at term + 1. The old leader steps down when CheckQuorum sees no majority.',
        'zh-CN': 'follower 收不到心跳；选举超时后其中一个成为候选人，以 term + 1 胜出。旧 leader 在 CheckQuorum 发现失去多数派后退位。',
      },
      panels: ['cluster', 'events'],
      actions: [
        { do: 'pick', as: 'OLD', role: 'leader' },
        { do: 'remember', as: 'T', member: '$OLD', field: 'term' },
        { do: 'isolate', member: '$OLD' },
        { do: 'wait', ms: 2500 },
      ],
      checkpoints: [
        { check: 'leader' },
        { check: 'field', member: 'leader', field: 'term', op: '>', value: '$T' },
        { check: 'role', member: '$OLD', role: 'follower' },
      ],
      limitMs: 15_000,
    },
    {
      id: 'heal',
      title: { en: 'Heal', 'zh-CN': '恢复网络' },
      narration: {
        en: 'The old leader rejoins as a follower of the new term.',
        'zh-CN': '旧 leader 以 follower 身份加入新的 term。',
      },
      panels: ['cluster'],
      actions: [{ do: 'heal' }],
      checkpoints: [{ check: 'leader' }, { check: 'caughtUp' }],
      limitMs: 15_000,
    },
    {
      id: 'transfer',
      title: { en: 'A planned transfer', 'zh-CN': '计划内的转移' },
      narration: {
        en: 'move-leader catches the target up, then sends it MsgTimeoutNow: it campaigns at once, without waiting for a timeout, so clients barely notice.',
        'zh-CN': 'move-leader 先让目标追上日志，再发送 MsgTimeoutNow：目标立即发起选举，无需等待超时，客户端几乎感觉不到。',
      },
      panels: ['cluster', 'events'],
      actions: [
        { do: 'pick', as: 'L2', role: 'leader' },
        { do: 'pick', as: 'TARGET', role: 'follower' },
        { do: 'moveLeader', member: '$TARGET' },
      ],
      checkpoints: [{ check: 'role', member: '$TARGET', role: 'leader' }],
    },
    {
      id: 'prevote',
      title: { en: 'Turn PreVote on', 'zh-CN': '开启 PreVote' },
      narration: {
        en: 'With --pre-vote, a member first asks whether it could win before raising its term. Changing raft flags restarts every member, as in etcd.',
        'zh-CN': '开启 --pre-vote 后，成员在提升 term 之前会先询问自己能否胜选。与 etcd 一样，修改 raft 参数需要重启所有成员。',
      },
      panels: ['cluster', 'members'],
      actions: [{ do: 'setRaftOptions', preVote: true }],
      checkpoints: [{ check: 'leader' }],
      limitMs: 20_000,
    },
    {
      id: 'isolate-follower',
      title: { en: 'An isolated follower keeps its term', 'zh-CN': '被隔离的 follower 保持原有 term' },
      narration: {
        en: 'Cut off, the follower only sends pre-votes, which nobody grants: its term does not climb, so when it returns the leader is undisturbed.',
        'zh-CN': '被隔离的 follower 只发送预投票，没有人同意：它的 term 不会上涨，所以回来时不会打扰 leader。',
      },
      panels: ['cluster', 'events'],
      actions: [
        { do: 'pick', as: 'F', role: 'follower' },
        { do: 'pick', as: 'L3', role: 'leader' },
        { do: 'remember', as: 'T3', member: '$L3', field: 'term' },
        { do: 'isolate', member: '$F' },
        { do: 'wait', ms: 5000 },
        { do: 'heal' },
        { do: 'wait', ms: 1000 },
      ],
      checkpoints: [
        { check: 'role', member: '$L3', role: 'leader' },
        { check: 'field', member: '$L3', field: 'term', op: '==', value: '$T3' },
        { check: 'field', member: '$F', field: 'term', op: '==', value: '$T3' },
      ],
    },
  ],
};
