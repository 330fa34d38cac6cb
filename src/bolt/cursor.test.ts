import { describe, expect, test } from 'vitest';
import { fromUtf8 } from '../lib/bytes';
import { DB } from './db';

const k = (i: number): string => `k${String(i).padStart(5, '0')}`;
const keysOf = (it: () => { key: Uint8Array } | null, first: { key: Uint8Array } | null): string[] => {
  const out: string[] = [];
  for (let e = first; e; e = it()) out.push(fromUtf8(e.key));
  return out;
};

describe('cursor', () => {
  test('empty bucket: first/last/seek give null', () => {
    const db = DB.create();
    db.update((tx) => tx.createBucket('b'));
    db.view((tx) => {
      const c = tx.bucket('b')!.cursor();
      expect(c.first()).toBeNull();
      expect(c.last()).toBeNull();
      expect(c.seek(new Uint8Array([1]))).toBeNull();
    });
  });

  test('first/next, last/prev and seek across many pages', () => {
    const db = DB.create();
    db.update((tx) => {
      const b = tx.createBucket('b');
      for (let i = 0; i < 3000; i += 2) b.put(k(i), `v${i}`);
    });
    db.view((tx) => {
      const c = tx.bucket('b')!.cursor();
      const fwd = keysOf(() => c.next(), c.first());
      expect(fwd.length).toBe(1500);
      expect(fwd[0]).toBe(k(0));
      expect(keysOf(() => c.prev(), c.last())).toEqual([...fwd].reverse());
      expect(fromUtf8(c.seek(new TextEncoder().encode(k(1001)))!.key)).toBe(k(1002)); // next key up
      expect(fromUtf8(c.seek(new TextEncoder().encode(k(1002)))!.value!)).toBe('v1002'); // exact
      expect(c.seek(new TextEncoder().encode('z'))).toBeNull(); // past the end
      expect(fromUtf8(c.seek(new TextEncoder().encode(''))!.key)).toBe(k(0));
      c.first();
      expect(c.prev()).toBeNull();
    });
  });

  test('inside a write tx the cursor sees uncommitted changes (nodes mixed with pages)', () => {
    const db = DB.create();
    db.update((tx) => {
      const b = tx.createBucket('b');
      for (let i = 0; i < 2000; i++) b.put(k(i), 'x'.repeat(40));
    });
    db.update((tx) => {
      const b = tx.bucket('b')!;
      for (let i = 0; i < 2000; i += 3) b.delete(k(i));
      b.put('a-first', '1');
      b.put('zz-last', '2');
      const c = b.cursor();
      const got = keysOf(() => c.next(), c.first());
      expect(got[0]).toBe('a-first');
      expect(got[got.length - 1]).toBe('zz-last');
      expect(got.length).toBe(2000 - 667 + 2);
    });
  });

  test('cursor.delete removes the current key; buckets show a null value', () => {
    const db = DB.create();
    db.update((tx) => {
      const b = tx.createBucket('b');
      b.put('a', '1');
      b.put('b', '2');
      b.createBucket('sub');
      const c = b.cursor();
      c.seek(new TextEncoder().encode('b'));
      c.delete();
      const all: Array<[string, string | null]> = [];
      b.forEach((key, v) => all.push([fromUtf8(key), v && fromUtf8(v)]));
      expect(all).toEqual([
        ['a', '1'],
        ['sub', null],
      ]);
      c.seek(new TextEncoder().encode('sub'));
      expect(() => c.delete()).toThrow(/bucket/);
    });
  });

  test('values handed out are copies: later commits cannot change them', () => {
    const db = DB.create();
    db.update((tx) => tx.createBucket('b').put('k', 'old'));
    const v = db.view((tx) => tx.bucket('b')!.get('k')!);
    for (let i = 0; i < 20; i++) db.update((tx) => tx.bucket('b')!.put('k', `new${i}`));
    expect(fromUtf8(v)).toBe('old');
  });
});
