// Split (spill) and merge (rebalance) on deep trees; node page round-trip.

import { describe, expect, test } from 'vitest';
import { check } from './check';
import { DB } from './db';
import { inspectBuckets } from './inspect';

const longKey = (i: number): string => `${String(i).padStart(8, '0')}-${'k'.repeat(190)}`;

function depthOf(db: DB, name: string): number {
  return inspectBuckets(db).children.find((b) => b.name === name)!.depth;
}

describe('node split and rebalance', () => {
  test('a deep tree (4 levels) splits on growth and collapses level by level on deletes', () => {
    const db = DB.create();
    const N = 5000;
    for (let start = 0; start < N; start += 1000) {
      db.update((tx) => {
        const b = tx.createBucketIfNotExists('deep');
        // shuffled-ish order so splits happen mid-tree, not only at the right edge
        for (let i = start; i < start + 1000; i++) b.put(longKey((i * 7919) % N), `v${i}`);
      });
      expect(check(db)).toEqual([]);
    }
    expect(depthOf(db, 'deep')).toBeGreaterThanOrEqual(4);
    const depths: number[] = [];
    const alive = new Set(Array.from({ length: N }, (_, i) => i));
    for (let round = 0; round < 12 && alive.size > 0; round++) {
      db.update((tx) => {
        const b = tx.bucket('deep')!;
        let n = 0;
        for (const i of [...alive]) {
          if (n++ % 2 === 0 || alive.size < 5) {
            b.delete(longKey(i));
            alive.delete(i);
          }
        }
      });
      expect(check(db)).toEqual([]);
      depths.push(depthOf(db, 'deep'));
      db.view((tx) => {
        let count = 0;
        tx.bucket('deep')!.forEach(() => count++);
        expect(count).toBe(alive.size);
      });
    }
    expect(depths[depths.length - 1]).toBe(0); // empty again: inline
    expect(depths).toEqual([...depths].sort((a, b) => b - a)); // never grows while shrinking
  });

  test('fill percent 0.9 packs sequential inserts (etcd key bucket) denser than the default 0.5', () => {
    const pages = (fill: number): number => {
      const db = DB.create();
      db.update((tx) => {
        const b = tx.createBucket('key');
        b.fillPercent = fill;
        for (let i = 0; i < 5000; i++) b.put(String(i).padStart(10, '0'), 'v'.repeat(100));
      });
      return inspectBuckets(db).children[0]!.pageCount;
    };
    const dense = pages(0.9);
    const loose = pages(0.5);
    expect(dense).toBeLessThan(loose * 0.65);
  });

  test('a node with one huge key and value spans overflow pages; max key size is accepted', () => {
    const db = DB.create();
    const k = new Uint8Array(32768).fill(0x6b);
    db.update((tx) => {
      const b = tx.createBucket('b');
      b.put(k, new Uint8Array(100_000).fill(1));
      b.put('a', 'small');
    });
    expect(check(db)).toEqual([]);
    const re = DB.open(db.fileBytes());
    re.view((tx) => expect(tx.bucket('b')!.get(k)!.length).toBe(100_000));
  });

  test('many small inline buckets under one parent, then turned into page trees', () => {
    const db = DB.create();
    db.update((tx) => {
      const p = tx.createBucket('parent');
      for (let i = 0; i < 300; i++) p.createBucket(`child-${i}`).put('k', `v${i}`);
    });
    expect(check(db)).toEqual([]);
    db.update((tx) => {
      const p = tx.bucket('parent')!;
      for (let i = 0; i < 300; i += 10) {
        const c = p.bucket(`child-${i}`)!;
        for (let j = 0; j < 200; j++) c.put(`k${j}`, 'x'.repeat(50));
      }
    });
    expect(check(db)).toEqual([]);
    const info = inspectBuckets(db).children[0]!;
    expect(info.children.filter((c) => !c.inline).length).toBe(30);
    expect(info.children.filter((c) => c.inline).length).toBe(270);
  });
});
