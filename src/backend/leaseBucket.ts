// The `lease` bucket (etcd 3.4 lease/lessor.go, leasepb/lease.proto; disk-formats.md §2.5):
//   key   = lease ID as 8-byte big-endian int64
//   value = leasepb.Lease { ID = 1 int64, TTL = 2 int64 (granted, seconds), RemainingTTL = 3 int64
//           (only set by lease checkpoints) } — proto3, zero fields omitted.
// Expiry times are not stored: a recovered lease does not expire until this member is leader,
// which then restarts it with its TTL. Keys are not listed here: each KeyValue in the `key` bucket
// names its lease, and the lessor re-attaches them when the KV index is rebuilt.

import { ProtoReader, ProtoWriter } from '../lib/proto';
import type { BatchTx } from './batchTx';
import { BackendError } from './errors';

export const LEASE_BUCKET = 'lease' as const;

export interface LeaseRecord {
  /** Lease ID (int64; etcd's generator makes ids ≥ 2^56, so a bigint). */
  id: bigint;
  ttlSec: number;
  /** 0 = never checkpointed. */
  remainingTtlSec: number;
}

/** int64ToBytes: big-endian two's complement. */
export function leaseIdKey(id: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt.asIntN(64, id));
  return out;
}

export function leaseIdFromKey(k: Uint8Array): bigint {
  if (k.length !== 8) throw new BackendError('corrupt', `lease bucket key of ${k.length} bytes (expected an 8-byte ID)`);
  const dv = new DataView(k.buffer, k.byteOffset, 8);
  return dv.getBigInt64(0);
}

export function encodeLease(l: LeaseRecord): Uint8Array {
  const w = new ProtoWriter();
  if (l.id !== 0n) {
    w.tag(1, 0);
    w.uint64Big(l.id);
  }
  if (l.ttlSec !== 0) w.int64Field(2, l.ttlSec);
  if (l.remainingTtlSec !== 0) w.int64Field(3, l.remainingTtlSec);
  return w.finish();
}

export function decodeLease(b: Uint8Array): LeaseRecord {
  const r = new ProtoReader(b);
  const l: LeaseRecord = { id: 0n, ttlSec: 0, remainingTtlSec: 0 };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: l.id = r.int64Big(); break;
      case 2: l.ttlSec = r.int64(); break;
      case 3: l.remainingTtlSec = r.int64(); break;
      default: r.skip(t & 7);
    }
  }
  return l;
}

/** Grant (or checkpoint): etcd's Lessor.Grant / persistTo. */
export function putLease(tx: BatchTx, l: LeaseRecord): void {
  tx.unsafePut(LEASE_BUCKET, leaseIdKey(l.id), encodeLease(l));
}

/** Revoke: etcd deletes the lease's record in the same txn as its keys. */
export function deleteLease(tx: BatchTx, id: bigint): boolean {
  return tx.unsafeDelete(LEASE_BUCKET, leaseIdKey(id));
}

/** Every stored lease, in ID order (etcd's lessor.initAndRecover). */
export function readLeases(tx: BatchTx): LeaseRecord[] {
  const out: LeaseRecord[] = [];
  tx.unsafeForEach(LEASE_BUCKET, (k, v) => {
    const id = leaseIdFromKey(k);
    let l: LeaseRecord;
    try {
      l = decodeLease(v);
    } catch (e) {
      throw new BackendError('corrupt', `lease bucket: lease ${id} does not hold a leasepb.Lease (${(e as Error).message})`);
    }
    out.push({ ...l, id });
  });
  return out;
}
