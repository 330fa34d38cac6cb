// (32) A distributed lock from a lease and a create-if-absent Txn, and fencing when the lease expires.
import type { Scenario } from '../types';

const acquire = (who: string, lease: string) => `create("locks/job") = "0"\n\nput locks/job ${who} --lease=${lease}\n\nget locks/job\n\n`;

export const lock: Scenario = {
  id: 'distributed-lock',
  number: 32,
  topic: 'applications',
  title: { en: 'A distributed lock, and fencing', 'zh-CN': '分布式锁与 fencing' },
  summary: {
    en: 'A lock is a key created only if absent, attached to the holder’s lease. If the holder stalls, the lease expires and the lock passes on, so writes must be fenced by the lock’s revision.',
    'zh-CN': '锁就是一个仅当不存在时才创建、并挂在持有者 lease 上的 key。持有者卡住时 lease 过期，锁会转给别人，所以写入必须用锁的 revision 做 fencing。',
  },
  seed: 3232,
  members: 3,
  steps: [
    {
      id: 'acquire',
      title: { en: 'A takes the lock', 'zh-CN': 'A 获得锁' },
      narration: {
        en: 'Client A grants a 3-second lease and creates locks/job under it. B tries the same Txn and fails: the key exists.',
        'zh-CN': '客户端 A 申请一个 3 秒的 lease，并在其上创建 locks/job。B 执行同样的 Txn 失败：key 已存在。',
      },
      panels: ['leases', 'mvcc', 'console'],
      actions: [
        { do: 'run', line: 'lease grant 3', capture: { as: 'LA', pattern: 'lease ([0-9a-f]+) granted' } },
        { do: 'run', line: 'lease grant 30', capture: { as: 'LB', pattern: 'lease ([0-9a-f]+) granted' } },
        { do: 'run', line: 'txn', stdin: acquire('A', '$LA'), as: 'a' },
        { do: 'run', line: 'get locks/job -w fields', capture: { as: 'TOKEN_A', pattern: '"CreateRevision" : (\\d+)' } },
        { do: 'run', line: 'txn', stdin: acquire('B', '$LB'), as: 'b' },
      ],
      checkpoints: [{ check: 'output', of: 'a', stdout: 'SUCCESS' }, { check: 'output', of: 'b', stdout: 'FAILURE' }],
    },
    {
      id: 'stall',
      title: { en: 'A stalls; its lease expires', 'zh-CN': 'A 卡住了，lease 过期' },
      narration: {
        en: 'A pauses (a long GC, a frozen VM) and sends no keep-alive. The leader revokes the lease and the lock key is deleted. B retries and now gets the lock.',
        'zh-CN': 'A 暂停了（长时间 GC、虚拟机冻结），没有续约。leader 撤销 lease，锁 key 被删除。B 重试后拿到了锁。',
      },
      panels: ['leases', 'mvcc', 'events'],
      actions: [{ do: 'wait', ms: 5000 }, { do: 'run', line: 'txn', stdin: acquire('B', '$LB'), as: 'b2' }],
      checkpoints: [{ check: 'output', of: 'b2', stdout: 'SUCCESS' }],
    },
    {
      id: 'fence',
      title: { en: 'Fencing stops the stale holder', 'zh-CN': 'fencing 挡住过期的持有者' },
      narration: {
        en: 'A wakes up believing it holds the lock. Its write is guarded by “the lock still has my create revision”, so it fails instead of corrupting B’s work.',
        'zh-CN': 'A 醒来后仍以为自己持有锁。它的写入带有“锁的 create revision 仍是我的”这一条件，于是写入失败，而不会破坏 B 的工作。',
      },
      panels: ['mvcc', 'console'],
      actions: [{ do: 'run', line: 'txn', stdin: 'create("locks/job") = "$TOKEN_A"\n\nput jobs/output from-A\n\n\n', as: 'stale' }, { do: 'run', line: 'get jobs/output', as: 'out' }],
      checkpoints: [{ check: 'output', of: 'stale', stdout: 'FAILURE' }, { check: 'output', of: 'out', exitCode: 0, notStdout: 'from-A' }],
    },
  ],
};
