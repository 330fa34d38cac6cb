// (34) A KV database with pluggable storage engines: the bbolt B+tree and etcdscope's own LSM tree
// (src/lsm) side by side. One cluster, mixed: n1 and n3 keep MVCC's records in bbolt, n2 in the LSM
// tree (`--backend-engine`, etcdscope's flag, not etcd's). Raft gives both engines the very same
// entries, so every difference in the Metrics panel's engine rows is the engine's own.
import type { Scenario } from '../types';

export const engines: Scenario = {
  id: 'storage-engines',
  number: 34,
  topic: 'applications',
  title: { en: 'Pluggable storage engines: B+tree vs LSM tree', 'zh-CN': '可插拔存储引擎：B+ 树与 LSM 树' },
  summary: {
    en: 'The same replicated writes land in bbolt on n1 and in an LSM tree on n2. Each engine measures what it wrote, what a read cost and how much disk it holds.',
    'zh-CN': '同一批经 raft 复制的写入，在 n1 上落入 bbolt，在 n2 上落入 LSM 树。两个引擎各自测量写出了多少、一次读取花了多少、占用了多少磁盘。',
  },
  seed: 3434,
  members: 3,
  backendEngine: ['bbolt', 'lsm', 'bbolt'],
  steps: [
    {
      id: 'same-writes',
      title: { en: 'The same writes, two engines', 'zh-CN': '同样的写入，两个引擎' },
      narration: {
        en: '120 puts of 200-byte values. In Metrics, “written / given”: bbolt commits every 100 ms by copying whole 4 KiB pages (leaf, branches, meta) for a few records, so it writes several times what it was given. The LSM tree writes each batch once as a sorted table (a flush) and again each time compaction merges it into a deeper level.',
        'zh-CN': '写入 120 个 200 字节的值。看 Metrics 的“写出 / 写入”：bbolt 每 100 ms 提交一次，为几条记录复制整张 4 KiB 页面（叶子页、分支页、meta 页），写出量是写入量的数倍。LSM 树把每批写入一次写成有序表（flush），之后每次 compaction 把它合并到更深一层时再写一次。',
      },
      panels: ['metrics', 'console'],
      actions: [
        { do: 'fill', prefix: 'user/', count: 120, valueBytes: 200 },
        { do: 'wait', ms: 300 },
        { do: 'remember', as: 'LSMWA', member: 'n2', field: 'engineWriteAmp' },
      ],
      checkpoints: [
        { check: 'caughtUp' },
        { check: 'field', member: 'n2', field: 'engineWriteAmp', op: '>=', value: 1 },
        { check: 'field', member: 'n1', field: 'engineWriteAmp', op: '>', value: '$LSMWA' },
      ],
    },
    {
      id: 'read-back',
      title: { en: 'Reading records back', 'zh-CN': '读回记录' },
      narration: {
        en: 'Serializable gets, 20 answered by n1 and 20 by n2 from their own stores. “read cost”: a B+tree lookup walks root → branch → leaf, two or more pages. The LSM tree checks each table whose key range could hold the revision, asks its bloom filter, then reads one 4 KiB block. Backend keys are revisions, which only grow, so one table matches; with random keys an LSM may probe one table per level and per L0 file — the bloom filters keep the block reads near one.',
        'zh-CN': '串行化读：n1 和 n2 各用自己的存储回答 20 次 get。看“读代价”：B+ 树查找要走根 → 分支 → 叶子，两页或更多。LSM 树只查看键范围可能包含该 revision 的表，先问布隆过滤器，再读一个 4 KiB 数据块。后端的键是只增不减的 revision，所以只有一张表匹配；若是随机键，LSM 可能要在每层、每个 L0 文件各探查一张表——布隆过滤器让实际读取的数据块接近一个。',
      },
      panels: ['metrics', 'console'],
      actions: [
        { do: 'read', prefix: 'user/', count: 20, member: 'n1' },
        { do: 'read', prefix: 'user/', count: 20, member: 'n2' },
        { do: 'remember', as: 'LSMREAD', member: 'n2', field: 'engineReadCost' },
      ],
      checkpoints: [
        { check: 'field', member: 'n1', field: 'engineReadCost', op: '>=', value: 2 },
        { check: 'field', member: 'n2', field: 'engineReadCost', op: '>', value: 0 },
        { check: 'field', member: 'n1', field: 'engineReadCost', op: '>', value: '$LSMREAD' },
      ],
    },
    {
      id: 'delete-compact',
      title: { en: 'Delete, compact, keep writing', 'zh-CN': '删除、压缩、继续写入' },
      narration: {
        en: 'Delete every user/ key, compact the history, then write 60 new keys. “on disk / live”: bbolt frees the pages but keeps its file size (free pages stay until defrag). The LSM tree writes tombstones; compaction merges them with the data they hide and drops both once no deeper level can hold older versions, so its tables shrink back to about what is live. The price is paid in writes: every compaction rewrites the data that survives it (n2’s “LSM levels” counts them).',
        'zh-CN': '删除所有 user/ 键，压缩历史，再写入 60 个新键。看“磁盘 / 有效数据”：bbolt 释放了页面，但文件大小不变（空闲页一直保留到 defrag）。LSM 树写入墓碑；compaction 把墓碑和它遮盖的数据合并，一旦更深的层不可能还有旧版本，就把两者一起丢弃，于是表又缩回到接近有效数据的大小。代价体现在写入上：每次 compaction 都要重写幸存的数据（见 n2 的“LSM 层级”中的计数）。',
      },
      panels: ['metrics', 'console'],
      actions: [
        { do: 'run', line: 'del user/ --prefix', as: 'del' },
        { do: 'remember', as: 'NOW', member: 'leader', field: 'revision' },
        { do: 'run', line: 'compact $NOW', as: 'compact' },
        { do: 'fill', prefix: 'more/', count: 60, valueBytes: 200 },
        { do: 'wait', ms: 300 },
        { do: 'remember', as: 'LSMSPACE', member: 'n2', field: 'engineSpaceAmp' },
      ],
      checkpoints: [
        { check: 'output', of: 'del', exitCode: 0, stdout: '120' },
        { check: 'caughtUp' },
        { check: 'field', member: 'n1', field: 'engineSpaceAmp', op: '>', value: '$LSMSPACE' },
        { check: 'field', member: 'n2', field: 'engineSpaceAmp', op: '<', value: 1.5 },
      ],
    },
    {
      id: 'crash-lsm',
      title: { en: 'Crash the LSM member', 'zh-CN': '让 LSM 成员崩溃' },
      narration: {
        en: 'The LSM tree has no log of its own: its memtable is flushed with each backend commit, together with consistent_index, and raft’s WAL replays what came after. Kill n2 and restart it: it reopens its tables from IndexedDB, replays the WAL and catches up to the same revision. (Its counters start again from zero.) The trade-off: the B+tree reads in few pages and updates in place at page granularity; the LSM tree writes sequentially and compactly but pays with compaction.',
        'zh-CN': 'LSM 树没有自己的日志：memtable 随每次后端提交和 consistent_index 一起 flush，之后的部分由 raft 的 WAL 重放。杀掉 n2 再重启：它从 IndexedDB 重新打开自己的表，重放 WAL，追到相同的 revision。（它的计数器从零重新开始。）取舍在于：B+ 树读取只需几页、以页为粒度原地更新；LSM 树顺序、紧凑地写入，但要为 compaction 付出代价。',
      },
      panels: ['metrics', 'cluster'],
      actions: [
        { do: 'kill', member: 'n2' },
        { do: 'run', line: 'put after/crash 1' },
        { do: 'restart', member: 'n2' },
        { do: 'wait', ms: 500 },
        { do: 'remember', as: 'REV', member: 'leader', field: 'revision' },
      ],
      checkpoints: [{ check: 'caughtUp' }, { check: 'field', member: 'n2', field: 'revision', op: '==', value: '$REV' }, { check: 'field', member: 'n2', field: 'keys', op: '==', value: 61 }],
      limitMs: 15_000,
    },
  ],
};
