import { describe, expect, test } from 'vitest';
import { toHex } from '../lib/bytes';
import {
  ETCD_BUCKET_NAMES,
  bytesToU64,
  decodeRevision,
  encodeRevision,
  isTombstone,
  memberIdKey,
  u64ToBytes,
} from './etcdSchema';

describe('etcd schema (disk-formats.md §2)', () => {
  test('bucket names in root-leaf byte order (authRoles < authUsers)', () => {
    expect(ETCD_BUCKET_NAMES).toEqual([
      'alarm', 'auth', 'authRoles', 'authUsers', 'cluster', 'key', 'lease', 'members', 'members_removed', 'meta',
    ]);
  });

  test('revision {7,1} is 8 BE + "_" + 8 BE (17 bytes)', () => {
    expect(toHex(encodeRevision({ main: 7, sub: 1 }))).toBe('0000000000000007' + '5f' + '0000000000000001');
  });

  test('tombstone appends "t" (18 bytes), as in the real file: 0x…055f…0074', () => {
    const k = encodeRevision({ main: 5, sub: 0 }, true);
    expect(toHex(k)).toBe('00000000000000055f000000000000000074');
    expect(isTombstone(k)).toBe(true);
    expect(decodeRevision(k)).toEqual({ main: 5, sub: 0, tombstone: true });
    expect(isTombstone(encodeRevision({ main: 5, sub: 0 }))).toBe(false);
  });

  test('round-trips large revisions; byte order = revision order', () => {
    const revs = [
      { main: 1, sub: 0 },
      { main: 2, sub: 0 },
      { main: 2, sub: 1 },
      { main: 256, sub: 3 },
      { main: 2 ** 40 + 5, sub: 2 ** 33 },
      { main: Number.MAX_SAFE_INTEGER, sub: 0 },
    ];
    const enc = revs.map((r) => encodeRevision(r));
    for (let i = 0; i < revs.length; i++) expect(decodeRevision(enc[i]!)).toEqual({ ...revs[i], tombstone: false });
    const hex = enc.map(toHex);
    expect([...hex].sort()).toEqual(hex);
  });

  test('rejects non-revision keys', () => {
    expect(() => decodeRevision(new Uint8Array(16))).toThrow();
    expect(() => decodeRevision(new Uint8Array(17))).toThrow(/separator/);
  });

  test('consistent_index is u64 big-endian (real value 0x27 = 39)', () => {
    expect(toHex(u64ToBytes(39))).toBe('0000000000000027');
    expect(bytesToU64(u64ToBytes(2 ** 50 + 3))).toBe(2 ** 50 + 3);
  });

  test('member id key: lowercase hex without leading zeros', () => {
    expect(memberIdKey('0628170C800DBCEE')).toBe('628170c800dbcee');
    expect(memberIdKey('667880157b8812c8')).toBe('667880157b8812c8');
  });
});
