// (10) Why 8 GB is the advised maximum: the work that grows with the db file — a snapshot sent to a
// lagging member, the index rebuilt at start-up, defrag — counted here at a small size, then scaled.
import type { Scenario } from '../types';

export const sizeLimit: Scenario = {
  id: 'why-8gb',
  number: 10,
  topic: 'data',
  title: { en: 'Why 8 GB is the advised maximum', 'zh-CN': '为什么建议最大 8 GB' },
  summary: {
    en: 'Three operations copy or read the whole db file: sending a snapshot to a lagging member, rebuilding the index at start-up, and defrag. Here the file is about 1.5 MB; each cost below grows in proportion, so scale by 8 GB ÷ 1.5 MB ≈ 5,000.',
    'zh-CN': '有三种操作会复制或读取整个 db 文件：给落后成员发送快照、启动时重建索引、以及 defrag。这里的文件约 1.5 MB；下面每项开销都与文件大小成正比，所以按 8 GB ÷ 1.5 MB ≈ 5,000 倍来放大。',
  },
  seed: 1010,
  members: 3,
  steps: [
    {
      id: 'fill',
      title: { en: 'A 1.5 MB db', 'zh-CN': '一个 1.5 MB 的 db' },
      narration: {
        en: 'Members restart with --snapshot-count 20 so snapshots happen within the lesson, then 24 values of 64 KiB are written. Note the db size in the Metrics panel: it is the unit everything below is measured in.',
        'zh-CN': '成员以 --snapshot-count 20 重启，使快照能在本课中发生；然后写入 24 个 64 KiB 的 value。记下 Metrics 面板中的 db 大小：下面的一切都以它为单位。',
      },
      panels: ['metrics', 'pages'],
      actions: [
        { do: 'setSnapshotCount', count: 20, catchUpEntries: 5 },
        { do: 'pick', as: 'L', role: 'leader' },
        { do: 'fill', prefix: 'data/', count: 24, valueBytes: 65_536 },
        { do: 'wait', ms: 300 },
        { do: 'remember', as: 'DB', member: 'leader', field: 'dbSizeBytes' },
      ],
      checkpoints: [{ check: 'leader' }, { check: 'field', member: 'leader', field: 'dbSizeBytes', op: '>', value: 1_500_000 }],
      limitMs: 20_000,
    },
    {
      id: 'snapshot',
      title: { en: 'A lagging member gets the whole file', 'zh-CN': '落后的成员收到整个文件' },
      narration: {
        en: 'A follower is cut off while 30 more writes commit; the leader snapshots and drops the log entries the follower lacks. When it returns, the leader must send a MsgSnap holding the entire db file. At 8 GB over a 1 Gbit/s link that is over a minute of transfer, plus writing and syncing it — and a member that falls behind again meanwhile starts over.',
        'zh-CN': '一个 follower 被隔离，同时又提交了 30 次写；leader 做了快照并丢弃了 follower 缺少的日志 entry。它回来后，leader 只能发送一个装着整个 db 文件的 MsgSnap。8 GB 经 1 Gbit/s 链路传输要一分多钟，还要写盘和同步——如果成员在此期间再次落后，就得重来。',
      },
      panels: ['cluster', 'log', 'members'],
      actions: [
        { do: 'pick', as: 'F', role: 'follower' },
        { do: 'isolate', member: '$F' },
        { do: 'fill', prefix: 'more/', count: 30, valueBytes: 128 },
        { do: 'wait', ms: 300 },
        { do: 'heal' },
        { do: 'wait', ms: 1000 },
      ],
      checkpoints: [
        { check: 'field', member: 'leader', field: 'snapshotsSent', op: '>=', value: 1 },
        { check: 'field', member: '$F', field: 'snapshotsInstalled', op: '>=', value: 1 },
        { check: 'field', member: '$F', field: 'dbSizeBytes', op: '>=', value: { of: '$DB', plus: -200_000 } },
        { check: 'caughtUp' },
      ],
      limitMs: 20_000,
    },
    {
      id: 'restart',
      title: { en: 'Start-up rebuilds the index', 'zh-CN': '启动时重建索引' },
      narration: {
        en: 'The follower restarts. Before it serves, it reads every revision in the key bucket to rebuild its in-memory index (the MVCC panel shows the keys back). The work is proportional to the file: at an assumed 200 MB/s, reading 8 GB alone takes 40 s, before decoding each revision.',
        'zh-CN': '这个 follower 重启。在提供服务之前，它要读取 key bucket 中的每一个 revision 来重建内存索引（MVCC 面板中 key 又出现了）。工作量与文件大小成正比：假设读取速度为 200 MB/s，仅读完 8 GB 就需 40 秒，还不算解码每个 revision。',
      },
      panels: ['mvcc', 'cluster', 'metrics'],
      actions: [{ do: 'kill', member: '$F' }, { do: 'wait', ms: 500 }, { do: 'restart', member: '$F' }, { do: 'wait', ms: 1000 }],
      checkpoints: [
        { check: 'role', member: '$F', role: 'follower' },
        { check: 'caughtUp' },
        { check: 'field', member: '$F', field: 'keys', op: '>=', value: 54 },
      ],
      limitMs: 20_000,
    },
    {
      id: 'defrag',
      title: { en: 'Defrag copies what is live', 'zh-CN': 'defrag 复制所有有效数据' },
      narration: {
        en: 'Defrag writes every live page into a new file and swaps it in; in 3.4 the member serves no reads or writes meanwhile. At an assumed 100 MB/s, 8 GB blocks a member for well over a minute. Start-up, snapshots and defrag all stretch with size: that is why etcd advises staying under 8 GB.',
        'zh-CN': 'defrag 把每个有效页面写入新文件再替换旧文件；在 3.4 中，期间该成员不处理任何读写。假设速度为 100 MB/s，8 GB 会让一个成员阻塞一分多钟。启动、快照和 defrag 的时间都随大小增长：这就是 etcd 建议保持在 8 GB 以下的原因。',
      },
      panels: ['pages', 'metrics', 'console'],
      actions: [{ do: 'run', line: 'defrag --endpoints=$F', as: 'defrag' }, { do: 'wait', ms: 300 }],
      checkpoints: [
        { check: 'output', of: 'defrag', exitCode: 0, stdout: 'Finished defragmenting' },
        { check: 'field', member: '$F', field: 'dbSizeBytes', op: '>', value: 1_500_000 },
      ],
    },
  ],
};
