import { describe, expect, it } from 'vitest';
import { bcryptCompare, bcryptHash, parseBcryptHash } from './bcrypt';
import { utf8 } from '../lib/bytes';

// Vectors computed by the system's libcrypt (crypt(3), an independent bcrypt); "$2b$" and "$2a$"
// give the same hash for passwords under 255 bytes. The first four are the OpenBSD/jBCrypt ones.
const VECTORS: Array<[string, string]> = [
  ['', '$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.'],
  ['a', '$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe'],
  ['abcdefghijklmnopqrstuvwxyz', '$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC'],
  ['~!@#$%^&*()      ~!@#$%^&*()PNBFRD', '$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO'],
  ['rootpw', '$2a$10$abcdefghijklmnopqrstuu880NMi/lkggoIINSEzYKGFhrEphznA.'],
  ['x'.repeat(71), '$2a$04$0123456789abcdefghijkeNj5mB9VfehgBhgFpcEH6FH0A3h5tOH6'],
  // 72 bytes and more: the NUL and everything after byte 72 are never read
  ['x'.repeat(72), '$2a$04$0123456789abcdefghijkeQTbmm.RcNPT0JaHsD9KFomKrKSIRYFm'],
  ['x'.repeat(80), '$2a$04$0123456789abcdefghijkeQTbmm.RcNPT0JaHsD9KFomKrKSIRYFm'],
  ['pässwörd', '$2a$05$ZZZZZZZZZZZZZZZZZZZZZu5TCfFcX5K9tI6JyH6rBUGjNahliEYIC'],
];

describe('bcrypt', () => {
  it.each(VECTORS)('hashes %j like crypt(3)', (password, want) => {
    const p = parseBcryptHash(want)!;
    expect(bcryptHash(utf8(password), p.cost, p.salt)).toBe(want);
  });

  it('compares: right password, wrong password, $2b$ prefix, malformed hashes', () => {
    const [pw, hash] = VECTORS[1]!;
    expect(bcryptCompare(hash, utf8(pw))).toBe(true);
    expect(bcryptCompare(hash, utf8('b'))).toBe(false);
    expect(bcryptCompare(hash.replace('$2a$', '$2b$'), utf8(pw))).toBe(true);
    expect(bcryptCompare('$2a$06$short', utf8(pw))).toBe(false);
    expect(bcryptCompare('', utf8(pw))).toBe(false);
    expect(bcryptCompare(hash.replace('$06$', '$03$'), utf8(pw))).toBe(false);
  });

  it('refuses costs outside 4..31 and salts of the wrong size', () => {
    expect(() => bcryptHash(utf8('a'), 3, new Uint8Array(16))).toThrow(/outside allowed range/);
    expect(() => bcryptHash(utf8('a'), 4, new Uint8Array(15))).toThrow(/salt/);
  });
});
