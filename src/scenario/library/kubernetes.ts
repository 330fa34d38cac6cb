// (29) Kubernetes on etcd: create-if-absent, resourceVersion, optimistic updates, "too old".
import type { Scenario } from '../types';

const POD = '/registry/pods/default/web';

export const kubernetes: Scenario = {
  id: 'kubernetes',
  number: 29,
  topic: 'applications',
  title: { en: 'How Kubernetes uses etcd', 'zh-CN': 'Kubernetes 如何使用 etcd' },
  summary: {
    en: 'The API server stores each object under /registry, creates with “only if absent”, and uses the mod revision as resourceVersion for optimistic updates.',
    'zh-CN': 'API Server 把每个对象存放在 /registry 下，以“仅当不存在时”创建，并把 mod revision 用作 resourceVersion 实现乐观更新。',
  },
  seed: 2929,
  members: 3,
  steps: [
    {
      id: 'create',
      title: { en: 'Create a pod', 'zh-CN': '创建一个 Pod' },
      narration: {
        en: 'kubectl create becomes a Txn: if the key’s create revision is 0 (it does not exist), put it. A second create of the same name fails: “already exists”.',
        'zh-CN': 'kubectl create 变成一个 Txn：如果 key 的 create revision 为 0（不存在）就写入。同名的第二次创建会失败：“already exists”。',
      },
      panels: ['mvcc', 'log', 'console'],
      actions: [
        { do: 'run', line: 'txn', stdin: `create("${POD}") = "0"\n\nput ${POD} {"phase":"Pending"}\n\nget ${POD}\n\n`, as: 'c1' },
        { do: 'run', line: 'txn', stdin: `create("${POD}") = "0"\n\nput ${POD} {"phase":"Other"}\n\nget ${POD}\n\n`, as: 'c2' },
      ],
      checkpoints: [{ check: 'output', of: 'c1', stdout: 'SUCCESS' }, { check: 'output', of: 'c2', stdout: 'FAILURE' }],
    },
    {
      id: 'resource-version',
      title: { en: 'resourceVersion is the mod revision', 'zh-CN': 'resourceVersion 就是 mod revision' },
      narration: {
        en: 'The object’s resourceVersion is the revision of its last write. A controller reads it, then updates only if nobody wrote since.',
        'zh-CN': '对象的 resourceVersion 是它最后一次写入的 revision。控制器读取它，仅当此后无人写入时才更新。',
      },
      panels: ['mvcc', 'console'],
      actions: [
        { do: 'run', line: `get ${POD} -w fields`, as: 'g', capture: { as: 'RV', pattern: '"ModRevision" : (\\d+)' } },
        { do: 'run', line: 'txn', stdin: `mod("${POD}") = "$RV"\n\nput ${POD} {"phase":"Running"}\n\nget ${POD}\n\n`, as: 'u1' },
      ],
      checkpoints: [{ check: 'output', of: 'u1', stdout: 'SUCCESS' }],
    },
    {
      id: 'conflict',
      title: { en: 'A stale update is refused', 'zh-CN': '过期的更新被拒绝' },
      narration: {
        en: 'Another writer still holds the old resourceVersion. Its compare fails, so the API server answers 409 Conflict and the client re-reads and retries.',
        'zh-CN': '另一个写入者仍持有旧的 resourceVersion。它的比较失败，API Server 返回 409 Conflict，客户端重新读取后重试。',
      },
      panels: ['mvcc', 'console'],
      actions: [{ do: 'run', line: 'txn', stdin: `mod("${POD}") = "$RV"\n\nput ${POD} {"phase":"Failed"}\n\nget ${POD}\n\n`, as: 'u2' }, { do: 'run', line: `get ${POD}`, as: 'now' }],
      checkpoints: [{ check: 'output', of: 'u2', stdout: 'FAILURE' }, { check: 'output', of: 'now', stdout: 'Running', notStdout: 'Failed' }],
    },
    {
      id: 'too-old',
      title: { en: '“too old resource version”', 'zh-CN': '“too old resource version”：版本过旧' },
      narration: {
        en: 'The API server compacts etcd every few minutes. A list or watch from a resourceVersion below the compaction gets ErrCompacted, which Kubernetes reports as “too old resource version”: the client must re-list.',
        'zh-CN': 'API Server 每隔几分钟压缩一次 etcd。从低于压缩点的 resourceVersion 开始 list 或 watch 会得到 ErrCompacted，Kubernetes 报告为“too old resource version”：客户端必须重新 list。',
      },
      panels: ['mvcc', 'console'],
      actions: [
        { do: 'run', line: `put ${POD} {"phase":"Succeeded"}` },
        { do: 'remember', as: 'NOW', member: 'leader', field: 'revision' },
        { do: 'run', line: 'compact $NOW' },
        { do: 'run', line: `get ${POD} --rev=$RV`, as: 'old' },
      ],
      checkpoints: [{ check: 'output', of: 'old', exitCode: 1, stderr: 'required revision has been compacted' }],
    },
  ],
};
