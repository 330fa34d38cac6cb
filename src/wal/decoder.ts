// Reads WAL records back the way etcd's `wal.ReadAll` does (disk-formats.md §3.4, 3.6, 3.7):
// checks the CRC chain, replays entries (a later entry at index i replaces i and drops everything
// after it), keeps the last HardState, and treats a damaged LAST record as a torn write to drop,
// while damage anywhere else is corruption and throws.
//
// Input: the chunks the node layer stored, one per raft Ready (WalEncoder.encodeReady), in order.
// A chunk is written atomically by IndexedDB, so a bad last chunk is dropped whole: its Ready was
// never acknowledged (messages go out only after the write is durable), so nothing depends on it.

import { crc32c } from '../lib/crc32c';
import { bytesEqual } from '../lib/bytes';
import type { Entry, HardState } from '../raft/types';
import { decodeEntry, decodeHardState } from '../pb/raftpb';
import { RecordType, RECORD_TYPE_NAMES, decodeWalSnapshot, type WalSnapshot } from './record';
import { readFrame, type Frame, type FrameFailure } from './frame';

export interface WalCorruptionDetail {
  /** Index of the chunk (IndexedDB record) in the input; 0 for a file. */
  recordIndex: number;
  /** Index of the frame within the chunk (or file). */
  frameIndex: number;
  /** Byte offset of the frame within the chunk (or file). */
  offset: number;
  reason: string;
  /** For CRC mismatches: the crc stored in the record and the one computed from the chain. */
  storedCrc?: number;
  computedCrc?: number;
}

/** The WAL is damaged somewhere a torn write cannot explain (etcd: fatal `walpb: crc mismatch` etc.). */
export class WalCorruptError extends Error {
  override name = 'WalCorruptError';
  constructor(readonly detail: WalCorruptionDetail) {
    super(
      `wal: corrupt record ${detail.recordIndex}, frame ${detail.frameIndex} at offset ${detail.offset}: ${detail.reason}` +
        (detail.storedCrc !== undefined
          ? ` (stored crc ${hex32(detail.storedCrc)}, computed ${hex32(detail.computedCrc ?? 0)})`
          : ''),
    );
  }
}

/** A torn (dropped) tail: where it started and why it was not readable. */
export interface WalTornTail {
  recordIndex: number;
  frameIndex: number;
  offset: number;
  reason: string;
}

export interface DecodeWalOptions {
  /** CRC that the first record chains from (WalEncoder's `prevCrc`); default 0. A leading crc record resets it anyway. */
  startCrc?: number;
  /**
   * etcd's ReadAll start snapshot: entries with index ≤ from.index are skipped and the log must
   * continue from there. Without it, the log starts just before the first entry read, and a
   * snapshot record beyond the last entry (a follower installing a snapshot) restarts the log there.
   */
  from?: { index: number; term: number };
}

export interface DecodedWal {
  /** Data of the metadata record (etcdserverpb.Metadata), if any; every one must be identical. */
  metadata?: Uint8Array;
  /** The last state record; undefined if there was none. */
  hardState?: HardState;
  /** The log after replay: contiguous indexes. */
  entries: Entry[];
  /** The last snapshot record read. */
  snapshot?: WalSnapshot;
  /** With `from`: whether a snapshot record matched it (etcd fails with ErrSnapshotNotFound if not). */
  snapshotFound: boolean;
  /** CRC after the last good record: `new WalEncoder(lastCrc)` continues the chain. */
  lastCrc: number;
  /** Frames read (and applied). */
  frameCount: number;
  /** Set when the last chunk (or the end of a file) was damaged and dropped. */
  tornTail?: WalTornTail;
}

/**
 * Decode the node layer's WAL chunks, in order. Throws WalCorruptError; reports a torn last chunk.
 * After a torn tail, delete that chunk from the store before appending (etcd's wal.Repair truncates
 * the file the same way), or the next read finds the damage in the middle and throws.
 */
export function decodeWalRecords(records: readonly Uint8Array[], opts: DecodeWalOptions = {}): DecodedWal {
  const replay = new WalReplay(opts);
  for (let i = 0; i < records.length; i++) {
    const chunk = records[i]!;
    const frames = collectChunk(chunk, replay.crc);
    if ('failure' in frames) {
      const { failure, frameIndex, crcs } = frames;
      const detail = { recordIndex: i, frameIndex, offset: failure.offset, reason: failure.reason, ...crcs };
      if (i === records.length - 1) {
        replay.tornTail = { recordIndex: i, frameIndex, offset: failure.offset, reason: new WalCorruptError(detail).message };
        break;
      }
      throw new WalCorruptError(detail);
    }
    for (let j = 0; j < frames.length; j++) replay.apply(frames[j]!, i, j);
  }
  return replay.result();
}

export type ChunkResult =
  | Frame[]
  | { failure: FrameFailure; frameIndex: number; crcs: { storedCrc?: number; computedCrc?: number } };

/** All frames of one chunk with their CRC chain checked, or the first failure. Applies nothing. */
export function collectChunk(chunk: Uint8Array, startCrc: number): ChunkResult {
  const frames: Frame[] = [];
  let crc = startCrc;
  let off = 0;
  for (let j = 0; ; j++) {
    const r = readFrame(chunk, off, Number.MAX_SAFE_INTEGER);
    if (r.kind === 'end') {
      if (r.zeroWord) {
        return { failure: { kind: 'bad', reason: 'zero frame length inside a record', offset: off, end: chunk.length }, frameIndex: j, crcs: {} };
      }
      return frames;
    }
    if (r.kind !== 'frame') return { failure: r, frameIndex: j, crcs: {} };
    const f = r.frame;
    const check = chainCrc(crc, f);
    if (!check.ok) {
      return {
        failure: { kind: 'bad', reason: 'crc mismatch', offset: f.offset, end: f.end },
        frameIndex: j,
        crcs: { storedCrc: f.crc, computedCrc: check.computed },
      };
    }
    crc = check.next;
    frames.push(f);
    off = f.end;
  }
}

/**
 * One step of etcd's CRC chain. A crc record must equal the running value (unless that is still 0,
 * a reader that has not seen any data yet) and then becomes it; any other record's crc must equal
 * crc32c(data, running).
 */
export function chainCrc(running: number, f: Frame): { ok: true; next: number } | { ok: false; computed: number } {
  if (f.type === RecordType.Crc) {
    if (running !== 0 && f.crc !== running) return { ok: false, computed: running };
    return { ok: true, next: f.crc };
  }
  const computed = f.data ? crc32c(f.data, running) : running;
  return computed === f.crc ? { ok: true, next: computed } : { ok: false, computed };
}

/** ReadAll's state: entries with truncate-on-overwrite, last HardState, metadata, snapshots. */
export class WalReplay {
  crc: number;
  tornTail?: WalTornTail;
  private metadata?: Uint8Array;
  private hardState?: HardState;
  private readonly entries: Entry[] = [];
  /** Index just before entries[0]; undefined until known (no `from`, no entry yet). */
  private start: number | undefined;
  private snapshot?: WalSnapshot;
  private snapshotFound = false;
  private frameCount = 0;

  constructor(private readonly opts: DecodeWalOptions) {
    this.crc = (opts.startCrc ?? 0) >>> 0;
    this.start = opts.from?.index;
  }

  /** Apply a frame whose CRC was already checked (chainCrc), so its crc IS the new running value. */
  apply(f: Frame, recordIndex: number, frameIndex: number): void {
    this.crc = f.crc;
    this.frameCount++;
    const fail = (reason: string): never => {
      throw new WalCorruptError({ recordIndex, frameIndex, offset: f.offset, reason });
    };
    const data = f.data ?? new Uint8Array(0);
    try {
      switch (f.type) {
        case RecordType.Entry:
          this.applyEntry(decodeEntry(data), fail);
          return;
        case RecordType.State:
          this.hardState = decodeHardState(data);
          return;
        case RecordType.Metadata:
          if (this.metadata && !bytesEqual(this.metadata, data)) fail('metadata conflicts with an earlier metadata record');
          this.metadata = data;
          return;
        case RecordType.Crc:
          return;
        case RecordType.Snapshot:
          this.applySnapshot(decodeWalSnapshot(data), fail);
          return;
        default:
          fail(`unexpected block type ${f.type}`);
      }
    } catch (e) {
      if (e instanceof WalCorruptError) throw e;
      fail(`${RECORD_TYPE_NAMES[f.type] ?? 'record'} data does not unmarshal: ${(e as Error).message}`);
    }
  }

  private applyEntry(e: Entry, fail: (reason: string) => never): void {
    if (this.start === undefined) this.start = e.index - 1;
    if (e.index <= this.start) {
      if (this.opts.from) return; // covered by the snapshot: ReadAll skips it
      fail(`entry ${e.index} is before the start of the log (${this.start + 1})`);
    }
    const up = e.index - this.start - 1;
    if (up > this.entries.length) {
      fail(`entry ${e.index} leaves a gap after entry ${this.start + this.entries.length} (ErrSliceOutOfRange)`);
    }
    this.entries.length = up; // a rewritten index discards everything from it on
    this.entries.push(e);
  }

  private applySnapshot(s: WalSnapshot, fail: (reason: string) => never): void {
    this.snapshot = s;
    const from = this.opts.from;
    if (from) {
      if (s.index === from.index) {
        if (s.term !== from.term) fail(`snapshot record {index ${s.index}, term ${s.term}} does not match the start term ${from.term} (ErrSnapshotMismatch)`);
        this.snapshotFound = true;
      }
      return;
    }
    // Inferred start: a snapshot past the end of the log replaces the log (MsgSnap installed).
    const last = this.start === undefined ? undefined : this.start + this.entries.length;
    if (last === undefined || s.index > last) {
      this.entries.length = 0;
      this.start = s.index;
    }
  }

  result(): DecodedWal {
    const out: DecodedWal = {
      entries: this.entries,
      snapshotFound: this.snapshotFound,
      lastCrc: this.crc,
      frameCount: this.frameCount,
    };
    if (this.metadata) out.metadata = this.metadata;
    if (this.hardState) out.hardState = this.hardState;
    if (this.snapshot) out.snapshot = this.snapshot;
    if (this.tornTail) out.tornTail = this.tornTail;
    return out;
  }
}

function hex32(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}
