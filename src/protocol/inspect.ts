// Detailed, on-demand views of one member's insides for the panels (MVCC, leases, pages, watchers).
// Fetched by a panel when it is open (a few times a second), not pushed with every status.

export interface RevisionView {
  main: number;
  sub: number;
}

export interface KeyIndexView {
  /** The key as text (UTF-8, invalid bytes replaced). */
  key: string;
  modified: RevisionView;
  generations: Array<{ ver: number; created: RevisionView; revs: RevisionView[] }>;
}

export interface MvccInspect {
  revision: number;
  /** -1 before the first compaction. */
  compactRevision: number;
  /** At most MVCC_KEYS_LIMIT keyIndexes, in key order. */
  keys: KeyIndexView[];
  totalKeys: number;
  /** The most recent applied entries and the revision each left the store at. */
  history: Array<{ raftIndex: number; revision: number; summary: string }>;
}

export const MVCC_KEYS_LIMIT = 200;
export const MVCC_HISTORY_LIMIT = 256;

export interface LeaseView {
  /** 16 hex digits, as etcdctl prints lease ids. */
  id: string;
  ttlSec: number;
  remainingSec: number;
  keys: string[];
}

export interface LeasesInspect {
  /** True on the leader: only its lessor runs the clocks. */
  primary: boolean;
  leases: LeaseView[];
}

/** A window of latency samples in virtual milliseconds. */
export interface LatencySummary {
  /** Samples in the window. */
  count: number;
  /** Samples ever taken. */
  total: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** A member's counters, as etcd's /metrics would give them, computed in its worker from the live structures. */
export interface MetricsInspect {
  /** etcd_server_proposals_committed_total (the raft commit index), _applied_total, _pending. */
  proposalsCommitted: number;
  proposalsApplied: number;
  proposalsPending: number;
  /** etcd_disk_wal_fsync_duration_seconds: WAL record append until durable. */
  walFsync: LatencySummary;
  /** etcd_disk_backend_commit_duration_seconds: a backend batch commit until its pages are stored. */
  backendCommit: LatencySummary;
  dbSizeBytes: number;
  dbSizeInUseBytes: number;
  /** An estimate of the memory held by each component (bytes), from counts of the real structures. */
  memory: {
    raftLogEntries: number;
    raftLogBytes: number;
    treeIndexKeys: number;
    treeIndexRevisions: number;
    treeIndexBytes: number;
    watchers: number;
    watcherBytes: number;
  };
}

export type WatcherGroup = 'synced' | 'unsynced' | 'victim';

export interface WatchEventView {
  type: 'PUT' | 'DELETE';
  key: string;
  modRevision: number;
}

export interface WatcherView {
  /** The client's stream id (unique per member). */
  streamId: number;
  watchId: number;
  key: string;
  /** '' = one key; '\0' = every key from `key`; otherwise the end of the range. */
  rangeEnd: string;
  startRevision: number;
  /** The next revision the watcher has not seen. */
  nextRevision: number;
  group: WatcherGroup;
  responses: number;
  events: number;
  /** The most recent events sent (oldest first, at most WATCH_RECENT_EVENTS). */
  recent: WatchEventView[];
}

export interface CanceledWatchView {
  streamId: number;
  watchId: number;
  key: string;
  rangeEnd: string;
  startRevision: number;
  /** Non-zero when canceled because the start revision was compacted. */
  compactRevision: number;
  reason: string;
}

export interface WatchInspect {
  revision: number;
  compactRevision: number;
  watchers: WatcherView[];
  /** Recently canceled watchers, newest last (at most WATCH_CANCELED_KEEP). */
  canceled: CanceledWatchView[];
}

export const WATCH_RECENT_EVENTS = 6;
export const WATCH_CANCELED_KEEP = 20;

export type InspectKind = 'mvcc' | 'leases' | 'watch' | 'metrics';

export interface InspectResultMap {
  mvcc: MvccInspect;
  leases: LeasesInspect;
  watch: WatchInspect;
  metrics: MetricsInspect;
}
