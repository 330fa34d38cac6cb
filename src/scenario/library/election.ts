// (20) Raft election, replication and safety.
import type { Scenario } from '../types';

export const election: Scenario = {
  id: 'raft-election-replication',
  number: 20,
  topic: 'basics',
  title: { en: 'Raft: election, replication, safety', 'zh-CN': 'Raft：选举、复制与安全性' },
  summary: {
    en: 'Kill the leader, watch an election at a higher term, and see the restarted member recover from its WAL and catch up.',
    'zh-CN': '杀掉 leader，观察更高 term 的选举，再看重启的成员如何从 WAL 恢复并追上进度。',
  },
  seed: 2020,
  members: 3,
  steps: [
    {
      id: 'replicate',
      title: { en: 'Replication', 'zh-CN': '日志复制' },
      narration: {
        en: 'The leader appends the write, sends MsgApp to both followers, and commits once one of them answers: two of three is a majority.',
        'zh-CN': 'leader 追加这次写入，向两个 follower 发送 MsgApp，只要其中一个应答就提交：三分之二即多数派。',
      },
      panels: ['cluster', 'log'],
      actions: [{ do: 'run', line: 'put greeting hello', as: 'p' }],
      checkpoints: [{ check: 'output', of: 'p', exitCode: 0 }, { check: 'caughtUp' }],
    },
    {
      id: 'kill-leader',
      title: { en: 'The leader crashes', 'zh-CN': 'leader 崩溃' },
      narration: {
        en: 'Closing its worker is a crash. The followers’ election timers (the arcs) run out; the first candidate asks for votes at term + 1.',
        'zh-CN': '关闭它的 worker 就等于崩溃。follower 的选举计时器（圆弧）耗尽，第一个候选人以 term + 1 拉票。',
      },
      panels: ['cluster', 'events'],
      actions: [
        { do: 'pick', as: 'OLD', role: 'leader' },
        { do: 'remember', as: 'T', member: '$OLD', field: 'term' },
        { do: 'kill', member: '$OLD' },
      ],
      checkpoints: [{ check: 'leader' }, { check: 'field', member: 'leader', field: 'term', op: '>', value: '$T' }],
      limitMs: 15_000,
    },
    {
      id: 'write-without',
      title: { en: 'Two of three still commit', 'zh-CN': '三个中的两个仍能提交' },
      narration: {
        en: 'A leader and one follower are a majority of three, so writes go on.',
        'zh-CN': '一个 leader 加一个 follower 就是三者中的多数派，写入照常进行。',
      },
      panels: ['cluster', 'log'],
      actions: [{ do: 'run', line: 'put greeting bonjour', as: 'p2' }],
      checkpoints: [{ check: 'output', of: 'p2', exitCode: 0 }],
    },
    {
      id: 'restart',
      title: { en: 'Restart: recover and catch up', 'zh-CN': '重启：恢复并追上进度' },
      narration: {
        en: 'The member replays its WAL (HardState and entries) and opens its db file, then learns of the new leader and receives the entries it missed.',
        'zh-CN': '该成员重放 WAL（HardState 和日志条目）并打开 db 文件，随后得知新 leader，并收到缺失的日志。',
      },
      panels: ['cluster', 'log'],
      actions: [{ do: 'restart', member: '$OLD' }],
      checkpoints: [{ check: 'role', member: '$OLD', role: 'follower' }, { check: 'caughtUp' }],
      limitMs: 15_000,
    },
    {
      id: 'read-back',
      title: { en: 'Nothing committed was lost', 'zh-CN': '已提交的数据没有丢失' },
      narration: {
        en: 'Read from the restarted member itself: it has the write made while it was down.',
        'zh-CN': '直接从重启的成员读取：它拥有宕机期间完成的写入。',
      },
      panels: ['console'],
      actions: [{ do: 'run', line: 'get greeting --consistency=s --endpoints=$OLD', as: 'g' }],
      checkpoints: [{ check: 'output', of: 'g', exitCode: 0, stdout: 'bonjour' }],
    },
  ],
};
