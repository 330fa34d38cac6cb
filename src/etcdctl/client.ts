// What etcdctl needs from a cluster: the etcd v3 gRPC services as async calls on api.ts types.
// One implementation, src/host/etcdClient.ts (RequestClient), serves the page console and the
// oracle runner over a cluster's real request path. Failures reject with EtcdError carrying the gRPC status code name and
// the status description exactly as a real etcd 3.4 sends it (what `etcdctl` prints after "Error: ").

import type { GrpcCode } from '../mvcc/errors';
import type {
  CompactionRequest,
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  LeaseGrantRequest,
  LeaseGrantResponse,
  LeaseRevokeRequest,
  LeaseRevokeResponse,
  MvccEvent,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  ResponseHeader,
  TxnRequest,
  TxnResponse,
} from '../etcd/api';

/** gRPC status code names, as etcd's errors carry them (shared with the server's errors). */
export type GrpcCodeName = Exclude<GrpcCode, 'OK'>;

export class EtcdError extends Error {
  override name = 'EtcdError';
  constructor(
    readonly code: GrpcCodeName,
    /** etcd's text, e.g. 'etcdserver: mvcc: required revision has been compacted'. */
    message: string,
    /** 'connect': the failure happened while connecting/authenticating (etcdctl then exits 2). */
    readonly phase?: 'connect',
  ) {
    super(message);
  }
}

/** Per-call settings etcdctl derives from its global flags. */
export interface CallOptions {
  /** Which endpoint (host:port) the call goes to: the first of --endpoints. */
  endpoint: string;
  /** --command-timeout in milliseconds; a call that cannot finish in time rejects with
   *  EtcdError('DeadlineExceeded', 'context deadline exceeded'). */
  timeoutMs: number;
  /**
   * --user/--password. The client authenticates with them before the call (clientv3 does at
   * connect); a refused authentication rejects with phase 'connect'. An empty name means none.
   */
  user?: { name: string; password: string };
}

/** Lease service types api.ts does not cover yet (etcdserverpb.LeaseTimeToLive/LeaseLeases/LeaseKeepAlive). */
export interface LeaseTimeToLiveRequest {
  ID: bigint;
  keys: boolean;
}
export interface LeaseTimeToLiveResponse {
  header: ResponseHeader;
  ID: bigint;
  /** Remaining seconds; -1 when the lease does not exist (expired or never granted). */
  TTL: number;
  grantedTTL: number;
  keys: Uint8Array[];
}
export interface LeaseLeasesResponse {
  header: ResponseHeader;
  /** In expiry order, soonest first (what etcd's lessor returns). */
  leases: { ID: bigint }[];
}
export interface LeaseKeepAliveResponse {
  header: ResponseHeader;
  ID: bigint;
  TTL: number;
}

// ---- Cluster and Maintenance services (etcdserverpb), ids as 16 hex digits like ResponseHeader ----

// The cluster and maintenance messages are the server's own types (src/etcd/api.ts).
export type { Member, MemberListResponse, MemberAddResponse, StatusResponse, HashKVResponse } from '../etcd/api';
import type { MemberListResponse, MemberAddResponse, StatusResponse, HashKVResponse } from '../etcd/api';

export type AlarmType = 'NONE' | 'NOSPACE' | 'CORRUPT';
export interface AlarmMember {
  memberID: string;
  alarm: AlarmType;
}
export interface AlarmResponse {
  /** etcd sends no header on Alarm responses. */
  header?: ResponseHeader;
  alarms: AlarmMember[];
}

// ---- Watch ----

export interface WatchCreateRequest {
  key: Uint8Array;
  /** As RangeRequest.rangeEnd: empty = one key, [0x00] = every key >= key. */
  rangeEnd: Uint8Array;
  /** 0 = from the next revision on. */
  startRevision: number;
  prevKv: boolean;
  /** gRPC metadata: the auth token of the stream (set by the client when it authenticated). */
  token?: string;
}

export interface WatchResponse {
  header: ResponseHeader;
  /** Replayed history arrives as one response; live changes one response per revision. */
  events: MvccEvent[];
  /** Set (with canceled) when the start revision has been compacted. */
  compactRevision: number;
  canceled: boolean;
  cancelReason: string;
  /** A header-only reply to requestProgress(). */
  progressNotify?: boolean;
}

export interface WatchHandle {
  /** Stops the watch (client side); no more responses are delivered. */
  cancel(): void;
  /** Asks for a progress notification (etcdctl `watch -i` "progress"). */
  requestProgress?(): void;
  /**
   * Makes this client read its stream slowly: at most `readsPerTick` responses per member tick (null:
   * as fast as they come). Responses then wait in the member's stream buffer, as under gRPC flow
   * control, and once it is full the watcher becomes a victim (etcdscope's control, not etcd's API).
   */
  setReadsPerTick?(readsPerTick: number | null, bufferResponses?: number): void;
}

// ---- Auth ----

export type PermissionType = 'READ' | 'WRITE' | 'READWRITE';
export interface Permission {
  permType: PermissionType;
  key: Uint8Array;
  /** Empty: the single key; [0x00]: every key >= key. */
  rangeEnd: Uint8Array;
}
/** Requests of the Auth service; responses carry a header plus the named fields. */
export type AuthRequest =
  | { op: 'authEnable' }
  | { op: 'authDisable' }
  | { op: 'userAdd'; name: string; password: string; noPassword: boolean }
  | { op: 'userDelete'; name: string }
  | { op: 'userChangePassword'; name: string; password: string }
  | { op: 'userGet'; name: string }
  | { op: 'userList' }
  | { op: 'userGrantRole'; user: string; role: string }
  | { op: 'userRevokeRole'; name: string; role: string }
  | { op: 'roleAdd'; name: string }
  | { op: 'roleDelete'; role: string }
  | { op: 'roleGet'; role: string }
  | { op: 'roleList' }
  | { op: 'roleGrantPermission'; name: string; perm: Permission }
  | { op: 'roleRevokePermission'; role: string; key: Uint8Array; rangeEnd: Uint8Array };
export interface AuthResponse {
  header: ResponseHeader;
  /** userGet: the user's roles; roleList: all roles. */
  roles?: string[];
  /** userList */
  users?: string[];
  /** roleGet, sorted by key */
  perm?: Permission[];
}

export interface EtcdClient {
  range(req: RangeRequest, opts?: CallOptions): Promise<RangeResponse>;
  put(req: PutRequest, opts?: CallOptions): Promise<PutResponse>;
  deleteRange(req: DeleteRangeRequest, opts?: CallOptions): Promise<DeleteRangeResponse>;
  txn(req: TxnRequest, opts?: CallOptions): Promise<TxnResponse>;
  compact(req: CompactionRequest, opts?: CallOptions): Promise<CompactionResponse>;
  leaseGrant?(req: LeaseGrantRequest, opts?: CallOptions): Promise<LeaseGrantResponse>;
  leaseRevoke?(req: LeaseRevokeRequest, opts?: CallOptions): Promise<LeaseRevokeResponse>;
  leaseTimeToLive?(req: LeaseTimeToLiveRequest, opts?: CallOptions): Promise<LeaseTimeToLiveResponse>;
  leaseLeases?(opts?: CallOptions): Promise<LeaseLeasesResponse>;
  /** One LeaseKeepAlive round trip; rejects with 'etcdserver: requested lease not found' for unknown ids. */
  leaseKeepAliveOnce?(req: { ID: bigint }, opts?: CallOptions): Promise<LeaseKeepAliveResponse>;
  /**
   * clientv3's KeepAlive: renews now and then every TTL/3 seconds, calling `onResponse` for each
   * renewal, and once with null when the lease is gone (expired or revoked; the stream ends).
   */
  leaseKeepAlive?(req: { ID: bigint }, onResponse: (r: LeaseKeepAliveResponse | null) => void, opts?: CallOptions): WatchHandle;

  memberList?(opts?: CallOptions): Promise<MemberListResponse>;
  memberAdd?(req: { peerURLs: string[]; isLearner: boolean }, opts?: CallOptions): Promise<MemberAddResponse>;
  memberRemove?(req: { ID: string }, opts?: CallOptions): Promise<MemberListResponse>;
  memberUpdate?(req: { ID: string; peerURLs: string[] }, opts?: CallOptions): Promise<MemberListResponse>;
  memberPromote?(req: { ID: string }, opts?: CallOptions): Promise<MemberListResponse>;
  /** Maintenance calls answer for the member at opts.endpoint. */
  status?(opts?: CallOptions): Promise<StatusResponse>;
  hashKV?(req: { revision: number }, opts?: CallOptions): Promise<HashKVResponse>;
  defragment?(opts?: CallOptions): Promise<{ header: ResponseHeader }>;
  alarmList?(opts?: CallOptions): Promise<AlarmResponse>;
  alarmDisarm?(opts?: CallOptions): Promise<AlarmResponse>;
  /** Maintenance.Snapshot: the member's db file followed by its SHA-256 (what `snapshot save` writes). */
  snapshotSave?(opts?: CallOptions): Promise<{ header: ResponseHeader; blob: Uint8Array }>;
  moveLeader?(req: { targetID: string }, opts?: CallOptions): Promise<{ header: ResponseHeader }>;
  /**
   * Opens a watch; `onResponse` is called for every response until the watch is canceled by the
   * client or by the server (a response with canceled=true is the last one). The "created"
   * response is not delivered, as clientv3 does not surface it.
   */
  watch?(req: WatchCreateRequest, onResponse: (r: WatchResponse) => void, opts?: CallOptions): WatchHandle;
  /** The Auth service (user/role/auth commands). */
  auth?(req: AuthRequest, opts?: CallOptions): Promise<AuthResponse>;
}

/** The rejection etcdctl sees for a service this client does not provide. */
export function unimplemented(method: string): EtcdError {
  return new EtcdError('Unimplemented', `unknown method ${method} for service`);
}

/** Normalizes anything a client call rejected with into (code, message). */
export function asEtcdError(e: unknown): EtcdError {
  if (e instanceof EtcdError) return e;
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const phase = (e as { phase?: unknown }).phase === 'connect' ? 'connect' : undefined;
    return new EtcdError(String((e as { code: unknown }).code) as GrpcCodeName, String((e as { message: unknown }).message), phase);
  }
  return new EtcdError('Unknown', e instanceof Error ? e.message : String(e));
}
