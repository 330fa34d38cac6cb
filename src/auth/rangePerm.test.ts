import { describe, expect, it } from 'vitest';
import { utf8, fromUtf8 } from '../lib/bytes';
import { UnifiedRangePermissions, coversRange, mergeIntervals, permInterval } from './rangePerm';
import { PermType, type AuthPermission } from './types';

const Z = Uint8Array.of(0);
const perm = (permType: PermType, key: string, end = ''): AuthPermission => ({ permType, key: utf8(key), rangeEnd: end === '\0' ? Z : utf8(end) });
const show = (ivs: ReturnType<typeof mergeIntervals>) => ivs.map((iv) => `[${fromUtf8(iv.begin)},${iv.end === null ? '∞' : fromUtf8(iv.end)})`);

describe('merged range permissions', () => {
  it('merges overlapping and touching intervals, keeps gaps, drops empty ones', () => {
    const ivs = [permInterval(utf8('c'), utf8('e')), permInterval(utf8('a'), utf8('c')), permInterval(utf8('x'), utf8('y')), permInterval(utf8('d'), utf8('g')), permInterval(utf8('q'), utf8('p'))];
    expect(show(mergeIntervals(ivs))).toEqual(['[a,g)', '[x,y)']);
    expect(show(mergeIntervals([permInterval(utf8('m'), Z), permInterval(utf8('a'), utf8('b')), permInterval(utf8('n'), utf8('o'))]))).toEqual(['[a,b)', '[m,∞)']);
    // a single key is [key, key\0): two adjacent single keys do not merge with the key between
    expect(show(mergeIntervals([permInterval(utf8('a'), new Uint8Array(0)), permInterval(utf8('a\0'), utf8('b'))]))).toEqual(['[a,b)']);
  });

  it('a range is permitted only when the union covers all of it', () => {
    const p = new UnifiedRangePermissions([perm(PermType.READ, 'a', 'c'), perm(PermType.READ, 'c', 'e'), perm(PermType.READ, 'k', 'm')]);
    expect(p.permits('read', utf8('a'), utf8('e'))).toBe(true); // across the seam at c
    expect(p.permits('read', utf8('b'), utf8('d'))).toBe(true);
    expect(p.permits('read', utf8('a'), utf8('f'))).toBe(false);
    expect(p.permits('read', utf8('d'), utf8('l'))).toBe(false); // spans the gap
    expect(p.permits('read', utf8('k'), Z)).toBe(false); // from-key: open ended
    expect(p.permits('write', utf8('a'), utf8('b'))).toBe(false); // READ grants no writes
    expect(coversRange(mergeIntervals([permInterval(utf8('a'), utf8('z'))]), utf8('c'), utf8('b'))).toBe(false); // inverted
  });

  it('single keys, prefixes and from-key grants as etcdctl makes them', () => {
    const p = new UnifiedRangePermissions([
      perm(PermType.READ, 'foo'),
      perm(PermType.READ, 'pfx/', 'pfx0'),
      perm(PermType.READWRITE, 'rw/', 'rw0'),
      perm(PermType.WRITE, 'a', 'c'),
      perm(PermType.READ, 'from', '\0'),
    ]);
    expect(p.permits('read', utf8('foo'), new Uint8Array(0))).toBe(true);
    expect(p.permits('read', utf8('fo'), new Uint8Array(0))).toBe(false);
    expect(p.permits('read', utf8('foo'), utf8('foo\0'))).toBe(true); // the key as a range
    expect(p.permits('read', utf8('foo'), utf8('fop'))).toBe(false); // keys after "foo" but before "from" are not granted
    expect(p.permits('read', utf8('fromkey2'), utf8('z'))).toBe(true); // inside [from, +∞)
    expect(p.permits('read', utf8('secret'), new Uint8Array(0))).toBe(true); // "secret" ≥ "from"
    expect(p.permits('read', utf8('pfx/'), utf8('pfx0'))).toBe(true);
    expect(p.permits('read', Z, Z)).toBe(false); // get '' --prefix
    expect(p.permits('write', utf8('rw/1'), new Uint8Array(0))).toBe(true);
    expect(p.permits('read', utf8('rw/'), utf8('rw0'))).toBe(true);
    expect(p.permits('write', utf8('b'), new Uint8Array(0))).toBe(true);
    expect(p.permits('write', utf8('c'), new Uint8Array(0))).toBe(false); // the range end is exclusive
    expect(p.permits('write', utf8('foo'), new Uint8Array(0))).toBe(false);
  });

  it('the whole key space ["\\0", +∞) covers everything', () => {
    const p = new UnifiedRangePermissions([{ permType: PermType.READWRITE, key: Z, rangeEnd: Z }]);
    expect(p.permits('read', Z, Z)).toBe(true);
    expect(p.permits('write', utf8('anything'), new Uint8Array(0))).toBe(true);
  });
});
