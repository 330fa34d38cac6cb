import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { toHex, utf8 } from '../lib/bytes';
import { Prng } from '../lib/prng';
import { Sha256, sha256 } from './sha256';

describe('sha256', () => {
  test('FIPS 180-4 / NIST vectors', () => {
    expect(toHex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(toHex(sha256(utf8('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu')))).toBe(
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    );
    expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  test('every length around the block and padding boundaries, and split updates, match node:crypto', () => {
    const prng = new Prng(7);
    for (let len = 0; len < 300; len++) {
      const data = new Uint8Array(len);
      for (let i = 0; i < len; i++) data[i] = prng.intn(0, 256);
      const want = createHash('sha256').update(data).digest('hex');
      expect(toHex(sha256(data))).toBe(want);
      const cut = len === 0 ? 0 : prng.intn(0, len);
      const h = new Sha256().update(data.subarray(0, cut)).update(data.subarray(cut));
      expect(toHex(h.digest())).toBe(want);
    }
  });
});
