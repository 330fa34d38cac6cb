// bbolt page layout (disk-formats.md §1.2–1.6). Every integer in a page is little-endian.
// A Page wraps the bytes of one node — its first page plus any overflow pages — or an inline
// bucket's embedded page image (which may sit at any byte offset, hence DataView, never typed arrays).

import { assert } from '../lib/assert';
import { BoltError } from './errors';

export const PAGE_HEADER_SIZE = 16;
const OFF_ID = 0; // u64 pgid
const OFF_FLAGS = 8; // u16
const OFF_COUNT = 10; // u16
const OFF_OVERFLOW = 12; // u32: extra contiguous pages after this one

export const BRANCH_PAGE_FLAG = 0x01;
export const LEAF_PAGE_FLAG = 0x02;
export const META_PAGE_FLAG = 0x04;
export const FREELIST_PAGE_FLAG = 0x10;

/** Leaf element flag: the value is a bucket header (+ inline page). */
export const BUCKET_LEAF_FLAG = 0x01;

export const LEAF_ELEMENT_SIZE = 16;
const LEAF_OFF_FLAGS = 0; // u32
const LEAF_OFF_POS = 4; // u32, relative to this element's header
const LEAF_OFF_KSIZE = 8; // u32
const LEAF_OFF_VSIZE = 12; // u32

export const BRANCH_ELEMENT_SIZE = 16;
const BRANCH_OFF_POS = 0; // u32, relative to this element's header
const BRANCH_OFF_KSIZE = 4; // u32
const BRANCH_OFF_PGID = 8; // u64

/** meta/page counts above this use the freelist's 0xFFFF escape, and a node may not hold more. */
export const MAX_COUNT = 0xffff;

const TWO_32 = 0x1_0000_0000;

/** Read a u64 that must fit a JS safe integer (pgids, txids). */
export function readU64(dv: DataView, off: number): number {
  const lo = dv.getUint32(off, true);
  const hi = dv.getUint32(off + 4, true);
  if (hi >= 0x20_0000) throw new BoltError('corrupt', `u64 at offset ${off} too large for this reader`);
  return hi * TWO_32 + lo;
}

export function isAllOnesU64(dv: DataView, off: number): boolean {
  return dv.getUint32(off, true) === 0xffffffff && dv.getUint32(off + 4, true) === 0xffffffff;
}

export function writeU64(dv: DataView, off: number, v: number): void {
  assert(Number.isSafeInteger(v) && v >= 0, `u64 out of range: ${v}`);
  dv.setUint32(off, v >>> 0, true);
  dv.setUint32(off + 4, Math.floor(v / TWO_32), true);
}

export function writeAllOnesU64(dv: DataView, off: number): void {
  dv.setUint32(off, 0xffffffff, true);
  dv.setUint32(off + 4, 0xffffffff, true);
}

export function dataViewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export type PageType = 'branch' | 'leaf' | 'meta' | 'freelist' | 'unknown';

export function pageTypeOf(flags: number): PageType {
  if (flags & BRANCH_PAGE_FLAG) return 'branch';
  if (flags & LEAF_PAGE_FLAG) return 'leaf';
  if (flags & META_PAGE_FLAG) return 'meta';
  if (flags & FREELIST_PAGE_FLAG) return 'freelist';
  return 'unknown';
}

export class Page {
  readonly dv: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.dv = dataViewOf(bytes);
  }

  get id(): number {
    return readU64(this.dv, OFF_ID);
  }
  set id(v: number) {
    writeU64(this.dv, OFF_ID, v);
  }
  get flags(): number {
    return this.dv.getUint16(OFF_FLAGS, true);
  }
  set flags(v: number) {
    this.dv.setUint16(OFF_FLAGS, v, true);
  }
  get count(): number {
    return this.dv.getUint16(OFF_COUNT, true);
  }
  set count(v: number) {
    assert(v >= 0 && v <= MAX_COUNT, `page count out of range: ${v}`);
    this.dv.setUint16(OFF_COUNT, v, true);
  }
  get overflow(): number {
    return this.dv.getUint32(OFF_OVERFLOW, true);
  }
  set overflow(v: number) {
    this.dv.setUint32(OFF_OVERFLOW, v, true);
  }
  get isLeaf(): boolean {
    return (this.flags & LEAF_PAGE_FLAG) !== 0;
  }
  get isBranch(): boolean {
    return (this.flags & BRANCH_PAGE_FLAG) !== 0;
  }
  get type(): PageType {
    return pageTypeOf(this.flags);
  }

  leafFlags(i: number): number {
    return this.dv.getUint32(PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE + LEAF_OFF_FLAGS, true);
  }
  leafKey(i: number): Uint8Array {
    const e = PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE;
    const start = e + this.dv.getUint32(e + LEAF_OFF_POS, true);
    return this.slice(start, this.dv.getUint32(e + LEAF_OFF_KSIZE, true));
  }
  leafValue(i: number): Uint8Array {
    const e = PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE;
    const start = e + this.dv.getUint32(e + LEAF_OFF_POS, true) + this.dv.getUint32(e + LEAF_OFF_KSIZE, true);
    return this.slice(start, this.dv.getUint32(e + LEAF_OFF_VSIZE, true));
  }
  branchKey(i: number): Uint8Array {
    const e = PAGE_HEADER_SIZE + i * BRANCH_ELEMENT_SIZE;
    const start = e + this.dv.getUint32(e + BRANCH_OFF_POS, true);
    return this.slice(start, this.dv.getUint32(e + BRANCH_OFF_KSIZE, true));
  }
  branchPgid(i: number): number {
    return readU64(this.dv, PAGE_HEADER_SIZE + i * BRANCH_ELEMENT_SIZE + BRANCH_OFF_PGID);
  }

  /** Key of element i whatever the page kind (for searches and checks). */
  key(i: number): Uint8Array {
    return this.isLeaf ? this.leafKey(i) : this.branchKey(i);
  }

  writeLeafElement(i: number, pos: number, flags: number, ksize: number, vsize: number): void {
    const e = PAGE_HEADER_SIZE + i * LEAF_ELEMENT_SIZE;
    this.dv.setUint32(e + LEAF_OFF_FLAGS, flags, true);
    this.dv.setUint32(e + LEAF_OFF_POS, pos - e, true);
    this.dv.setUint32(e + LEAF_OFF_KSIZE, ksize, true);
    this.dv.setUint32(e + LEAF_OFF_VSIZE, vsize, true);
  }
  writeBranchElement(i: number, pos: number, ksize: number, pgid: number): void {
    const e = PAGE_HEADER_SIZE + i * BRANCH_ELEMENT_SIZE;
    this.dv.setUint32(e + BRANCH_OFF_POS, pos - e, true);
    this.dv.setUint32(e + BRANCH_OFF_KSIZE, ksize, true);
    writeU64(this.dv, e + BRANCH_OFF_PGID, pgid);
  }

  private slice(start: number, len: number): Uint8Array {
    if (start + len > this.bytes.length) {
      throw new BoltError('corrupt', `element [${start}, ${start + len}) past the end of page ${this.id} (${this.bytes.length} bytes)`);
    }
    return this.bytes.subarray(start, start + len);
  }
}

/** First index i with key(i) >= target (count when none): the sort.Search bbolt uses everywhere. */
export function searchPage(p: Page, target: Uint8Array, cmp: (a: Uint8Array, b: Uint8Array) => number): number {
  let lo = 0;
  let hi = p.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(p.key(mid), target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
