// The etcd 3.4 messages etcd-dump-logs and etcd-dump-db print, as text-format schemas: field
// numbers and names from etcdserverpb/rpc.proto, raft_internal.proto, etcdserver.proto,
// mvccpb/kv.proto, authpb/auth.proto and leasepb/lease.proto, in declaration order.
import type { FieldSpec, MessageSpec } from './protoText';

const msg = (no: number, name: string, message: () => MessageSpec, extra: Partial<FieldSpec> = {}): FieldSpec => ({ no, name, type: { message }, ...extra });
const u64 = (no: number, name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ no, name, type: 'uint64', ...extra });
const i64 = (no: number, name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ no, name, type: 'int64', ...extra });
const bool = (no: number, name: string): FieldSpec => ({ no, name, type: 'bool' });
const bytes = (no: number, name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ no, name, type: 'bytes', ...extra });
const str = (no: number, name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ no, name, type: 'string', ...extra });
const enm = (no: number, name: string, values: readonly string[]): FieldSpec => ({ no, name, type: { enum: values } });

export const RequestHeader: MessageSpec = [u64(1, 'ID'), str(2, 'username'), u64(3, 'auth_revision')];

export const RangeRequest: MessageSpec = [
  bytes(1, 'key'),
  bytes(2, 'range_end'),
  i64(3, 'limit'),
  i64(4, 'revision'),
  enm(5, 'sort_order', ['NONE', 'ASCEND', 'DESCEND']),
  enm(6, 'sort_target', ['KEY', 'VERSION', 'CREATE', 'MOD', 'VALUE']),
  bool(7, 'serializable'),
  bool(8, 'keys_only'),
  bool(9, 'count_only'),
  i64(10, 'min_mod_revision'),
  i64(11, 'max_mod_revision'),
  i64(12, 'min_create_revision'),
  i64(13, 'max_create_revision'),
];

export const PutRequest: MessageSpec = [bytes(1, 'key'), bytes(2, 'value'), i64(3, 'lease'), bool(4, 'prev_kv'), bool(5, 'ignore_value'), bool(6, 'ignore_lease')];
export const DeleteRangeRequest: MessageSpec = [bytes(1, 'key'), bytes(2, 'range_end'), bool(3, 'prev_kv')];

export const Compare: MessageSpec = [
  enm(1, 'result', ['EQUAL', 'GREATER', 'LESS', 'NOT_EQUAL']),
  enm(2, 'target', ['VERSION', 'CREATE', 'MOD', 'VALUE', 'LEASE']),
  bytes(3, 'key'),
  i64(4, 'version', { oneof: true }),
  i64(5, 'create_revision', { oneof: true }),
  i64(6, 'mod_revision', { oneof: true }),
  bytes(7, 'value', { oneof: true }),
  i64(8, 'lease', { oneof: true }),
  bytes(64, 'range_end'),
];

export const RequestOp: MessageSpec = [
  msg(1, 'request_range', () => RangeRequest),
  msg(2, 'request_put', () => PutRequest),
  msg(3, 'request_delete_range', () => DeleteRangeRequest),
  msg(4, 'request_txn', () => TxnRequest),
];

export const TxnRequest: MessageSpec = [
  msg(1, 'compare', () => Compare, { repeated: true }),
  msg(2, 'success', () => RequestOp, { repeated: true }),
  msg(3, 'failure', () => RequestOp, { repeated: true }),
];

const CompactionRequest: MessageSpec = [i64(1, 'revision'), bool(2, 'physical')];
const LeaseGrantRequest: MessageSpec = [i64(1, 'TTL'), i64(2, 'ID')];
const LeaseRevokeRequest: MessageSpec = [i64(1, 'ID')];
const LeaseCheckpoint: MessageSpec = [i64(1, 'ID'), i64(2, 'remaining_TTL')];
const LeaseCheckpointRequest: MessageSpec = [msg(1, 'checkpoints', () => LeaseCheckpoint, { repeated: true })];
const AlarmRequest: MessageSpec = [enm(1, 'action', ['GET', 'ACTIVATE', 'DEACTIVATE']), u64(2, 'memberID'), enm(3, 'alarm', ['NONE', 'NOSPACE', 'CORRUPT'])];

export const Permission: MessageSpec = [enm(1, 'permType', ['READ', 'WRITE', 'READWRITE']), bytes(2, 'key'), bytes(3, 'range_end')];
const UserAddOptions: MessageSpec = [bool(1, 'no_password')];
export const User: MessageSpec = [bytes(1, 'name'), bytes(2, 'password'), str(3, 'roles', { repeated: true }), msg(4, 'options', () => UserAddOptions)];
export const Role: MessageSpec = [bytes(1, 'name'), msg(2, 'keyPermission', () => Permission, { repeated: true })];

const Empty: MessageSpec = [];
const name1: MessageSpec = [str(1, 'name')];
const role1: MessageSpec = [str(1, 'role')];

/** etcdserverpb.Request: the v2 request 3.4 still proposes (member attributes, cluster version). */
export const V2Request: MessageSpec = [
  u64(1, 'ID'),
  str(2, 'Method'),
  str(3, 'Path'),
  str(4, 'Val'),
  bool(5, 'Dir'),
  str(6, 'PrevValue'),
  u64(7, 'PrevIndex'),
  bool(8, 'PrevExist'),
  i64(9, 'Expiration'),
  bool(10, 'Wait'),
  u64(11, 'Since'),
  bool(12, 'Recursive'),
  bool(13, 'Sorted'),
  bool(14, 'Quorum'),
  i64(15, 'Time'),
  bool(16, 'Stream'),
  bool(17, 'Refresh'),
];

export const InternalRaftRequest: MessageSpec = [
  msg(100, 'header', () => RequestHeader),
  u64(1, 'ID'),
  msg(2, 'v2', () => V2Request),
  msg(3, 'range', () => RangeRequest),
  msg(4, 'put', () => PutRequest),
  msg(5, 'delete_range', () => DeleteRangeRequest),
  msg(6, 'txn', () => TxnRequest),
  msg(7, 'compaction', () => CompactionRequest),
  msg(8, 'lease_grant', () => LeaseGrantRequest),
  msg(9, 'lease_revoke', () => LeaseRevokeRequest),
  msg(10, 'alarm', () => AlarmRequest),
  msg(11, 'lease_checkpoint', () => LeaseCheckpointRequest),
  msg(1000, 'auth_enable', () => Empty),
  msg(1011, 'auth_disable', () => Empty),
  msg(1012, 'authenticate', () => [str(1, 'name'), str(2, 'password'), str(3, 'simple_token')]),
  msg(1100, 'auth_user_add', () => [str(1, 'name'), str(2, 'password'), msg(3, 'options', () => UserAddOptions)]),
  msg(1101, 'auth_user_delete', () => name1),
  msg(1102, 'auth_user_get', () => name1),
  msg(1103, 'auth_user_change_password', () => [str(1, 'name'), str(2, 'password')]),
  msg(1104, 'auth_user_grant_role', () => [str(1, 'user'), str(2, 'role')]),
  msg(1105, 'auth_user_revoke_role', () => [str(1, 'name'), str(2, 'role')]),
  msg(1106, 'auth_user_list', () => Empty),
  msg(1107, 'auth_role_list', () => Empty),
  msg(1200, 'auth_role_add', () => name1),
  msg(1201, 'auth_role_delete', () => role1),
  msg(1202, 'auth_role_get', () => role1),
  msg(1203, 'auth_role_grant_permission', () => [str(1, 'name'), msg(2, 'perm', () => Permission)]),
  msg(1204, 'auth_role_revoke_permission', () => [str(1, 'role'), bytes(2, 'key'), bytes(3, 'range_end')]),
];

/** mvccpb.KeyValue, the value of every `key` bucket entry. */
export const KeyValue: MessageSpec = [bytes(1, 'key'), i64(2, 'create_revision'), i64(3, 'mod_revision'), i64(4, 'version'), bytes(5, 'value'), i64(6, 'lease')];

/** leasepb.Lease, the value of every `lease` bucket entry. */
export const Lease: MessageSpec = [i64(1, 'ID'), i64(2, 'TTL'), i64(3, 'RemainingTTL')];

/** raftpb.ConfChange (an EntryConfChange's data). */
export const ConfChange: MessageSpec = [u64(1, 'ID'), enm(2, 'Type', ['ConfChangeAddNode', 'ConfChangeRemoveNode', 'ConfChangeUpdateNode', 'ConfChangeAddLearnerNode']), u64(3, 'NodeID'), bytes(4, 'Context')];
