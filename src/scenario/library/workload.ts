// (2) Is etcd right for my workload? Reads cost a ReadIndex round and no disk write; every write
// costs a WAL fsync on a quorum and grows the db until compaction — measured on the Metrics panel.
import type { Scenario } from '../types';

export const workload: Scenario = {
  id: 'is-etcd-right-for-my-workload',
  number: 2,
  topic: 'consistency',
  title: { en: 'Is etcd right for my workload?', 'zh-CN': 'etcd 适合我的负载吗？' },
  summary: {
    en: 'etcd is built for small, read-mostly, consistency-critical data. Reads are cheap; each write pays a WAL fsync on a majority and adds a revision to the db until compaction. Watch the Metrics panel move.',
    'zh-CN': 'etcd 为小规模、以读为主、对一致性要求高的数据而设计。读很便宜；每次写都要在多数成员上做一次 WAL fsync，并在压缩前为 db 增加一个 revision。请留意 Metrics 面板的变化。',
  },
  seed: 202,
  members: 3,
  steps: [
    {
      id: 'seed-data',
      title: { en: 'A small configuration', 'zh-CN': '一份小配置' },
      narration: {
        en: '20 keys of 256 bytes: about 5 KiB of data, the kind etcd is made for. Note the leader’s WAL fsync count and db size in the Metrics panel.',
        'zh-CN': '20 个 256 字节的 key：约 5 KiB 数据，正是 etcd 擅长的规模。记下 Metrics 面板中 leader 的 WAL fsync 次数和 db 大小。',
      },
      panels: ['metrics', 'console'],
      actions: [{ do: 'fill', prefix: 'app/', count: 20, valueBytes: 256 }, { do: 'wait', ms: 300 }],
      checkpoints: [{ check: 'field', member: 'leader', field: 'keys', op: '==', value: 20 }],
    },
    {
      id: 'read-heavy',
      title: { en: 'Read-heavy: 100 reads', 'zh-CN': '读多：100 次读' },
      narration: {
        en: '100 linearizable gets from 16 clients. Each one asks the leader for its commit index (a ReadIndex round confirmed by a heartbeat quorum) and reads from memory: no raft entry, no WAL write, no new revision, no db growth.',
        'zh-CN': '16 个客户端发起 100 次线性一致读。每次读都向 leader 询问 commit index（一次由心跳多数确认的 ReadIndex），然后从内存中读取：没有 raft entry，没有 WAL 写入，没有新 revision，db 不增长。',
      },
      panels: ['metrics', 'log'],
      actions: [
        { do: 'remember', as: 'REV', member: 'leader', field: 'revision' },
        { do: 'remember', as: 'IDX', member: 'leader', field: 'lastIndex' },
        { do: 'remember', as: 'DB', member: 'leader', field: 'dbSizeBytes' },
        { do: 'measure', as: 'FS0', member: 'leader', metric: 'walFsyncCount' },
        { do: 'repeat', line: 'get app/000007', count: 100 },
        { do: 'measure', as: 'FS1', member: 'leader', metric: 'walFsyncCount' },
      ],
      checkpoints: [
        { check: 'output', of: 'last', exitCode: 0, stdout: 'app/000007' },
        { check: 'field', member: 'leader', field: 'revision', op: '==', value: '$REV' },
        { check: 'field', member: 'leader', field: 'lastIndex', op: '==', value: '$IDX' },
        { check: 'field', member: 'leader', field: 'dbSizeBytes', op: '==', value: '$DB' },
        { check: 'number', value: '$FS1', op: '==', than: '$FS0' },
      ],
    },
    {
      id: 'write-heavy',
      title: { en: 'Write-heavy: 100 writes', 'zh-CN': '写多：100 次写' },
      narration: {
        en: '100 puts. Each is a raft entry that must be fsynced to the WAL on a majority before it commits, so the disk’s fsync latency bounds write throughput. Concurrent writes share fsyncs (group commit: fewer fsyncs than writes), and every write adds a revision.',
        'zh-CN': '100 次 put。每次都是一条 raft entry，必须在多数成员上 fsync 到 WAL 才能提交，因此磁盘的 fsync 延迟决定了写吞吐的上限。并发的写会共享 fsync（组提交：fsync 次数少于写次数），每次写都会增加一个 revision。',
      },
      panels: ['metrics', 'log', 'writepath'],
      actions: [
        { do: 'measure', as: 'FS2', member: 'leader', metric: 'walFsyncCount' },
        { do: 'fill', prefix: 'app/', count: 100, valueBytes: 256, keys: 20 },
        { do: 'wait', ms: 300 },
        { do: 'measure', as: 'FS3', member: 'leader', metric: 'walFsyncCount' },
      ],
      checkpoints: [
        { check: 'field', member: 'leader', field: 'revision', op: '>=', value: { of: '$REV', plus: 100 } },
        { check: 'number', value: '$FS3', op: '>', than: { of: '$FS2', plus: 5 } },
        { check: 'number', value: '$FS3', op: '<', than: { of: '$FS2', plus: 100 } },
      ],
    },
    {
      id: 'db-growth',
      title: { en: 'Writes grow the db', 'zh-CN': '写入让 db 增长' },
      narration: {
        en: 'Still 20 keys, but 120 revisions are stored: the db has grown although the data has not. A write-heavy workload needs regular compaction (and defrag) to stay under the backend quota (2 GB by default, 8 GB advised maximum). Large values or high write rates belong in a database or object store; etcd should hold pointers to them.',
        'zh-CN': '仍然是 20 个 key，却存了 120 个 revision：数据没变多，db 却变大了。写多的负载需要定期压缩（和碎片整理）才能保持在后端配额之内（默认 2 GB，建议最大 8 GB）。大 value 或高写入率的数据应放在数据库或对象存储中，etcd 只保存指向它们的引用。',
      },
      panels: ['metrics', 'pages', 'mvcc'],
      actions: [{ do: 'measure', as: 'REVS', member: 'leader', metric: 'treeIndexRevisions' }],
      checkpoints: [
        { check: 'field', member: 'leader', field: 'keys', op: '==', value: 20 },
        { check: 'number', value: '$REVS', op: '>=', than: 120 },
        { check: 'field', member: 'leader', field: 'dbSizeBytes', op: '>', value: '$DB' },
      ],
    },
  ],
};
