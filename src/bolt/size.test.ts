// File size mechanics (disk-formats.md §1.9): the high-water mark never shrinks; deletes only move
// pages to the freelist (inUseBytes drops, sizeBytes does not); defrag copies into a fresh file.

import { describe, expect, test } from 'vitest';
import { check } from './check';
import { DB } from './db';
import { encodeRevision } from './etcdSchema';

describe('size: high-water mark, freelist, defrag', () => {
  test('write ~10 MB, delete all: sizeBytes unchanged, inUseBytes drops; defrag shrinks the file', () => {
    const db = DB.create();
    const value = new Uint8Array(1000).fill(0x61);
    let rev = 2;
    for (let batch = 0; batch < 10; batch++) {
      db.update((tx) => {
        const b = tx.createBucketIfNotExists('key');
        b.fillPercent = 0.9; // etcd's sequential puts
        for (let i = 0; i < 1000; i++) b.put(encodeRevision({ main: rev++, sub: 0 }), value);
      });
    }
    const full = db.stats();
    expect(full.sizeBytes).toBeGreaterThan(10_000_000);
    expect(check(db)).toEqual([]);

    db.update((tx) => {
      const b = tx.bucket('key')!;
      for (let r = 2; r < rev; r++) b.delete(encodeRevision({ main: r, sub: 0 }));
    });
    // One more commit so the pages freed above leave "pending" (no reader holds them).
    db.update((tx) => tx.bucket('key')!.put('x', 'y'));
    const emptied = db.stats();
    expect(check(db)).toEqual([]);
    expect(emptied.sizeBytes).toBeGreaterThanOrEqual(full.sizeBytes);
    expect(emptied.inUseBytes).toBeLessThan(100_000);
    expect(emptied.freePages).toBeGreaterThan(2400);

    // Writing again reuses the free pages: the file does not grow.
    db.update((tx) => {
      const b = tx.bucket('key')!;
      for (let i = 0; i < 1000; i++) b.put(encodeRevision({ main: rev++, sub: 0 }), value);
    });
    expect(db.stats().sizeBytes).toBe(emptied.sizeBytes);

    const after = db.defrag();
    expect(check(db)).toEqual([]);
    expect(after.sizeBytes).toBeLessThan(1_500_000); // 1001 × 1 KB values, 3 per page at fill 0.9
    expect(after.sizeBytes).toBeLessThan(emptied.sizeBytes / 8);
    expect(db.fileBytes().length).toBe(after.sizeBytes);
    const re = DB.open(db.fileBytes());
    re.view((tx) => {
      let n = 0;
      tx.bucket('key')!.forEach(() => n++);
      expect(n).toBe(1001);
    });
  }, 30_000);

  test('compactInto copies nested buckets, sequences and every key', () => {
    const src = DB.create();
    src.update((tx) => {
      const a = tx.createBucket('a');
      a.setSequence(42);
      const n = a.createBucket('nested');
      for (let i = 0; i < 3000; i++) n.put(`k${i}`, `v${i}`);
      tx.createBucket('empty');
    });
    const dst = DB.create();
    const batches = src.compactInto(dst, 1000);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(check(dst)).toEqual([]);
    dst.view((tx) => {
      expect(tx.bucket('a')!.sequence).toBe(42);
      expect(tx.bucket('empty')).not.toBeNull();
      const n = tx.bucket('a')!.bucket('nested')!;
      for (let i = 0; i < 3000; i += 101) expect(new TextDecoder().decode(n.get(`k${i}`)!)).toBe(`v${i}`);
    });
  });

  test('defrag refuses to run with an open transaction', () => {
    const db = DB.create();
    const r = db.begin(false);
    expect(() => db.defrag()).toThrow(expect.objectContaining({ code: 'db-busy' }));
    r.rollback();
  });
});
