// The .snap record and the merged MsgSnap payload: round trips, and damage refused with etcd's errors.
import { describe, expect, test } from 'vitest';
import { decodeSnapFile, encodeSnapFile, mergeSnapshotData, snapFileName, splitSnapshotData, SnapFileError } from './snapFile';
import { crc32c } from '../lib/crc32c';
import { ProtoReader } from '../lib/proto';
import { utf8 } from '../lib/bytes';
import type { Snapshot } from '../raft/types';

const snap: Snapshot = {
  data: utf8('{"members":[]}'),
  metadata: { index: 1234, term: 7, confState: { voters: [1, 2, 3], learners: [4], votersOutgoing: [], learnersNext: [], autoLeave: false } },
};

describe('.snap records (snappb.Snapshot)', () => {
  test('round trip; crc is plain CRC-32C of the raftpb.Snapshot bytes', () => {
    const b = encodeSnapFile(snap);
    expect(decodeSnapFile(b)).toEqual(snap);
    const r = new ProtoReader(b);
    expect(r.tag()).toBe(1 << 3);
    const crc = r.uint32();
    expect(r.tag()).toBe((2 << 3) | 2);
    expect(crc32c(r.bytes())).toBe(crc);
    expect(snapFileName(7, 1234)).toBe('0000000000000007-00000000000004d2.snap');
  });

  test('empty and damaged records are refused', () => {
    expect(() => decodeSnapFile(new Uint8Array(0))).toThrow(/empty snapshot/);
    const b = encodeSnapFile(snap);
    b[b.length - 3]! ^= 0xff;
    expect(() => decodeSnapFile(b)).toThrow(SnapFileError);
    expect(() => decodeSnapFile(b)).toThrow(/crc mismatch|unmarshal/);
  });
});

describe('merged MsgSnap payload', () => {
  test('data and db come back apart; a short payload is refused', () => {
    const db = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
    const m = mergeSnapshotData(snap.data, db);
    const { data, db: back } = splitSnapshotData(m);
    expect(data).toEqual(snap.data);
    expect(back).toEqual(db);
    expect(() => splitSnapshotData(m.subarray(0, 10))).toThrow(SnapFileError);
    expect(() => splitSnapshotData(new Uint8Array(3))).toThrow(/too short/);
  });
});
