// The freelist (disk-formats.md §1.5): page ids free for reuse, plus pages freed by recent
// transactions that some open reader may still see ("pending", keyed by the freeing txid).
// Allocation is bbolt's array freelist: first fit, lowest ids first, contiguous runs for overflow.

import { assert } from '../lib/assert';
import { BoltError } from './errors';
import { FREELIST_PAGE_FLAG, MAX_COUNT, PAGE_HEADER_SIZE, Page, readU64, writeU64 } from './page';

export class Freelist {
  /** Free page ids, sorted ascending, reusable now. */
  private ids: number[] = [];
  /** txid → pages freed by that tx, not yet reusable. */
  private readonly pending = new Map<number, number[]>();
  /** Every id in ids or pending: catches double frees. */
  private readonly cache = new Set<number>();

  freeCount(): number {
    return this.ids.length;
  }
  pendingCount(): number {
    let n = 0;
    for (const p of this.pending.values()) n += p.length;
    return n;
  }
  count(): number {
    return this.freeCount() + this.pendingCount();
  }
  freeIds(): readonly number[] {
    return this.ids;
  }
  pendingByTxid(): ReadonlyMap<number, readonly number[]> {
    return this.pending;
  }
  isFree(id: number): boolean {
    return this.cache.has(id);
  }

  /** All free and pending ids, sorted: what the freelist page stores. */
  copyAll(): number[] {
    const all = this.ids.slice();
    for (const p of this.pending.values()) for (const id of p) all.push(id);
    return all.sort((a, b) => a - b);
  }

  /**
   * Take n contiguous free pages; returns the first id, or 0 when no run is long enough
   * (the caller then grows the file at the high-water mark).
   */
  allocate(n: number): number {
    assert(n > 0, 'allocate of zero pages');
    let runStart = 0;
    let prev = 0;
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[i]!;
      assert(id > 1, `invalid page allocation: ${id}`);
      if (prev === 0 || id - prev !== 1) runStart = id;
      if (id - runStart + 1 === n) {
        const first = i - n + 1;
        this.ids.splice(first, n);
        for (let k = 0; k < n; k++) this.cache.delete(runStart + k);
        return runStart;
      }
      prev = id;
    }
    return 0;
  }

  /** Release a page (and its overflow) at txid: it becomes pending, reusable once no reader needs it. */
  free(txid: number, first: number, overflow: number): void {
    assert(first > 1, `cannot free page 0 or 1: ${first}`);
    let list = this.pending.get(txid);
    if (!list) this.pending.set(txid, (list = []));
    for (let id = first; id <= first + overflow; id++) {
      assert(!this.cache.has(id), `page ${id} already freed`);
      list.push(id);
      this.cache.add(id);
    }
  }

  /** Make pending pages of every txid <= maxTxid free for reuse. */
  release(maxTxid: number): void {
    const moved: number[] = [];
    for (const [tid, list] of this.pending) {
      if (tid <= maxTxid) {
        for (const id of list) moved.push(id);
        this.pending.delete(tid);
      }
    }
    if (moved.length > 0) this.ids = mergeSorted(this.ids, moved.sort((a, b) => a - b));
  }

  /** Snapshot of the reusable ids, taken when a write tx begins, so rollback can undo its allocations. */
  saveIds(): number[] {
    return this.ids.slice();
  }

  /** Undo a write tx: drop what it freed, put back what it allocated. */
  rollback(txid: number, savedIds: number[]): void {
    const list = this.pending.get(txid);
    if (list) {
      for (const id of list) this.cache.delete(id);
      this.pending.delete(txid);
    }
    for (const id of this.ids) this.cache.delete(id);
    this.ids = savedIds;
    for (const id of this.ids) this.cache.add(id);
  }

  /** Replace everything by the given free ids (file open, or a rebuild by tree walk). */
  reset(ids: readonly number[]): void {
    this.ids = Array.from(ids).sort((a, b) => a - b);
    this.pending.clear();
    this.cache.clear();
    for (const id of this.ids) {
      if (this.cache.has(id)) throw new BoltError('corrupt', `page ${id} listed twice in the freelist`);
      this.cache.add(id);
    }
  }

  /** Bytes the freelist page needs (header, the 0xFFFF escape word, one u64 per id). */
  size(): number {
    const n = this.count();
    return PAGE_HEADER_SIZE + 8 * n + (n >= MAX_COUNT ? 8 : 0);
  }

  /** Write free + pending ids into p (already sized by the caller). */
  write(p: Page): void {
    const all = this.copyAll();
    p.flags = FREELIST_PAGE_FLAG;
    let off = PAGE_HEADER_SIZE;
    if (all.length < MAX_COUNT) {
      p.count = all.length;
    } else {
      p.count = MAX_COUNT;
      writeU64(p.dv, off, all.length);
      off += 8;
    }
    assert(off + 8 * all.length <= p.bytes.length, 'freelist page too small');
    for (const id of all) {
      writeU64(p.dv, off, id);
      off += 8;
    }
  }
}

/** Decode the ids stored on a freelist page. */
export function readFreelistPage(p: Page): number[] {
  if (p.type !== 'freelist') throw new BoltError('corrupt', `page ${p.id} is ${p.type}, not a freelist`);
  let n = p.count;
  let off = PAGE_HEADER_SIZE;
  if (n === MAX_COUNT) {
    n = readU64(p.dv, off);
    off += 8;
  }
  if (off + 8 * n > p.bytes.length) throw new BoltError('corrupt', `freelist page ${p.id} overflows its pages`);
  const ids: number[] = new Array(n);
  for (let i = 0; i < n; i++) ids[i] = readU64(p.dv, off + 8 * i);
  return ids;
}

function mergeSorted(a: number[], b: number[]): number[] {
  const out: number[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
