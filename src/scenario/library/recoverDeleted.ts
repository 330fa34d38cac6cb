// (7) Recovering an accidentally deleted key with --rev, and what compaction takes away.
import type { Scenario } from '../types';

export const recoverDeleted: Scenario = {
  id: 'recover-deleted-key',
  number: 7,
  topic: 'data',
  title: { en: 'Recovering a deleted key', 'zh-CN': '找回被删除的 key' },
  summary: {
    en: 'etcd keeps old revisions until compaction, so a deleted value can be read back with get --rev. After compaction it is gone for good.',
    'zh-CN': 'etcd 在压缩（compaction）之前保留历史 revision，所以被删除的值可以用 get --rev 读回。压缩之后就彻底没了。',
  },
  seed: 707,
  members: 3,
  steps: [
    {
      id: 'write',
      title: { en: 'Write a config value twice', 'zh-CN': '两次写入配置' },
      narration: {
        en: 'Each put creates a new revision of the key; the MVCC panel shows both under one keyIndex generation.',
        'zh-CN': '每次 put 都为 key 生成一个新 revision；MVCC 面板中两者位于同一个 keyIndex generation 下。',
      },
      panels: ['mvcc', 'console'],
      actions: [
        { do: 'run', line: 'put /config/db-url postgres://old' },
        { do: 'run', line: 'put /config/db-url postgres://prod', as: 'put' },
        { do: 'remember', as: 'GOOD', member: 'leader', field: 'revision' },
      ],
      checkpoints: [{ check: 'output', of: 'put', exitCode: 0 }],
    },
    {
      id: 'delete',
      title: { en: 'Oops: deleted', 'zh-CN': '糟糕：被删了' },
      narration: {
        en: 'A delete writes a tombstone at a new revision. A normal get finds nothing.',
        'zh-CN': '删除会在一个新 revision 上写入墓碑（tombstone）。普通 get 什么也查不到。',
      },
      panels: ['mvcc', 'console'],
      actions: [{ do: 'run', line: 'del /config/db-url', as: 'del' }, { do: 'run', line: 'get /config/db-url', as: 'gone' }],
      checkpoints: [{ check: 'output', of: 'del', stdout: '1' }, { check: 'output', of: 'gone', exitCode: 0, notStdout: 'postgres' }],
    },
    {
      id: 'read-back',
      title: { en: 'Read it at the old revision', 'zh-CN': '按旧 revision 读取' },
      narration: {
        en: 'get --rev reads the key as it was at that revision: the value is still in the backend, so it can be put back.',
        'zh-CN': 'get --rev 读取 key 在该 revision 时的状态：值还在 backend 中，因此可以重新写回。',
      },
      panels: ['mvcc', 'console'],
      actions: [
        { do: 'run', line: 'get /config/db-url --rev=$GOOD', as: 'old' },
        { do: 'run', line: 'put /config/db-url postgres://prod', as: 'restore' },
      ],
      checkpoints: [{ check: 'output', of: 'old', exitCode: 0, stdout: 'postgres://prod' }, { check: 'output', of: 'restore', exitCode: 0 }],
    },
    {
      id: 'compact',
      title: { en: 'Compaction takes history away', 'zh-CN': '压缩会抹去历史' },
      narration: {
        en: 'Compacting up to the current revision drops every older revision from the keyIndex and the key bucket. Reading at the old revision now fails with ErrCompacted.',
        'zh-CN': '压缩到当前 revision 后，更早的 revision 都从 keyIndex 和 key bucket 中删除。此时按旧 revision 读取会返回 ErrCompacted。',
      },
      panels: ['mvcc', 'console'],
      actions: [
        { do: 'remember', as: 'NOW', member: 'leader', field: 'revision' },
        { do: 'run', line: 'compact $NOW', as: 'compact' },
        { do: 'run', line: 'get /config/db-url --rev=$GOOD', as: 'late' },
      ],
      checkpoints: [
        { check: 'output', of: 'compact', exitCode: 0, stdout: 'compacted revision' },
        { check: 'output', of: 'late', exitCode: 1, stderr: 'required revision has been compacted' },
      ],
    },
  ],
};
