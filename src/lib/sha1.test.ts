import { describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { sha1 } from './sha1';
import { toHex, utf8 } from './bytes';

describe('sha1', () => {
  test('FIPS 180 vectors and node:crypto agree, across block boundaries', () => {
    expect(toHex(sha1(utf8('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(toHex(sha1(new Uint8Array(0)))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    for (const n of [1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(toHex(sha1(data))).toBe(createHash('sha1').update(data).digest('hex'));
    }
  });
});
