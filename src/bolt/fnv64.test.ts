import { describe, expect, test } from 'vitest';
import { utf8 } from '../lib/bytes';
import { fnv64a, u64Hex } from './fnv64';

describe('fnv64a (Go hash/fnv New64a)', () => {
  test.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('FNV-1a 64 of %j = %s', (s, hex) => {
    expect(u64Hex(fnv64a(utf8(s)))).toBe(hex);
  });

  test('agrees with a BigInt reference on random bytes', () => {
    const mask = (1n << 64n) - 1n;
    for (let n = 0; n < 200; n++) {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = (i * 131 + n * 7) & 0xff;
      let h = 0xcbf29ce484222325n;
      for (const x of b) h = ((h ^ BigInt(x)) * 0x100000001b3n) & mask;
      expect(u64Hex(fnv64a(b))).toBe(h.toString(16).padStart(16, '0'));
    }
  });
});
