import { describe, expect, it } from 'vitest';
import { Prng } from '../lib/prng';
import { compareBytes } from '../lib/bytes';
import { OrderedKeys } from './orderedKeys';

describe('OrderedKeys', () => {
  it('matches a sorted reference through random inserts, deletes and range scans', () => {
    const rnd = new Prng(7);
    const m = new OrderedKeys<number>();
    const ref = new Map<string, number>();
    const keyOf = (n: number) => new Uint8Array([n >> 8, n & 0xff].slice(n < 256 ? 1 : 0));
    for (let i = 0; i < 20000; i++) {
      const k = keyOf(rnd.intn(0, 3000));
      const s = Array.from(k).join(',');
      if (rnd.chance(0.7)) {
        m.set(k, i);
        ref.set(s, i);
      } else {
        expect(m.delete(k)).toBe(ref.delete(s));
      }
      if (i % 997 === 0) m.check();
    }
    m.check();
    expect(m.size).toBe(ref.size);
    const all = [...ref.keys()].map((s) => new Uint8Array(s.split(',').map(Number))).sort(compareBytes);
    const start = keyOf(700);
    const end = keyOf(1500);
    const got: Uint8Array[] = [];
    m.ascend(start, end, (k) => (got.push(k), true));
    expect(got).toEqual(all.filter((k) => compareBytes(k, start) >= 0 && compareBytes(k, end) < 0));
  });
});
