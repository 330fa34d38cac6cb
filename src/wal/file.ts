// Real etcd WAL segment files: export the node layer's WAL chunks as
// `member/wal/0000000000000000-0000000000000000.wal` (what `etcd-dump-logs` and etcd 3.4 read),
// and import such a file (disk-formats.md §3.1, 3.5–3.7).

import { bytesEqual } from '../lib/bytes';
import { RecordType, type WalSnapshot } from './record';
import { WalEncoder } from './encoder';
import { readFrame, looksTorn, MAX_RECORD_BYTES } from './frame';
import {
  WalCorruptError,
  WalReplay,
  chainCrc,
  collectChunk,
  type DecodeWalOptions,
  type DecodedWal,
} from './decoder';

/** etcd preallocates every segment to this many bytes (64 MB decimal, `SegmentSizeBytes`). */
export const SEGMENT_SIZE_BYTES = 64_000_000;

/** `%016x-%016x.wal`: segment sequence number and the raft index of its first entry. */
export function walFileName(seq: number, index: number): string {
  return `${hex16(seq)}-${hex16(index)}.wal`;
}

/** The first (and, for an export, only) segment's path inside a data dir. */
export const FIRST_WAL_FILE_PATH = `member/wal/${walFileName(0, 0)}`;

export interface ExportWalOptions {
  /**
   * The snapshot record after the metadata. {0, 0} (default) for a WAL from the first entry; when a
   * `.snap` is exported too it must be that snapshot's {index, term}, or etcd fails with
   * ErrSnapshotNotFound (disk-formats.md §3.6).
   */
  snapshot?: WalSnapshot;
  /** Zero-fill to 64,000,000 bytes as etcd preallocates; readers do not need it (§3.1). */
  preallocate?: boolean;
  /** CRC the first chunk chains from (decodeWalRecords' startCrc). */
  startCrc?: number;
}

/**
 * A `.wal` file body as etcd 3.4's wal.Create + Save write it: crc record (0), metadata record,
 * snapshot record, then every record of `records` (the node layer's chunks) re-chained from there.
 * Crc and metadata records inside the chunks are dropped (the header replaces them). A torn last
 * chunk is left out, as a reader would; corruption elsewhere throws WalCorruptError.
 * `metadata`: encoded etcdserverpb.Metadata (record.ts encodeWalMetadata).
 */
export function exportWalFile(records: readonly Uint8Array[], metadata: Uint8Array, opts: ExportWalOptions = {}): Uint8Array {
  const body: { type: number; data?: Uint8Array }[] = [];
  let crc = (opts.startCrc ?? 0) >>> 0;
  for (let i = 0; i < records.length; i++) {
    const frames = collectChunk(records[i]!, crc);
    if ('failure' in frames) {
      if (i === records.length - 1) break;
      const { failure, frameIndex, crcs } = frames;
      throw new WalCorruptError({ recordIndex: i, frameIndex, offset: failure.offset, reason: failure.reason, ...crcs });
    }
    for (const f of frames) {
      crc = f.crc;
      if (f.type === RecordType.Crc) continue;
      if (f.type === RecordType.Metadata) {
        if (f.data && !bytesEqual(f.data, metadata)) {
          throw new Error('wal export: a metadata record in the chunks differs from the metadata given');
        }
        continue;
      }
      body.push(f.data ? { type: f.type, data: f.data } : { type: f.type });
    }
  }
  const enc = new WalEncoder(0);
  const header = enc.encodeHeader(metadata, opts.snapshot ?? { index: 0, term: 0 });
  const rest = enc.encodeRecords(body);
  const size = header.length + rest.length;
  const out = new Uint8Array(opts.preallocate ? Math.max(SEGMENT_SIZE_BYTES, size) : size);
  out.set(header, 0);
  out.set(rest, header.length);
  return out;
}

export interface ImportedWal extends DecodedWal {
  /** Bytes of the file up to the end of the last good record. */
  validBytes: number;
  /** The good part as one chunk for decodeWalRecords / the node layer's store (a view into the input). */
  records: Uint8Array[];
}

/**
 * Read a `.wal` segment as etcd's ReadAll does for the LAST segment: stop at a zero length word or
 * the end; a record cut short, or failing to unmarshal / its CRC with an all-zero 512-byte sector in
 * it, is a torn write (reported in `tornTail`, dropped); any other failure throws WalCorruptError.
 */
export function importWalFile(bytes: Uint8Array, opts: DecodeWalOptions = {}): ImportedWal {
  const replay = new WalReplay(opts);
  let off = 0;
  for (let j = 0; ; j++) {
    const r = readFrame(bytes, off, MAX_RECORD_BYTES);
    if (r.kind === 'end') break;
    let reason: string;
    let crcs: { storedCrc?: number; computedCrc?: number } = {};
    let torn: boolean;
    if (r.kind === 'frame') {
      const check = chainCrc(replay.crc, r.frame);
      if (check.ok) {
        replay.apply(r.frame, 0, j);
        off = r.frame.end;
        continue;
      }
      reason = 'crc mismatch';
      crcs = { storedCrc: r.frame.crc, computedCrc: check.computed };
      torn = looksTorn(bytes, off, r.frame.end);
    } else {
      reason = r.reason;
      torn = r.kind === 'short' || looksTorn(bytes, off, r.end);
    }
    const detail = { recordIndex: 0, frameIndex: j, offset: off, reason, ...crcs };
    if (!torn) throw new WalCorruptError(detail);
    replay.tornTail = { recordIndex: 0, frameIndex: j, offset: off, reason: new WalCorruptError(detail).message };
    break;
  }
  return { ...replay.result(), validBytes: off, records: [bytes.subarray(0, off)] };
}

function hex16(n: number): string {
  return n.toString(16).padStart(16, '0');
}
