// The messages inside etcd's WAL frames (etcd 3.4 `wal/walpb/record.proto`,
// `etcdserver/etcdserverpb/etcdserver.proto` Metadata): proto2 + gogoproto, so non-nullable
// scalars are always written (Record.type and crc, Snapshot.index and term, both Metadata ids).

import { ProtoReader, ProtoWriter, lengthDelimitedSize, varintSize, varintSizeBig } from '../lib/proto';
import { readConfState, sizeConfState, writeConfState, encodeExact } from '../pb/raftpb';
import type { ConfState } from '../raft/types';

/** walpb record types (`wal/wal.go`). */
export const RecordType = {
  Metadata: 1,
  Entry: 2,
  State: 3,
  Crc: 4,
  Snapshot: 5,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

export const RECORD_TYPE_NAMES: Record<number, string> = {
  1: 'metadata',
  2: 'entry',
  3: 'state',
  4: 'crc',
  5: 'snapshot',
};

/** walpb.Record {type=1 int64, crc=2 uint32, data=3 bytes}. */
export interface WalRecord {
  type: number;
  /** Running CRC-32C of all record data up to and including this record's (see frame.ts). */
  crc: number;
  /** Absent for crc records (etcd leaves Data nil). */
  data?: Uint8Array;
}

export function sizeRecord(type: number, crc: number, dataLength: number | undefined): number {
  let n = 2 + varintSize(type) + varintSize(crc);
  if (dataLength !== undefined) n += lengthDelimitedSize(3, dataLength);
  return n;
}

export function writeRecord(w: ProtoWriter, type: number, crc: number, data: Uint8Array | undefined): void {
  w.uint64Field(1, type);
  w.uint64Field(2, crc);
  if (data !== undefined) w.bytesField(3, data);
}

/** Decode a walpb.Record; `data` is a view into `b`. Throws ProtoDecodeError on malformed bytes. */
export function readRecord(r: ProtoReader): WalRecord {
  const rec: WalRecord = { type: 0, crc: 0 };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: rec.type = r.int64(); break;
      case 2: rec.crc = r.uint32(); break;
      case 3: rec.data = r.bytes(); break;
      default: r.skip(t & 7);
    }
  }
  return rec;
}

/**
 * walpb.Snapshot {index=1, term=2; conf_state=3 since etcd 3.5}: marks "the log was snapshotted at
 * (index, term)". etcd 3.4 ignores conf_state (unknown field); we write it only when given.
 */
export interface WalSnapshot {
  index: number;
  term: number;
  confState?: ConfState;
}

export function sizeWalSnapshot(s: WalSnapshot): number {
  let n = 2 + varintSize(s.index) + varintSize(s.term);
  if (s.confState) n += lengthDelimitedSize(3, sizeConfState(s.confState));
  return n;
}

export function writeWalSnapshot(w: ProtoWriter, s: WalSnapshot): void {
  w.uint64Field(1, s.index);
  w.uint64Field(2, s.term);
  if (s.confState) {
    w.messageHeader(3, sizeConfState(s.confState));
    writeConfState(w, s.confState);
  }
}

export function encodeWalSnapshot(s: WalSnapshot): Uint8Array {
  return encodeExact(sizeWalSnapshot(s), (w) => writeWalSnapshot(w, s));
}

export function decodeWalSnapshot(b: Uint8Array): WalSnapshot {
  const r = new ProtoReader(b);
  const s: WalSnapshot = { index: 0, term: 0 };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: s.index = r.uint64(); break;
      case 2: s.term = r.uint64(); break;
      case 3: s.confState = readConfState(r.sub()); break;
      default: r.skip(t & 7);
    }
  }
  return s;
}

/**
 * etcdserverpb.Metadata {NodeID=1, ClusterID=2}, the data of every metadata record. Real etcd ids
 * are random uint64s (often ≥ 2^53), hence bigint; numbers are accepted when encoding.
 */
export interface WalMetadata {
  nodeId: bigint;
  clusterId: bigint;
}

export function encodeWalMetadata(m: { nodeId: bigint | number; clusterId: bigint | number }): Uint8Array {
  const node = BigInt(m.nodeId);
  const cluster = BigInt(m.clusterId);
  return encodeExact(2 + varintSizeBig(node) + varintSizeBig(cluster), (w) => {
    w.tag(1, 0);
    w.uint64Big(node);
    w.tag(2, 0);
    w.uint64Big(cluster);
  });
}

export function decodeWalMetadata(b: Uint8Array): WalMetadata {
  const r = new ProtoReader(b);
  const m: WalMetadata = { nodeId: 0n, clusterId: 0n };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: m.nodeId = r.uint64Big(); break;
      case 2: m.clusterId = r.uint64Big(); break;
      default: r.skip(t & 7);
    }
  }
  return m;
}

/** An id as etcd prints it (`types.ID.String()`): lowercase hex, no leading zeros. */
export function idToHex(id: bigint): string {
  return id.toString(16);
}
