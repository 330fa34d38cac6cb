// (9) What makes the db grow: every revision kept until compaction, large values on overflow pages,
// freed pages reused through the freelist, and the small buckets beside the key bucket.
import type { Scenario } from '../types';

export const dbGrowth: Scenario = {
  id: 'what-makes-the-db-grow',
  number: 9,
  topic: 'data',
  title: { en: 'What makes the db grow', 'zh-CN': '是什么让 db 变大' },
  summary: {
    en: 'The db file holds every revision until compaction, not just the current values. Large values take overflow pages; compaction frees pages for reuse but never shrinks the file.',
    'zh-CN': 'db 文件保存的是压缩之前的每一个 revision，而不只是当前值。大 value 占用溢出页；压缩释放的页面可以复用，但文件不会因此变小。',
  },
  seed: 909,
  members: 3,
  steps: [
    {
      id: 'one-key',
      title: { en: 'One key, 40 revisions', 'zh-CN': '一个 key，40 个 revision' },
      narration: {
        en: 'One 8 KiB key is overwritten 40 times. The live data is 8 KiB, but the key bucket keeps all 40 revisions (the MVCC panel lists them), so the db file grows by over 300 KiB.',
        'zh-CN': '一个 8 KiB 的 key 被覆盖写了 40 次。有效数据只有 8 KiB，但 key bucket 保留了全部 40 个 revision（见 MVCC 面板），db 文件因此增长超过 300 KiB。',
      },
      panels: ['mvcc', 'pages', 'metrics'],
      actions: [
        { do: 'remember', as: 'EMPTY', member: 'leader', field: 'dbSizeInUseBytes' },
        { do: 'fill', prefix: 'config/', count: 40, valueBytes: 8192, keys: 1 },
        { do: 'wait', ms: 300 },
        { do: 'remember', as: 'GROWN', member: 'leader', field: 'dbSizeBytes' },
        { do: 'measure', as: 'REVS', member: 'leader', metric: 'treeIndexRevisions' },
      ],
      checkpoints: [
        { check: 'field', member: 'leader', field: 'keys', op: '==', value: 1 },
        { check: 'field', member: 'leader', field: 'dbSizeInUseBytes', op: '>', value: { of: '$EMPTY', plus: 300_000 } },
        { check: 'number', value: '$REVS', op: '>=', than: 40 },
      ],
    },
    {
      id: 'compact',
      title: { en: 'Compaction frees, the file stays', 'zh-CN': '压缩释放空间，文件大小不变' },
      narration: {
        en: 'Compacting at the current revision drops the 39 old revisions from the index and the key bucket. Their pages go to bbolt’s freelist: in-use falls, the file size does not.',
        'zh-CN': '在当前 revision 压缩，会把 39 个旧 revision 从索引和 key bucket 中删掉。它们的页面进入 bbolt 的 freelist：使用中大小下降，文件大小不变。',
      },
      panels: ['pages', 'metrics', 'console'],
      actions: [
        { do: 'remember', as: 'NOW', member: 'leader', field: 'revision' },
        { do: 'run', line: 'compact $NOW --physical', as: 'compact' },
        // pages freed by a commit stay pending until the next write transaction
        { do: 'run', line: 'put marker 1' },
        { do: 'wait', ms: 300 },
        { do: 'measure', as: 'LEFT', member: 'leader', metric: 'treeIndexRevisions' },
      ],
      checkpoints: [
        { check: 'output', of: 'compact', exitCode: 0, stdout: 'compacted revision' },
        { check: 'number', value: '$LEFT', op: '<=', than: 4 },
        { check: 'field', member: 'leader', field: 'dbSizeBytes', op: '>=', value: '$GROWN' },
        { check: 'field', member: 'leader', field: 'dbSizeInUseBytes', op: '<', value: { of: '$GROWN', plus: -200_000 } },
      ],
    },
    {
      id: 'reuse',
      title: { en: 'The freelist is reused', 'zh-CN': 'freelist 被复用' },
      narration: {
        en: 'Another 40 overwrites of the same key. New pages come from the freelist first, so the file hardly grows this time: regular compaction keeps a busy db at a steady size.',
        'zh-CN': '再把同一个 key 覆盖写 40 次。新页面优先从 freelist 中分配，所以这次文件几乎不增长：定期压缩能让繁忙的 db 保持稳定大小。',
      },
      panels: ['pages', 'metrics'],
      actions: [{ do: 'fill', prefix: 'config/', count: 40, valueBytes: 8192, keys: 1 }, { do: 'wait', ms: 300 }],
      checkpoints: [{ check: 'field', member: 'leader', field: 'dbSizeBytes', op: '<', value: { of: '$GROWN', plus: 100_000 } }],
    },
    {
      id: 'large-values',
      title: { en: 'Large values: overflow pages', 'zh-CN': '大 value：溢出页' },
      narration: {
        en: 'Eight 128 KiB values. A value larger than a 4 KiB page is stored on a run of contiguous overflow pages (the Pages panel marks them), and every overwrite needs a new run, so big values grow the file fastest.',
        'zh-CN': '写入八个 128 KiB 的 value。大于一个 4 KiB 页面的 value 存放在一串连续的溢出页上（Pages 面板中有标记），每次覆盖都需要新的一串页面，所以大 value 让文件增长得最快。',
      },
      panels: ['pages', 'metrics'],
      actions: [{ do: 'remember', as: 'BEFORE', member: 'leader', field: 'dbSizeBytes' }, { do: 'fill', prefix: 'blobs/', count: 8, valueBytes: 131_072 }, { do: 'wait', ms: 300 }],
      checkpoints: [{ check: 'field', member: 'leader', field: 'dbSizeBytes', op: '>', value: { of: '$BEFORE', plus: 900_000 } }],
    },
    {
      id: 'other-buckets',
      title: { en: 'Leases and other buckets', 'zh-CN': 'lease 与其他 bucket' },
      narration: {
        en: 'Twenty leases each add a small record to the lease bucket; users, roles, members and alarms have buckets too. They are tiny next to the key bucket: history and large values are what make a db big.',
        'zh-CN': '二十个 lease 各在 lease bucket 中添加一条小记录；用户、角色、成员和告警也各有 bucket。与 key bucket 相比它们都很小：让 db 变大的是历史 revision 和大 value。',
      },
      panels: ['pages', 'leases'],
      actions: [
        { do: 'remember', as: 'USED', member: 'leader', field: 'dbSizeInUseBytes' },
        { do: 'repeat', line: 'lease grant 3600', count: 20 },
        { do: 'wait', ms: 300 },
      ],
      checkpoints: [
        { check: 'field', member: 'leader', field: 'leaseCount', op: '==', value: 20 },
        { check: 'field', member: 'leader', field: 'dbSizeInUseBytes', op: '<', value: { of: '$USED', plus: 50_000 } },
      ],
    },
  ],
};
