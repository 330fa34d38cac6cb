// The one interface through which the UI, window.etcdscope, e2e tests and (later) scenarios drive a cluster.
// The browser implements it with the main-thread hub over real node workers (src/platform/browser/hub.ts).
import type { NodeId } from '../raft/types';
import type { EngineChoice } from '../backend/engineStats';
import type { ClusterEvent, MemberInspect, MessageView } from './view';
import type { InspectArgMap, InspectKind, InspectResultMap } from './inspect';
import type { WriteTraceView } from './writePath';
import type { TxnOutcome, TxnSpec } from './txn';
import type { RunConfig, RunRecorder } from './run';
import type { WatchCreateRequest, WatchHandle, WatchResponse } from '../etcdctl/client';
import type { ServerFlags, ServerLogLine } from '../etcd/nodeTypes';

export type { ServerFlags, ServerLogLine };
import type { CrashPoint, FaultsView, LinkFault } from './faults';

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ClusterSnapshot {
  /** Virtual milliseconds since the cluster started (one raft tick = tickMs). */
  nowMs: number;
  tickMs: number;
  paused: boolean;
  /** Virtual time per real time: 1 = real time, 0.25 = four times slower. */
  speed: number;
  seed: number;
  members: MemberInspect[];
  /** Members cut off from everyone else (both directions). */
  isolated: NodeId[];
  messages: MessageView[];
  /** The fault model now: partition groups, one-way cuts, link latency/loss, disk faults. */
  faults?: FaultsView;
}

export interface ClusterController {
  /** Called with a fresh snapshot at most once per animation frame, and with each new event. */
  subscribe(onSnapshot: (s: ClusterSnapshot) => void, onEvents: (e: ClusterEvent[]) => void): () => void;
  snapshot(): ClusterSnapshot;
  /** One etcdctl line; `stdin` is what a shell would pipe into it (e.g. `txn`'s compares and ops). */
  run(line: string, stdin?: string): Promise<CommandResult>;
  kill(member: NodeId): Promise<void>;
  restart(member: NodeId): Promise<void>;
  isolate(member: NodeId): void;
  heal(): void;
  /** Deletes the cluster's databases and starts a fresh one (a new random seed unless one is given). */
  reset(request?: ResetRequest): Promise<void>;
  pause(): void;
  resume(): void;
  setSpeed(speed: number): void;
  /** `member add` (a learner unless learner: false) and start the new member; resolves to its name ("n4"). */
  addMember?(opts?: { learner?: boolean }): Promise<string>;
  /** `member promote`; rejects with etcd's message while the learner is not in sync. */
  promote?(member: NodeId): Promise<void>;
  removeMember?(member: NodeId): Promise<void>;
  moveLeader?(member: NodeId): Promise<void>;
  /** Server flags (--quota-backend-bytes, --auto-compaction-*, --snapshot-count, --bcrypt-cost, --auth-token); a change restarts every member, as in etcd. */
  setServerFlags?(flags: ServerFlags): Promise<void>;
  serverFlags?(): ServerFlags;
  /** The members' server log lines (etcd's logger: auto-compaction, slow requests …), oldest first. */
  serverLogs?(): ServerLogLine[];
  /** --pre-vote / CheckQuorum / --snapshot-count; changing them restarts every member, as in etcd. */
  setRaftOptions?(o: Partial<RaftSettings>): Promise<void>;
  raftOptions?(): RaftSettings;
  /** `etcdctl snapshot save` from a member: the db file with etcd's SHA-256 trailer. */
  saveSnapshot?(member: NodeId): Promise<Uint8Array>;
  /** `etcdctl snapshot restore` into a new cluster; rejects (and leaves the cluster untouched) on a bad file. */
  restoreSnapshot?(file: Uint8Array): Promise<void>;
  /** One member's detailed state for a panel (MVCC keyIndex, leases, pages, one page …); null when it is not running. */
  inspectMember?<K extends InspectKind>(member: NodeId, kind: K, arg?: InspectArgMap[K]): Promise<InspectResultMap[K] | null>;
  /** The most recent proposed entries' write paths across the members, newest first. */
  writeTraces?(): WriteTraceView[];
  /** Opens a watch stream on a member (the leader unless named), as a client would. */
  openWatch?(req: WatchCreateRequest, onResponse: (r: WatchResponse) => void, member?: NodeId): WatchHandle;
  /** Runs a transaction built in the Txn builder, sent to `member` (the leader unless named). */
  txn?(spec: TxnSpec, member?: NodeId): Promise<TxnOutcome>;

  // Faults (src/protocol/faults.ts). Arguments are plain data; bad input throws before anything changes.
  /** Splits the members into groups that cannot reach each other; members in no group form one more. `heal()` ends it. */
  partition?(groups: NodeId[][]): Promise<void>;
  /** Cuts the link from → to one way (both ways with `both`). */
  cutLink?(from: NodeId, to: NodeId, opts?: { both?: boolean }): Promise<void>;
  restoreLink?(from: NodeId, to: NodeId, opts?: { both?: boolean }): Promise<void>;
  /** Latency/jitter (virtual ms) and loss (%) of from → to, merged into what it has; null: back to the default link. */
  setLink?(from: NodeId, to: NodeId, fault: Partial<LinkFault> | null, opts?: { both?: boolean }): Promise<void>;
  /** A slow disk: every WAL fsync, snapshot save and backend commit of `member` takes at least `fsyncMs` virtual ms. */
  setDiskLatency?(member: NodeId, fsyncMs: number): Promise<void>;
  /** Arms a crash point in `member`'s write path (null disarms); it fires once, then `restart` recovers the member. */
  armCrashPoint?(member: NodeId, point: CrashPoint | null): Promise<void>;
  faultsView?(): FaultsView;
  /** The settings a recorded run starts from (initial size, raft flags, network, timing). */
  runConfig?(): RunConfig;
  /** Record and replay of runs (seed + settings + actions; src/protocol/run.ts). */
  readonly recorder?: RunRecorder;
}

/** What a reset may set for the new cluster; anything left out keeps its default (size: the current one). */
export interface ResetRequest {
  seed?: number;
  /** Members of the new cluster (the page offers 1, 3, 5, 7). */
  members?: number;
  quotaBackendBytes?: number;
  raft?: Partial<RaftSettings>;
  /** Server flags for every member of the new cluster (--auto-compaction-*, --auth-token …). */
  flags?: ServerFlags;
  /** The clock's tick and raft's timeouts in ticks (etcd's --heartbeat-interval / --election-timeout). */
  timing?: { tickMs?: number; electionTicks?: number; heartbeatTicks?: number };
  /** etcdscope's --backend-engine (not etcd's): 'bbolt' (default), 'lsm', or one per member (n1 first). */
  backendEngine?: EngineChoice;
}

/** Per-cluster raft settings (etcd server flags): changing one restarts every member. */
export interface RaftSettings {
  preVote: boolean;
  checkQuorum: boolean;
  /** --snapshot-count: applied entries between raft snapshots (etcd 3.4: 100,000). */
  snapshotCount: number;
  /** Entries kept behind a snapshot for slow followers (etcd's SnapshotCatchUpEntries, 5,000). */
  snapshotCatchUpEntries: number;
  /** --heartbeat-interval (ms, etcd: 100): the raft tick; the leader heartbeats every tick. */
  heartbeatMs?: number;
  /** --election-timeout (ms, etcd: 1000): at least 5 × the heartbeat interval, at most 50,000. */
  electionMs?: number;
}

/** etcd's checks of --heartbeat-interval / --election-timeout (embed.Config.Validate); the error text, or null. */
export function timingError(heartbeatMs: number, electionMs: number): string | null {
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 10) return `--heartbeat-interval must be a whole number of ms ≥ 10, got ${heartbeatMs}`;
  if (!Number.isInteger(electionMs)) return `--election-timeout must be a whole number of ms, got ${electionMs}`;
  if (5 * heartbeatMs > electionMs) return `--election-timeout[${electionMs}ms] should be at least as 5 times as --heartbeat-interval[${heartbeatMs}ms]`;
  if (electionMs > 50_000) return `--election-timeout[${electionMs}ms] is too long, and should be set less than 50000ms`;
  return null;
}
