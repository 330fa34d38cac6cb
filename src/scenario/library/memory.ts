// (11) A few hundred KB of data costing GBs of memory: the raft log kept until a snapshot, revision
// history in the index, and events waiting for slow watchers — measured on the Metrics panel.
import type { Scenario } from '../types';

export const memory: Scenario = {
  id: 'small-data-big-memory',
  number: 11,
  topic: 'data',
  title: { en: 'Small data, big memory', 'zh-CN': '数据很小，内存很大' },
  summary: {
    en: 'Memory follows how often data changes, not how much there is: every write stays in the raft log until a snapshot, every revision in the index until compaction, and slow watchers hold copies of events.',
    'zh-CN': '内存取决于数据变化得多频繁，而不是数据有多少：每次写入都留在 raft 日志里直到快照，每个 revision 都留在索引里直到压缩，慢 watcher 还持有事件的副本。',
  },
  seed: 1111,
  members: 3,
  steps: [
    {
      id: 'raft-log',
      title: { en: '16 KiB of data, 1 MiB of raft log', 'zh-CN': '16 KiB 数据，1 MiB raft 日志' },
      narration: {
        en: 'One 16 KiB key is updated 64 times. The data is still 16 KiB, but each member keeps all 64 entries, values included, in its in-memory raft log (the Metrics panel’s raft log bar) until a snapshot. etcd 3.4 snapshots every 100,000 entries: 100,000 updates of a 100 KiB value is 10 GB of raft log.',
        'zh-CN': '一个 16 KiB 的 key 被更新 64 次。数据仍然只有 16 KiB，但每个成员在内存中的 raft 日志里保留了全部 64 条 entry，连同 value（见 Metrics 面板的 raft 日志条）直到快照。etcd 3.4 每 100,000 条 entry 做一次快照：把一个 100 KiB 的 value 更新 100,000 次，就是 10 GB 的 raft 日志。',
      },
      panels: ['metrics', 'log'],
      actions: [
        { do: 'fill', prefix: 'status/', count: 64, valueBytes: 16_384, keys: 1 },
        { do: 'wait', ms: 300 },
        { do: 'measure', as: 'LOG', member: 'leader', metric: 'raftLogBytes' },
        { do: 'measure', as: 'REVS', member: 'leader', metric: 'treeIndexRevisions' },
      ],
      checkpoints: [
        { check: 'field', member: 'leader', field: 'keys', op: '==', value: 1 },
        { check: 'number', value: '$LOG', op: '>', than: 1_000_000 },
        { check: 'number', value: '$REVS', op: '>=', than: 64 },
      ],
    },
    {
      id: 'snapshot',
      title: { en: 'A snapshot trims the log', 'zh-CN': '快照裁剪日志' },
      narration: {
        en: 'With --snapshot-count 20 (members restart to take it), a member snapshots every 20 applied entries and keeps only the last 5 after it. Another 64 updates leave the raft log at a fraction of its size: the log’s first index moves up in the Raft log panel.',
        'zh-CN': '把 --snapshot-count 设为 20（成员重启后生效），成员每应用 20 条 entry 做一次快照，之后只保留最后 5 条。再更新 64 次，raft 日志只剩原来的一小部分：Raft 日志面板中日志的起始 index 向后移动了。',
      },
      panels: ['metrics', 'log', 'members'],
      actions: [
        { do: 'setSnapshotCount', count: 20, catchUpEntries: 5 },
        { do: 'pick', as: 'L', role: 'leader' },
        { do: 'fill', prefix: 'status/', count: 64, valueBytes: 16_384, keys: 1 },
        { do: 'wait', ms: 300 },
        { do: 'measure', as: 'TRIMMED', member: 'leader', metric: 'raftLogBytes' },
      ],
      checkpoints: [
        { check: 'leader' },
        { check: 'field', member: 'leader', field: 'firstIndex', op: '>', value: 64 },
        { check: 'number', value: '$TRIMMED', op: '<', than: 600_000 },
      ],
      limitMs: 20_000,
    },
    {
      id: 'history',
      title: { en: 'Revision history in the index', 'zh-CN': '索引中的 revision 历史' },
      narration: {
        en: 'The treeIndex still holds all 128 revisions of the key (the treeIndex bar). Compaction drops them; in etcd, where the db file is memory-mapped, the pages it frees also stop costing page cache.',
        'zh-CN': 'treeIndex 仍然保存着这个 key 的全部 128 个 revision（见 treeIndex 条）。压缩会删掉它们；在 etcd 中 db 文件是内存映射的，被释放的页面也不再占用页缓存。',
      },
      panels: ['metrics', 'mvcc', 'console'],
      actions: [
        { do: 'measure', as: 'IDX', member: 'leader', metric: 'treeIndexBytes' },
        { do: 'remember', as: 'NOW', member: 'leader', field: 'revision' },
        { do: 'run', line: 'compact $NOW', as: 'compact' },
        { do: 'wait', ms: 300 },
        { do: 'measure', as: 'IDX2', member: 'leader', metric: 'treeIndexBytes' },
        { do: 'measure', as: 'REVS2', member: 'leader', metric: 'treeIndexRevisions' },
      ],
      checkpoints: [
        { check: 'output', of: 'compact', exitCode: 0 },
        { check: 'number', value: '$REVS2', op: '<=', than: 2 },
        { check: 'number', value: '$IDX2', op: '<', than: '$IDX' },
      ],
    },
    {
      id: 'watchers',
      title: { en: 'Slow watchers hold events', 'zh-CN': '慢 watcher 持有事件' },
      narration: {
        en: 'A client watches the key but stops reading. 24 more updates: its stream buffer fills (16 responses here, 128 in etcd) and one more is held while it is a victim, each a copy of a 16 KiB value — the watchers bar grows. In etcd, a thousand such clients would hold 2 GB.',
        'zh-CN': '一个客户端 watch 这个 key，但不再读取。再更新 24 次：它的流缓冲区被填满（这里是 16 个响应，etcd 中是 128 个），成为 victim 时还另外保留一个，每个都是 16 KiB value 的副本——watcher 条随之变长。在 etcd 中，一千个这样的客户端会占用 2 GB。',
      },
      panels: ['metrics', 'watch'],
      actions: [
        { do: 'watch', as: 'W', key: 'status/000000', member: 'leader', readsPerTick: 0, bufferResponses: 16 },
        { do: 'wait', ms: 200 },
        { do: 'fill', prefix: 'status/', count: 24, valueBytes: 16_384, keys: 1 },
        { do: 'wait', ms: 300 },
        { do: 'measure', as: 'WB', member: 'leader', metric: 'watcherBytes' },
      ],
      checkpoints: [
        { check: 'field', member: 'leader', field: 'watchersVictim', op: '==', value: 1 },
        { check: 'number', value: '$WB', op: '>', than: 250_000 },
      ],
    },
  ],
};
