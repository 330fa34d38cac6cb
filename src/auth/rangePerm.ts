// A user's merged key-range permissions (etcd 3.4 auth/range_perm_cache.go): the READ and WRITE
// intervals of all the user's roles, each kept as sorted, disjoint, non-touching intervals, so a
// range request is permitted when one merged interval covers it (etcd asks its interval tree
// whether the union covers it — the same answer) and a key when one contains it.
import { compareBytes } from '../lib/bytes';
import { PermType, type AuthPermission } from './types';

/** [begin, end); end null = +∞ (etcd's "open ended" rangeEnd [0x00]). */
export interface KeyInterval {
  begin: Uint8Array;
  end: Uint8Array | null;
}

const isFromKey = (rangeEnd: Uint8Array) => rangeEnd.length === 1 && rangeEnd[0] === 0;

/** The interval a permission grants: a single key is [key, key+"\0"). */
export function permInterval(key: Uint8Array, rangeEnd: Uint8Array): KeyInterval {
  if (rangeEnd.length === 0) {
    const end = new Uint8Array(key.length + 1);
    end.set(key);
    return { begin: key, end };
  }
  return { begin: key, end: isFromKey(rangeEnd) ? null : rangeEnd };
}

/** end a compared with end b, null being +∞. */
function compareEnd(a: Uint8Array | null, b: Uint8Array | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return compareBytes(a, b);
}

const isEmpty = (iv: KeyInterval) => iv.end !== null && compareBytes(iv.begin, iv.end) >= 0;

/** Sorted, disjoint intervals; touching or overlapping inputs are merged. Empty ones are dropped. */
export function mergeIntervals(ivs: KeyInterval[]): KeyInterval[] {
  const sorted = ivs.filter((iv) => !isEmpty(iv)).sort((a, b) => compareBytes(a.begin, b.begin));
  const out: KeyInterval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    // touching counts: [a, b) and [b, c) together cover [a, c)
    if (last && (last.end === null || compareBytes(iv.begin, last.end) <= 0)) {
      if (compareEnd(iv.end, last.end) > 0) last.end = iv.end;
    } else out.push({ begin: iv.begin, end: iv.end });
  }
  return out;
}

/** The last interval beginning at or before `key`, by binary search. */
function floor(ivs: KeyInterval[], key: Uint8Array): KeyInterval | undefined {
  let lo = 0;
  let hi = ivs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareBytes(ivs[mid]!.begin, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? ivs[lo - 1] : undefined;
}

/** Whether one interval of `ivs` (merged) covers all of [key, end); an empty request is not covered. */
export function coversRange(ivs: KeyInterval[], key: Uint8Array, end: Uint8Array | null): boolean {
  if (end !== null && compareBytes(key, end) >= 0) return false;
  const iv = floor(ivs, key);
  return iv !== undefined && compareEnd(iv.end, end) >= 0;
}

/** Whether one interval of `ivs` contains `key`. */
export function containsKey(ivs: KeyInterval[], key: Uint8Array): boolean {
  const iv = floor(ivs, key);
  return iv !== undefined && (iv.end === null || compareBytes(key, iv.end) < 0);
}

/** unifiedRangePermissions: a user's merged READ and WRITE intervals. */
export class UnifiedRangePermissions {
  readonly read: KeyInterval[];
  readonly write: KeyInterval[];

  constructor(perms: Iterable<AuthPermission>) {
    const read: KeyInterval[] = [];
    const write: KeyInterval[] = [];
    for (const p of perms) {
      const iv = permInterval(p.key, p.rangeEnd);
      if (p.permType === PermType.READ || p.permType === PermType.READWRITE) read.push(iv);
      if (p.permType === PermType.WRITE || p.permType === PermType.READWRITE) write.push(iv);
    }
    this.read = mergeIntervals(read);
    this.write = mergeIntervals(write);
  }

  /**
   * etcd's checkKeyPoint / checkKeyInterval: an empty rangeEnd asks for one key, [0x00] for every
   * key ≥ key, anything else for [key, rangeEnd).
   */
  permits(type: 'read' | 'write', key: Uint8Array, rangeEnd: Uint8Array): boolean {
    const ivs = type === 'read' ? this.read : this.write;
    if (rangeEnd.length === 0) return containsKey(ivs, key);
    return coversRange(ivs, key, isFromKey(rangeEnd) ? null : rangeEnd);
  }
}
