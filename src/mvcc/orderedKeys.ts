// An ordered map from byte-string keys to values, ordered as Go's bytes.Compare (etcd's B-tree
// order). Stored as a list of sorted chunks of at most CHUNK entries: lookups are two binary
// searches, inserts shift at most one chunk, so 10^5-10^6 keys stay cheap without a full B-tree,
// and in-order iteration from any key is a simple walk. Our own code: the npm B-trees either key by
// strings/numbers (not bytes) or ship far more than this needs.

import { compareBytes } from '../lib/bytes';

const CHUNK = 256;

interface Entry<V> {
  key: Uint8Array;
  value: V;
}

export class OrderedKeys<V> {
  /** Invariant: every chunk is non-empty and sorted; chunks are in order and do not overlap. */
  private chunks: Entry<V>[][] = [];
  private n = 0;

  get size(): number {
    return this.n;
  }

  get(key: Uint8Array): V | undefined {
    if (this.chunks.length === 0) return undefined;
    const [ci, i, found] = this.locate(key);
    return found ? this.chunks[ci]![i]!.value : undefined;
  }

  set(key: Uint8Array, value: V): void {
    if (this.chunks.length === 0) {
      this.chunks.push([{ key, value }]);
      this.n = 1;
      return;
    }
    const [ci, i, found] = this.locate(key);
    const chunk = this.chunks[ci]!;
    if (found) {
      chunk[i]!.value = value;
      return;
    }
    chunk.splice(i, 0, { key, value });
    this.n++;
    if (chunk.length > CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(CHUNK >> 1));
  }

  delete(key: Uint8Array): boolean {
    if (this.chunks.length === 0) return false;
    const [ci, i, found] = this.locate(key);
    if (!found) return false;
    const chunk = this.chunks[ci]!;
    chunk.splice(i, 1);
    this.n--;
    if (chunk.length === 0) this.chunks.splice(ci, 1);
    return true;
  }

  /**
   * Visits entries with start <= key < end in order (end undefined: no upper bound) until `fn`
   * returns false.
   */
  ascend(start: Uint8Array, end: Uint8Array | undefined, fn: (key: Uint8Array, value: V) => boolean): void {
    if (this.chunks.length === 0) return;
    let [ci, i] = this.locate(start);
    for (; ci < this.chunks.length; ci++, i = 0) {
      const chunk = this.chunks[ci]!;
      for (; i < chunk.length; i++) {
        const e = chunk[i]!;
        if (end !== undefined && compareBytes(e.key, end) >= 0) return;
        if (!fn(e.key, e.value)) return;
      }
    }
  }

  *entries(): IterableIterator<[Uint8Array, V]> {
    for (const chunk of this.chunks) for (const e of chunk) yield [e.key, e.value];
  }

  /** [chunk index, index in chunk of the first key >= key, whether it equals key]. */
  private locate(key: Uint8Array): [number, number, boolean] {
    const chunks = this.chunks;
    // last chunk whose first key <= key (or 0)
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (compareBytes(chunks[mid]![0]!.key, key) <= 0) lo = mid;
      else hi = mid - 1;
    }
    const chunk = chunks[lo]!;
    let a = 0;
    let b = chunk.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (compareBytes(chunk[mid]!.key, key) < 0) a = mid + 1;
      else b = mid;
    }
    if (a === chunk.length && lo + 1 < chunks.length) return [lo + 1, 0, false];
    return [lo, a, a < chunk.length && compareBytes(chunk[a]!.key, key) === 0];
  }

  check(): void {
    let prev: Uint8Array | undefined;
    let count = 0;
    for (const chunk of this.chunks) {
      if (chunk.length === 0 || chunk.length > CHUNK) throw new Error('OrderedKeys: bad chunk size');
      for (const e of chunk) {
        if (prev && compareBytes(prev, e.key) >= 0) throw new Error('OrderedKeys: keys out of order');
        prev = e.key;
        count++;
      }
    }
    if (count !== this.n) throw new Error('OrderedKeys: size mismatch');
  }
}
