// (24) Txn and ACID: atomicity, isolation under concurrent Txns, durability across a crash.
import type { Scenario } from '../types';

const cas = (from: string, to: string) => `value("balance") = "${from}"\n\nput balance ${to}\n\nget balance\n\n`;

export const txn: Scenario = {
  id: 'txn-acid',
  number: 24,
  topic: 'basics',
  title: { en: 'Txn and ACID', 'zh-CN': 'Txn 与 ACID' },
  summary: {
    en: 'A Txn compares, then runs one branch, all at one revision. Two clients racing the same compare-and-swap: exactly one wins.',
    'zh-CN': 'Txn 先比较，再执行其中一个分支，全部发生在同一个 revision。两个客户端同时做同一个比较并交换（CAS）：只有一个会成功。',
  },
  seed: 2424,
  members: 3,
  steps: [
    {
      id: 'atomic',
      title: { en: 'Several writes, one revision', 'zh-CN': '多次写入，一个 revision' },
      narration: {
        en: 'Three puts inside one Txn become one raft entry and one revision: readers see all of them or none.',
        'zh-CN': '一个 Txn 中的三次 put 成为一条 raft 日志、一个 revision：读者要么全部看到，要么都看不到。',
      },
      panels: ['log', 'mvcc', 'console'],
      actions: [
        { do: 'remember', as: 'R0', member: 'leader', field: 'revision' },
        { do: 'run', line: 'txn', stdin: '\nput balance 100\nput owner alice\nput audit opened\n\n\n', as: 't' },
      ],
      checkpoints: [{ check: 'output', of: 't', exitCode: 0, stdout: 'SUCCESS' }, { check: 'field', member: 'leader', field: 'revision', op: '==', value: { of: '$R0', plus: 1 } }],
    },
    {
      id: 'race',
      title: { en: 'Two clients race', 'zh-CN': '两个客户端竞争' },
      narration: {
        en: 'Both send “if balance is 100, set it”. Raft orders the two Txns; the first applied wins, the second’s compare sees the new value and takes the else branch.',
        'zh-CN': '两者都发送“如果 balance 是 100 就修改它”。raft 为两个 Txn 排好顺序；先应用的获胜，后者的比较看到新值，走 else 分支。',
      },
      panels: ['log', 'txn', 'console'],
      actions: [{ do: 'runConcurrently', lines: ['txn', 'txn'], stdins: [cas('100', '50'), cas('100', '70')], as: 'race' }],
      checkpoints: [
        { check: 'output', of: 'race0', exitCode: 0 },
        { check: 'output', of: 'race1', exitCode: 0 },
        { check: 'field', member: 'leader', field: 'revision', op: '==', value: { of: '$R0', plus: 2 } },
      ],
    },
    {
      id: 'durable',
      title: { en: 'The leader crashes', 'zh-CN': 'leader 崩溃' },
      narration: {
        en: 'Kill the leader. The committed Txn is in a majority’s WAL, so whichever member wins the election has it.',
        'zh-CN': '杀掉 leader。已提交的 Txn 在多数派的 WAL 中，所以无论谁赢得选举都拥有它。',
      },
      panels: ['cluster', 'events'],
      actions: [{ do: 'pick', as: 'OLD', role: 'leader' }, { do: 'kill', member: '$OLD' }],
      checkpoints: [{ check: 'leader' }, { check: 'role', member: '$OLD', role: 'stopped' }],
      limitMs: 15_000,
    },
    {
      id: 'read',
      title: { en: 'Exactly one Txn won', 'zh-CN': '只有一个 Txn 生效' },
      narration: {
        en: 'Read the balance from the new leader: 50 or 70, never both, never 100.',
        'zh-CN': '从新 leader 读取 balance：50 或 70，不会两者都有，也不会是 100。',
      },
      panels: ['console'],
      actions: [{ do: 'run', line: 'get balance', as: 'b' }],
      checkpoints: [{ check: 'output', of: 'b', exitCode: 0, notStdout: '100' }],
    },
  ],
};
