import { describe, expect, test } from 'vitest';
import { Freelist, readFreelistPage } from './freelist';
import { PAGE_HEADER_SIZE, Page } from './page';

describe('freelist', () => {
  test('free → pending at txid; release makes pages reusable; allocate is first fit, contiguous', () => {
    const f = new Freelist();
    f.free(5, 10, 0);
    f.free(5, 12, 2); // 12,13,14
    f.free(6, 11, 0);
    expect(f.pendingCount()).toBe(5);
    expect(f.allocate(1)).toBe(0); // nothing released yet
    f.release(5);
    expect(f.freeIds()).toEqual([10, 12, 13, 14]);
    expect(f.allocate(3)).toBe(12);
    expect(f.allocate(2)).toBe(0); // only 10 left as a run of 1
    f.release(6);
    expect(f.freeIds()).toEqual([10, 11]);
    expect(f.allocate(2)).toBe(10);
    expect(f.count()).toBe(0);
  });

  test('double free and freeing a meta page are invariant errors', () => {
    const f = new Freelist();
    f.free(3, 7, 0);
    expect(() => f.free(4, 7, 0)).toThrow(/already freed/);
    expect(() => f.free(4, 1, 0)).toThrow(/page 0 or 1/);
  });

  test('rollback drops the tx pending frees and restores its allocations', () => {
    const f = new Freelist();
    f.reset([4, 5, 9]);
    const saved = f.saveIds();
    expect(f.allocate(2)).toBe(4);
    f.free(8, 20, 1);
    f.rollback(8, saved);
    expect(f.freeIds()).toEqual([4, 5, 9]);
    expect(f.pendingCount()).toBe(0);
    f.free(9, 20, 0); // no longer considered freed
  });

  test('page image: sorted free+pending ids; count 0xFFFF escape for large lists', () => {
    const f = new Freelist();
    f.reset([9, 3]);
    f.free(2, 5, 0);
    const p = new Page(new Uint8Array(4096));
    f.write(p);
    expect(p.type).toBe('freelist');
    expect(p.count).toBe(3);
    expect(readFreelistPage(p)).toEqual([3, 5, 9]);

    const big = new Freelist();
    const ids = Array.from({ length: 70000 }, (_, i) => i + 2);
    big.reset(ids);
    expect(big.size()).toBe(PAGE_HEADER_SIZE + 8 + 8 * 70000);
    const bp = new Page(new Uint8Array(Math.ceil(big.size() / 4096) * 4096));
    big.write(bp);
    expect(bp.count).toBe(0xffff);
    expect(readFreelistPage(bp)).toEqual(ids);
  });

  test('reset rejects duplicates', () => {
    expect(() => new Freelist().reset([3, 3])).toThrow(/twice/);
  });
});
