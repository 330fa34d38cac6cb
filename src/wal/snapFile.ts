// etcd's `member/snap/<term>-<index>.snap` file (etcdserver/api/snap, snappb.Snapshot) and the
// MsgSnap body that carries a db file (rafthttp's snapshot message: the raft message, then the db).
//
// snappb.Snapshot {crc=1 uint32, data=2 bytes}: crc is CRC-32C of `data` from 0 (not chained, unlike
// the WAL), data is a marshaled raftpb.Snapshot. proto2 non-nullable: crc is always written.
import { crc32c } from '../lib/crc32c';
import { ProtoReader, lengthDelimitedSize, varintSize } from '../lib/proto';
import { decodeSnapshot, encodeExact, encodeSnapshot } from '../pb/raftpb';
import type { Snapshot } from '../raft/types';

export class SnapFileError extends Error {
  override name = 'SnapFileError';
}

/** `%016x-%016x.snap` (term, index), as etcd names them. */
export function snapFileName(term: number, index: number): string {
  return `${term.toString(16).padStart(16, '0')}-${index.toString(16).padStart(16, '0')}.snap`;
}

/** The bytes of a .snap file for a raft snapshot (etcd's Snapshotter.SaveSnap). */
export function encodeSnapFile(snap: Snapshot): Uint8Array {
  const data = encodeSnapshot(snap);
  const crc = crc32c(data);
  return encodeExact(1 + varintSize(crc) + lengthDelimitedSize(2, data.length), (w) => {
    w.uint64Field(1, crc);
    w.bytesField(2, data);
  });
}

/** Reads a .snap file; throws SnapFileError as etcd's Read does (ErrEmptySnapshot, ErrCRCMismatch). */
export function decodeSnapFile(b: Uint8Array): Snapshot {
  if (b.length === 0) throw new SnapFileError('snap: empty snapshot');
  let crc: number | undefined;
  let data: Uint8Array | undefined;
  try {
    const r = new ProtoReader(b);
    while (!r.done()) {
      const t = r.tag();
      switch (t >>> 3) {
        case 1: crc = r.uint32(); break;
        case 2: data = r.bytes(); break;
        default: r.skip(t & 7);
      }
    }
  } catch (e) {
    throw new SnapFileError(`snap: snapshot file does not unmarshal: ${(e as Error).message}`);
  }
  if (data === undefined || crc === undefined) throw new SnapFileError('snap: empty snapshot');
  if (crc32c(data) !== crc) throw new SnapFileError('snap: crc mismatch');
  return decodeSnapshot(data);
}

/**
 * A MsgSnap's snapshot.data on the wire: the raft snapshot's own data (etcd 3.4: the v2 store),
 * then the leader's db file — rafthttp streams `len(msg) | msg | db` in one POST; here the same
 * framing goes inside snapshot.data: an 8-byte big-endian length, the data, then the db.
 */
export function mergeSnapshotData(data: Uint8Array, db: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + db.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, Math.floor(data.length / 2 ** 32));
  v.setUint32(4, data.length >>> 0);
  out.set(data, 8);
  out.set(db, 8 + data.length);
  return out;
}

/** Splits a merged MsgSnap payload; throws SnapFileError on a payload shorter than it says. */
export function splitSnapshotData(merged: Uint8Array): { data: Uint8Array; db: Uint8Array } {
  if (merged.length < 8) throw new SnapFileError(`snap: merged snapshot message too short (${merged.length} bytes)`);
  const v = new DataView(merged.buffer, merged.byteOffset, merged.byteLength);
  const n = v.getUint32(0) * 2 ** 32 + v.getUint32(4);
  if (8 + n > merged.length) throw new SnapFileError(`snap: merged snapshot message says ${n} data bytes, has ${merged.length - 8}`);
  return { data: merged.subarray(8, 8 + n), db: merged.subarray(8 + n) };
}
