// etcdserverpb.InternalRaftRequest — what etcd 3.4 puts in an EntryNormal's Data
// (`etcdserver/etcdserverpb/raft_internal.proto`; field numbers in disk-formats.md §5.2) — plus the
// v2 `Request` that 3.4 still proposes for member attributes and the cluster version.
// proto3: the header (field 100, key `a2 06`) is written AFTER the request body, because gogo
// writes fields in number order. Request/response messages are in rpc.ts / responses.ts.

import { ProtoDecodeError, ProtoReader, ProtoWriter } from '../lib/proto';
import type { InternalRaftRequest } from '../etcd/api';
import { encodeExact } from './raftpb';
import { p3BytesSize, p3Varint, p3VarintBig, p3VarintBigSize, p3VarintSize } from './mvccpb';
import {
  messageFieldSize,
  readCompactionRequest,
  readDeleteRangeRequest,
  readLeaseGrantRequest,
  readLeaseRevokeRequest,
  readPutRequest,
  readRangeRequest,
  readTxnRequest,
  sizeCompactionRequest,
  sizeDeleteRangeRequest,
  sizeLeaseGrantRequest,
  sizeLeaseRevokeRequest,
  sizePutRequest,
  sizeRangeRequest,
  sizeTxnRequest,
  writeCompactionRequest,
  writeDeleteRangeRequest,
  writeLeaseGrantRequest,
  writeLeaseRevokeRequest,
  writePutRequest,
  writeRangeRequest,
  writeTxnRequest,
} from './rpc';
import { describeRequest, describeV2Request, showBytes } from './describe';
import { utf8 } from '../lib/bytes';
import { readAlarmRequest, sizeAlarmRequest, writeAlarmRequest } from './alarmpb';
import { readAuthField, sizeAuthFields, writeAuthFields } from './authpb';

export * from './rpc';
export * from './responses';
export { describeRequest, describeV2Request } from './describe';

/** InternalRaftRequest field numbers (3.4), including those etcdscope does not model. */
export const InternalRaftRequestField = {
  ID: 1,
  v2: 2,
  range: 3,
  put: 4,
  delete_range: 5,
  txn: 6,
  compaction: 7,
  lease_grant: 8,
  lease_revoke: 9,
  alarm: 10,
  lease_checkpoint: 11,
  header: 100,
  auth_enable: 1000,
  auth_disable: 1011,
  authenticate: 1012,
  auth_user_add: 1100,
  auth_user_delete: 1101,
  auth_user_get: 1102,
  auth_user_change_password: 1103,
  auth_user_grant_role: 1104,
  auth_user_revoke_role: 1105,
  auth_user_list: 1106,
  auth_role_list: 1107,
  auth_role_add: 1200,
  auth_role_delete: 1201,
  auth_role_get: 1202,
  auth_role_grant_permission: 1203,
  auth_role_revoke_permission: 1204,
} as const;

const FIELD_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(InternalRaftRequestField).map(([k, v]) => [v, k]),
);

// RequestHeader {ID=1 uint64, username=2 string, auth_revision=3 uint64}

type RequestHeader = InternalRaftRequest['header'];

function sizeRequestHeader(h: RequestHeader): number {
  return p3VarintBigSize(1, h.ID) + p3BytesSize(2, utf8(h.username ?? '')) + p3VarintSize(3, h.authRevision ?? 0);
}

function writeRequestHeader(w: ProtoWriter, h: RequestHeader): void {
  p3VarintBig(w, 1, h.ID);
  if (h.username) w.stringField(2, h.username);
  p3Varint(w, 3, h.authRevision ?? 0);
}

function readRequestHeader(r: ProtoReader): RequestHeader {
  const h: RequestHeader = { ID: 0n, username: '', authRevision: 0 };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: h.ID = r.uint64Big(); break;
      case 2: h.username = r.string(); break;
      case 3: h.authRevision = r.uint64(); break;
      default: r.skip(t & 7);
    }
  }
  return h;
}

// InternalRaftRequest {range=3, put=4, delete_range=5, txn=6, compaction=7, lease_grant=8,
// lease_revoke=9, header=100}: set sub-messages are written even when empty; the header always is
// (etcd always sets it).

export function sizeInternalRaftRequest(q: InternalRaftRequest): number {
  let n = messageFieldSize(100, sizeRequestHeader(q.header));
  if (q.range) n += messageFieldSize(3, sizeRangeRequest(q.range));
  if (q.put) n += messageFieldSize(4, sizePutRequest(q.put));
  if (q.deleteRange) n += messageFieldSize(5, sizeDeleteRangeRequest(q.deleteRange));
  if (q.txn) n += messageFieldSize(6, sizeTxnRequest(q.txn));
  if (q.compaction) n += messageFieldSize(7, sizeCompactionRequest(q.compaction));
  if (q.leaseGrant) n += messageFieldSize(8, sizeLeaseGrantRequest(q.leaseGrant));
  if (q.leaseRevoke) n += messageFieldSize(9, sizeLeaseRevokeRequest(q.leaseRevoke));
  if (q.alarm) n += messageFieldSize(10, sizeAlarmRequest(q.alarm));
  n += sizeAuthFields(q);
  return n;
}

export function writeInternalRaftRequest(w: ProtoWriter, q: InternalRaftRequest): void {
  if (q.range) {
    w.messageHeader(3, sizeRangeRequest(q.range));
    writeRangeRequest(w, q.range);
  }
  if (q.put) {
    w.messageHeader(4, sizePutRequest(q.put));
    writePutRequest(w, q.put);
  }
  if (q.deleteRange) {
    w.messageHeader(5, sizeDeleteRangeRequest(q.deleteRange));
    writeDeleteRangeRequest(w, q.deleteRange);
  }
  if (q.txn) {
    w.messageHeader(6, sizeTxnRequest(q.txn));
    writeTxnRequest(w, q.txn);
  }
  if (q.compaction) {
    w.messageHeader(7, sizeCompactionRequest(q.compaction));
    writeCompactionRequest(w, q.compaction);
  }
  if (q.leaseGrant) {
    w.messageHeader(8, sizeLeaseGrantRequest(q.leaseGrant));
    writeLeaseGrantRequest(w, q.leaseGrant);
  }
  if (q.leaseRevoke) {
    w.messageHeader(9, sizeLeaseRevokeRequest(q.leaseRevoke));
    writeLeaseRevokeRequest(w, q.leaseRevoke);
  }
  if (q.alarm) {
    w.messageHeader(10, sizeAlarmRequest(q.alarm));
    writeAlarmRequest(w, q.alarm);
  }
  w.messageHeader(100, sizeRequestHeader(q.header));
  writeRequestHeader(w, q.header);
  writeAuthFields(w, q); // fields 1000+ come after the header
}

/** The Data of an EntryNormal, in one exactly-sized buffer. */
export function encodeInternalRaftRequest(q: InternalRaftRequest): Uint8Array {
  return encodeExact(sizeInternalRaftRequest(q), (w) => writeInternalRaftRequest(w, q));
}

/**
 * Decode an InternalRaftRequest; keys/values are views into `b`. Requests etcdscope does not model
 * (alarm, auth, lease checkpoint, v2) are skipped: see `otherFields` of decodeInternalRaftRequestFields.
 * Throws ProtoDecodeError on malformed bytes.
 */
export function decodeInternalRaftRequest(b: Uint8Array): InternalRaftRequest {
  return decodeInternalRaftRequestFields(b).request;
}

/** Decode and also list the field numbers present that InternalRaftRequest (api.ts) has no place for. */
export function decodeInternalRaftRequestFields(b: Uint8Array): { request: InternalRaftRequest; otherFields: number[] } {
  const r = new ProtoReader(b);
  const q: InternalRaftRequest = { header: { ID: 0n, username: '', authRevision: 0 } };
  const otherFields: number[] = [];
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 3: q.range = readRangeRequest(r.sub()); break;
      case 4: q.put = readPutRequest(r.sub()); break;
      case 5: q.deleteRange = readDeleteRangeRequest(r.sub()); break;
      case 6: q.txn = readTxnRequest(r.sub()); break;
      case 7: q.compaction = readCompactionRequest(r.sub()); break;
      case 8: q.leaseGrant = readLeaseGrantRequest(r.sub()); break;
      case 9: q.leaseRevoke = readLeaseRevokeRequest(r.sub()); break;
      case 10: q.alarm = readAlarmRequest(r.sub()); break;
      case 100: q.header = readRequestHeader(r.sub()); break;
      default:
        if ((t & 7) === 2 && readAuthField(t >>> 3, r, q)) break;
        if (t >>> 3 === 2) readV2Request(r.sub()); // etcd fails the whole parse if v2 is malformed
        else r.skip(t & 7);
        otherFields.push(t >>> 3);
    }
  }
  return { request: q, otherFields };
}

// v2 Request (proto2, `etcdserver/etcdserverpb/etcdserver.proto`): ID=1, Method=2, Path=3, Val=4,
// Dir=5, PrevValue=6, PrevIndex=7, PrevExist=8, Expiration=9, Wait=10, Since=11, Recursive=12,
// Sorted=13, Quorum=14, Time=15, Stream=16, Refresh=17. Decoded only to show what real etcd logged.

export interface V2Request {
  ID: number;
  method: string;
  path: string;
  val: string;
}

function readV2Request(r: ProtoReader): V2Request {
  const q: V2Request = { ID: 0, method: '', path: '', val: '' };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: q.ID = r.uint64(); break;
      case 2: q.method = r.string(); break;
      case 3: q.path = r.string(); break;
      case 4: q.val = r.string(); break;
      default: r.skip(t & 7);
    }
  }
  return q;
}

export function decodeV2Request(b: Uint8Array): V2Request {
  return readV2Request(new ProtoReader(b));
}

/**
 * A one-line summary of an EntryNormal's Data, decoded the way etcd's applier does: as an
 * InternalRaftRequest, falling back to a v2 Request. Never throws.
 */
export function describeEntryData(data: Uint8Array): string {
  if (data.length === 0) return 'noop';
  try {
    const { request, otherFields } = decodeInternalRaftRequestFields(data);
    const modelled = request.range || request.put || request.deleteRange || request.txn || request.compaction || request.leaseGrant || request.leaseRevoke || request.alarm;
    if (modelled) return describeRequest(request);
    // Requests etcdscope does not model (alarm, auth_*, lease_checkpoint): name them.
    const named = otherFields.filter((f) => f > 2 && FIELD_NAMES[f]);
    if (named.length > 0) return named.map((f) => FIELD_NAMES[f]!.replace(/_/g, ' ')).join(', ');
    if (otherFields.length === 0) return describeRequest(request);
  } catch (e) {
    if (!(e instanceof ProtoDecodeError)) throw e;
  }
  try {
    return describeV2Request(decodeV2Request(data));
  } catch {
    return `undecodable (${data.length} bytes: ${showBytes(data.subarray(0, 8), 16)})`;
  }
}
