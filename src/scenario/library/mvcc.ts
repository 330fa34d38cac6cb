// (23) MVCC: keyIndex, generations, revisions.
import type { Scenario } from '../types';

export const mvcc: Scenario = {
  id: 'mvcc-inside',
  number: 23,
  topic: 'basics',
  title: { en: 'MVCC: revisions, keyIndex and generations', 'zh-CN': 'MVCC：revision、keyIndex 与 generation' },
  summary: {
    en: 'Every write makes a new revision of the whole store. A key’s keyIndex lists its revisions in generations, each ended by a delete.',
    'zh-CN': '每次写入都会为整个存储生成一个新 revision。每个 key 的 keyIndex 按 generation 记录其 revision，每个 generation 以一次删除结束。',
  },
  seed: 2323,
  members: 3,
  steps: [
    {
      id: 'versions',
      title: { en: 'Three versions of a key', 'zh-CN': '一个 key 的三个版本' },
      narration: {
        en: 'Three puts: the store revision rises by three; the key’s version counts 1, 2, 3 and its create revision stays the first one.',
        'zh-CN': '三次 put：存储的 revision 增加 3；该 key 的 version 依次为 1、2、3，create revision 保持为第一次的值。',
      },
      panels: ['mvcc', 'console'],
      actions: [
        { do: 'remember', as: 'R0', member: 'leader', field: 'revision' },
        { do: 'run', line: 'put app/mode a' },
        { do: 'run', line: 'put app/mode b' },
        { do: 'run', line: 'put app/mode c' },
        { do: 'run', line: 'get app/mode -w fields', as: 'f' },
      ],
      checkpoints: [
        { check: 'output', of: 'f', stdout: '"Version" : 3' },
        { check: 'field', member: 'leader', field: 'revision', op: '==', value: { of: '$R0', plus: 3 } },
      ],
    },
    {
      id: 'tombstone',
      title: { en: 'Delete ends a generation', 'zh-CN': '删除结束一个 generation' },
      narration: {
        en: 'The delete writes a tombstone revision. Putting the key again starts a new generation with version 1 and a new create revision.',
        'zh-CN': '删除写入一个墓碑 revision。再次 put 会开启新的 generation，version 重新从 1 开始，create revision 也是新的。',
      },
      panels: ['mvcc', 'console'],
      actions: [
        { do: 'run', line: 'del app/mode' },
        { do: 'run', line: 'put app/mode d' },
        { do: 'run', line: 'get app/mode -w fields', as: 'g' },
      ],
      checkpoints: [{ check: 'output', of: 'g', stdout: '"Version" : 1' }],
    },
    {
      id: 'history',
      title: { en: 'Read any revision', 'zh-CN': '读取任意 revision' },
      narration: {
        en: 'get --rev reads the store as of an old revision: the second put is still there.',
        'zh-CN': 'get --rev 按旧 revision 读取：第二次 put 的值仍然在。',
      },
      panels: ['mvcc', 'console'],
      actions: [{ do: 'run', line: 'get app/mode --rev=$R0', as: 'before' }, { do: 'run', line: 'get app/mode --rev={R0+2}', as: 'second' }],
      checkpoints: [{ check: 'output', of: 'before', exitCode: 0, notStdout: 'app/mode' }, { check: 'output', of: 'second', exitCode: 0, stdout: 'b' }],
    },
  ],
};
