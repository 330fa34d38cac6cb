// etcd's WAL record framing (`wal/encoder.go` encodeFrameSize, `wal/decoder.go` decodeRecord,
// isTornEntry), disk-formats.md §3.2–3.4, 3.7.
//
// A frame = 8-byte little-endian length word + marshaled walpb.Record + zero padding to 8 bytes.
// Low 56 bits of the word: record length without padding. Top byte: 0x80|pad when pad (1..7) is
// needed, else 0 — so every frame starts 8-byte aligned and a zero word means "no more records".
//
// The CRC: each record's `crc` = crc32c(record data, previous record's crc), over data only (not the
// type, not the frame); records without data keep it; a crc record (type 4) carries the running
// value and resets a reader's chain to it.

import { ProtoReader, ProtoWriter } from '../lib/proto';
import { readRecord, sizeRecord, writeRecord, type WalRecord } from './record';

export const FRAME_LENGTH_BYTES = 8;
/** 3.4.23 `maxWALEntrySizeLimit`: a reader refuses larger records. */
export const MAX_RECORD_BYTES = 10 * 1024 * 1024;
/** Torn-write detection works on disk sectors (`minSectorSize`). */
export const SECTOR_BYTES = 512;

export function padBytes(recordLength: number): number {
  return (8 - (recordLength % 8)) % 8;
}

/** Bytes a frame takes for a record of this encoded length. */
export function frameSize(recordLength: number): number {
  return FRAME_LENGTH_BYTES + recordLength + padBytes(recordLength);
}

/** Bytes the whole frame of a record (type, crc, data) takes. */
export function recordFrameSize(type: number, crc: number, dataLength: number | undefined): number {
  return frameSize(sizeRecord(type, crc, dataLength));
}

/** Append one frame. The writer must have room (size it with recordFrameSize) or be growable. */
export function writeFrame(w: ProtoWriter, type: number, crc: number, data: Uint8Array | undefined): void {
  const len = sizeRecord(type, crc, data?.length);
  const pad = padBytes(len);
  w.fixed32(len);
  w.fixed32(pad ? (0x80 | pad) << 24 : 0);
  writeRecord(w, type, crc, data);
  for (let i = 0; i < pad; i++) w.bool(false);
}

export interface Frame extends WalRecord {
  /** Offset of the length word in the buffer. */
  offset: number;
  /** Offset just past the padding: where the next frame starts. */
  end: number;
}

/** Why a frame could not be read. `short`: cut off by the end of the buffer. */
export type FrameFailure = { kind: 'short' | 'bad'; reason: string; offset: number; end: number };

export type FrameRead =
  | { kind: 'frame'; frame: Frame }
  | { kind: 'end'; zeroWord: boolean }
  | FrameFailure;

/**
 * Read the frame at `offset`. `end` = end of buffer, or a zero length word (a preallocated tail).
 * Never throws: malformed input is reported so the caller can decide torn vs corrupt.
 */
export function readFrame(buf: Uint8Array, offset: number, maxRecordBytes = MAX_RECORD_BYTES): FrameRead {
  if (offset >= buf.length) return { kind: 'end', zeroWord: false };
  if (buf.length - offset < FRAME_LENGTH_BYTES) {
    return { kind: 'short', reason: 'frame length word cut off', offset, end: buf.length };
  }
  const lo = readUint32LE(buf, offset);
  const hi = readUint32LE(buf, offset + 4);
  if (lo === 0 && hi === 0) return { kind: 'end', zeroWord: true };
  const top = hi >>> 24;
  const len = (hi & 0x00ff_ffff) * 0x1_0000_0000 + lo;
  const pad = top & 0x80 ? top & 7 : 0;
  const start = offset + FRAME_LENGTH_BYTES;
  if (len + pad > maxRecordBytes) {
    // Fatal in etcd (ErrMaxWALEntrySizeLimitExceeded), never a torn write: `end` covers no data to inspect.
    return { kind: 'bad', reason: `record length ${len} exceeds the ${maxRecordBytes}-byte limit`, offset, end: start };
  }
  const end = start + len + pad;
  if (end > buf.length) {
    return { kind: 'short', reason: `record of ${len} bytes cut off by the end of data`, offset, end: buf.length };
  }
  let rec: WalRecord;
  try {
    rec = readRecord(new ProtoReader(buf, start, start + len));
  } catch (e) {
    return { kind: 'bad', reason: `record does not unmarshal: ${(e as Error).message}`, offset, end };
  }
  return { kind: 'frame', frame: { ...rec, offset, end } };
}

/**
 * etcd's isTornEntry: a failed record in the last segment whose bytes (after the length word,
 * padding included), split at 512-byte sector boundaries of the file, contain an all-zero sector
 * chunk was a write the disk did not finish — not corruption.
 */
export function looksTorn(buf: Uint8Array, frameOffset: number, frameEnd: number): boolean {
  let off = frameOffset + FRAME_LENGTH_BYTES;
  const end = Math.min(frameEnd, buf.length);
  while (off < end) {
    const chunkEnd = Math.min(end, off + (SECTOR_BYTES - (off % SECTOR_BYTES)));
    let zero = true;
    for (let i = off; i < chunkEnd; i++) {
      if (buf[i] !== 0) {
        zero = false;
        break;
      }
    }
    if (zero) return true;
    off = chunkEnd;
  }
  return false;
}

function readUint32LE(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}
