import { describe, expect, test } from 'vitest';
import { fromUtf8, utf8 } from '../lib/bytes';
import { check } from './check';
import { DB } from './db';
import { BoltError } from './errors';

const key = (i: number): string => `k${String(i).padStart(6, '0')}`;

describe('DB basics', () => {
  test('a new db is 4 pages: two metas, empty freelist page 2, empty root leaf page 3', () => {
    const db = DB.create();
    const f = db.fileBytes();
    expect(f.length).toBe(4 * 4096);
    expect(db.meta()).toMatchObject({ txid: 1, pgid: 4, freelist: 2, root: { root: 3, sequence: 0 } });
    expect(db.metaPages()[0]!.txid).toBe(0);
    expect(check(db)).toEqual([]);
  });

  test('put/get/delete across commit, read tx sees committed data', () => {
    const db = DB.create();
    const batch = db.update((tx) => {
      const b = tx.createBucket('b');
      b.put('hello', 'world');
      b.put('foo', 'bar');
    });
    expect(batch.txid).toBe(2);
    expect(batch.meta.pgid).toBe(0);
    expect(batch.pages.every((p) => p.bytes.length === 4096)).toBe(true);
    expect(batch.highWaterPgid).toBe(db.stats().pageCount);
    db.view((tx) => {
      expect(fromUtf8(tx.bucket('b')!.get('hello')!)).toBe('world');
      expect(tx.bucket('b')!.get('nope')).toBeNull();
    });
    db.update((tx) => tx.bucket('b')!.delete('hello'));
    db.view((tx) => expect(tx.bucket('b')!.get('hello')).toBeNull());
    expect(check(db)).toEqual([]);
  });

  test('commit alternates the meta page by txid % 2', () => {
    const db = DB.create();
    const metas = [1, 2, 3, 4].map((i) => db.update((tx) => tx.createBucketIfNotExists('x').put(key(i), 'v')).meta.pgid);
    expect(metas).toEqual([0, 1, 0, 1]);
  });

  test('rollback discards changes and returns allocations', () => {
    const db = DB.create();
    db.update((tx) => tx.createBucket('b').put('a', '1'));
    const before = db.fileBytes();
    const tx = db.begin(true);
    tx.bucket('b')!.put('a', '2');
    tx.deleteBucket('b');
    tx.rollback();
    expect(db.fileBytes()).toEqual(before);
    expect(check(db)).toEqual([]);
    db.view((t) => expect(fromUtf8(t.bucket('b')!.get('a')!)).toBe('1'));
    expect(() => tx.bucket('b')).toThrow(BoltError);
  });

  test('a read tx keeps its snapshot while writes commit and free its pages', () => {
    const db = DB.create();
    db.update((tx) => {
      const b = tx.createBucket('b');
      for (let i = 0; i < 3000; i++) b.put(key(i), `v1-${i}`);
    });
    const reader = db.begin(false);
    for (let round = 0; round < 5; round++) {
      db.update((tx) => {
        const b = tx.bucket('b')!;
        for (let i = 0; i < 3000; i++) b.put(key(i), `v${round + 2}-${i}-${'x'.repeat(round * 10)}`);
      });
      expect(check(db)).toEqual([]);
    }
    const b = reader.bucket('b')!;
    for (let i = 0; i < 3000; i += 7) expect(fromUtf8(b.get(key(i))!)).toBe(`v1-${i}`);
    expect(db.stats().pendingPages).toBeGreaterThan(0);
    reader.rollback();
    db.update((tx) => tx.bucket('b')!.put('z', 'z'));
    expect(check(db)).toEqual([]);
  });

  test('a reader begun while a write tx is open sees the last commit, before and after that commit', () => {
    const db = DB.create();
    db.update((tx) => tx.createBucket('b').put('k', 'v1'));
    const w = db.begin(true);
    w.bucket('b')!.put('k', 'v2');
    for (let i = 0; i < 500; i++) w.bucket('b')!.put(key(i), 'x'.repeat(30));
    const r = db.begin(false);
    expect(fromUtf8(r.bucket('b')!.get('k')!)).toBe('v1');
    expect(r.bucket('b')!.get(key(1))).toBeNull();
    w.commit();
    expect(fromUtf8(r.bucket('b')!.get('k')!)).toBe('v1');
    expect(r.bucket('b')!.get(key(1))).toBeNull();
    db.view((t) => expect(fromUtf8(t.bucket('b')!.get('k')!)).toBe('v2'));
    r.rollback();
    expect(check(db)).toEqual([]);
  });

  test('one writer at a time; writes in a read tx are refused', () => {
    const db = DB.create();
    const w = db.begin(true);
    expect(() => db.begin(true)).toThrow(expect.objectContaining({ code: 'tx-busy' }));
    w.rollback();
    const r = db.begin(false);
    expect(() => r.createBucket('x')).toThrow(expect.objectContaining({ code: 'tx-not-writable' }));
    r.rollback();
  });

  test('bucket errors: exists, not found, incompatible, key checks', () => {
    const db = DB.create();
    db.update((tx) => {
      const b = tx.createBucket('b');
      expect(() => tx.createBucket('b')).toThrow(expect.objectContaining({ code: 'bucket-exists' }));
      expect(() => tx.deleteBucket('nope')).toThrow(expect.objectContaining({ code: 'bucket-not-found' }));
      b.put('plain', 'v');
      expect(() => b.createBucket('plain')).toThrow(expect.objectContaining({ code: 'incompatible-value' }));
      b.createBucket('sub');
      expect(() => b.put('sub', 'v')).toThrow(expect.objectContaining({ code: 'incompatible-value' }));
      expect(() => b.delete('sub')).toThrow(expect.objectContaining({ code: 'incompatible-value' }));
      expect(b.get('sub')).toBeNull();
      expect(() => b.put('', 'v')).toThrow(expect.objectContaining({ code: 'key-required' }));
      expect(() => b.put(new Uint8Array(32769), 'v')).toThrow(expect.objectContaining({ code: 'key-too-large' }));
      expect(() => tx.createBucket('')).toThrow(expect.objectContaining({ code: 'bucket-name-required' }));
    });
  });

  test('sequence survives commit and reopen', () => {
    const db = DB.create();
    db.update((tx) => {
      const b = tx.createBucket('b');
      expect(b.nextSequence()).toBe(1);
      expect(b.nextSequence()).toBe(2);
    });
    db.update((tx) => expect(tx.bucket('b')!.nextSequence()).toBe(3));
    const re = DB.open(db.fileBytes());
    re.view((tx) => expect(tx.bucket('b')!.sequence).toBe(3));
  });

  test('large values use overflow pages and round-trip', () => {
    const db = DB.create();
    const big = new Uint8Array(50_000).map((_, i) => i & 0xff);
    db.update((tx) => tx.createBucket('b').put('big', big));
    expect(check(db)).toEqual([]);
    const re = DB.open(db.fileBytes());
    re.view((tx) => expect(tx.bucket('b')!.get('big')).toEqual(big));
    db.update((tx) => tx.bucket('b')!.delete('big'));
    expect(check(db)).toEqual([]);
    expect(db.stats().pendingPages).toBeGreaterThanOrEqual(13);
  });

  test('inline bucket becomes a page tree when it grows, and inline again when it shrinks', () => {
    const db = DB.create();
    db.update((tx) => tx.createBucket('b').put('a', 'small'));
    const rootOf = (): number => db.view((tx) => tx.bucket('b')!.root);
    expect(rootOf()).toBe(0);
    db.update((tx) => {
      const b = tx.bucket('b')!;
      for (let i = 0; i < 100; i++) b.put(key(i), 'x'.repeat(20));
    });
    expect(rootOf()).toBeGreaterThan(3);
    db.update((tx) => {
      const b = tx.bucket('b')!;
      for (let i = 0; i < 100; i++) b.delete(key(i));
    });
    expect(rootOf()).toBe(0);
    expect(check(db)).toEqual([]);
  });

  test('nested buckets: create, fill, delete frees every page', () => {
    const db = DB.create();
    db.update((tx) => {
      const a = tx.createBucket('a');
      const b = a.createBucket('b');
      const c = b.createBucket('c');
      for (let i = 0; i < 2000; i++) c.put(key(i), 'v'.repeat(100));
      for (let i = 0; i < 500; i++) b.put(key(i), 'w'.repeat(10));
    });
    expect(check(db)).toEqual([]);
    const used = db.stats().pageCount;
    db.update((tx) => tx.deleteBucket('a'));
    db.update((tx) => tx.createBucket('z'));
    expect(check(db)).toEqual([]);
    const s = db.stats();
    expect(s.pageCount).toBe(used);
    expect(s.freePages).toBeGreaterThan(used - 10);
  });
});

describe('DB.open validation', () => {
  test('round-trips fileBytes', () => {
    const db = DB.create();
    db.update((tx) => tx.createBucket('b').put('k', 'v'));
    const re = DB.open(db.fileBytes());
    expect(re.meta()).toEqual(db.meta());
    expect(re.fileBytes()).toEqual(db.fileBytes());
    expect(check(re)).toEqual([]);
  });

  test('rejects a non-bolt file with a typed error', () => {
    expect(() => DB.open(utf8('hello, I am not a database'.repeat(500)))).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => DB.open(new Uint8Array(10))).toThrow(BoltError);
  });

  test('falls back to the other meta when the newest is corrupt; fails when both are', () => {
    const db = DB.create();
    db.update((tx) => tx.createBucket('b').put('k', 'v1')); // txid 2 → meta 0
    db.update((tx) => tx.bucket('b')!.put('k', 'v2')); // txid 3 → meta 1
    const f = db.fileBytes();
    f[4096 + 70] ^= 0xff; // flip a txid byte in meta 1 → checksum error
    const re = DB.open(f);
    expect(re.meta().txid).toBe(2);
    re.view((tx) => expect(fromUtf8(tx.bucket('b')!.get('k')!)).toBe('v1'));
    f[16] ^= 0xff; // magic of meta 0
    expect(() => DB.open(f)).toThrow(expect.objectContaining({ code: 'invalid' }));
    const g = db.fileBytes();
    g[20] = 3; // version of meta 0
    g[4096 + 20] = 3;
    expect(() => DB.open(g)).toThrow(expect.objectContaining({ code: 'version-mismatch' }));
  });

  test('a truncated file is reported as corrupt', () => {
    const db = DB.create();
    db.update((tx) => {
      const b = tx.createBucket('b');
      for (let i = 0; i < 1000; i++) b.put(key(i), 'v'.repeat(50));
    });
    const f = db.fileBytes();
    expect(() => DB.open(f.subarray(0, f.length - 4096))).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });

  test('a file without a persisted freelist (etcd on Linux) rebuilds it by walking the tree', () => {
    const db = DB.create({ noFreelistSync: true });
    db.update((tx) => {
      const b = tx.createBucket('b');
      for (let i = 0; i < 1000; i++) b.put(key(i), 'v'.repeat(50));
    });
    db.update((tx) => {
      const b = tx.bucket('b')!;
      for (let i = 0; i < 1000; i += 3) b.delete(key(i));
    });
    expect(db.meta().freelist).toBeNull();
    expect(check(db)).toEqual([]);
    const re = DB.open(db.fileBytes());
    expect(check(re)).toEqual([]);
    expect(re.stats().freePages).toBe(db.stats().freePages + db.stats().pendingPages);
  });
});
