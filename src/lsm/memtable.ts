// The memtable: the writes not yet in any SSTable, newest value per key (a tombstone for a delete).
// A flush turns it into one level-0 table in key order.
import { compareBytes } from '../lib/bytes';
import type { Entry } from './sstable';

/** Keys as Latin-1 strings: a Map key that keeps every byte and compares equal for equal bytes. */
export function keyString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

export class Memtable {
  private map = new Map<string, Entry>();
  /** Approximate encoded size (keys + values), what a flush will write before block overhead. */
  sizeBytes = 0;

  put(key: Uint8Array, value: Uint8Array | null): void {
    const k = keyString(key);
    const old = this.map.get(k);
    if (old) this.sizeBytes -= old.key.length + (old.value?.length ?? 0);
    this.map.set(k, { key: key.slice(), value: value === null ? null : value.slice() });
    this.sizeBytes += key.length + (value?.length ?? 0);
  }

  get(key: Uint8Array): Entry | undefined {
    return this.map.get(keyString(key));
  }

  get entryCount(): number {
    return this.map.size;
  }

  /** Every entry in key order. */
  sorted(): Entry[] {
    return [...this.map.values()].sort((a, b) => compareBytes(a.key, b.key));
  }

  clear(): void {
    this.map.clear();
    this.sizeBytes = 0;
  }
}
