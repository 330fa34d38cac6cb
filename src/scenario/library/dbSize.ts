// (8) Why the db does not shrink after deleting: freelist vs file size, then defrag.
import type { Scenario } from '../types';

export const dbSize: Scenario = {
  id: 'db-size-and-defrag',
  number: 8,
  topic: 'data',
  title: { en: 'Why the db does not shrink after deleting', 'zh-CN': '为什么删除数据后 db 不变小' },
  summary: {
    en: 'Deleted and compacted data frees bbolt pages to its freelist, but the file keeps its size. Only defrag rewrites it smaller.',
    'zh-CN': '删除并压缩后的数据会把 bbolt 页面归还 freelist，但文件大小不变。只有 defrag 才会重写出更小的文件。',
  },
  seed: 808,
  members: 3,
  steps: [
    {
      id: 'fill',
      title: { en: 'Write about 1 MB', 'zh-CN': '写入约 1 MB' },
      narration: {
        en: '125 keys of 8 KiB each. Every value needs overflow pages in bbolt, and the db file grows to hold them.',
        'zh-CN': '写入 125 个 8 KiB 的 key。每个值在 bbolt 中都需要溢出页（overflow），db 文件随之增长。',
      },
      panels: ['pages', 'metrics'],
      actions: [{ do: 'fill', prefix: 'blob/', count: 125, valueBytes: 8192 }, { do: 'wait', ms: 500 }, { do: 'remember', as: 'FULL', member: 'leader', field: 'dbSizeBytes' }],
      checkpoints: [{ check: 'field', member: 'leader', field: 'dbSizeBytes', op: '>', value: 1_000_000 }],
    },
    {
      id: 'delete',
      title: { en: 'Delete it all and compact', 'zh-CN': '全部删除并压缩' },
      narration: {
        en: 'The delete only adds tombstones; compaction then removes the old revisions from the key bucket. Their pages go to the freelist (pending first, free after the next write): in-use size drops, file size stays.',
        'zh-CN': '删除只是写入墓碑；压缩随后把旧 revision 从 key bucket 中移除。它们占用的页面进入 freelist（先是 pending，下一次写入后变为 free）：使用中大小下降，文件大小不变。',
      },
      panels: ['pages', 'metrics', 'console'],
      actions: [
        { do: 'run', line: 'del blob/ --prefix', as: 'del' },
        { do: 'remember', as: 'NOW', member: 'leader', field: 'revision' },
        { do: 'run', line: 'compact $NOW --physical', as: 'compact' },
        // Pages a commit frees stay pending while older readers may still see them; the next
        // write transaction releases them to the freelist.
        { do: 'run', line: 'put marker 1' },
        { do: 'wait', ms: 500 },
        { do: 'remember', as: 'USED', member: 'leader', field: 'dbSizeInUseBytes' },
      ],
      checkpoints: [
        { check: 'output', of: 'del', exitCode: 0, stdout: '125' },
        { check: 'field', member: 'leader', field: 'dbSizeBytes', op: '>=', value: '$FULL' },
        { check: 'field', member: 'leader', field: 'dbSizeInUseBytes', op: '<', value: { of: '$FULL', plus: -500_000 } },
      ],
    },
    {
      id: 'defrag',
      title: { en: 'Defrag shrinks the file', 'zh-CN': 'defrag 让文件变小' },
      narration: {
        en: 'Defragmentation copies the live data into a fresh file and swaps it in. The file is now about as small as what it holds. Defrag blocks the member while it runs, so run it one member at a time.',
        'zh-CN': '碎片整理把有效数据复制到新文件再替换旧文件。现在文件大小接近实际数据量。defrag 运行期间会阻塞该成员，所以要逐个成员进行。',
      },
      panels: ['pages', 'metrics', 'console'],
      actions: [{ do: 'run', line: 'defrag --endpoints=leader', as: 'defrag' }, { do: 'wait', ms: 300 }],
      checkpoints: [
        { check: 'output', of: 'defrag', exitCode: 0, stdout: 'Finished defragmenting' },
        { check: 'field', member: 'leader', field: 'dbSizeBytes', op: '<', value: { of: '$FULL', plus: -500_000 } },
      ],
    },
  ],
};
