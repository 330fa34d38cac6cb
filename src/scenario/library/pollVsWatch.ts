// (6) Polling vs streaming: a poll sees only the latest value, a watch sees every change; watch
// history comes from the MVCC store itself; range watchers match every key in their range.
import type { Scenario } from '../types';

export const pollVsWatch: Scenario = {
  id: 'polling-vs-watch',
  number: 6,
  topic: 'watch',
  title: { en: 'Polling vs watching', 'zh-CN': '轮询与 watch' },
  summary: {
    en: 'Polling shows the latest value and misses the changes between polls, each poll costing a read round. A watch streams every change, can replay history from any uncompacted revision, and can cover a whole key range.',
    'zh-CN': '轮询只看到最新值，错过两次轮询之间的变化，且每次轮询都要一次读请求。watch 推送每一次变化，可以从任何未压缩的 revision 重放历史，并能覆盖整个 key 范围。',
  },
  seed: 606,
  members: 3,
  steps: [
    {
      id: 'poll-misses',
      title: { en: 'A poll misses changes', 'zh-CN': '轮询会错过变化' },
      narration: {
        en: 'A watch is open on config/mode. The value changes three times, then a client polls with get: it sees only red. The watch received blue, green and red, each with its revision.',
        'zh-CN': 'config/mode 上开着一个 watch。值变了三次，然后客户端用 get 轮询：它只看到 red。watch 则收到了 blue、green 和 red，每个都带着各自的 revision。',
      },
      panels: ['watch', 'console'],
      actions: [
        { do: 'watch', as: 'W', key: 'config/mode', member: 'leader' },
        { do: 'wait', ms: 200 },
        { do: 'run', line: 'put config/mode blue' },
        { do: 'remember', as: 'FIRST', member: 'leader', field: 'revision' },
        { do: 'run', line: 'put config/mode green' },
        { do: 'run', line: 'put config/mode red' },
        { do: 'remember', as: 'LAST', member: 'leader', field: 'revision' },
        { do: 'run', line: 'get config/mode', as: 'poll' },
        { do: 'wait', ms: 200 },
      ],
      checkpoints: [
        { check: 'output', of: 'poll', exitCode: 0, stdout: 'red', notStdout: 'green' },
        { check: 'watch', of: 'W', minEvents: 3, inOrder: true, lastRevision: '$LAST' },
      ],
    },
    {
      id: 'poll-cost',
      title: { en: 'Polling costs, idle watching does not', 'zh-CN': '轮询有成本，空闲的 watch 没有' },
      narration: {
        en: 'Fifty more polls of an unchanged key: each is a linearizable read, a ReadIndex round through the leader, and all of them learn nothing new. The idle watch costs nothing and receives nothing until the key changes.',
        'zh-CN': '再轮询五十次未变化的 key：每次都是一次线性一致读，要经 leader 走一轮 ReadIndex，却什么新东西也没得到。空闲的 watch 没有任何开销，在 key 变化之前也不会收到任何东西。',
      },
      panels: ['watch', 'metrics'],
      actions: [{ do: 'repeat', line: 'get config/mode', count: 50 }, { do: 'wait', ms: 200 }],
      checkpoints: [
        { check: 'output', of: 'last', exitCode: 0, stdout: 'red' },
        { check: 'field', member: 'leader', field: 'revision', op: '==', value: '$LAST' },
        { check: 'watch', of: 'W', lastRevision: '$LAST', canceled: false },
      ],
    },
    {
      id: 'history',
      title: { en: 'History is the MVCC store', 'zh-CN': '历史就是 MVCC 存储' },
      narration: {
        en: 'A new watch starting at the first change’s revision replays all three changes. There is no separate event log: the watcher starts unsynced and reads the old revisions from the key bucket, which keeps them until compaction.',
        'zh-CN': '一个从第一次变化的 revision 开始的新 watch 重放了全部三次变化。没有单独的事件日志：watcher 以 unsynced 状态开始，从 key bucket 中读取旧 revision，这些 revision 会一直保留到压缩为止。',
      },
      panels: ['watch', 'mvcc'],
      actions: [{ do: 'watch', as: 'H', key: 'config/mode', startRevision: '$FIRST', member: 'leader' }, { do: 'wait', ms: 400 }],
      checkpoints: [
        { check: 'watch', of: 'H', minEvents: 3, inOrder: true, lastRevision: '$LAST', canceled: false },
        { check: 'field', member: 'leader', field: 'watchersUnsynced', op: '==', value: 0 },
      ],
    },
    {
      id: 'ranges',
      title: { en: 'Range watchers', 'zh-CN': '范围 watcher' },
      narration: {
        en: 'Three more watchers: the prefix svc/, the key svc/api and the prefix svc/db. A put to svc/api matches the first two, a put to svc/db/primary the first and the third. etcd keeps single-key watchers in a map and range watchers in an interval tree, so each event finds the ranges that contain its key without visiting every watcher.',
        'zh-CN': '再开三个 watcher：前缀 svc/、key svc/api 和前缀 svc/db。对 svc/api 的 put 匹配前两个，对 svc/db/primary 的 put 匹配第一个和第三个。etcd 把单 key watcher 放在 map 中，把范围 watcher 放在区间树中，因此每个事件无需遍历所有 watcher 就能找到包含其 key 的范围。',
      },
      panels: ['watch', 'console'],
      actions: [
        { do: 'watch', as: 'ALL', key: 'svc/', prefix: true, member: 'leader' },
        { do: 'watch', as: 'API', key: 'svc/api', member: 'leader' },
        { do: 'watch', as: 'DB', key: 'svc/db', prefix: true, member: 'leader' },
        { do: 'wait', ms: 200 },
        { do: 'run', line: 'put svc/api 10.0.0.1' },
        { do: 'remember', as: 'R_API', member: 'leader', field: 'revision' },
        { do: 'run', line: 'put svc/db/primary 10.0.0.2' },
        { do: 'remember', as: 'R_DB', member: 'leader', field: 'revision' },
        { do: 'wait', ms: 300 },
      ],
      checkpoints: [
        { check: 'watch', of: 'ALL', minEvents: 2, inOrder: true, lastRevision: '$R_DB' },
        { check: 'watch', of: 'API', minEvents: 1, lastRevision: '$R_API' },
        { check: 'watch', of: 'DB', minEvents: 1, lastRevision: '$R_DB' },
        { check: 'field', member: 'leader', field: 'watchersSynced', op: '==', value: 5 },
      ],
    },
  ],
};
