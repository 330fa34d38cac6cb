import { describe, expect, it } from 'vitest';
import {
  WalEncoder,
  WalCorruptError,
  decodeWalRecords,
  decodeWalMetadata,
  decodeWalSnapshot,
  encodeWalMetadata,
  encodeWalSnapshot,
  exportWalFile,
  importWalFile,
  readFrame,
  walFileName,
  FIRST_WAL_FILE_PATH,
  SEGMENT_SIZE_BYTES,
  RecordType,
} from './index';
import { crc32c } from '../lib/crc32c';
import { toHex, utf8 } from '../lib/bytes';
import { encodeEntry } from '../pb/raftpb';
import { EntryType, type Entry, type HardState } from '../raft/types';
import golden from '../pb/testdata/gogo-golden.json';

const G = golden as Record<string, string>;
const ent = (term: number, index: number, data: string | Uint8Array = '', type: EntryType = EntryType.Normal): Entry => ({
  term,
  index,
  type,
  data: typeof data === 'string' ? utf8(data) : data,
});
const hs = (term: number, vote: number, commit: number): HardState => ({ term, vote, commit });
const REAL_META = encodeWalMetadata({ nodeId: 0x667880157b8812c8n, clusterId: 0xdc50b8daae93b3e0n });

/** A small log: bootstrap, election, three puts, a commit advance. */
function sampleChunks(): { chunks: Uint8Array[]; enc: WalEncoder } {
  const enc = new WalEncoder();
  const chunks = [
    enc.encodeReady(hs(1, 0, 1), [ent(1, 1, 'conf', EntryType.ConfChange)]),
    enc.encodeReady(hs(2, 1, 1), []),
    enc.encodeReady(hs(2, 1, 2), [ent(2, 2)]),
    enc.encodeReady(undefined, [ent(2, 3, 'put a'), ent(2, 4, 'put b')]),
    enc.encodeReady(hs(2, 1, 4), [ent(2, 5, 'put c')]),
  ];
  return { chunks, enc };
}

describe('walpb messages (golden bytes from etcd 3.4 gogoproto)', () => {
  it('Snapshot and Metadata', () => {
    expect(toHex(encodeWalSnapshot({ index: 0, term: 0 }))).toBe(G['walpb.snapshot.zero']);
    expect(toHex(encodeWalSnapshot({ index: 11, term: 2 }))).toBe(G['walpb.snapshot.11']);
    expect(decodeWalSnapshot(encodeWalSnapshot({ index: 11, term: 2 }))).toEqual({ index: 11, term: 2 });
    expect(toHex(REAL_META)).toBe(G['metadata.real']);
    expect(toHex(encodeWalMetadata({ nodeId: 1, clusterId: 0x1000 }))).toBe(G['metadata.small']);
    expect(decodeWalMetadata(REAL_META)).toEqual({ nodeId: 0x667880157b8812c8n, clusterId: 0xdc50b8daae93b3e0n });
  });

  it('Record inside a frame', () => {
    const f = new WalEncoder().encodeRecords([{ type: RecordType.Crc }]);
    expect(toHex(f.subarray(8, 12))).toBe(G['walpb.record.crc0']);
  });
});

describe('WalEncoder framing (disk-formats.md §3.2–3.5)', () => {
  it('writes the header of a new WAL byte-for-byte as real etcd 3.4 did', () => {
    const b = new WalEncoder(0).encodeHeader(REAL_META);
    // crc record: 4-byte record + 4 pad -> top byte 0x84.
    expect(toHex(b.subarray(0, 16))).toBe('0400000000000084' + '08041000' + '00000000');
    // metadata: 31-byte record + 1 pad, crc 0x9f94a4ea (waldump of a real WAL).
    expect(toHex(b.subarray(16, 24))).toBe('1f00000000000081');
    const meta = readFrame(b, 16);
    expect(meta.kind === 'frame' && meta.frame.crc).toBe(0x9f94a4ea);
    // snapshot {0,0}: 14-byte record + 2 pad, crc 0x546c994e.
    expect(toHex(b.subarray(56, 64))).toBe('0e00000000000082');
    const snap = readFrame(b, 56);
    expect(snap.kind === 'frame' && snap.frame.crc).toBe(0x546c994e);
    expect(b.length).toBe(80);
  });

  it('frames a 16-byte state record without padding (top byte 0)', () => {
    const b = new WalEncoder(0x5581a8ce).encodeReady(hs(1, 0, 1), []);
    expect(b.length).toBe(24);
    expect(toHex(b.subarray(0, 8))).toBe('1000000000000000');
  });

  it('chains CRCs over record data only, across calls', () => {
    const enc = new WalEncoder(0);
    const e1 = ent(1, 1, 'a');
    const e2 = ent(1, 2, 'bb');
    const b1 = enc.encodeReady(undefined, [e1]);
    const b2 = enc.encodeReady(hs(1, 1, 2), [e2]);
    const d1 = encodeEntry(e1);
    const d2 = encodeEntry(e2);
    const c1 = crc32c(d1);
    const c2 = crc32c(d2, c1);
    const f1 = readFrame(b1, 0);
    const f2 = readFrame(b2, 0);
    expect(f1.kind === 'frame' && f1.frame.crc).toBe(c1);
    expect(f2.kind === 'frame' && f2.frame.crc).toBe(c2);
    expect(enc.crc).toBe(crc32c(Uint8Array.of(0x08, 0x01, 0x10, 0x01, 0x18, 0x02), c2));
  });

  it('aligns every frame to 8 bytes and writes nothing for an empty Ready or empty HardState', () => {
    const enc = new WalEncoder();
    expect(enc.encodeReady(undefined, []).length).toBe(0);
    expect(enc.encodeReady(hs(0, 0, 0), []).length).toBe(0);
    for (let n = 0; n < 20; n++) {
      const b = enc.encodeReady(undefined, [ent(1, n + 1, 'x'.repeat(n))]);
      expect(b.length % 8).toBe(0);
    }
  });

  it('returns an exactly-sized buffer of its own', () => {
    const b = sampleChunks().chunks[3]!;
    expect(b.byteOffset).toBe(0);
    expect(b.byteLength).toBe(b.buffer.byteLength);
  });
});

describe('decodeWalRecords (ReadAll semantics)', () => {
  it('round-trips entries, HardState and the CRC chain', () => {
    const { chunks, enc } = sampleChunks();
    const w = decodeWalRecords(chunks);
    expect(w.entries.map((e) => [e.index, e.term])).toEqual([
      [1, 1],
      [2, 2],
      [3, 2],
      [4, 2],
      [5, 2],
    ]);
    expect(w.entries[2]).toEqual(ent(2, 3, 'put a'));
    expect(w.entries[0]!.type).toBe(EntryType.ConfChange);
    expect(w.hardState).toEqual(hs(2, 1, 4));
    expect(w.lastCrc).toBe(enc.crc);
    expect(w.tornTail).toBeUndefined();
    expect(w.frameCount).toBe(9);
  });

  it('continues the chain: a new encoder from lastCrc appends readable records', () => {
    const { chunks } = sampleChunks();
    const w = decodeWalRecords(chunks);
    const more = new WalEncoder(w.lastCrc).encodeReady(hs(2, 1, 6), [ent(2, 6, 'put d')]);
    const w2 = decodeWalRecords([...chunks, more]);
    expect(w2.entries.length).toBe(6);
    expect(w2.hardState).toEqual(hs(2, 1, 6));
  });

  it('a later entry at an index truncates everything from that index on', () => {
    const enc = new WalEncoder();
    const chunks = [
      enc.encodeReady(hs(1, 1, 1), [ent(1, 1), ent(1, 2, 'a'), ent(1, 3, 'b'), ent(1, 4, 'c')]),
      enc.encodeReady(hs(2, 2, 1), [ent(2, 2, 'A')]),
      enc.encodeReady(undefined, [ent(2, 3, 'B')]),
    ];
    const w = decodeWalRecords(chunks);
    expect(w.entries).toEqual([ent(1, 1), ent(2, 2, 'A'), ent(2, 3, 'B')]);
    expect(w.hardState).toEqual(hs(2, 2, 1));
  });

  it('a gap in indexes is corruption (ErrSliceOutOfRange)', () => {
    const enc = new WalEncoder();
    const chunks = [enc.encodeReady(undefined, [ent(1, 1)]), enc.encodeReady(undefined, [ent(1, 3)]), enc.encodeReady(undefined, [])];
    expect(() => decodeWalRecords(chunks)).toThrow(/gap after entry 1/);
  });

  it('with `from`, skips entries covered by the snapshot and checks the snapshot record', () => {
    const enc = new WalEncoder();
    const chunks = [
      enc.encodeHeader(REAL_META),
      enc.encodeReady(hs(1, 1, 3), [ent(1, 1), ent(1, 2), ent(1, 3)]),
      enc.encodeSnapshot({ index: 2, term: 1 }),
      enc.encodeReady(undefined, [ent(1, 4)]),
    ];
    const w = decodeWalRecords(chunks, { from: { index: 2, term: 1 } });
    expect(w.entries.map((e) => e.index)).toEqual([3, 4]);
    expect(w.snapshotFound).toBe(true);
    expect(w.metadata).toEqual(REAL_META);
    expect(decodeWalRecords(chunks, { from: { index: 3, term: 1 } }).snapshotFound).toBe(false);
    expect(() => decodeWalRecords(chunks, { from: { index: 2, term: 9 } })).toThrow(/ErrSnapshotMismatch/);
    // Without `from`: the whole log, and the last snapshot record seen.
    const all = decodeWalRecords(chunks);
    expect(all.entries.map((e) => e.index)).toEqual([1, 2, 3, 4]);
    expect(all.snapshot).toEqual({ index: 2, term: 1 });
  });

  it('without `from`, a snapshot record past the end of the log restarts it (MsgSnap installed)', () => {
    const enc = new WalEncoder();
    const chunks = [
      enc.encodeReady(hs(1, 1, 2), [ent(1, 1), ent(1, 2)]),
      enc.encodeReady(hs(3, 0, 50), [ent(3, 51)], { index: 50, term: 3 }),
    ];
    const w = decodeWalRecords(chunks);
    expect(w.entries.map((e) => e.index)).toEqual([51]);
    expect(w.snapshot).toEqual({ index: 50, term: 3 });
  });

  it('a log that starts later (old chunks purged) starts at its first entry', () => {
    const enc = new WalEncoder(0x1234);
    const chunks = [enc.encodeReady(hs(4, 1, 100), [ent(4, 100), ent(4, 101)])];
    const w = decodeWalRecords(chunks, { startCrc: 0x1234 });
    expect(w.entries.map((e) => e.index)).toEqual([100, 101]);
    // Chained from the wrong crc: the only (so last) chunk fails its check and is dropped as torn.
    expect(decodeWalRecords(chunks).tornTail?.reason).toMatch(/crc mismatch/);
    expect(() => decodeWalRecords([...chunks, ...chunks])).toThrow(WalCorruptError);
  });

  it('metadata records must agree', () => {
    const enc = new WalEncoder();
    const chunks = [enc.encodeHeader(REAL_META), enc.encodeHeader(encodeWalMetadata({ nodeId: 1, clusterId: 2 })), enc.encodeReady(undefined, [])];
    expect(() => decodeWalRecords(chunks)).toThrow(/metadata conflicts/);
  });
});

describe('torn writes and corruption', () => {
  it('drops a truncated LAST record and reports it (not thrown)', () => {
    const { chunks } = sampleChunks();
    const good = decodeWalRecords(chunks.slice(0, 4));
    const last = chunks[4]!;
    for (const cut of [1, 7, 8, 20, last.length - 1]) {
      const w = decodeWalRecords([...chunks.slice(0, 4), last.subarray(0, cut)]);
      expect(w.tornTail?.recordIndex).toBe(4);
      expect(w.entries).toEqual(good.entries);
      expect(w.hardState).toEqual(good.hardState);
      expect(w.lastCrc).toBe(good.lastCrc);
    }
  });

  it('drops a LAST record with a flipped byte, reporting the crc mismatch', () => {
    const { chunks } = sampleChunks();
    const last = chunks[4]!.slice();
    last[last.length - 12]! ^= 0x01; // inside the state record's data
    const w = decodeWalRecords([...chunks.slice(0, 4), last]);
    expect(w.tornTail).toMatchObject({ recordIndex: 4 });
    expect(w.tornTail!.reason).toMatch(/crc mismatch/);
    expect(w.entries.length).toBe(4);
  });

  it('throws WalCorruptError for damage in the middle, naming record, offset and both crcs', () => {
    const { chunks } = sampleChunks();
    const bad = chunks.map((c) => c.slice());
    bad[3]![30]! ^= 0x40; // inside the data of entry 3
    let err: unknown;
    try {
      decodeWalRecords(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WalCorruptError);
    const e = err as WalCorruptError;
    expect(e.detail).toMatchObject({ recordIndex: 3, frameIndex: 0, offset: 0, reason: 'crc mismatch' });
    expect(e.detail.storedCrc).not.toBe(e.detail.computedCrc);
    expect(e.message).toMatch(/^wal: corrupt record 3, frame 0 at offset 0: crc mismatch \(stored crc 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)$/);
  });

  it('a truncated middle record is corruption, not a torn write', () => {
    const { chunks } = sampleChunks();
    const bad = [...chunks];
    bad[1] = chunks[1]!.subarray(0, 10);
    expect(() => decodeWalRecords(bad)).toThrow(/corrupt record 1/);
  });

  it('an unknown record type is corruption', () => {
    const enc = new WalEncoder();
    const chunks = [enc.encodeRecords([{ type: 9, data: Uint8Array.of(1) }]), enc.encodeReady(undefined, [])];
    expect(() => decodeWalRecords(chunks)).toThrow(/unexpected block type 9/);
  });
});

describe('WAL files (export / import)', () => {
  it('names segments %016x-%016x.wal', () => {
    expect(walFileName(0, 0)).toBe('0000000000000000-0000000000000000.wal');
    expect(walFileName(1, 0x2a)).toBe('0000000000000001-000000000000002a.wal');
    expect(FIRST_WAL_FILE_PATH).toBe('member/wal/0000000000000000-0000000000000000.wal');
  });

  it('exports crc(0), metadata, snapshot{0,0}, then the records re-chained; imports them back', () => {
    const { chunks } = sampleChunks();
    const file = exportWalFile(chunks, REAL_META);
    expect(toHex(file.subarray(0, 80))).toBe(toHex(new WalEncoder(0).encodeHeader(REAL_META)));
    const w = importWalFile(file);
    const direct = decodeWalRecords(chunks);
    expect(w.entries).toEqual(direct.entries);
    expect(w.hardState).toEqual(direct.hardState);
    expect(w.metadata).toEqual(REAL_META);
    expect(w.snapshot).toEqual({ index: 0, term: 0 });
    expect(w.validBytes).toBe(file.length);
    expect(w.tornTail).toBeUndefined();
    // Exported chunks that started from another crc are re-chained from the header.
    const enc = new WalEncoder(0xabcdef);
    const other = [enc.encodeReady(hs(1, 1, 1), [ent(1, 1, 'x')])];
    expect(importWalFile(exportWalFile(other, REAL_META, { startCrc: 0xabcdef })).entries).toEqual([ent(1, 1, 'x')]);
    // The imported bytes are a valid chunk list again, and can be appended to.
    const again = decodeWalRecords(w.records);
    expect(again.entries).toEqual(direct.entries);
    const more = new WalEncoder(again.lastCrc).encodeReady(undefined, [ent(2, 6)]);
    expect(decodeWalRecords([...w.records, more]).entries.length).toBe(6);
  });

  it('can preallocate to 64,000,000 bytes; the reader stops at the zero length word', () => {
    const { chunks } = sampleChunks();
    const file = exportWalFile(chunks, REAL_META, { preallocate: true });
    expect(file.length).toBe(SEGMENT_SIZE_BYTES);
    const w = importWalFile(file);
    expect(w.entries.length).toBe(5);
    expect(w.tornTail).toBeUndefined();
  });

  it('exports with a start snapshot record for a .snap', () => {
    const { chunks } = sampleChunks();
    const w = importWalFile(exportWalFile(chunks, REAL_META, { snapshot: { index: 3, term: 2 } }), { from: { index: 3, term: 2 } });
    expect(w.snapshotFound).toBe(true);
    expect(w.entries.map((e) => e.index)).toEqual([4, 5]);
  });

  it('leaves out a torn last chunk when exporting', () => {
    const { chunks } = sampleChunks();
    const torn = [...chunks.slice(0, 4), chunks[4]!.subarray(0, 5)];
    expect(importWalFile(exportWalFile(torn, REAL_META)).entries.length).toBe(4);
  });

  it('import: a record cut off by the end of the file is a torn write', () => {
    const file = exportWalFile(sampleChunks().chunks, REAL_META);
    // A file is read frame by frame: only the cut state record is lost, entry 5 before it stays.
    const w = importWalFile(file.subarray(0, file.length - 3));
    expect(w.tornTail?.reason).toMatch(/cut off/);
    expect(w.entries.length).toBe(5);
    expect(w.hardState).toEqual(hs(2, 1, 2));
  });

  it('import: a bad record with an all-zero 512-byte sector is torn; without one it is corruption', () => {
    const enc = new WalEncoder();
    const chunks = [enc.encodeReady(hs(1, 1, 1), [ent(1, 1)]), enc.encodeReady(undefined, [ent(1, 2, new Uint8Array(1500).fill(7))])];
    const file = exportWalFile(chunks, REAL_META);
    const lastFrame = file.length - 1528; // 8 + record (1500 + 17) + pad 3
    expect(readFrame(file, lastFrame).kind).toBe('frame');
    const zeroed = file.slice();
    const sector = Math.ceil((lastFrame + 40) / 512) * 512;
    zeroed.fill(0, sector, sector + 512);
    const w = importWalFile(zeroed);
    expect(w.tornTail?.reason).toMatch(/crc mismatch/);
    expect(w.entries.map((e) => e.index)).toEqual([1]);
    const flipped = file.slice();
    flipped[lastFrame + 100]! ^= 1;
    expect(() => importWalFile(flipped)).toThrow(/crc mismatch/);
  });

  it('import: non-zero garbage after the last record is corruption ("illegal wire type 7")', () => {
    const file = exportWalFile(sampleChunks().chunks, REAL_META);
    const g = new Uint8Array(file.length + 16);
    g.set(file);
    g.set([8, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], file.length);
    expect(() => importWalFile(g)).toThrow(WalCorruptError);
  });

  it('import: a flipped byte in an early entry is corruption', () => {
    const file = exportWalFile(sampleChunks().chunks, REAL_META).slice();
    file[100]! ^= 0x01;
    expect(() => importWalFile(file)).toThrow(/crc mismatch/);
  });
});
