// (26) Compaction: etcd 3.4's auto-compaction, periodic vs revision mode.
import type { Scenario } from '../types';

export const compaction: Scenario = {
  id: 'auto-compaction-modes',
  number: 26,
  topic: 'data',
  title: { en: 'Auto-compaction: periodic vs revision mode', 'zh-CN': '自动压缩：periodic 与 revision 模式' },
  summary: {
    en: 'etcd keeps every revision until something compacts them. The leader can do it on a timer: periodic mode keeps a time window of history, revision mode keeps the last N revisions.',
    'zh-CN': 'etcd 会保留所有历史 revision，直到有人执行压缩。leader 可以定时自动压缩：periodic 模式保留一段时间窗口内的历史，revision 模式保留最近 N 个 revision。',
  },
  seed: 2626,
  members: 3,
  // Started as `etcd --auto-compaction-mode=periodic --auto-compaction-retention=5s`.
  flags: { autoCompactionMode: 'periodic', autoCompactionRetention: '5s' },
  steps: [
    {
      id: 'history',
      title: { en: 'Three versions of one key', 'zh-CN': '同一个 key 的三个版本' },
      narration: {
        en: 'This cluster runs with --auto-compaction-mode=periodic --auto-compaction-retention=5s. Three puts make three revisions of app/mode; the MVCC panel lists them all, and get --rev still reads the first.',
        'zh-CN': '这个集群以 --auto-compaction-mode=periodic --auto-compaction-retention=5s 启动。三次 put 产生 app/mode 的三个 revision；MVCC 面板列出全部，get --rev 仍能读到第一个。',
      },
      panels: ['mvcc', 'console', 'events'],
      actions: [
        { do: 'run', line: 'put app/mode blue', as: 'p1' },
        { do: 'remember', as: 'FIRST', member: 'leader', field: 'revision' },
        { do: 'run', line: 'put app/mode green' },
        { do: 'run', line: 'put app/mode red' },
        { do: 'run', line: 'get app/mode --rev=$FIRST', as: 'old' },
      ],
      checkpoints: [
        { check: 'output', of: 'p1', exitCode: 0 },
        { check: 'output', of: 'old', exitCode: 0, stdout: 'blue' },
      ],
    },
    {
      id: 'periodic',
      title: { en: 'Periodic: a time window', 'zh-CN': 'periodic：按时间窗口' },
      narration: {
        en: 'Every retention/10 (0.5 s here) the compactor notes the current revision. Once a full window has passed, it compacts at the revision noted one window ago. Watch the event log: "Starting auto-compaction" twice — and the first version is gone.',
        'zh-CN': '压缩器每隔 retention/10（这里是 0.5 秒）记下当前 revision。满一个窗口后，它在一个窗口之前记下的 revision 处执行压缩。看事件日志：两次 "Starting auto-compaction"——第一个版本已被清除。',
      },
      panels: ['mvcc', 'console', 'events'],
      actions: [{ do: 'wait', ms: 11_000 }, { do: 'run', line: 'get app/mode --rev=$FIRST', as: 'compacted' }],
      checkpoints: [
        { check: 'log', contains: 'Starting auto-compaction at revision', count: 2 },
        { check: 'log', contains: 'finished scheduled compaction' },
        { check: 'output', of: 'compacted', exitCode: 1, stderr: 'required revision has been compacted' },
      ],
    },
    {
      id: 'leader-only',
      title: { en: 'Only the leader compacts', 'zh-CN': '只有 leader 执行压缩' },
      narration: {
        en: 'Every member runs a compactor, but etcd pauses it on followers. The leader proposes a Compaction request through raft, so every member compacts at the same revision — the log lines from each member say so.',
        'zh-CN': '每个成员都运行压缩器，但 etcd 会在 follower 上暂停它。leader 通过 raft 提交 Compaction 请求，所以所有成员都在同一个 revision 压缩——每个成员的日志都能看到。',
      },
      panels: ['events', 'log'],
      actions: [{ do: 'pick', as: 'L', role: 'leader' }, { do: 'pick', as: 'F', role: 'follower' }],
      checkpoints: [
        { check: 'log', member: '$L', contains: 'Starting auto-compaction', count: 2 },
        { check: 'log', member: '$F', contains: 'finished scheduled compaction' },
      ],
    },
    {
      id: 'revision-mode',
      title: { en: 'Revision mode: keep the last N', 'zh-CN': 'revision 模式：保留最近 N 个' },
      narration: {
        en: 'Now every member restarts with --auto-compaction-mode=revision --auto-compaction-retention=20, and 60 keys are written. Nothing is compacted yet: revision mode does not count writes, it wakes every 5 minutes and compacts at the current revision − 20.',
        'zh-CN': '现在所有成员以 --auto-compaction-mode=revision --auto-compaction-retention=20 重启，并写入 60 个 key。此时还没有压缩：revision 模式不按写入次数触发，而是每 5 分钟醒来一次，在当前 revision − 20 处压缩。',
      },
      panels: ['events', 'mvcc', 'console'],
      actions: [
        { do: 'setServerFlags', flags: { autoCompactionMode: 'revision', autoCompactionRetention: '20' } },
        { do: 'pick', as: 'L2', role: 'leader' },
        { do: 'fill', prefix: 'jobs/', count: 60, valueBytes: 64 },
        { do: 'remember', as: 'NOW', member: 'leader', field: 'revision' },
        { do: 'run', line: 'get jobs/ --prefix --keys-only --limit=1 --rev={NOW-25}', as: 'still' },
      ],
      checkpoints: [
        { check: 'output', of: 'still', exitCode: 0, stdout: 'jobs/' },
        // only the two periodic compactions so far
        { check: 'log', contains: 'retention: 5s', count: 2 },
        { check: 'field', member: 'leader', field: 'revision', op: '>', value: { of: '$FIRST', plus: 60 } },
      ],
    },
    {
      id: 'choose',
      title: { en: 'Which mode when', 'zh-CN': '何时用哪种模式' },
      narration: {
        en: 'Periodic keeps a time window (Kubernetes-style: "an hour of history"), whatever the write rate. Revision keeps a fixed number of revisions, so a write burst shortens the window in time. Either way compaction only frees space inside the db; the file shrinks only with defrag. Press "Try it yourself" and wait 5 minutes to see the revision-mode compaction.',
        'zh-CN': 'periodic 保留一个时间窗口（比如“一小时的历史”），与写入速度无关。revision 保留固定数量的 revision，写入突增时时间窗口就会变短。无论哪种，压缩只释放 db 内部空间；文件只有 defrag 后才会变小。点“自己试试”，等 5 分钟即可看到 revision 模式的压缩。',
      },
      panels: ['pages', 'metrics', 'events'],
      actions: [{ do: 'wait', ms: 1000 }],
      checkpoints: [{ check: 'caughtUp' }, { check: 'leader' }],
    },
  ],
};
