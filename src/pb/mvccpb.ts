// mvccpb (etcd 3.4 `mvcc/mvccpb/kv.proto`, proto3 + gogoproto): KeyValue — the value of every
// revision in bbolt's `key` bucket — and Event (watch). proto3: zero and empty fields are not
// written; fields in number order. A tombstone's value is a KeyValue with only `key`.

import { ProtoReader, ProtoWriter, lengthDelimitedSize, tagSize, varintSize, varintSizeBig } from '../lib/proto';
import { EMPTY } from '../lib/bytes';
import { EventType, type KeyValue, type MvccEvent } from '../etcd/api';
import { encodeExact } from './raftpb';

// Field helpers for proto3 (shared with etcdserverpb): size / write nothing for a zero value.
/** Size of a varint field (int64/uint64/enum), 0 when v is 0. Negative int64 take 10 bytes. */
export const p3VarintSize = (field: number, v: number): number => (v !== 0 ? tagSize(field) + varintSize(v) : 0);
export const p3BytesSize = (field: number, b: Uint8Array): number => (b.length > 0 ? lengthDelimitedSize(field, b.length) : 0);
export const p3BoolSize = (field: number, v: boolean): number => (v ? tagSize(field) + 1 : 0);

export function p3Varint(w: ProtoWriter, field: number, v: number): void {
  if (v !== 0) w.int64Field(field, v);
}
/** int64/uint64 fields held as bigints (lease and request ids): nothing for 0n. */
export const p3VarintBigSize = (field: number, v: bigint): number => (v !== 0n ? tagSize(field) + varintSizeBig(v) : 0);
export function p3VarintBig(w: ProtoWriter, field: number, v: bigint): void {
  if (v !== 0n) {
    w.tag(field, 0);
    w.uint64Big(v);
  }
}
export function p3Bytes(w: ProtoWriter, field: number, b: Uint8Array): void {
  if (b.length > 0) w.bytesField(field, b);
}
export function p3Bool(w: ProtoWriter, field: number, v: boolean): void {
  if (v) w.boolField(field, true);
}

// KeyValue {key=1, create_revision=2, mod_revision=3, version=4, value=5, lease=6}

export function emptyKeyValue(): KeyValue {
  return { key: EMPTY, createRevision: 0, modRevision: 0, version: 0, value: EMPTY, lease: 0n };
}

export function sizeKeyValue(kv: KeyValue): number {
  return (
    p3BytesSize(1, kv.key) +
    p3VarintSize(2, kv.createRevision) +
    p3VarintSize(3, kv.modRevision) +
    p3VarintSize(4, kv.version) +
    p3BytesSize(5, kv.value) +
    p3VarintBigSize(6, kv.lease)
  );
}

export function writeKeyValue(w: ProtoWriter, kv: KeyValue): void {
  p3Bytes(w, 1, kv.key);
  p3Varint(w, 2, kv.createRevision);
  p3Varint(w, 3, kv.modRevision);
  p3Varint(w, 4, kv.version);
  p3Bytes(w, 5, kv.value);
  p3VarintBig(w, 6, kv.lease);
}

export function readKeyValue(r: ProtoReader): KeyValue {
  const kv = emptyKeyValue();
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: kv.key = r.bytes(); break;
      case 2: kv.createRevision = r.int64(); break;
      case 3: kv.modRevision = r.int64(); break;
      case 4: kv.version = r.int64(); break;
      case 5: kv.value = r.bytes(); break;
      case 6: kv.lease = r.int64Big(); break;
      default: r.skip(t & 7);
    }
  }
  return kv;
}

export function encodeKeyValue(kv: KeyValue): Uint8Array {
  return encodeExact(sizeKeyValue(kv), (w) => writeKeyValue(w, kv));
}

/** Decode a KeyValue; key and value are views into `b` (copy them if `b` is reused, e.g. a bolt page). */
export function decodeKeyValue(b: Uint8Array): KeyValue {
  return readKeyValue(new ProtoReader(b));
}

// Embedded KeyValue fields (Event.kv, RangeResponse.kvs, ...): always written when present, even empty.
export function keyValueFieldSize(field: number, kv: KeyValue): number {
  return lengthDelimitedSize(field, sizeKeyValue(kv));
}

export function writeKeyValueField(w: ProtoWriter, field: number, kv: KeyValue): void {
  w.messageHeader(field, sizeKeyValue(kv));
  writeKeyValue(w, kv);
}

// Event {type=1 (PUT 0, DELETE 1), kv=2, prev_kv=3}

export function sizeEvent(e: MvccEvent): number {
  return p3VarintSize(1, e.type) + keyValueFieldSize(2, e.kv) + (e.prevKv ? keyValueFieldSize(3, e.prevKv) : 0);
}

export function writeEvent(w: ProtoWriter, e: MvccEvent): void {
  p3Varint(w, 1, e.type);
  writeKeyValueField(w, 2, e.kv);
  if (e.prevKv) writeKeyValueField(w, 3, e.prevKv);
}

export function readEvent(r: ProtoReader): MvccEvent {
  const e: MvccEvent = { type: EventType.PUT, kv: emptyKeyValue() };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: e.type = r.uint32() as EventType; break;
      case 2: e.kv = readKeyValue(r.sub()); break;
      case 3: e.prevKv = readKeyValue(r.sub()); break;
      default: r.skip(t & 7);
    }
  }
  return e;
}

export function encodeEvent(e: MvccEvent): Uint8Array {
  return encodeExact(sizeEvent(e), (w) => writeEvent(w, e));
}

export function decodeEvent(b: Uint8Array): MvccEvent {
  return readEvent(new ProtoReader(b));
}
