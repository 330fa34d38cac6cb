// The node's contract with its hosts: configuration, client requests and results, watch stream
// requests, events, and the outbox a Ready/advance round produces.
import type { Message, NodeId } from '../raft/types';
import { STATE_NAMES } from '../raft/types';
import type {
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
}

export const DEFAULT_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;

export type ClientRequest =
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
  | { op: 'hashKV'; revision: number };

/** A watch stream's lifecycle, keyed by a stream id the client chooses (unique per member). */
export type WatchRequest =
  | { op: 'create'; streamId: number; req: WatchCreateRequest }
  | { op: 'cancel'; streamId: number }
  | { op: 'progress'; streamId: number };

export type ClientResult = { ok: true; resp: unknown } | { ok: false; error: EtcdErrorInfo };

export type NodeEvent =
  | { kind: 'role'; role: (typeof STATE_NAMES)[number]; term: number; lead: NodeId }
  | { kind: 'applied'; index: number; summary: string }
  /** This member was removed from the cluster: its host should stop it (etcd exits). */
  | { kind: 'removed' };

export interface Outbox {
  messages: Message[];
  watches: Array<{ streamId: number; response: WatchResponse }>;
  /** Backend commits to persist in the page store, in order, each atomically. */
  pages: BackendBatch[];
  responses: Array<{ reqId: number; result: ClientResult }>;
  events: NodeEvent[];
}

