// etcdserverpb request messages (etcd 3.4 `etcdserver/etcdserverpb/rpc.proto`, proto3 + gogoproto):
// Range, Put, DeleteRange, Txn (Compare, RequestOp), Compaction, LeaseGrant, LeaseRevoke.
// proto3 rules: zero/empty scalars are not written, set sub-messages and oneof members always are
// (a oneof member even when zero: `Compare_Version{0}` is `20 00`), fields in number order.
// Decoding fills every field of the src/etcd/api.ts shapes with its default.

import { ProtoReader, ProtoWriter, lengthDelimitedSize, tagSize, varintSize, varintSizeBig } from '../lib/proto';
import { EMPTY } from '../lib/bytes';
import {
  CompareTarget,
  emptyRangeRequest,
  type CompactionRequest,
  type Compare,
  type CompareResult,
  type DeleteRangeRequest,
  type LeaseGrantRequest,
  type LeaseRevokeRequest,
  type PutRequest,
  type RangeRequest,
  type RequestOp,
  type SortOrder,
  type SortTarget,
  type TxnRequest,
} from '../etcd/api';
import { p3Bool, p3BoolSize, p3Bytes, p3BytesSize, p3Varint, p3VarintBig, p3VarintBigSize, p3VarintSize } from './mvccpb';

/** Size of an embedded message field whose payload is `size` bytes (always written). */
export const messageFieldSize = (field: number, size: number): number => lengthDelimitedSize(field, size);

// RangeRequest {key=1, range_end=2, limit=3, revision=4, sort_order=5, sort_target=6, serializable=7,
// keys_only=8, count_only=9, min_mod_revision=10, max_mod_revision=11, min_create_revision=12,
// max_create_revision=13}

export function sizeRangeRequest(q: RangeRequest): number {
  return (
    p3BytesSize(1, q.key) +
    p3BytesSize(2, q.rangeEnd) +
    p3VarintSize(3, q.limit) +
    p3VarintSize(4, q.revision) +
    p3VarintSize(5, q.sortOrder) +
    p3VarintSize(6, q.sortTarget) +
    p3BoolSize(7, q.serializable) +
    p3BoolSize(8, q.keysOnly) +
    p3BoolSize(9, q.countOnly) +
    p3VarintSize(10, q.minModRevision) +
    p3VarintSize(11, q.maxModRevision) +
    p3VarintSize(12, q.minCreateRevision) +
    p3VarintSize(13, q.maxCreateRevision)
  );
}

export function writeRangeRequest(w: ProtoWriter, q: RangeRequest): void {
  p3Bytes(w, 1, q.key);
  p3Bytes(w, 2, q.rangeEnd);
  p3Varint(w, 3, q.limit);
  p3Varint(w, 4, q.revision);
  p3Varint(w, 5, q.sortOrder);
  p3Varint(w, 6, q.sortTarget);
  p3Bool(w, 7, q.serializable);
  p3Bool(w, 8, q.keysOnly);
  p3Bool(w, 9, q.countOnly);
  p3Varint(w, 10, q.minModRevision);
  p3Varint(w, 11, q.maxModRevision);
  p3Varint(w, 12, q.minCreateRevision);
  p3Varint(w, 13, q.maxCreateRevision);
}

export function readRangeRequest(r: ProtoReader): RangeRequest {
  const q = emptyRangeRequest(EMPTY);
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: q.key = r.bytes(); break;
      case 2: q.rangeEnd = r.bytes(); break;
      case 3: q.limit = r.int64(); break;
      case 4: q.revision = r.int64(); break;
      case 5: q.sortOrder = r.uint32() as SortOrder; break;
      case 6: q.sortTarget = r.uint32() as SortTarget; break;
      case 7: q.serializable = r.bool(); break;
      case 8: q.keysOnly = r.bool(); break;
      case 9: q.countOnly = r.bool(); break;
      case 10: q.minModRevision = r.int64(); break;
      case 11: q.maxModRevision = r.int64(); break;
      case 12: q.minCreateRevision = r.int64(); break;
      case 13: q.maxCreateRevision = r.int64(); break;
      default: r.skip(t & 7);
    }
  }
  return q;
}

// PutRequest {key=1, value=2, lease=3, prev_kv=4, ignore_value=5, ignore_lease=6}

export function sizePutRequest(q: PutRequest): number {
  return (
    p3BytesSize(1, q.key) +
    p3BytesSize(2, q.value) +
    p3VarintBigSize(3, q.lease) +
    p3BoolSize(4, q.prevKv) +
    p3BoolSize(5, q.ignoreValue) +
    p3BoolSize(6, q.ignoreLease)
  );
}

export function writePutRequest(w: ProtoWriter, q: PutRequest): void {
  p3Bytes(w, 1, q.key);
  p3Bytes(w, 2, q.value);
  p3VarintBig(w, 3, q.lease);
  p3Bool(w, 4, q.prevKv);
  p3Bool(w, 5, q.ignoreValue);
  p3Bool(w, 6, q.ignoreLease);
}

export function readPutRequest(r: ProtoReader): PutRequest {
  const q: PutRequest = { key: EMPTY, value: EMPTY, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: q.key = r.bytes(); break;
      case 2: q.value = r.bytes(); break;
      case 3: q.lease = r.int64Big(); break;
      case 4: q.prevKv = r.bool(); break;
      case 5: q.ignoreValue = r.bool(); break;
      case 6: q.ignoreLease = r.bool(); break;
      default: r.skip(t & 7);
    }
  }
  return q;
}

// DeleteRangeRequest {key=1, range_end=2, prev_kv=3}

export function sizeDeleteRangeRequest(q: DeleteRangeRequest): number {
  return p3BytesSize(1, q.key) + p3BytesSize(2, q.rangeEnd) + p3BoolSize(3, q.prevKv);
}

export function writeDeleteRangeRequest(w: ProtoWriter, q: DeleteRangeRequest): void {
  p3Bytes(w, 1, q.key);
  p3Bytes(w, 2, q.rangeEnd);
  p3Bool(w, 3, q.prevKv);
}

export function readDeleteRangeRequest(r: ProtoReader): DeleteRangeRequest {
  const q: DeleteRangeRequest = { key: EMPTY, rangeEnd: EMPTY, prevKv: false };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: q.key = r.bytes(); break;
      case 2: q.rangeEnd = r.bytes(); break;
      case 3: q.prevKv = r.bool(); break;
      default: r.skip(t & 7);
    }
  }
  return q;
}

// Compare {result=1, target=2, key=3, oneof target_union {version=4, create_revision=5,
// mod_revision=6, value=7, lease=8}, range_end=64}. The oneof member written is the one that
// matches `target`, as etcd clients set it; gogo writes it even when zero (value: when non-nil).

function compareOperand(c: Compare): { field: number; n: number } | { field: 8; big: bigint } | { field: 7; bytes: Uint8Array } {
  switch (c.target) {
    case CompareTarget.VERSION: return { field: 4, n: c.version ?? 0 };
    case CompareTarget.CREATE: return { field: 5, n: c.createRevision ?? 0 };
    case CompareTarget.MOD: return { field: 6, n: c.modRevision ?? 0 };
    case CompareTarget.VALUE: return { field: 7, bytes: c.value ?? EMPTY };
    case CompareTarget.LEASE: return { field: 8, big: c.lease ?? 0n };
    default: return { field: 4, n: c.version ?? 0 };
  }
}

export function sizeCompare(c: Compare): number {
  const op = compareOperand(c);
  const opSize = 'bytes' in op ? lengthDelimitedSize(7, op.bytes.length) : 'big' in op ? tagSize(8) + varintSizeBig(op.big) : tagSize(op.field) + varintSize(op.n);
  return p3VarintSize(1, c.result) + p3VarintSize(2, c.target) + p3BytesSize(3, c.key) + opSize + p3BytesSize(64, c.rangeEnd);
}

export function writeCompare(w: ProtoWriter, c: Compare): void {
  p3Varint(w, 1, c.result);
  p3Varint(w, 2, c.target);
  p3Bytes(w, 3, c.key);
  const op = compareOperand(c);
  if ('bytes' in op) w.bytesField(7, op.bytes);
  else if ('big' in op) {
    w.tag(8, 0);
    w.uint64Big(op.big);
  } else w.int64Field(op.field, op.n);
  p3Bytes(w, 64, c.rangeEnd);
}

export function readCompare(r: ProtoReader): Compare {
  const c: Compare = { result: 0, target: 0, key: EMPTY, rangeEnd: EMPTY };
  let operand = false;
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: c.result = r.uint32() as CompareResult; break;
      case 2: c.target = r.uint32() as CompareTarget; break;
      case 3: c.key = r.bytes(); break;
      case 4: c.version = r.int64(); operand = true; break;
      case 5: c.createRevision = r.int64(); operand = true; break;
      case 6: c.modRevision = r.int64(); operand = true; break;
      case 7: c.value = r.bytes(); operand = true; break;
      case 8: c.lease = r.int64Big(); operand = true; break;
      case 64: c.rangeEnd = r.bytes(); break;
      default: r.skip(t & 7);
    }
  }
  if (!operand) {
    // No oneof member on the wire: give the target's operand its zero value, as etcd reads it.
    const op = compareOperand(c);
    if ('bytes' in op) c.value = EMPTY;
    else if (op.field === 4) c.version = 0;
    else if (op.field === 5) c.createRevision = 0;
    else if (op.field === 6) c.modRevision = 0;
    else c.lease = 0n;
  }
  return c;
}

// RequestOp {oneof request {request_range=1, request_put=2, request_delete_range=3, request_txn=4}}

export function sizeRequestOp(op: RequestOp): number {
  if ('requestRange' in op) return messageFieldSize(1, sizeRangeRequest(op.requestRange));
  if ('requestPut' in op) return messageFieldSize(2, sizePutRequest(op.requestPut));
  if ('requestDeleteRange' in op) return messageFieldSize(3, sizeDeleteRangeRequest(op.requestDeleteRange));
  return messageFieldSize(4, sizeTxnRequest(op.requestTxn));
}

export function writeRequestOp(w: ProtoWriter, op: RequestOp): void {
  if ('requestRange' in op) {
    w.messageHeader(1, sizeRangeRequest(op.requestRange));
    writeRangeRequest(w, op.requestRange);
  } else if ('requestPut' in op) {
    w.messageHeader(2, sizePutRequest(op.requestPut));
    writePutRequest(w, op.requestPut);
  } else if ('requestDeleteRange' in op) {
    w.messageHeader(3, sizeDeleteRangeRequest(op.requestDeleteRange));
    writeDeleteRangeRequest(w, op.requestDeleteRange);
  } else {
    w.messageHeader(4, sizeTxnRequest(op.requestTxn));
    writeTxnRequest(w, op.requestTxn);
  }
}

/** A RequestOp with no member set (legal on the wire, rejected by etcd) decodes as an empty range. */
export function readRequestOp(r: ProtoReader): RequestOp {
  let op: RequestOp | undefined;
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: op = { requestRange: readRangeRequest(r.sub()) }; break;
      case 2: op = { requestPut: readPutRequest(r.sub()) }; break;
      case 3: op = { requestDeleteRange: readDeleteRangeRequest(r.sub()) }; break;
      case 4: op = { requestTxn: readTxnRequest(r.sub()) }; break;
      default: r.skip(t & 7);
    }
  }
  return op ?? { requestRange: emptyRangeRequest(EMPTY) };
}

// TxnRequest {compare=1, success=2, failure=3} (repeated messages)

export function sizeTxnRequest(q: TxnRequest): number {
  let n = 0;
  for (const c of q.compare) n += messageFieldSize(1, sizeCompare(c));
  for (const op of q.success) n += messageFieldSize(2, sizeRequestOp(op));
  for (const op of q.failure) n += messageFieldSize(3, sizeRequestOp(op));
  return n;
}

export function writeTxnRequest(w: ProtoWriter, q: TxnRequest): void {
  for (const c of q.compare) {
    w.messageHeader(1, sizeCompare(c));
    writeCompare(w, c);
  }
  for (const op of q.success) {
    w.messageHeader(2, sizeRequestOp(op));
    writeRequestOp(w, op);
  }
  for (const op of q.failure) {
    w.messageHeader(3, sizeRequestOp(op));
    writeRequestOp(w, op);
  }
}

export function readTxnRequest(r: ProtoReader): TxnRequest {
  const q: TxnRequest = { compare: [], success: [], failure: [] };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: q.compare.push(readCompare(r.sub())); break;
      case 2: q.success.push(readRequestOp(r.sub())); break;
      case 3: q.failure.push(readRequestOp(r.sub())); break;
      default: r.skip(t & 7);
    }
  }
  return q;
}

// CompactionRequest {revision=1, physical=2}; LeaseGrantRequest {TTL=1, ID=2}; LeaseRevokeRequest {ID=1}

export function sizeCompactionRequest(q: CompactionRequest): number {
  return p3VarintSize(1, q.revision) + p3BoolSize(2, q.physical);
}

export function writeCompactionRequest(w: ProtoWriter, q: CompactionRequest): void {
  p3Varint(w, 1, q.revision);
  p3Bool(w, 2, q.physical);
}

export function readCompactionRequest(r: ProtoReader): CompactionRequest {
  const q: CompactionRequest = { revision: 0, physical: false };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: q.revision = r.int64(); break;
      case 2: q.physical = r.bool(); break;
      default: r.skip(t & 7);
    }
  }
  return q;
}

export function sizeLeaseGrantRequest(q: LeaseGrantRequest): number {
  return p3VarintSize(1, q.TTL) + p3VarintBigSize(2, q.ID);
}

export function writeLeaseGrantRequest(w: ProtoWriter, q: LeaseGrantRequest): void {
  p3Varint(w, 1, q.TTL);
  p3VarintBig(w, 2, q.ID);
}

export function readLeaseGrantRequest(r: ProtoReader): LeaseGrantRequest {
  const q: LeaseGrantRequest = { TTL: 0, ID: 0n };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: q.TTL = r.int64(); break;
      case 2: q.ID = r.int64Big(); break;
      default: r.skip(t & 7);
    }
  }
  return q;
}

export function sizeLeaseRevokeRequest(q: LeaseRevokeRequest): number {
  return p3VarintBigSize(1, q.ID);
}

export function writeLeaseRevokeRequest(w: ProtoWriter, q: LeaseRevokeRequest): void {
  p3VarintBig(w, 1, q.ID);
}

export function readLeaseRevokeRequest(r: ProtoReader): LeaseRevokeRequest {
  const q: LeaseRevokeRequest = { ID: 0n };
  while (!r.done()) {
    const t = r.tag();
    if (t >>> 3 === 1) q.ID = r.int64Big();
    else r.skip(t & 7);
  }
  return q;
}
