// Detailed, on-demand views of one member's insides for the panels (MVCC, leases, pages, watchers).
// Fetched by a panel when it is open (a few times a second), not pushed with every status.
import type { EngineStats } from '../backend/engineStats';

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
  /**
   * Ranges this member served (etcd_mvcc_range_total), the keys they returned, and the bytes of
   * those keys and values — the bulk of etcd_network_client_grpc_sent_bytes_total.
   */
  reads?: { ranges: number; keysReturned: number; bytesReturned: number };
  /** The storage engine's own figures (etcdscope's --backend-engine; see src/backend/engineStats.ts). */
  engine?: EngineStats;
  /** An estimate of the memory held by each component (bytes), from counts of the real structures. */
  memory: {
    raftLogEntries: number;
    raftLogBytes: number;
    treeIndexKeys: number;
    treeIndexRevisions: number;
    treeIndexBytes: number;
    watchers: number;
    watcherBytes: number;
    /** Events waiting for slow watch clients: stream buffers and victims' held responses. */
    watchPendingEvents?: number;
    watchPendingBytes?: number;
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
  /** Responses waiting in the stream's send buffer (etcd's chanBufLen channel) for a slow client. */
  buffered?: number;
  /** The client reads at most this many responses per member tick; absent = as fast as they come. */
  readsPerTick?: number;
  /** How many responses the stream buffer holds (etcd: 128). */
  bufferCapacity?: number;
  /** Events a victim holds (refused by the full buffer), retried every tick. */
  heldEvents?: number;
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

export type InspectKind = 'mvcc' | 'leases' | 'pages' | 'page' | 'watch' | 'metrics';

export interface InspectResultMap {
  mvcc: MvccInspect;
  leases: LeasesInspect;
  pages: PagesInspect;
  page: PageDetail;
  watch: WatchInspect;
  metrics: MetricsInspect;
}

/** Arguments of the kinds that take one (the rest take none). */
export interface InspectArgMap {
  mvcc: undefined;
  leases: undefined;
  pages: undefined;
  page: { pgid: number };
  watch: undefined;
  metrics: undefined;
}

// ---- the bbolt file (B+tree / pages panel) ----

/** Page kinds; PagesInspect.kinds holds the index into this list, one byte per page. */
export const PAGE_KINDS = ['meta', 'freelist', 'branch', 'leaf', 'overflow', 'free', 'pending'] as const;
export type PageKindName = (typeof PAGE_KINDS)[number];

/** Sizes of the file at one moment (etcd's dbSize / dbSizeInUse and the page counts behind them). */
export interface DbSizeView {
  sizeBytes: number;
  inUseBytes: number;
  pageCount: number;
  freePages: number;
  pendingPages: number;
  txid: number;
}

export interface MetaView {
  pageId: 0 | 1;
  /** The meta a reader opens: the valid one with the higher txid. */
  current: boolean;
  txid: number;
  root: number;
  /** null = no freelist page (etcd on Linux: NoFreelistSync). */
  freelist: number | null;
  /** High-water mark in pages. */
  pgid: number;
  pageSize: number;
  /** FNV-64a checksum as 16 hex digits, and whether it matches the page. */
  checksum: string;
  checksumOk: boolean;
}

/** One bucket in the flattened tree; parent = index in PagesInspect.buckets (-1 for the root). */
export interface BucketView {
  name: string;
  path: string[];
  parent: number;
  root: number;
  inline: boolean;
  keyCount: number;
  pageCount: number;
  /** Levels of its B+tree (0 when inline). */
  levels: number;
}

/** One backend commit's copy-on-write footprint. */
export interface CommitView {
  txid: number;
  /** [first pgid, page count] runs written by the commit (meta page not included). */
  written: Array<[number, number]>;
  /** Pages the commit freed (pending at its txid). */
  freed: number[];
  metaPgid: 0 | 1;
  highWaterPgid: number;
}

/** What a compaction or a defrag did to the file. */
export interface BackendEffect {
  kind: 'compact' | 'defrag';
  /** Compaction revision (compact only). */
  revision?: number;
  before: DbSizeView;
  /** For a compaction: after the second commit that follows it (its freed pages released), else the latest. */
  after: DbSizeView;
  settled: boolean;
}

/**
 * The page map of a member's db file, compact enough for big files: per-page facts in typed arrays
 * (one entry per page id, structured-clone friendly), the rest as small lists.
 */
export interface PagesInspect {
  pageSize: number;
  size: DbSizeView;
  /** PAGE_KINDS index per page id. */
  kinds: Uint8Array;
  /** Owning bucket (index into buckets, +1; 0 = none) per page id. */
  owners: Uint32Array;
  /** Element count on branch/leaf/freelist pages (first page of a run), else 0. */
  counts: Uint32Array;
  /** Overflow pages following this one (first page of a run), else 0. */
  overflows: Uint32Array;
  /** Txid that freed each pending page. */
  pending: Array<{ txid: number; ids: number[] }>;
  metas: [MetaView | null, MetaView | null];
  buckets: BucketView[];
  /** Most recent last. */
  commits: CommitView[];
  effects: BackendEffect[];
  /** Pages that fit no category (should be empty: check() reports the same). */
  problems: number[];
}

export interface PageItemView {
  /** Key as text, 0x-hex when not printable. */
  key: string;
  /** `key` bucket keys decoded as etcd revisions. */
  revision?: { main: number; sub: number; tombstone: boolean };
  /** Leaf: value size in bytes; for `key` bucket values, the user key of the mvccpb.KeyValue. */
  valueSize?: number;
  userKey?: string;
  /** Leaf element that is a nested bucket. */
  bucket?: boolean;
  /** Branch: child page id. */
  child?: number;
}

export interface PageDetail {
  id: number;
  kind: PageKindName;
  /** Raw page header. */
  flags: number;
  count: number;
  overflow: number;
  bucket: string[] | null;
  /** For overflow pages: the first page of their node. For pending pages: the txid that freed them. */
  overflowOf?: number;
  pendingTxid?: number;
  items: PageItemView[];
  /** Items left out (a leaf holds at most a few hundred). */
  moreItems: number;
  meta?: MetaView;
  /** Freelist page: the ids it lists (first 512). */
  freeIds?: number[];
}

/**
 * A member's files as its data dir holds them (for etcd-dump-logs / etcd-dump-db in the console):
 * the WAL records as stored, the bbolt db file, and the `.snap` records.
 */
export interface MemberFiles {
  walRecords: Uint8Array[];
  dbFile: Uint8Array;
  snapFiles: Array<{ index: number; term: number; snapFile: Uint8Array }>;
  /**
   * etcd's WAL metadata (etcdserverpb.Metadata: the member and cluster ids, hex) for a WAL written
   * without a metadata record — this page's members keep those ids in their config instead.
   */
  metadata?: { nodeIdHex: string; clusterIdHex: string };
}
