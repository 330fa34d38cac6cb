// The contract with the persistence layer: replaying WriteBatches (data pages, then meta) onto the
// initial file reproduces fileBytes() exactly; a crash before the meta write leaves the previous
// commit; a torn meta write falls back to the other meta.

import { describe, expect, test } from 'vitest';
import { Prng } from '../lib/prng';
import { fromUtf8 } from '../lib/bytes';
import { check } from './check';
import { DB } from './db';
import type { WriteBatch } from './tx';

class FakeDisk {
  pages = new Map<number, Uint8Array>();
  constructor(
    readonly ps: number,
    initial: Uint8Array,
  ) {
    for (let i = 0; i * ps < initial.length; i++) this.pages.set(i, initial.slice(i * ps, (i + 1) * ps));
  }
  writeData(b: WriteBatch): void {
    for (const p of b.pages) {
      expect(p.bytes.length).toBe(this.ps);
      expect(p.pgid).toBeGreaterThan(1);
      this.pages.set(p.pgid, p.bytes.slice());
    }
  }
  writeMeta(b: WriteBatch, bytes = b.meta.bytes): void {
    this.pages.set(b.meta.pgid, bytes.slice());
  }
  file(hwm: number): Uint8Array {
    const out = new Uint8Array(hwm * this.ps);
    for (const [id, bytes] of this.pages) if (id < hwm) out.set(bytes, id * this.ps);
    return out;
  }
}

/** Offset of the first differing byte, -1 if equal (toEqual on MB-sized arrays diffs forever). */
function firstDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

describe('WriteBatch replay', () => {
  test('replaying every batch onto the initial file gives fileBytes() exactly', () => {
    const rng = new Prng(11);
    const db = DB.create();
    const disk = new FakeDisk(db.pageSize, db.fileBytes());
    for (let c = 0; c < 60; c++) {
      const batch = db.update((tx) => {
        const b = tx.createBucketIfNotExists('b');
        for (let i = 0; i < 200; i++) {
          const k = `k${rng.intn(0, 2000)}`;
          if (rng.chance(0.3)) b.delete(k);
          else b.put(k, new Uint8Array(rng.chance(0.02) ? 9000 : rng.intn(1, 80)).fill(c));
        }
      });
      const ids = batch.pages.map((p) => p.pgid);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(batch.meta.pgid).toBe(batch.txid % 2);
      disk.writeData(batch);
      disk.writeMeta(batch);
      expect(firstDiff(disk.file(batch.highWaterPgid), db.fileBytes())).toBe(-1);
    }
    expect(check(DB.open(disk.file(db.stats().pageCount)))).toEqual([]);
  });

  test('crash after the data pages, before the meta: the previous commit is what opens', () => {
    const db = DB.create();
    const disk = new FakeDisk(db.pageSize, db.fileBytes());
    const b1 = db.update((tx) => tx.createBucket('b').put('k', 'v1'));
    disk.writeData(b1);
    disk.writeMeta(b1);
    const b2 = db.update((tx) => {
      const b = tx.bucket('b')!;
      b.put('k', 'v2');
      for (let i = 0; i < 500; i++) b.put(`x${i}`, 'y'.repeat(40));
    });
    disk.writeData(b2); // ... power lost here
    const re = DB.open(disk.file(b2.highWaterPgid));
    expect(re.meta().txid).toBe(b1.txid);
    expect(check(re)).toEqual([]);
    re.view((tx) => expect(fromUtf8(tx.bucket('b')!.get('k')!)).toBe('v1'));

    // torn meta: half of the new meta page lands → checksum fails → the older meta is used
    const torn = b2.meta.bytes.slice();
    torn.set(new Uint8Array(torn.length - 40), 40);
    disk.writeMeta(b2, torn);
    const re2 = DB.open(disk.file(b2.highWaterPgid));
    expect(re2.meta().txid).toBe(b1.txid);
    re2.view((tx) => expect(fromUtf8(tx.bucket('b')!.get('k')!)).toBe('v1'));

    disk.writeMeta(b2);
    const re3 = DB.open(disk.file(b2.highWaterPgid));
    re3.view((tx) => expect(fromUtf8(tx.bucket('b')!.get('k')!)).toBe('v2'));
  });
});
