// leasepb.Lease as etcd stores it in the `lease` bucket: key = id as 8-byte big-endian int64,
// value = {ID = 1 int64, TTL = 2 int64 (granted seconds), RemainingTTL = 3 (checkpoints only)}.
import { ProtoReader, ProtoWriter } from '../lib/proto';

export interface LeaseRecord {
  ID: bigint;
  TTL: number;
  RemainingTTL?: number;
}

export function leaseKey(id: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, id);
  return out;
}

export function encodeLease(l: LeaseRecord): Uint8Array {
  const w = new ProtoWriter(32);
  if (l.ID) {
    w.tag(1, 0);
    w.uint64Big(l.ID);
  }
  if (l.TTL) {
    w.tag(2, 0);
    w.varint(l.TTL);
  }
  if (l.RemainingTTL) {
    w.tag(3, 0);
    w.varint(l.RemainingTTL);
  }
  return w.finish();
}

export function decodeLease(b: Uint8Array): LeaseRecord {
  const r = new ProtoReader(b);
  const out: LeaseRecord = { ID: 0n, TTL: 0 };
  while (!r.done()) {
    const t = r.tag();
    const field = t >>> 3;
    const wire = t & 7;
    if (field === 1) out.ID = r.int64Big();
    else if (field === 2) out.TTL = r.int64();
    else if (field === 3) out.RemainingTTL = r.int64();
    else r.skip(wire as Parameters<ProtoReader['skip']>[0]);
  }
  return out;
}
