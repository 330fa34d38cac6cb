import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';
import { utf8 } from './bytes';

// Bitwise reference: one polynomial step per bit, no tables.
function crc32cBitwise(data: Uint8Array, prev = 0): number {
  let c = ~prev >>> 0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ~c >>> 0;
}

describe('crc32c (Castagnoli)', () => {
  it('matches the standard check value: "123456789" -> 0xE3069283', () => {
    expect(crc32c(utf8('123456789'))).toBe(0xe3069283);
  });

  it('matches published vectors (RFC 3720 iSCSI B.4)', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('of nothing is the previous value (Go crc32.Update semantics)', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
    expect(crc32c(new Uint8Array(0), 0x12345678)).toBe(0x12345678);
  });

  it('chains like crc32.Update: crc(b, crc(a)) == crc(a ‖ b), at every split and length', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let len = 0; len <= 40; len++) {
      const d = data.subarray(0, len);
      expect(crc32c(d)).toBe(crc32cBitwise(d));
      for (let cut = 0; cut <= len; cut++) {
        expect(crc32c(d.subarray(cut), crc32c(d.subarray(0, cut)))).toBe(crc32c(d));
      }
    }
    expect(crc32c(data)).toBe(crc32cBitwise(data));
    expect(crc32c(data, 0xdeadbeef)).toBe(crc32cBitwise(data, 0xdeadbeef));
  });

  it('honours start/end without copying', () => {
    const data = utf8('xx123456789yy');
    expect(crc32c(data, 0, 2, 11)).toBe(0xe3069283);
  });

  it('reproduces a real etcd WAL chain: snapshot{0,0} record after metadata crc 0x9f94a4ea -> 0x546c994e', () => {
    // disk-formats.md §7.1 waldump: metadata crc=0x9f94a4ea, then snapshot record data 08 00 10 00.
    expect(crc32c(Uint8Array.of(0x08, 0x00, 0x10, 0x00), 0x9f94a4ea)).toBe(0x546c994e);
  });
});
