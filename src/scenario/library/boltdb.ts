// (25) boltdb: buckets, the B+tree of pages, commit by copy-on-write, and the switch of meta pages.
import type { Scenario } from '../types';

export const boltdb: Scenario = {
  id: 'boltdb',
  number: 25,
  topic: 'basics',
  title: { en: 'Inside boltdb: pages, B+tree, copy-on-write', 'zh-CN': '深入 boltdb：页面、B+ 树与写时复制' },
  summary: {
    en: 'etcd keeps its data in one bbolt file of 4 KiB pages: buckets are B+trees, a commit never overwrites a page in use but writes new copies, and the switch between two meta pages makes it atomic.',
    'zh-CN': 'etcd 把数据保存在一个由 4 KiB 页面组成的 bbolt 文件中：每个 bucket 是一棵 B+ 树；提交从不覆盖正在使用的页面，而是写入新副本；两个 meta 页之间的切换让提交成为原子操作。',
  },
  seed: 2525,
  members: 3,
  steps: [
    {
      id: 'buckets',
      title: { en: 'Buckets and keys', 'zh-CN': 'bucket 与 key' },
      narration: {
        en: 'bbolt’s API is buckets of sorted keys inside read-write transactions. etcd uses a few buckets: key (every revision of every key), meta (consistent_index), lease, members, alarm. In the pages panel, the key bucket is still tiny: it lives inline in its parent’s leaf.',
        'zh-CN': 'bbolt 的 API 是：在读写事务中操作若干 bucket，bucket 里是有序的 key。etcd 使用几个 bucket：key（每个 key 的每个 revision）、meta（consistent_index）、lease、members、alarm。在页面面板中可以看到，key bucket 还很小，内联在父节点的叶子页里。',
      },
      panels: ['pages', 'console'],
      actions: [
        { do: 'run', line: 'put greeting hello', as: 'put' },
        { do: 'wait', ms: 300 },
        { do: 'rememberBolt', as: 'LEVELS0', member: 'leader', fact: 'keyBucketLevels' },
      ],
      checkpoints: [
        { check: 'output', of: 'put', exitCode: 0, stdout: 'OK' },
        { check: 'remembered', name: 'LEVELS0', op: '<=', value: 1 },
      ],
    },
    {
      id: 'btree',
      title: { en: 'A B+tree of pages', 'zh-CN': '由页面组成的 B+ 树' },
      narration: {
        en: '3,000 keys no longer fit one page. Leaves split and a branch page above them points to each leaf by its first key: the key bucket now has several levels and many leaf pages, coloured by bucket in the page map.',
        'zh-CN': '三千个 key 已经放不进一个页面。叶子页分裂，其上的分支页按每个叶子的首个 key 指向它：key bucket 现在有多层、很多叶子页，在页面图中按 bucket 着色。',
      },
      panels: ['pages'],
      actions: [
        { do: 'fillTxn', prefix: 'item/', count: 3000, perTxn: 128, value: 'v{i}' },
        { do: 'wait', ms: 300 },
        { do: 'rememberBolt', as: 'LEVELS', member: 'leader', fact: 'keyBucketLevels' },
        { do: 'rememberBolt', as: 'KEYPAGES', member: 'leader', fact: 'keyBucketPages' },
      ],
      checkpoints: [
        { check: 'remembered', name: 'LEVELS', op: '>=', value: 2 },
        { check: 'remembered', name: 'KEYPAGES', op: '>=', value: 20 },
      ],
    },
    {
      id: 'copy-on-write',
      title: { en: 'A commit copies, never overwrites', 'zh-CN': '提交是复制，而不是覆盖' },
      narration: {
        en: 'Change one key. bbolt does not edit its leaf in place: it writes a new copy of the leaf and of every branch up to the root, at free or new pages. The old copies turn pending — readers that started earlier may still use them — and become free after the next write.',
        'zh-CN': '修改一个 key。bbolt 不会原地修改它所在的叶子页，而是把这个叶子以及直到根的每个分支页写成新副本，放到空闲页或新页上。旧副本变为 pending——之前开始的读事务可能仍在使用它们——下一次写入之后才变为 free。',
      },
      panels: ['pages'],
      actions: [
        { do: 'rememberBolt', as: 'T0', member: 'leader', fact: 'txid' },
        { do: 'run', line: 'put item/001500 changed', as: 'put' },
        { do: 'wait', ms: 300 },
        { do: 'rememberBolt', as: 'T1', member: 'leader', fact: 'txid' },
        { do: 'rememberBolt', as: 'COPIED', member: 'leader', fact: 'lastCommitPages' },
        { do: 'rememberBolt', as: 'PENDING', member: 'leader', fact: 'pendingPages' },
      ],
      checkpoints: [
        { check: 'output', of: 'put', exitCode: 0, stdout: 'OK' },
        { check: 'remembered', name: 'T1', op: '>', value: '$T0' },
        { check: 'remembered', name: 'COPIED', op: '>=', value: '$LEVELS' },
        { check: 'remembered', name: 'PENDING', op: '>=', value: '$LEVELS' },
      ],
    },
    {
      id: 'meta-switch',
      title: { en: 'The meta switch makes it atomic', 'zh-CN': 'meta 切换让提交成为原子操作' },
      narration: {
        en: 'Pages 0 and 1 are two meta pages. Each commit writes its new pages first, syncs, and only then writes the meta with the higher txid — into the other slot. A crash before that leaves the old meta current and the old tree intact. Two commits here: the current meta moves to the other slot and back, and their copies reuse freed pages, so the file does not grow.',
        'zh-CN': '第 0 页和第 1 页是两个 meta 页。每次提交先写入新页面并同步，最后才把带有更大 txid 的 meta 写到另一个槽位。如果在此之前崩溃，旧的 meta 仍然有效，旧的树完好无损。这里提交两次：当前 meta 切换到另一个槽位，然后又切换回来，新副本复用了已释放的页面，所以文件没有变大。',
      },
      panels: ['pages'],
      actions: [
        { do: 'rememberBolt', as: 'M0', member: 'leader', fact: 'metaPage' },
        { do: 'rememberBolt', as: 'HW0', member: 'leader', fact: 'highWaterPages' },
        { do: 'run', line: 'put greeting again' },
        { do: 'wait', ms: 300 },
        { do: 'rememberBolt', as: 'M1', member: 'leader', fact: 'metaPage' },
        { do: 'rememberBolt', as: 'T2', member: 'leader', fact: 'txid' },
        { do: 'run', line: 'put greeting once-more' },
        { do: 'wait', ms: 300 },
        { do: 'rememberBolt', as: 'M2', member: 'leader', fact: 'metaPage' },
        { do: 'rememberBolt', as: 'T3', member: 'leader', fact: 'txid' },
        { do: 'rememberBolt', as: 'HW2', member: 'leader', fact: 'highWaterPages' },
      ],
      checkpoints: [
        { check: 'remembered', name: 'T2', op: '==', value: { of: 'T1', plus: 1 } },
        { check: 'remembered', name: 'T3', op: '==', value: { of: 'T2', plus: 1 } },
        { check: 'remembered', name: 'M1', op: '!=', value: '$M0' },
        { check: 'remembered', name: 'M2', op: '==', value: '$M0' },
        { check: 'remembered', name: 'HW2', op: '==', value: '$HW0' },
      ],
    },
  ],
};
