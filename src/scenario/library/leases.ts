// (22) Leases: attaching keys, keep-alive, expiry.
import type { Scenario } from '../types';

export const leases: Scenario = {
  id: 'leases',
  number: 22,
  topic: 'basics',
  title: { en: 'Leases: keys that expire', 'zh-CN': 'Lease：会过期的 key' },
  summary: {
    en: 'A lease has a TTL; keys attached to it are deleted together, in one revision, when the leader sees it expire.',
    'zh-CN': 'lease 有一个 TTL；当 leader 发现它过期时，挂在它上面的 key 会在同一个 revision 中被一起删除。',
  },
  seed: 2222,
  members: 3,
  steps: [
    {
      id: 'grant',
      title: { en: 'Grant a lease', 'zh-CN': '申请 lease' },
      narration: {
        en: 'lease grant goes through raft; the leader’s lessor starts the TTL clock.',
        'zh-CN': 'lease grant 经过 raft；leader 的 lessor 开始计算 TTL。',
      },
      panels: ['leases', 'console'],
      actions: [{ do: 'run', line: 'lease grant 5', as: 'grant', capture: { as: 'L', pattern: 'lease ([0-9a-f]+) granted' } }],
      checkpoints: [{ check: 'output', of: 'grant', exitCode: 0, stdout: 'granted with TTL(5s)' }, { check: 'field', member: 'leader', field: 'leaseCount', op: '==', value: 1 }],
    },
    {
      id: 'attach',
      title: { en: 'Attach two keys', 'zh-CN': '挂载两个 key' },
      narration: {
        en: 'A service registers itself under a lease: if it dies and stops renewing, its keys disappear.',
        'zh-CN': '服务以 lease 注册自己：如果它挂掉、不再续约，它的 key 就会消失。',
      },
      panels: ['leases', 'mvcc'],
      actions: [
        { do: 'run', line: 'put services/api/1 10.0.0.1:8080 --lease=$L', as: 'a' },
        { do: 'run', line: 'put services/api/2 10.0.0.2:8080 --lease=$L', as: 'b' },
        { do: 'run', line: 'lease timetolive $L --keys', as: 'ttl' },
      ],
      checkpoints: [{ check: 'output', of: 'ttl', exitCode: 0, stdout: 'services/api/1' }],
    },
    {
      id: 'expire',
      title: { en: 'Let it expire', 'zh-CN': '任其过期' },
      narration: {
        en: 'No keep-alive arrives. When the TTL runs out the leader proposes a revoke; applying it deletes both keys in one revision.',
        'zh-CN': '没有收到续约。TTL 耗尽后 leader 提议撤销；应用该提议时在同一个 revision 里删除两个 key。',
      },
      panels: ['leases', 'mvcc', 'events'],
      actions: [{ do: 'remember', as: 'R', member: 'leader', field: 'revision' }, { do: 'wait', ms: 7000 }, { do: 'run', line: 'get services/ --prefix --keys-only', as: 'left' }],
      checkpoints: [
        { check: 'field', member: 'leader', field: 'leaseCount', op: '==', value: 0 },
        { check: 'field', member: 'leader', field: 'revision', op: '==', value: { of: '$R', plus: 1 } },
        { check: 'output', of: 'left', exitCode: 0, notStdout: 'services/api' },
      ],
    },
  ],
};
