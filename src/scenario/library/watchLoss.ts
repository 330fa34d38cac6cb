// (5) Can a watch lose events? A slow watcher moves synced → victim → unsynced → synced without
// missing anything; compaction while it lags cancels it with the compact revision instead.
import type { Scenario } from '../types';

export const watchLoss: Scenario = {
  id: 'watch-lose-events',
  number: 5,
  topic: 'watch',
  title: { en: 'Can a watch lose events?', 'zh-CN': 'watch 会丢事件吗？' },
  summary: {
    en: 'A watcher never silently skips a revision. A slow client is parked as a victim and caught up from history; only compaction can end it — with an explicit cancel that names the compact revision.',
    'zh-CN': 'watcher 不会悄悄跳过任何 revision。慢客户端会被放进 victim 组，之后从历史中追上；只有压缩能终结它——并且会明确取消，告诉你压缩到的 revision。',
  },
  seed: 505,
  members: 3,
  steps: [
    {
      id: 'keep-up',
      title: { en: 'A watcher that keeps up', 'zh-CN': '跟得上的 watcher' },
      narration: {
        en: 'A client watches the prefix orders/ on the leader. It sits in the synced group (●): each commit’s events go straight into its stream. 10 puts arrive as 10 responses.',
        'zh-CN': '一个客户端在 leader 上 watch 前缀 orders/。它位于 synced 组（●）：每次提交的事件直接进入它的流。10 次 put 收到 10 个响应。',
      },
      panels: ['watch', 'console'],
      actions: [
        { do: 'watch', as: 'FAST', key: 'orders/', prefix: true, member: 'leader' },
        { do: 'wait', ms: 200 },
        { do: 'fill', prefix: 'orders/', count: 10, valueBytes: 64 },
        { do: 'wait', ms: 300 },
      ],
      checkpoints: [
        { check: 'watch', of: 'FAST', minEvents: 10, inOrder: true, canceled: false },
        { check: 'field', member: 'leader', field: 'watchersSynced', op: '==', value: 1 },
      ],
    },
    {
      id: 'victim',
      title: { en: 'A client that stops reading', 'zh-CN': '不再读取的客户端' },
      narration: {
        en: 'A second client watches orders/ but stops reading. Its responses pile up in the stream’s buffer (etcd’s chanBufLen holds 128; this lesson shrinks it to 16 so it fills quickly). When the buffer is full the next send fails and the watcher moves to the victim group (✕), holding that response. The Metrics panel counts the waiting events as watcher memory.',
        'zh-CN': '第二个客户端也 watch orders/，但不再读取。它的响应堆积在流的缓冲区里（etcd 的 chanBufLen 可容纳 128 个；本课缩小到 16 个，以便很快填满）。缓冲区满后下一次发送失败，watcher 进入 victim 组（✕），并保留这条响应。Metrics 面板把这些等待中的事件计为 watcher 内存。',
      },
      panels: ['watch', 'metrics'],
      actions: [
        { do: 'watch', as: 'SLOW', key: 'orders/', prefix: true, member: 'leader', readsPerTick: 0, bufferResponses: 16 },
        { do: 'wait', ms: 200 },
        { do: 'fill', prefix: 'orders/', count: 30, valueBytes: 64 },
        { do: 'wait', ms: 300 },
        { do: 'measure', as: 'PENDING', member: 'leader', metric: 'watchPendingEvents' },
      ],
      checkpoints: [
        { check: 'field', member: 'leader', field: 'watchersVictim', op: '==', value: 1 },
        { check: 'watch', of: 'SLOW', minEvents: 0, canceled: false },
        { check: 'number', value: '$PENDING', op: '>=', than: 16 },
        { check: 'watch', of: 'FAST', minEvents: 40, inOrder: true },
      ],
    },
    {
      id: 'catch-up',
      title: { en: 'It catches up, nothing lost', 'zh-CN': '追上进度，一个不丢' },
      narration: {
        en: 'The client reads again, 4 responses per tick. Once the buffer has room the victim loop delivers the held response; the watcher missed revisions meanwhile, so it joins the unsynced group (◐) and the sync loop replays them from history. It ends synced with every revision, in order.',
        'zh-CN': '客户端恢复读取，每个 tick 读 4 个响应。缓冲区腾出空间后，victim 循环送出它保留的那条响应；期间它错过了一些 revision，于是进入 unsynced 组（◐），由同步循环从历史中补发。最后它回到 synced，每个 revision 都按顺序收到了。',
      },
      panels: ['watch', 'metrics'],
      actions: [{ do: 'slowWatch', watch: 'SLOW', readsPerTick: 4 }, { do: 'remember', as: 'REV', member: 'leader', field: 'revision' }, { do: 'wait', ms: 1000 }],
      checkpoints: [
        { check: 'field', member: 'leader', field: 'watchersVictim', op: '==', value: 0 },
        { check: 'field', member: 'leader', field: 'watchersUnsynced', op: '==', value: 0 },
        { check: 'watch', of: 'SLOW', minEvents: 30, inOrder: true, lastRevision: '$REV', canceled: false },
      ],
      limitMs: 15_000,
    },
    {
      id: 'compacted',
      title: { en: 'Compaction cancels a lagging watcher', 'zh-CN': '压缩会取消落后的 watcher' },
      narration: {
        en: 'The slow client stalls again and becomes a victim; meanwhile the history it still needs is compacted away. When it reads again, its watcher cannot be replayed: etcd cancels it with the compact revision. The client learns it, re-reads the keys with get and watches again from there — nothing is silently skipped.',
        'zh-CN': '慢客户端再次停住，又成了 victim；与此同时，它还需要的历史被压缩掉了。当它恢复读取时，已无法重放：etcd 取消这个 watcher，并告知压缩到的 revision。客户端据此用 get 重新读取，再从那里重新 watch——没有任何事件被悄悄跳过。',
      },
      panels: ['watch', 'mvcc', 'console'],
      actions: [
        { do: 'slowWatch', watch: 'SLOW', readsPerTick: 0 },
        { do: 'wait', ms: 200 },
        { do: 'fill', prefix: 'orders/', count: 30, valueBytes: 64 },
        { do: 'wait', ms: 300 },
        { do: 'remember', as: 'NOW', member: 'leader', field: 'revision' },
        { do: 'run', line: 'compact $NOW', as: 'compact' },
        { do: 'slowWatch', watch: 'SLOW', readsPerTick: null },
        { do: 'wait', ms: 1000 },
      ],
      checkpoints: [
        { check: 'output', of: 'compact', exitCode: 0, stdout: 'compacted revision' },
        { check: 'watch', of: 'SLOW', canceled: true, compactRevision: '$NOW', inOrder: true },
        { check: 'watch', of: 'FAST', canceled: false, lastRevision: '$NOW', inOrder: true },
      ],
    },
  ],
};
