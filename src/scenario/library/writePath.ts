// (19) The write path, step by step: propose → WAL append + fsync → replicate → commit → apply → backend commit.
import type { Scenario } from '../types';

export const writePath: Scenario = {
  id: 'write-path',
  number: 19,
  topic: 'basics',
  title: { en: 'The write path, step by step', 'zh-CN': '写请求的执行流程' },
  summary: {
    en: 'Follow one put through etcd: the leader appends it to its log, every member makes it durable in its WAL, a majority commits it, each member applies it to MVCC, and the backend batch lands it in bbolt.',
    'zh-CN': '跟随一次 put 走完 etcd：leader 把它追加到日志，每个成员把它持久化到 WAL，多数派提交后各成员把它应用到 MVCC，最后后端批量事务把它写进 bbolt。',
  },
  seed: 1919,
  members: 3,
  steps: [
    {
      id: 'put',
      title: { en: 'One put, seven steps', 'zh-CN': '一次 put，七个步骤' },
      narration: {
        en: 'The Write path panel follows this entry: propose on the leader, WAL append and fsync on every member, replicate to each follower, commit once a majority has it, apply (the revision it got), then the backend batch commit.',
        'zh-CN': '写入路径面板跟踪这条日志：leader 上 propose，每个成员 WAL 追加并 fsync，复制到各个 follower，多数派持有后提交，apply（得到的 revision），最后后端批量提交。',
      },
      panels: ['writepath', 'log', 'console'],
      actions: [{ do: 'run', line: 'put stage one', as: 'put' }, { do: 'wait', ms: 300 }],
      checkpoints: [
        { check: 'output', of: 'put', exitCode: 0, stdout: 'OK' },
        { check: 'writePath', summary: 'put stage', steps: ['propose', 'replicate', 'commit', 'backend-commit'] },
        { check: 'writePath', summary: 'put stage', steps: ['wal-fsync', 'apply'], members: 3 },
      ],
    },
    {
      id: 'forward',
      title: { en: 'A follower forwards it', 'zh-CN': 'follower 会转发写请求' },
      narration: {
        en: 'Sent to a follower, the put still succeeds: the follower forwards the proposal to the leader (MsgProp), and the same steps follow. Only the leader appends new entries.',
        'zh-CN': '发给 follower 的 put 也能成功：follower 把提案转发给 leader（MsgProp），之后是同样的步骤。只有 leader 能追加新日志。',
      },
      panels: ['writepath', 'log', 'console'],
      actions: [{ do: 'pick', as: 'F', role: 'follower' }, { do: 'run', line: 'put stage two --endpoints=$F', as: 'put2' }, { do: 'wait', ms: 300 }],
      checkpoints: [
        { check: 'output', of: 'put2', exitCode: 0, stdout: 'OK' },
        { check: 'writePath', summary: 'put stage', steps: ['propose', 'commit', 'backend-commit'] },
        { check: 'caughtUp' },
      ],
    },
    {
      id: 'majority',
      title: { en: 'A majority is enough', 'zh-CN': '多数派就足够' },
      narration: {
        en: 'With one follower down, the leader and the other follower are two of three: the entry commits and the client hears OK. The dead member’s WAL simply lacks it for now.',
        'zh-CN': '一个 follower 宕机后，leader 与另一个 follower 是三分之二：日志照样提交，客户端收到 OK。宕机成员的 WAL 暂时没有这条记录。',
      },
      panels: ['writepath', 'cluster', 'log'],
      actions: [
        { do: 'pick', as: 'DOWN', role: 'follower' },
        { do: 'kill', member: '$DOWN' },
        { do: 'run', line: 'put stage three', as: 'put3' },
        { do: 'wait', ms: 300 },
      ],
      checkpoints: [
        { check: 'output', of: 'put3', exitCode: 0 },
        { check: 'writePath', summary: 'put stage', steps: ['wal-fsync', 'apply'], members: 2 },
        { check: 'role', member: '$DOWN', role: 'stopped' },
      ],
    },
    {
      id: 'no-quorum',
      title: { en: 'No majority, no commit', 'zh-CN': '没有多数派就无法提交' },
      narration: {
        en: 'With a second follower down, the leader still appends the entry and fsyncs it, but nobody acknowledges it: commit never comes, and the client times out. A timeout does not say the write failed — only that etcd could not confirm it.',
        'zh-CN': '再停掉一个 follower，leader 仍会追加并 fsync 这条日志，但没人确认：提交迟迟不来，客户端超时。超时并不表示写入失败——只是 etcd 无法确认它。',
      },
      panels: ['writepath', 'cluster', 'log'],
      actions: [
        { do: 'pick', as: 'L', role: 'leader' },
        { do: 'remember', as: 'C', member: '$L', field: 'commitIndex' },
        { do: 'pick', as: 'DOWN2', role: 'follower' },
        { do: 'kill', member: '$DOWN2' },
        { do: 'run', line: 'put stage four --command-timeout=1s', as: 'put4' },
      ],
      checkpoints: [
        { check: 'output', of: 'put4', exitCode: 1, stderr: 'context deadline exceeded' },
        { check: 'field', member: '$L', field: 'lastIndex', op: '>', value: '$C' },
        { check: 'field', member: '$L', field: 'commitIndex', op: '==', value: '$C' },
      ],
    },
    {
      id: 'recover',
      title: { en: 'Back to a majority', 'zh-CN': '恢复多数派' },
      narration: {
        en: 'Both members restart from their WALs. A leader is elected, the logs are made to match, and every member applies the same entries in the same order.',
        'zh-CN': '两个成员都从各自的 WAL 重启。选出 leader 后日志被对齐，每个成员按相同顺序应用相同的日志。',
      },
      panels: ['cluster', 'log', 'writepath'],
      actions: [{ do: 'restart', member: '$DOWN' }, { do: 'restart', member: '$DOWN2' }],
      checkpoints: [{ check: 'leader' }, { check: 'caughtUp' }],
      limitMs: 20_000,
    },
  ],
};
