// etcdserverpb response messages (etcd 3.4 rpc.proto): ResponseHeader, Range/Put/DeleteRange/Txn
// responses and ResponseOp. Used where responses cross a boundary as bytes (worker → page) and
// for parity with etcd's gRPC payloads. proto3 rules as in rpc.ts.

import { ProtoReader, ProtoWriter, tagSize, varintSizeBig } from '../lib/proto';
import type {
  DeleteRangeResponse,
  KeyValue,
  PutResponse,
  RangeResponse,
  ResponseHeader,
  ResponseOp,
  TxnResponse,
} from '../etcd/api';
import { keyValueFieldSize, p3Bool, p3BoolSize, p3Varint, p3VarintSize, readKeyValue, writeKeyValueField } from './mvccpb';
import { messageFieldSize } from './rpc';

// ResponseHeader {cluster_id=1 uint64, member_id=2 uint64, revision=3 int64, raft_term=4 uint64}.
// Ids are 16-hex-digit strings in api.ts (full uint64 range), so they go through bigint.

const idBig = (hex: string): bigint => (hex ? BigInt.asUintN(64, BigInt('0x' + hex)) : 0n);
const idHex = (v: bigint): string => v.toString(16).padStart(16, '0');

export function emptyResponseHeader(): ResponseHeader {
  return { clusterId: idHex(0n), memberId: idHex(0n), revision: 0, raftTerm: 0 };
}

function idFieldSize(field: number, hex: string): number {
  const v = idBig(hex);
  return v === 0n ? 0 : tagSize(field) + varintSizeBig(v);
}

function writeIdField(w: ProtoWriter, field: number, hex: string): void {
  const v = idBig(hex);
  if (v === 0n) return;
  w.tag(field, 0);
  w.uint64Big(v);
}

export function sizeResponseHeader(h: ResponseHeader): number {
  return idFieldSize(1, h.clusterId) + idFieldSize(2, h.memberId) + p3VarintSize(3, h.revision) + p3VarintSize(4, h.raftTerm);
}

export function writeResponseHeader(w: ProtoWriter, h: ResponseHeader): void {
  writeIdField(w, 1, h.clusterId);
  writeIdField(w, 2, h.memberId);
  p3Varint(w, 3, h.revision);
  p3Varint(w, 4, h.raftTerm);
}

export function readResponseHeader(r: ProtoReader): ResponseHeader {
  const h = emptyResponseHeader();
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: h.clusterId = idHex(r.uint64Big()); break;
      case 2: h.memberId = idHex(r.uint64Big()); break;
      case 3: h.revision = r.int64(); break;
      case 4: h.raftTerm = r.uint64(); break;
      default: r.skip(t & 7);
    }
  }
  return h;
}

const headerFieldSize = (h: ResponseHeader): number => messageFieldSize(1, sizeResponseHeader(h));
function writeHeaderField(w: ProtoWriter, h: ResponseHeader): void {
  w.messageHeader(1, sizeResponseHeader(h));
  writeResponseHeader(w, h);
}
const kvsSize = (field: number, kvs: readonly KeyValue[]): number => kvs.reduce((n, kv) => n + keyValueFieldSize(field, kv), 0);

// RangeResponse {header=1, kvs=2, more=3, count=4}

export function sizeRangeResponse(m: RangeResponse): number {
  return headerFieldSize(m.header) + kvsSize(2, m.kvs) + p3BoolSize(3, m.more) + p3VarintSize(4, m.count);
}

export function writeRangeResponse(w: ProtoWriter, m: RangeResponse): void {
  writeHeaderField(w, m.header);
  for (const kv of m.kvs) writeKeyValueField(w, 2, kv);
  p3Bool(w, 3, m.more);
  p3Varint(w, 4, m.count);
}

export function readRangeResponse(r: ProtoReader): RangeResponse {
  const m: RangeResponse = { header: emptyResponseHeader(), kvs: [], more: false, count: 0 };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: m.header = readResponseHeader(r.sub()); break;
      case 2: m.kvs.push(readKeyValue(r.sub())); break;
      case 3: m.more = r.bool(); break;
      case 4: m.count = r.int64(); break;
      default: r.skip(t & 7);
    }
  }
  return m;
}

// PutResponse {header=1, prev_kv=2}

export function sizePutResponse(m: PutResponse): number {
  return headerFieldSize(m.header) + (m.prevKv ? keyValueFieldSize(2, m.prevKv) : 0);
}

export function writePutResponse(w: ProtoWriter, m: PutResponse): void {
  writeHeaderField(w, m.header);
  if (m.prevKv) writeKeyValueField(w, 2, m.prevKv);
}

export function readPutResponse(r: ProtoReader): PutResponse {
  const m: PutResponse = { header: emptyResponseHeader() };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: m.header = readResponseHeader(r.sub()); break;
      case 2: m.prevKv = readKeyValue(r.sub()); break;
      default: r.skip(t & 7);
    }
  }
  return m;
}

// DeleteRangeResponse {header=1, deleted=2, prev_kvs=3}

export function sizeDeleteRangeResponse(m: DeleteRangeResponse): number {
  return headerFieldSize(m.header) + p3VarintSize(2, m.deleted) + kvsSize(3, m.prevKvs);
}

export function writeDeleteRangeResponse(w: ProtoWriter, m: DeleteRangeResponse): void {
  writeHeaderField(w, m.header);
  p3Varint(w, 2, m.deleted);
  for (const kv of m.prevKvs) writeKeyValueField(w, 3, kv);
}

export function readDeleteRangeResponse(r: ProtoReader): DeleteRangeResponse {
  const m: DeleteRangeResponse = { header: emptyResponseHeader(), deleted: 0, prevKvs: [] };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: m.header = readResponseHeader(r.sub()); break;
      case 2: m.deleted = r.int64(); break;
      case 3: m.prevKvs.push(readKeyValue(r.sub())); break;
      default: r.skip(t & 7);
    }
  }
  return m;
}

// ResponseOp {oneof response {response_range=1, response_put=2, response_delete_range=3, response_txn=4}}

export function sizeResponseOp(op: ResponseOp): number {
  if ('responseRange' in op) return messageFieldSize(1, sizeRangeResponse(op.responseRange));
  if ('responsePut' in op) return messageFieldSize(2, sizePutResponse(op.responsePut));
  if ('responseDeleteRange' in op) return messageFieldSize(3, sizeDeleteRangeResponse(op.responseDeleteRange));
  return messageFieldSize(4, sizeTxnResponse(op.responseTxn));
}

export function writeResponseOp(w: ProtoWriter, op: ResponseOp): void {
  if ('responseRange' in op) {
    w.messageHeader(1, sizeRangeResponse(op.responseRange));
    writeRangeResponse(w, op.responseRange);
  } else if ('responsePut' in op) {
    w.messageHeader(2, sizePutResponse(op.responsePut));
    writePutResponse(w, op.responsePut);
  } else if ('responseDeleteRange' in op) {
    w.messageHeader(3, sizeDeleteRangeResponse(op.responseDeleteRange));
    writeDeleteRangeResponse(w, op.responseDeleteRange);
  } else {
    w.messageHeader(4, sizeTxnResponse(op.responseTxn));
    writeTxnResponse(w, op.responseTxn);
  }
}

export function readResponseOp(r: ProtoReader): ResponseOp {
  let op: ResponseOp | undefined;
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: op = { responseRange: readRangeResponse(r.sub()) }; break;
      case 2: op = { responsePut: readPutResponse(r.sub()) }; break;
      case 3: op = { responseDeleteRange: readDeleteRangeResponse(r.sub()) }; break;
      case 4: op = { responseTxn: readTxnResponse(r.sub()) }; break;
      default: r.skip(t & 7);
    }
  }
  return op ?? { responseRange: { header: emptyResponseHeader(), kvs: [], more: false, count: 0 } };
}

// TxnResponse {header=1, succeeded=2, responses=3}

export function sizeTxnResponse(m: TxnResponse): number {
  let n = headerFieldSize(m.header) + p3BoolSize(2, m.succeeded);
  for (const op of m.responses) n += messageFieldSize(3, sizeResponseOp(op));
  return n;
}

export function writeTxnResponse(w: ProtoWriter, m: TxnResponse): void {
  writeHeaderField(w, m.header);
  p3Bool(w, 2, m.succeeded);
  for (const op of m.responses) {
    w.messageHeader(3, sizeResponseOp(op));
    writeResponseOp(w, op);
  }
}

export function readTxnResponse(r: ProtoReader): TxnResponse {
  const m: TxnResponse = { header: emptyResponseHeader(), succeeded: false, responses: [] };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: m.header = readResponseHeader(r.sub()); break;
      case 2: m.succeeded = r.bool(); break;
      case 3: m.responses.push(readResponseOp(r.sub())); break;
      default: r.skip(t & 7);
    }
  }
  return m;
}
