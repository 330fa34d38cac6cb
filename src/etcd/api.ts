// etcd v3's request and response types (etcdserverpb / mvccpb), as plain objects.
// Names follow the protobuf fields (camelCase). Keys and values are bytes, as in etcd.
// Revisions and versions are JS numbers: exact up to 2^53, far beyond what a page reaches. Lease ids
// and request ids are bigints: etcd's ids carry the member id in their top 16 bits (≥ 2^56).
import type { AuthRaftRequests } from '../auth/types';

/** An int64 lease id; 0n is "no lease". */
export type LeaseID = bigint;

export interface KeyValue {
  key: Uint8Array;
  createRevision: number;
  modRevision: number;
  version: number;
  value: Uint8Array;
  lease: LeaseID;
}

export const EventType = { PUT: 0, DELETE: 1 } as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export interface MvccEvent {
  type: EventType;
  kv: KeyValue;
  prevKv?: KeyValue;
}

export interface ResponseHeader {
  clusterId: string; // uint64 as 16 hex digits
  memberId: string; // uint64 as 16 hex digits
  revision: number;
  raftTerm: number;
}

export const SortOrder = { NONE: 0, ASCEND: 1, DESCEND: 2 } as const;
export type SortOrder = (typeof SortOrder)[keyof typeof SortOrder];
export const SortTarget = { KEY: 0, VERSION: 1, CREATE: 2, MOD: 3, VALUE: 4 } as const;
export type SortTarget = (typeof SortTarget)[keyof typeof SortTarget];

export interface RangeRequest {
  key: Uint8Array;
  /** Empty: single key. [0]: every key >= key. Otherwise [key, rangeEnd). */
  rangeEnd: Uint8Array;
  limit: number;
  /** 0 = current revision. */
  revision: number;
  sortOrder: SortOrder;
  sortTarget: SortTarget;
  serializable: boolean;
  keysOnly: boolean;
  countOnly: boolean;
  minModRevision: number;
  maxModRevision: number;
  minCreateRevision: number;
  maxCreateRevision: number;
}

export interface RangeResponse {
  header: ResponseHeader;
  kvs: KeyValue[];
  more: boolean;
  count: number;
}

export interface PutRequest {
  key: Uint8Array;
  value: Uint8Array;
  lease: LeaseID;
  prevKv: boolean;
  ignoreValue: boolean;
  ignoreLease: boolean;
}

export interface PutResponse {
  header: ResponseHeader;
  prevKv?: KeyValue;
}

export interface DeleteRangeRequest {
  key: Uint8Array;
  rangeEnd: Uint8Array;
  prevKv: boolean;
}

export interface DeleteRangeResponse {
  header: ResponseHeader;
  deleted: number;
  prevKvs: KeyValue[];
}

export const CompareResult = { EQUAL: 0, GREATER: 1, LESS: 2, NOT_EQUAL: 3 } as const;
export type CompareResult = (typeof CompareResult)[keyof typeof CompareResult];
export const CompareTarget = { VERSION: 0, CREATE: 1, MOD: 2, VALUE: 3, LEASE: 4 } as const;
export type CompareTarget = (typeof CompareTarget)[keyof typeof CompareTarget];

export interface Compare {
  result: CompareResult;
  target: CompareTarget;
  key: Uint8Array;
  rangeEnd: Uint8Array;
  /** The operand for `target` (value bytes for VALUE, a number otherwise). */
  version?: number;
  createRevision?: number;
  modRevision?: number;
  value?: Uint8Array;
  lease?: LeaseID;
}

export type RequestOp =
  | { requestRange: RangeRequest }
  | { requestPut: PutRequest }
  | { requestDeleteRange: DeleteRangeRequest }
  | { requestTxn: TxnRequest };

export type ResponseOp =
  | { responseRange: RangeResponse }
  | { responsePut: PutResponse }
  | { responseDeleteRange: DeleteRangeResponse }
  | { responseTxn: TxnResponse };

export interface TxnRequest {
  compare: Compare[];
  success: RequestOp[];
  failure: RequestOp[];
}

export interface TxnResponse {
  header: ResponseHeader;
  succeeded: boolean;
  responses: ResponseOp[];
}

export interface CompactionRequest {
  revision: number;
  physical: boolean;
}

export interface CompactionResponse {
  header: ResponseHeader;
}

export interface LeaseGrantRequest {
  /** Seconds. */
  TTL: number;
  /** 0n = let the server choose. */
  ID: LeaseID;
}

export interface LeaseGrantResponse {
  header: ResponseHeader;
  ID: LeaseID;
  TTL: number;
  error: string;
}

export interface LeaseRevokeRequest {
  ID: LeaseID;
}

export interface LeaseRevokeResponse {
  header: ResponseHeader;
}

/** What etcd puts through raft (etcdserverpb.InternalRaftRequest), the subset etcdscope proposes. */
export interface InternalRaftRequest extends AuthRaftRequests {
  header: { ID: bigint; username?: string; authRevision?: number };
  /** Linearizable reads go through ReadIndex, not raft; `range` is kept for serializable-txn parity only. */
  range?: RangeRequest;
  put?: PutRequest;
  deleteRange?: DeleteRangeRequest;
  txn?: TxnRequest;
  compaction?: CompactionRequest;
  leaseGrant?: LeaseGrantRequest;
  leaseRevoke?: LeaseRevokeRequest;
  alarm?: AlarmRequest;
}

export function emptyRangeRequest(key: Uint8Array): RangeRequest {
  return {
    key,
    rangeEnd: new Uint8Array(0),
    limit: 0,
    revision: 0,
    sortOrder: SortOrder.NONE,
    sortTarget: SortTarget.KEY,
    serializable: false,
    keysOnly: false,
    countOnly: false,
    minModRevision: 0,
    maxModRevision: 0,
    minCreateRevision: 0,
    maxCreateRevision: 0,
  };
}

// ---- Cluster service (etcdserverpb.Member*) ----

export interface Member {
  /** uint64 member id as 16 hex digits. */
  ID: string;
  /** Empty until the member has started and published its name (etcd shows it as unstarted). */
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export interface MemberListResponse {
  header: ResponseHeader;
  members: Member[];
}

export interface MemberAddRequest {
  peerURLs: string[];
  isLearner: boolean;
  /** Not in etcd's request: the page names the member it will start (etcd learns names on start). */
  name?: string;
}

export interface MemberAddResponse {
  header: ResponseHeader;
  member: Member;
  members: Member[];
}

export interface MemberRemoveResponse {
  header: ResponseHeader;
  members: Member[];
}

export type MemberUpdateResponse = MemberRemoveResponse;
export type MemberPromoteResponse = MemberRemoveResponse;

export interface MoveLeaderResponse {
  header: ResponseHeader;
}

// ---- Maintenance service ----

export interface StatusResponse {
  header: ResponseHeader;
  version: string;
  dbSize: number;
  /** The leader's member id (16 hex digits), '0000000000000000' when there is none. */
  leader: string;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  errors: string[];
  dbSizeInUse: number;
  isLearner: boolean;
}

export interface HashKVResponse {
  header: ResponseHeader;
  hash: number;
  compactRevision: number;
}

// ---- Alarms (etcdserverpb.AlarmRequest / AlarmMember / AlarmResponse) ----

/** etcdserverpb.AlarmType, by name; the enum numbers are the index in ALARM_TYPES. */
export type AlarmType = 'NONE' | 'NOSPACE' | 'CORRUPT';
export const ALARM_TYPES: readonly AlarmType[] = ['NONE', 'NOSPACE', 'CORRUPT'];
/** etcdserverpb.AlarmRequest_AlarmAction, by name; numbers = index in ALARM_ACTIONS. */
export type AlarmAction = 'GET' | 'ACTIVATE' | 'DEACTIVATE';
export const ALARM_ACTIONS: readonly AlarmAction[] = ['GET', 'ACTIVATE', 'DEACTIVATE'];

export interface AlarmMember {
  /** uint64 member id as 16 hex digits. */
  memberID: string;
  alarm: AlarmType;
}

export interface AlarmRequest {
  action: AlarmAction;
  /** 16 hex digits; '0000000000000000' = every member (GET). */
  memberID: string;
  /** NONE = every type (GET). */
  alarm: AlarmType;
}

export interface AlarmResponse {
  /** etcd 3.4 sends no header on Alarm responses (the applier's response carries none). */
  header?: ResponseHeader;
  alarms: AlarmMember[];
}
