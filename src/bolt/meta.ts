// The meta page (disk-formats.md §1.4): pages 0 and 1. A commit writes its meta to page txid % 2,
// so the previous meta survives a torn write; the opener takes the valid one with the higher txid.

import { BoltError } from './errors';
import { fnv64a, u64Hex } from './fnv64';
import {
  META_PAGE_FLAG,
  PAGE_HEADER_SIZE,
  Page,
  dataViewOf,
  isAllOnesU64,
  readU64,
  writeAllOnesU64,
  writeU64,
} from './page';

export const MAGIC = 0xed0cdaed;
export const VERSION = 2;

// Offsets inside the page (meta struct starts right after the 16-byte page header).
const M = PAGE_HEADER_SIZE;
const OFF_MAGIC = M + 0; // u32
const OFF_VERSION = M + 4; // u32
const OFF_PAGE_SIZE = M + 8; // u32
const OFF_FLAGS = M + 12; // u32, unused
const OFF_ROOT = M + 16; // u64: root bucket's top pgid
const OFF_SEQUENCE = M + 24; // u64: root bucket's sequence
const OFF_FREELIST = M + 32; // u64, all ones = no freelist persisted
const OFF_PGID = M + 40; // u64: high-water mark
const OFF_TXID = M + 48; // u64
const OFF_CHECKSUM = M + 56; // u64: FNV-1a 64 of the 56 bytes before it
/** Bytes covered by the checksum: magic .. txid. */
export const META_CHECKSUM_SPAN = 56;

export interface BucketHeader {
  root: number; // pgid of the bucket's top page; 0 = inline bucket
  sequence: number;
}

export interface Meta {
  magic: number;
  version: number;
  pageSize: number;
  flags: number;
  root: BucketHeader;
  /** pgid of the freelist page, or null when none is persisted (bbolt's pgidNoFreelist). */
  freelist: number | null;
  /** High-water mark: number of pages in use; every pgid below it is reachable or free. */
  pgid: number;
  txid: number;
  /** Checksum as stored, hex (16 digits). */
  checksum: string;
}

export function copyMeta(m: Meta): Meta {
  return { ...m, root: { ...m.root } };
}

export function readMeta(p: Page): Meta {
  const dv = p.dv;
  const seqFull = isAllOnesU64(dv, OFF_SEQUENCE);
  return {
    magic: dv.getUint32(OFF_MAGIC, true),
    version: dv.getUint32(OFF_VERSION, true),
    pageSize: dv.getUint32(OFF_PAGE_SIZE, true),
    flags: dv.getUint32(OFF_FLAGS, true),
    root: { root: readU64(dv, OFF_ROOT), sequence: seqFull ? Number.MAX_SAFE_INTEGER : readU64(dv, OFF_SEQUENCE) },
    freelist: isAllOnesU64(dv, OFF_FREELIST) ? null : readU64(dv, OFF_FREELIST),
    pgid: readU64(dv, OFF_PGID),
    txid: readU64(dv, OFF_TXID),
    checksum: u64Hex({ lo: dv.getUint32(OFF_CHECKSUM, true), hi: dv.getUint32(OFF_CHECKSUM + 4, true) }),
  };
}

/** Checksum over the 56 meta bytes as they are in the page. */
export function computeMetaChecksum(p: Page): string {
  return u64Hex(fnv64a(p.bytes.subarray(OFF_MAGIC, OFF_MAGIC + META_CHECKSUM_SPAN)));
}

/**
 * Validate a meta page as bbolt does, in its order: magic, version, checksum. Throws BoltError.
 * (bbolt 1.3.6 accepts a zero checksum unchecked; we always check, as we always write it.)
 */
export function validateMeta(p: Page): Meta {
  if (p.bytes.length < OFF_CHECKSUM + 8) throw new BoltError('invalid', 'file too short for a meta page');
  const dv = p.dv;
  if (dv.getUint32(OFF_MAGIC, true) !== MAGIC) throw new BoltError('invalid', 'invalid database (bad magic)');
  const version = dv.getUint32(OFF_VERSION, true);
  if (version !== VERSION) throw new BoltError('version-mismatch', `version mismatch: file ${version}, want ${VERSION}`);
  const m = readMeta(p);
  if (computeMetaChecksum(p) !== m.checksum) throw new BoltError('checksum', `meta page ${p.id} checksum error`);
  return m;
}

/** Serialize a meta into a fresh page of pageSize bytes with id txid % 2 and a fresh checksum. */
export function writeMetaPage(m: Meta, pageSize: number, pgid: number = m.txid % 2): Uint8Array {
  const bytes = new Uint8Array(pageSize);
  const p = new Page(bytes);
  p.id = pgid;
  p.flags = META_PAGE_FLAG;
  const dv = dataViewOf(bytes);
  dv.setUint32(OFF_MAGIC, MAGIC, true);
  dv.setUint32(OFF_VERSION, VERSION, true);
  dv.setUint32(OFF_PAGE_SIZE, m.pageSize, true);
  dv.setUint32(OFF_FLAGS, m.flags, true);
  writeU64(dv, OFF_ROOT, m.root.root);
  writeU64(dv, OFF_SEQUENCE, m.root.sequence);
  if (m.freelist === null) writeAllOnesU64(dv, OFF_FREELIST);
  else writeU64(dv, OFF_FREELIST, m.freelist);
  writeU64(dv, OFF_PGID, m.pgid);
  writeU64(dv, OFF_TXID, m.txid);
  const sum = fnv64a(bytes.subarray(OFF_MAGIC, OFF_MAGIC + META_CHECKSUM_SPAN));
  dv.setUint32(OFF_CHECKSUM, sum.lo, true);
  dv.setUint32(OFF_CHECKSUM + 4, sum.hi, true);
  return bytes;
}
