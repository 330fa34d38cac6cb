// The node's contract with its hosts: configuration, client requests and results, watch stream
// requests, events, and the outbox a Ready/advance round produces.
import type { Message, NodeId } from '../raft/types';
import type { BackendEngine } from '../backend/engineStats';
import { STATE_NAMES } from '../raft/types';
import type {
  AlarmRequest,
  CompactionRequest,
  DeleteRangeRequest,
  LeaseGrantRequest,
  LeaseRevokeRequest,
  MemberAddRequest,
  PutRequest,
  RangeRequest,
  TxnRequest,
} from './api';
import type { EtcdErrorInfo } from './errors';
import type { AuthRaftRequests } from '../auth/types';
import type { InitialMember } from './membership';
import type { BackendBatch } from '../backend';
import type { WatchCreateRequest, WatchResponse } from '../etcdctl/client';

export interface EtcdNodeConfig {
  id: NodeId;
  name: string;
  /** The initial cluster (etcd's --initial-cluster); also given on restart, as etcd is. */
  initialCluster: InitialMember[];
  /** True for a member added at run time (etcd's --initial-cluster-state=existing): no bootstrap. */
  join?: boolean;
  clusterId: string;
  electionTicks: number;
  heartbeatTicks: number;
  seed: number;
  preVote?: boolean;
  checkQuorum?: boolean;
  /** Virtual ms per raft tick (etcd's --heartbeat-interval); leases count time in ticks. Default 100. */
  tickMs?: number;
  /** etcd's --max-txn-ops (default 128). */
  maxTxnOps?: number;
  /** etcd's --max-request-bytes. */
  maxRequestBytes?: number;
  /** Wall-clock ms at which this incarnation starts: seeds etcd's id generator (request and lease ids). Default 0. */
  startUnixMs?: number;
  /** etcd's --bcrypt-cost (default 10). */
  bcryptCost?: number;
  /** etcd's --snapshot-count: applied entries between raft snapshots (default 100,000 in 3.4). */
  snapshotCount?: number;
  /** Entries kept in the raft log behind a snapshot for slow followers (etcd's SnapshotCatchUpEntries, 5,000). */
  snapshotCatchUpEntries?: number;
  /** etcd's --quota-backend-bytes: 0 or absent = 2 GiB, negative = no quota (see backend/quota.ts). */
  quotaBackendBytes?: number;
  /**
   * `--backend-engine=bbolt|lsm` — etcdscope's own flag, not etcd's: where MVCC's revision records
   * live (src/backend/engineStats.ts). Default bbolt. A restarted member keeps its file's engine.
   */
  backendEngine?: BackendEngine;
  /** etcd's --auto-compaction-mode ('periodic', the default, or 'revision'). */
  autoCompactionMode?: 'periodic' | 'revision';
  /** etcd's --auto-compaction-retention ("0" or absent = off; periodic: "10m" or hours "1"; revision: "1000"). */
  autoCompactionRetention?: string;
  /** etcd's --auth-token: "simple" (default) or "jwt,sign-method=HS256,priv-key=…,ttl=5m" (see auth/jwtToken.ts). */
  authToken?: string;
}

/** The server flags a page or lesson may change (a change restarts every member, as it would in etcd). */
export type ServerFlags = Partial<Pick<EtcdNodeConfig, 'quotaBackendBytes' | 'autoCompactionMode' | 'autoCompactionRetention' | 'snapshotCount' | 'bcryptCost' | 'authToken'>>;

export const SERVER_FLAG_KEYS = ['quotaBackendBytes', 'autoCompactionMode', 'autoCompactionRetention', 'snapshotCount', 'bcryptCost', 'authToken'] as const satisfies ReadonlyArray<keyof ServerFlags>;

/** A server log line as a host keeps it (virtual ms, member). */
export interface ServerLogLine {
  atMs: number;
  member: NodeId;
  level: 'info' | 'warn';
  msg: string;
}

/** etcd 3.4's DefaultSnapshotCount. */
export const DEFAULT_SNAPSHOT_COUNT = 100_000;
/** etcd's SnapshotCatchUpEntries (not a flag in etcd; configurable here for tests and the page). */
export const DEFAULT_SNAPSHOT_CATCH_UP_ENTRIES = 5_000;

/**
 * A raft snapshot to make durable, as one atomic write: etcd's `.snap` file (snappb.Snapshot), the
 * WAL record that references it (walpb.Snapshot, plus — for a snapshot received from the leader —
 * the rest of that Ready), and, for a received snapshot, the leader's db file (etcd's
 * `<index>.snap.db`). The host must make it durable after every earlier WAL record and page batch.
 */
export interface SnapshotSave {
  index: number;
  term: number;
  /** The `.snap` file bytes (wal/snapFile.ts encodeSnapFile). */
  snapFile: Uint8Array;
  /** The WAL record to append in the same write. */
  walRecord: Uint8Array;
  /** The db file that came with a MsgSnap; until the page store holds it, recovery reads it from here. */
  db?: Uint8Array;
}

/** A snapshot as the host stored it (SnapshotSave without the WAL record), for recovery. */
export interface StoredSnapshot {
  index: number;
  term: number;
  snapFile: Uint8Array;
  db?: Uint8Array;
}

export const DEFAULT_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;

export type ClientRequest =
  | AuthClientRequest
  | { op: 'range'; req: RangeRequest }
  | { op: 'put'; req: PutRequest }
  | { op: 'deleteRange'; req: DeleteRangeRequest }
  | { op: 'txn'; req: TxnRequest }
  | { op: 'compaction'; req: CompactionRequest }
  | { op: 'memberList' }
  | { op: 'memberAdd'; req: MemberAddRequest }
  | { op: 'memberRemove'; id: string }
  | { op: 'memberUpdate'; id: string; peerURLs: string[] }
  | { op: 'memberPromote'; id: string }
  | { op: 'moveLeader'; targetId: string }
  | { op: 'status' }
  | { op: 'leaseGrant'; req: LeaseGrantRequest }
  | { op: 'leaseRevoke'; req: LeaseRevokeRequest }
  | { op: 'leaseKeepAlive'; id: bigint }
  | { op: 'leaseTimeToLive'; id: bigint; keys: boolean }
  | { op: 'leaseLeases' }
  | { op: 'defragment' }
  | { op: 'snapshot' }
  | { op: 'hashKV'; revision: number }
  /** Maintenance.Alarm: list, raise or clear alarms (through raft, as etcd 3.4 does, GET included). */
  | { op: 'alarm'; req: AlarmRequest };

/** The Auth service: Authenticate (checked, then proposed) and the requests applied through raft. */
export type AuthClientRequest = { op: 'authenticate'; name: string; password: string } | { op: 'auth'; req: AuthRaftRequests };

/** gRPC metadata a client request carries: the token from Authenticate (clientv3 sends it on every call). */
export interface RequestMetadata {
  token?: string;
}

/** A watch stream's lifecycle, keyed by a stream id the client chooses (unique per member). */
export type WatchRequest =
  | { op: 'create'; streamId: number; req: WatchCreateRequest }
  | { op: 'cancel'; streamId: number }
  | { op: 'progress'; streamId: number }
  /**
   * A client that reads its stream slowly (at most `readsPerTick` responses per member tick; null =
   * as fast as they come): responses pile up in the stream's buffer, as under gRPC flow control.
   * `bufferResponses` shrinks that buffer below etcd's 128 so a lesson fills it with few writes.
   */
  | { op: 'slowClient'; streamId: number; readsPerTick: number | null; bufferResponses?: number };

export type ClientResult = { ok: true; resp: unknown } | { ok: false; error: EtcdErrorInfo };

export type NodeEvent =
  | { kind: 'role'; role: (typeof STATE_NAMES)[number]; term: number; lead: NodeId }
  | { kind: 'applied'; index: number; summary: string }
  /** A raft snapshot was made here (every --snapshot-count entries) or installed from the leader's MsgSnap. */
  | { kind: 'snapshot'; action: 'created' | 'installed'; index: number }
  /** This member was removed from the cluster: its host should stop it (etcd exits). */
  | { kind: 'removed' }
  /** A line of this member's server log (etcd's zap logger): what an operator would grep for. */
  | { kind: 'log'; level: 'info' | 'warn'; msg: string }
  | WriteStepEvent;

/** The write path's steps, in the order a write passes them (see writeTrace.ts). */
export const WRITE_STEPS = ['propose', 'wal-append', 'wal-fsync', 'replicate', 'commit', 'apply', 'backend-commit'] as const;
export type WriteStep = (typeof WRITE_STEPS)[number];

/** One step for the raft entries [from, to] on this member; the host stamps `atMs` (virtual ms). */
export interface WriteStepEvent {
  kind: 'write';
  step: WriteStep;
  from: number;
  to: number;
  /** replicate: the follower whose match index now covers the range. */
  peer?: NodeId;
  /** propose: the decoded request. */
  summary?: string;
  /** apply: the store's revision after each entry of the range. */
  revisions?: number[];
  atMs?: number;
}

export interface Outbox {
  messages: Message[];
  watches: Array<{ streamId: number; response: WatchResponse }>;
  /** Backend commits to persist in the page store, in order, each atomically. */
  pages: BackendBatch[];
  responses: Array<{ reqId: number; result: ClientResult }>;
  events: NodeEvent[];
}

