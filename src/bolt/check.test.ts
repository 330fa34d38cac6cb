// check() must find what bbolt check / check-strict find: broken key order, wrong page ids,
// leaked pages, pages both used and free, bad metas.

import { describe, expect, test } from 'vitest';
import { check } from './check';
import { DB } from './db';
import { Freelist } from './freelist';
import { writeMetaPage } from './meta';
import { Page, writeU64 } from './page';

const PS = 4096;

function sample(): DB {
  const db = DB.create();
  db.update((tx) => {
    const b = tx.createBucket('b');
    for (let i = 0; i < 1000; i++) b.put(`k${String(i).padStart(5, '0')}`, 'v'.repeat(60));
  });
  db.update((tx) => {
    const b = tx.bucket('b')!;
    for (let i = 0; i < 1000; i += 4) b.delete(`k${String(i).padStart(5, '0')}`);
  });
  return db;
}

/** First leaf page of bucket b in the file image. */
function leafOf(db: DB): number {
  return db.view((tx) => {
    let leaf = 0;
    tx.bucket('b')!.forEachPage((p) => {
      if (leaf === 0 && p.isLeaf) leaf = p.id;
    });
    return leaf;
  });
}

describe('check', () => {
  test('a healthy db has no problems', () => {
    expect(check(sample())).toEqual([]);
  });

  test('keys out of order inside a page', () => {
    const db = sample();
    const f = db.fileBytes();
    const id = leafOf(db);
    const p = new Page(f.subarray(id * PS, (id + 1) * PS));
    // Same-length keys: swap the bytes of keys 0 and 1 in place.
    const k0 = p.leafKey(0).slice();
    const k1 = p.leafKey(1).slice();
    p.leafKey(0).set(k1);
    p.leafKey(1).set(k0);
    const problems = check(DB.open(f));
    expect(problems.join('\n')).toMatch(/out of order/);
  });

  test('a page whose header id is not its position', () => {
    const db = sample();
    const f = db.fileBytes();
    const id = leafOf(db);
    writeU64(new Page(f.subarray(id * PS, (id + 1) * PS)).dv, 0, id + 1);
    expect(check(DB.open(f)).join('\n')).toMatch(new RegExp(`page ${id}: header says id ${id + 1}`));
  });

  test('an unreachable page not in the freelist (leak) is reported', () => {
    const db = sample();
    const m = { ...db.meta() };
    m.pgid += 1;
    m.txid += 1;
    const f = new Uint8Array((m.pgid) * PS);
    f.set(db.fileBytes());
    f.set(writeMetaPage(m, PS), (m.txid % 2) * PS);
    const problems = check(DB.open(f));
    expect(problems.join('\n')).toMatch(new RegExp(`page ${m.pgid - 1}: unreachable unfreed`));
  });

  test('a page both in use and free, and a freelist page that disagrees with memory', () => {
    const db = sample();
    const used = leafOf(db);
    const fl = db.freelist as Freelist;
    fl.reset([...fl.copyAll(), used]);
    const text = check(db).join('\n');
    expect(text).toMatch(new RegExp(`page ${used}: both used`));
    expect(text).toMatch(/freelist page lists/);
  });

  test('a corrupt meta page is reported (and the other one is used)', () => {
    const db = sample();
    const f = db.fileBytes();
    const stale = 1 - (db.meta().txid % 2);
    f[stale * PS + 64] ^= 0xff; // txid byte of the older meta
    const re = DB.open(f);
    expect(check(re).join('\n')).toMatch(new RegExp(`meta page ${stale} invalid`));
  });

  test('a freelist page listing an id twice does not open', () => {
    const db = sample();
    const f = db.fileBytes();
    const flId = db.meta().freelist!;
    const p = new Page(f.subarray(flId * PS, (flId + 1) * PS));
    const n = p.count;
    expect(n).toBeGreaterThan(1);
    writeU64(p.dv, 16 + 8 * (n - 1), Number(p.dv.getUint32(16 + 8 * (n - 2), true)));
    expect(() => DB.open(f)).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });
});
