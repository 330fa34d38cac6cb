// Plain, structured-clone-safe snapshots of cluster state: what a worker reports and what the UI draws.
// The UI never touches live core objects; it renders these.
import type { NodeId, RoleName } from '../raft/types';
import type { EngineStats } from '../backend/engineStats';

export type ProgressStateName = 'probe' | 'replicate' | 'snapshot';

export interface ProgressView {
  id: NodeId;
  match: number;
  next: number;
  state: ProgressStateName;
  recentActive: boolean;
  inflights: number;
  isLearner: boolean;
}

export interface LogEntryView {
  index: number;
  term: number;
  kind: 'normal' | 'noop' | 'confchange';
  /** Decoded request, e.g. `put foo=bar`, `del foo`, `txn`, `noop`. */
  summary: string;
}

export interface MemberStatus {
  id: NodeId;
  /** Display name, e.g. "n1"; etcd member names in the oracle are m1, m2 ... */
  name: string;
  alive: boolean;
  role: RoleName;
  term: number;
  vote: NodeId;
  lead: NodeId;
  commitIndex: number;
  appliedIndex: number;
  firstIndex: number;
  lastIndex: number;
  /** Ticks since the last heartbeat/election reset, and the randomized timeout they count towards. */
  electionElapsed: number;
  electionTimeout: number;
  heartbeatElapsed: number;
  heartbeatTimeout: number;
  /** The leader's view of each peer; empty on followers. */
  progress: ProgressView[];
  /** MVCC current revision and live key count. */
  revision: number;
  keys: number;
  /** The backend file: etcd's dbSize (high-water mark) and dbSizeInUse. */
  dbSizeBytes: number;
  dbSizeInUseBytes: number;
  leaseCount: number;
  watcherCount: number;
  /** Watchers per group of etcd's watchableStore (victims: their client stream's buffer was full). */
  watcherGroups?: { synced: number; unsynced: number; victim: number };
  /** The last raft snapshot (etcd's snapi): entries at or below it may be compacted (firstIndex − 1 is where they end). */
  snapshotIndex?: number;
  snapshotTerm?: number;
  /** Raft snapshots this incarnation made (every --snapshot-count entries), sent in MsgSnap, and installed from the leader. */
  snapshots?: { created: number; sent: number; installed: number };
  /**
   * The storage engine's own figures (`--backend-engine`, etcdscope's): bytes given and written,
   * lookups and the pages/blocks they touched, bytes held on disk and live (src/backend/engineStats.ts).
   */
  engine?: EngineStats;
  /** Alarms this member raised ('NOSPACE', 'CORRUPT'), as applied here; while any is raised every member refuses what its alarm forbids. */
  alarms: string[];
}

export interface MemberInspect extends MemberStatus {
  /** The tail of the raft log (at most LOG_WINDOW entries ending at lastIndex). */
  log: LogEntryView[];
}

export const LOG_WINDOW = 64;

export interface MessageView {
  /** Unique per hub run. */
  id: number;
  from: NodeId;
  to: NodeId;
  type: string;
  term: number;
  logTerm: number;
  index: number;
  entries: number;
  commit: number;
  reject: boolean;
  /** Virtual milliseconds. */
  sentAtMs: number;
  deliverAtMs: number;
}

export type ClusterEventKind =
  | 'became-leader'
  | 'became-candidate'
  | 'became-pre-candidate'
  | 'became-follower'
  | 'crashed'
  | 'restarted'
  | 'isolated'
  | 'rejoined'
  | 'healed'
  | 'request'
  | 'reset'
  /** A line of a member's server log (detail: the message). */
  | 'log'
  /** Fault model (src/protocol/faults.ts): `detail` names the groups, the link fault or the crash point. */
  | 'partitioned'
  | 'link-cut'
  | 'link-cut-both'
  | 'link-restored'
  | 'link-changed'
  | 'disk-latency'
  | 'crash-point-armed'
  | 'crash-point-disarmed'
  | 'crash-point';

export interface ClusterEvent {
  seq: number;
  /** Virtual milliseconds since the cluster started. */
  tMs: number;
  kind: ClusterEventKind;
  member?: NodeId;
  term?: number;
  /** Free text for 'request' events (the etcdctl line). */
  detail?: string;
  /** The other end of a link event (member → peer). */
  peer?: NodeId;
  /** A number for the event (disk-latency: the fsync ms). */
  value?: number;
}
