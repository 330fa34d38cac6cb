// A scenario is data: steps of actions on the live cluster, narration in both languages, the panels
// to show, and checkpoints that must hold before the story goes on. The same data runs in the page
// (over the hub) and in Node (over the simulator), so a scenario that stops being true fails a test.
import type { ServerFlags } from '../protocol/controller';
import type { WriteStep } from '../protocol/writePath';
import type { CrashPoint } from '../protocol/faults';

export type Lang = 'en' | 'zh-CN';

/** Text in every language the page speaks. */
export type Text = Record<Lang, string>;

/**
 * A member by name ("n1"), by role at the time the step runs ("leader", "follower": the lowest-id
 * live follower), or by a name bound earlier with `pick` ("$F").
 */
export type MemberRef = string;

/** Panels a step asks the page to show (ids of src/ui panels). */
export type PanelId = 'cluster' | 'log' | 'events' | 'mvcc' | 'leases' | 'members' | 'console' | 'pages' | 'watch' | 'writepath' | 'metrics' | 'txn';

export type Action =
  /** An etcdctl line; its result is kept under `as` for checkpoints ("last" always holds the latest). */
  /** An etcdctl line (with `stdin` piped in, as `txn` reads it); kept under `as` (and "last"). */
  | { do: 'run'; line: string; stdin?: string; as?: string; capture?: Capture }
  /**
   * `count` puts of `valueBytes`-byte values under `prefix`, 16 clients at a time (load for a lesson);
   * with `keys`, they cycle over that many keys (`keys: 1` overwrites one key `count` times).
   */
  | { do: 'fill'; prefix: string; count: number; valueBytes: number; keys?: number }
  /** The same etcdctl line `count` times, 16 clients at a time (read load); every run must succeed. */
  | { do: 'repeat'; line: string; count: number }
  /** Serializable `get`s of the keys `fill` wrote (`prefix` + 6-digit number, from `from`), answered by `member` from its own store. */
  | { do: 'read'; prefix: string; count: number; member: MemberRef; from?: number }
  /** Several etcdctl lines sent together (concurrent clients); results under `${as}0`, `${as}1` … */
  | { do: 'runConcurrently'; lines: string[]; stdins?: string[]; as: string }
  | { do: 'kill' | 'restart' | 'isolate'; member: MemberRef }
  | { do: 'heal' }
  /** Lets virtual time pass (the cluster keeps running: ticks, heartbeats, elections). */
  | { do: 'wait'; ms: number }
  /** Binds a name to a member chosen now, e.g. the current leader or a follower. */
  | { do: 'pick'; as: string; role: 'leader' | 'follower' }
  /** Remembers a number read from a member now (its term, commit index or revision) as `$name`. */
  | { do: 'remember'; as: string; member: MemberRef; field: NumericField }
  | { do: 'setRaftOptions'; preVote?: boolean; checkQuorum?: boolean; heartbeatMs?: number; electionMs?: number }
  /** Faults (src/protocol/faults.ts): partition groups (members in no group form one more; `heal` ends it). */
  | { do: 'partition'; groups: MemberRef[][] }
  /** Cut or restore the link from → to, one way unless `both`. */
  | { do: 'cutLink' | 'restoreLink'; from: MemberRef; to: MemberRef; both?: boolean }
  /** Latency/jitter (virtual ms) and loss (%) of from → to (and back with `both`); `reset` returns it to the default. */
  | { do: 'setLink'; from: MemberRef; to: MemberRef; latencyMs?: number; jitterMs?: number; lossPct?: number; both?: boolean; reset?: boolean }
  /** A slow disk: the member's fsyncs and backend commits take at least `fsyncMs` virtual ms (0: normal). */
  | { do: 'setDiskLatency'; member: MemberRef; fsyncMs: number }
  /** Arms a crash point in the member's write path (null disarms); it fires once. */
  | { do: 'armCrashPoint'; member: MemberRef; point: CrashPoint | null }
  | { do: 'addMember'; learner: boolean; as?: string }
  | { do: 'promote' | 'removeMember' | 'moveLeader'; member: MemberRef }
  /** Changes server flags (--quota-backend-bytes, --auto-compaction-*, --snapshot-count …): every member restarts, as in etcd. */
  | { do: 'setServerFlags'; flags: ServerFlags }
  /**
   * Starts a long-running etcdctl line (a `watch`) in the background, as a second terminal would;
   * `stopBackground` interrupts it (Ctrl-C) and keeps its whole output under the same `as`.
   */
  | { do: 'background'; line: string; as: string }
  | { do: 'stopBackground'; as: string }
  /**
   * `count` puts in transactions of `perTxn` puts each (etcd's --max-txn-ops is 128): a big data set,
   * quickly. Keys are `prefix` + a 6-digit number; in `value`, `{i}` is that number and `{i%N}` it modulo N.
   */
  | { do: 'fillTxn'; prefix: string; count: number; perTxn: number; value: string }
  /** Remembers a fact of a member's bbolt file (pages panel) as `$as`. */
  | { do: 'rememberBolt'; as: string; member: MemberRef; fact: BoltFact }
  /** Remembers one of a member's read metrics (Metrics panel: ranges served, keys and bytes returned) as `$as`. */
  | { do: 'rememberMetric'; as: string; member: MemberRef; metric: 'ranges' | 'keysReturned' | 'bytesReturned' }
  /**
   * Opens a client watch on `key` (a prefix with `prefix`), from `startRevision` (0: now), on a
   * member (the leader unless named); what it receives is kept under `as` for `watch` checks.
   * `readsPerTick` makes the client read slowly from the start (see `slowWatch`).
   */
  | { do: 'watch'; as: string; key: string; prefix?: boolean; startRevision?: NumberRef; member?: MemberRef; readsPerTick?: number | null; bufferResponses?: number }
  /**
   * The watch client `watch` reads at most `readsPerTick` responses per member tick (null: as fast as
   * they come). `bufferResponses` shrinks the member's stream buffer below etcd's 128 (short lessons).
   */
  | { do: 'slowWatch'; watch: string; readsPerTick: number | null; bufferResponses?: number }
  | { do: 'cancelWatch'; watch: string }
  /** Remembers a member's metric now (memory estimate by component, latency percentiles) as `$as`. */
  | { do: 'measure'; as: string; member: MemberRef; metric: MetricField }
  /** Remembers the virtual time now (ms) as `$as`, or the time since a remembered `$since`. */
  | { do: 'stamp'; as: string; since?: string }
  /** Sets the raft snapshot count (--snapshot-count) on every member (they restart, as in etcd). */
  | { do: 'setSnapshotCount'; count: number; catchUpEntries?: number };

/**
 * Facts of the db file a lesson can remember: the current meta page (0/1) and its txid, the
 * file's high-water mark in pages, the levels of the `key` bucket's B+tree, pages written by the
 * last commit (copy-on-write), free and pending page counts.
 */
export type BoltFact = 'txid' | 'metaPage' | 'highWaterPages' | 'keyBucketLevels' | 'keyBucketPages' | 'lastCommitPages' | 'freePages' | 'pendingPages';

/** Numbers from a member's metrics (src/protocol/inspect.ts MetricsInspect). */
export type MetricField =
  | 'raftLogEntries'
  | 'raftLogBytes'
  | 'treeIndexKeys'
  | 'treeIndexRevisions'
  | 'treeIndexBytes'
  | 'watcherBytes'
  | 'watchPendingEvents'
  | 'walFsyncCount'
  | 'walFsyncP99Ms'
  | 'backendCommitCount'
  | 'backendCommitP99Ms'
  | 'proposalsCommitted';

/** Keeps the first group of `pattern` in the command's stdout as `$as` (e.g. a lease id). */
export interface Capture {
  as: string;
  pattern: string;
}

export type NumericField =
  | 'term'
  | 'commitIndex'
  | 'appliedIndex'
  | 'lastIndex'
  | 'revision'
  | 'keys'
  | 'dbSizeBytes'
  | 'dbSizeInUseBytes'
  | 'leaseCount'
  /** Watchers in each group of the member's watchableStore. */
  | 'watchersSynced'
  | 'watchersUnsynced'
  | 'watchersVictim'
  /** The raft log's first index in memory (after a snapshot compacts it), and snapshots sent / installed. */
  | 'firstIndex'
  | 'snapshotsSent'
  | 'snapshotsInstalled'
  /** The storage engine's own ratios (src/backend/engineStats.ts): bytes written / bytes given, pages or blocks per lookup, disk / live bytes. */
  | 'engineWriteAmp'
  | 'engineReadCost'
  | 'engineSpaceAmp';

/** A number in a checkpoint: a literal or one remembered earlier ("$T"), optionally plus an offset. */
export type NumberRef = number | string | { of: string; plus: number };

export type Check =
  /** Exactly one live leader that every live, connected member follows. */
  | { check: 'leader' }
  | { check: 'role'; member: MemberRef; role: 'leader' | 'follower' | 'candidate' | 'pre-candidate' | 'stopped' }
  /** A member's number compared with a literal or a remembered number. */
  | { check: 'field'; member: MemberRef; field: NumericField; op: '==' | '!=' | '>' | '>=' | '<' | '<='; value: NumberRef }
  /** Every live member's applied index has reached the leader's commit index. */
  | { check: 'caughtUp' }
  /** An etcdctl result kept under `of`: its exit code, and text its stdout/stderr contains or not. */
  | { check: 'output'; of: string; exitCode?: number; stdout?: string; stderr?: string; notStdout?: string }
  /** A server log line (from `member`, or any) containing `contains`; `count` lines at least (default 1). */
  | { check: 'log'; contains: string; member?: MemberRef; count?: number }
  /**
   * The newest write-path trace whose request summary contains `summary` (e.g. "put color") went
   * through each of `steps` on at least `members` members (default 1).
   */
  | { check: 'writePath'; summary: string; steps: WriteStep[]; members?: number }
  /** A remembered number compared with a literal or another remembered number. */
  | { check: 'remembered'; name: string; op: '==' | '!=' | '>' | '>=' | '<' | '<='; value: NumberRef }
  /** Lines of a kept result's stdout (matching `matching`, a regular expression, if given). */
  | { check: 'lines'; of: string; matching?: string; op: '==' | '!=' | '>' | '>=' | '<' | '<='; value: NumberRef }
  /** `endpoint hashkv` output kept under `of`: at least `count` endpoints, all hashes equal (or, with `differ`, not all equal). */
  | { check: 'hashes'; of: string; count: number; differ?: boolean }
  /**
   * What a client watch opened with `watch` has received: at least `minEvents` events, every event's
   * revision above the one before (`inOrder`), its last event at `lastRevision`, canceled or not
   * (`canceled`), and the compact revision it was canceled with.
   */
  | { check: 'watch'; of: string; minEvents?: NumberRef; inOrder?: boolean; lastRevision?: NumberRef; canceled?: boolean; compactRevision?: NumberRef }
  /** Two numbers (remembered, measured or literal) compared. */
  | { check: 'number'; value: NumberRef; op: '==' | '!=' | '>' | '>=' | '<' | '<='; than: NumberRef };

export interface Step {
  /** Stable id, used in URLs (`&step=`) and by `goto`. */
  id: string;
  title: Text;
  /** What to look at and why: short, pointing at what is on screen. */
  narration: Text;
  panels: PanelId[];
  actions: Action[];
  /** Must hold (within `limitMs` of virtual time, default 10 s) before the next step may run. */
  checkpoints: Check[];
  limitMs?: number;
}

/** The storage engines a member can run on (`--backend-engine`, etcdscope's own flag). */
export type EngineName = 'bbolt' | 'lsm';

export type Topic = 'consistency' | 'watch' | 'data' | 'stability' | 'basics' | 'diagnostics' | 'applications';

export interface Scenario {
  id: string;
  /** The curriculum's number (1–35). */
  number: number;
  topic: Topic;
  title: Text;
  summary: Text;
  /** Seed and cluster shape: every viewer sees the same run. */
  seed: number;
  members: number;
  raft?: { preVote?: boolean; checkQuorum?: boolean; heartbeatMs?: number; electionMs?: number };
  /** Server flags the cluster starts with (e.g. --auto-compaction-mode). */
  flags?: ServerFlags;
  /** etcdscope's --backend-engine for the lesson's cluster: one for all, or one per member (n1 first). */
  backendEngine?: EngineName | EngineName[];
  steps: Step[];
}
