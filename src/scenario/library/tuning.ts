// (16) Tuning for performance and stability: snapshot count, the backend quota, compaction + defrag.
import type { Scenario } from '../types';

export const tuning: Scenario = {
  id: 'tuning-flags',
  number: 16,
  topic: 'stability',
  title: { en: 'Tuning etcd: snapshots, quota, compaction', 'zh-CN': '调优 etcd：快照、配额与压缩' },
  summary: {
    en: 'A few server flags decide how etcd trades memory, disk and safety: --snapshot-count (how long the raft log grows), --quota-backend-bytes (when writes stop) and compaction + defrag (how much history the db keeps). This cluster starts with them set small, so you can watch each limit bite.',
    'zh-CN': '几个服务端参数决定 etcd 如何在内存、磁盘与安全之间取舍：--snapshot-count（raft 日志增长多长）、--quota-backend-bytes（何时停止写入）以及压缩 + defrag（db 保留多少历史）。这个集群以很小的取值启动，方便观察每个限制如何生效。',
  },
  seed: 1616,
  members: 3,
  // Started as `etcd --snapshot-count=100 --quota-backend-bytes=262144` (etcd 3.4: 100,000 and 2 GiB).
  flags: { snapshotCount: 100, quotaBackendBytes: 262_144 },
  steps: [
    {
      id: 'snapshot-count',
      title: { en: 'A smaller --snapshot-count', 'zh-CN': '更小的 --snapshot-count' },
      narration: {
        en: 'etcd 3.4 snapshots every 100,000 applied entries by default; until then the raft log stays in memory. This cluster runs with --snapshot-count=100, so after 120 puts every member has made a snapshot: the event log shows "triggering snapshot" on each. Less memory and a faster restart, at the cost of more snapshot writes.',
        'zh-CN': 'etcd 3.4 默认每应用 100,000 条日志做一次快照，在此之前 raft 日志一直留在内存中。这个集群以 --snapshot-count=100 运行，所以 120 次 put 之后每个成员都做了快照：事件日志中每个成员都出现 "triggering snapshot"。内存更少、重启更快，代价是更频繁的快照写入。',
      },
      panels: ['events', 'metrics', 'members'],
      actions: [{ do: 'fill', prefix: 'load/', count: 120, valueBytes: 128 }, { do: 'wait', ms: 500 }],
      checkpoints: [
        { check: 'log', contains: 'triggering snapshot', count: 3 },
        { check: 'log', contains: 'local-member-snapshot-count: 100' },
        { check: 'caughtUp' },
      ],
      limitMs: 20_000,
    },
    {
      id: 'quota',
      title: { en: 'The quota stops writes', 'zh-CN': '配额会阻止写入' },
      narration: {
        en: 'The cluster also runs with --quota-backend-bytes=256 KiB (the default is 2 GiB). Writing 8 KiB values soon fills it: the member raises the NOSPACE alarm through raft and every put fails with "database space exceeded". Reads and deletes still work.',
        'zh-CN': '集群同时以 --quota-backend-bytes=256 KiB（默认 2 GiB）运行。写入 8 KiB 的值很快就会用满：成员通过 raft 触发 NOSPACE 告警，之后每次 put 都失败并报 "database space exceeded"。读和删除仍然可用。',
      },
      panels: ['metrics', 'pages', 'console'],
      actions: [
        { do: 'fill', prefix: 'big/', count: 24, valueBytes: 8192 },
        { do: 'run', line: 'put one-more x', as: 'refused' },
        { do: 'run', line: 'alarm list', as: 'alarms' },
      ],
      checkpoints: [
        { check: 'output', of: 'refused', exitCode: 1, stderr: 'database space exceeded' },
        { check: 'output', of: 'alarms', exitCode: 0, stdout: 'alarm:NOSPACE' },
      ],
      limitMs: 20_000,
    },
    {
      id: 'recover-space',
      title: { en: 'Compact, defrag, disarm', 'zh-CN': '压缩、碎片整理、解除告警' },
      narration: {
        en: 'The way out, in order: delete what is not needed, compact the history, defrag every member so the file really shrinks, then alarm disarm. Writes work again. Auto-compaction and a sensible quota keep you from getting here.',
        'zh-CN': '解决步骤依次是：删除不需要的数据，压缩历史，对每个成员做 defrag 让文件真正变小，然后 alarm disarm。写入恢复正常。自动压缩和合理的配额可以避免走到这一步。',
      },
      panels: ['metrics', 'pages', 'console'],
      actions: [
        { do: 'run', line: 'del big/ --prefix' },
        { do: 'remember', as: 'REV', member: 'leader', field: 'revision' },
        { do: 'run', line: 'compact $REV' },
        { do: 'run', line: 'defrag --endpoints=n1' },
        { do: 'run', line: 'defrag --endpoints=n2' },
        { do: 'run', line: 'defrag --endpoints=n3' },
        { do: 'run', line: 'alarm disarm', as: 'disarm' },
        { do: 'run', line: 'put one-more x', as: 'again' },
      ],
      checkpoints: [
        { check: 'output', of: 'disarm', exitCode: 0 },
        { check: 'output', of: 'again', exitCode: 0, stdout: 'OK' },
        { check: 'field', member: 'n1', field: 'dbSizeBytes', op: '<', value: 262_144 },
        { check: 'field', member: 'n2', field: 'dbSizeBytes', op: '<', value: 262_144 },
        { check: 'field', member: 'n3', field: 'dbSizeBytes', op: '<', value: 262_144 },
      ],
      limitMs: 20_000,
    },
  ],
};
