// (33) Configuration and service discovery: instances register under leases, clients list then watch.
import type { Scenario } from '../types';

export const serviceDiscovery: Scenario = {
  id: 'service-discovery',
  number: 33,
  topic: 'applications',
  title: { en: 'Configuration and service discovery', 'zh-CN': '配置管理与服务发现' },
  summary: {
    en: 'Each instance registers a key under its own lease and keeps it alive; clients list the prefix once, then watch from the next revision. A dead instance vanishes when its lease expires; a config change reaches every watcher.',
    'zh-CN': '每个实例在自己的 lease 下注册一个 key 并持续续约；客户端先 list 一次前缀，再从下一个 revision 开始 watch。实例挂掉后，它的 lease 过期，key 随之消失；配置变更会推送给每个 watcher。',
  },
  seed: 3333,
  members: 3,
  steps: [
    {
      id: 'register',
      title: { en: 'Two instances register', 'zh-CN': '两个实例注册' },
      narration: {
        en: 'Each instance of the api service grants a 5 s lease and puts its address under services/api/ with it. Only the first runs keep-alive: see its lease renewed in the Leases panel.',
        'zh-CN': 'api 服务的每个实例申请一个 5 秒的 lease，并用它把自己的地址写到 services/api/ 下。只有第一个实例在续约：在 Lease 面板里可以看到它的 TTL 被刷新。',
      },
      panels: ['leases', 'console'],
      actions: [
        { do: 'run', line: 'put config/api/max-conns 100', as: 'conf' },
        { do: 'run', line: 'lease grant 5', as: 'g1', capture: { as: 'L1', pattern: 'lease ([0-9a-f]+) granted' } },
        { do: 'run', line: 'lease grant 5', as: 'g2', capture: { as: 'L2', pattern: 'lease ([0-9a-f]+) granted' } },
        { do: 'run', line: 'put services/api/10.0.0.1:8080 up --lease=$L1', as: 'p1' },
        { do: 'run', line: 'put services/api/10.0.0.2:8080 up --lease=$L2', as: 'p2' },
        { do: 'background', line: 'lease keep-alive $L1', as: 'alive' },
        { do: 'run', line: 'get services/api/ --prefix --keys-only', as: 'all' },
      ],
      checkpoints: [
        { check: 'output', of: 'p2', exitCode: 0, stdout: 'OK' },
        { check: 'output', of: 'all', stdout: 'services/api/10.0.0.1:8080' },
        { check: 'output', of: 'all', stdout: 'services/api/10.0.0.2:8080' },
        { check: 'field', member: 'leader', field: 'leaseCount', op: '==', value: 2 },
      ],
    },
    {
      id: 'discover',
      title: { en: 'A client lists, then watches', 'zh-CN': '客户端先 list，再 watch' },
      narration: {
        en: 'The client reads the whole prefix and the revision it was read at, then watches from the next revision. Nothing written in between can be missed: the Watch panel shows the watchers and where they start.',
        'zh-CN': '客户端读取整个前缀以及读取时的 revision，然后从下一个 revision 开始 watch。两者之间的写入不会丢失：Watch 面板显示了 watcher 及其起始位置。',
      },
      panels: ['watch', 'console'],
      actions: [
        { do: 'remember', as: 'R', member: 'leader', field: 'revision' },
        { do: 'run', line: 'get services/api/ --prefix --rev=$R', as: 'list' },
        { do: 'background', line: 'watch services/api/ --prefix --rev={R+1}', as: 'members' },
        { do: 'background', line: 'watch config/api/ --prefix --rev={R+1}', as: 'config' },
      ],
      checkpoints: [
        { check: 'lines', of: 'list', matching: '^services/api/', op: '==', value: 2 },
        { check: 'field', member: 'leader', field: 'revision', op: '==', value: '$R' },
      ],
    },
    {
      id: 'config',
      title: { en: 'Change the configuration', 'zh-CN': '修改配置' },
      narration: {
        en: 'An operator raises max-conns. The config watcher receives the PUT at once, with the new value: no restart, no polling.',
        'zh-CN': '运维人员调高 max-conns。配置 watcher 立即收到这次 PUT 及新值：无需重启，也无需轮询。',
      },
      panels: ['watch', 'console'],
      actions: [{ do: 'run', line: 'put config/api/max-conns 200', as: 'set' }, { do: 'stopBackground', as: 'config' }],
      checkpoints: [
        { check: 'output', of: 'set', exitCode: 0, stdout: 'OK' },
        { check: 'output', of: 'config', stdout: 'PUT\nconfig/api/max-conns\n200\n' },
      ],
    },
    {
      id: 'failure',
      title: { en: 'An instance dies', 'zh-CN': '一个实例挂掉' },
      narration: {
        en: 'The second instance never renews. About 5 s later the leader revokes its lease and the key is deleted; the client’s watcher gets a DELETE and drops the address. The first instance, kept alive, stays registered.',
        'zh-CN': '第二个实例从不续约。约 5 秒后 leader 撤销它的 lease，key 被删除；客户端的 watcher 收到 DELETE 并移除该地址。第一个实例一直在续约，仍然保持注册。',
      },
      panels: ['leases', 'watch', 'console'],
      actions: [
        { do: 'wait', ms: 7000 },
        { do: 'stopBackground', as: 'members' },
        { do: 'stopBackground', as: 'alive' },
        { do: 'run', line: 'get services/api/ --prefix --keys-only', as: 'left' },
      ],
      checkpoints: [
        { check: 'output', of: 'members', stdout: 'DELETE\nservices/api/10.0.0.2:8080\n' },
        { check: 'output', of: 'members', notStdout: '10.0.0.1' },
        { check: 'output', of: 'alive', stdout: 'keepalived with TTL(5)' },
        { check: 'output', of: 'left', stdout: 'services/api/10.0.0.1:8080', notStdout: '10.0.0.2' },
        { check: 'field', member: 'leader', field: 'leaseCount', op: '==', value: 1 },
      ],
    },
  ],
};
