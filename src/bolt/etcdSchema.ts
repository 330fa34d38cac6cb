// etcd's schema on top of bbolt (disk-formats.md §2): top-level bucket names and the revision keys
// of the `key` bucket. Everything etcd stores inside bbolt keys/values is big-endian.

import { assert } from '../lib/assert';
import { utf8 } from '../lib/bytes';

/** etcd 3.4 top-level buckets, in the byte order they appear in the root leaf. */
export const ETCD_BUCKETS = {
  alarm: 'alarm',
  auth: 'auth',
  authRoles: 'authRoles',
  authUsers: 'authUsers',
  cluster: 'cluster',
  key: 'key',
  lease: 'lease',
  members: 'members',
  membersRemoved: 'members_removed',
  meta: 'meta',
} as const;

export type EtcdBucketName = (typeof ETCD_BUCKETS)[keyof typeof ETCD_BUCKETS];

export const ETCD_BUCKET_NAMES: readonly EtcdBucketName[] = Object.values(ETCD_BUCKETS).sort();

/** Keys of the `meta` bucket. */
export const META_KEYS = {
  consistentIndex: 'consistent_index', // u64 BE
  scheduledCompactRev: 'scheduledCompactRev', // 17-byte revision
  finishedCompactRev: 'finishedCompactRev', // 17-byte revision
  term: 'term', // u64 BE (3.5+)
  confState: 'confState', // JSON (3.5+)
  storageVersion: 'storageVersion', // string (3.6)
} as const;

export const bucketKey = (name: EtcdBucketName): Uint8Array => utf8(name);

/** 8 bytes main + '_' + 8 bytes sub. */
export const REV_BYTES_LEN = 17;
/** A tombstone (delete) appends 't'. */
export const MARKED_REV_BYTES_LEN = 18;
const REV_SEP = 0x5f; // '_'
const TOMBSTONE_MARK = 0x74; // 't'

export interface Revision {
  main: number; // safe integer, >= 0 (etcd: int64)
  sub: number;
}

export function writeU64BE(out: Uint8Array, off: number, v: number): void {
  assert(Number.isSafeInteger(v) && v >= 0, `u64 out of range: ${v}`);
  const hi = Math.floor(v / 0x1_0000_0000);
  const lo = v >>> 0;
  out[off] = hi >>> 24;
  out[off + 1] = (hi >>> 16) & 0xff;
  out[off + 2] = (hi >>> 8) & 0xff;
  out[off + 3] = hi & 0xff;
  out[off + 4] = lo >>> 24;
  out[off + 5] = (lo >>> 16) & 0xff;
  out[off + 6] = (lo >>> 8) & 0xff;
  out[off + 7] = lo & 0xff;
}

export function readU64BE(b: Uint8Array, off: number): number {
  const hi = ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
  const lo = ((b[off + 4]! << 24) | (b[off + 5]! << 16) | (b[off + 6]! << 8) | b[off + 7]!) >>> 0;
  const v = hi * 0x1_0000_0000 + lo;
  assert(Number.isSafeInteger(v), 'u64 too large for a JS number');
  return v;
}

/** u64 big-endian, as etcd stores consistent_index, term and authRevision. */
export function u64ToBytes(v: number): Uint8Array {
  const out = new Uint8Array(8);
  writeU64BE(out, 0, v);
  return out;
}

export function bytesToU64(b: Uint8Array): number {
  assert(b.length === 8, `expected 8 bytes, got ${b.length}`);
  return readU64BE(b, 0);
}

/** Revision key: 17 bytes, or 18 with the tombstone mark (etcd revToBytes / appendMarkTombstone). */
export function encodeRevision(rev: Revision, tombstone = false): Uint8Array {
  const out = new Uint8Array(tombstone ? MARKED_REV_BYTES_LEN : REV_BYTES_LEN);
  writeU64BE(out, 0, rev.main);
  out[8] = REV_SEP;
  writeU64BE(out, 9, rev.sub);
  if (tombstone) out[17] = TOMBSTONE_MARK;
  return out;
}

export interface DecodedRevision extends Revision {
  tombstone: boolean;
}

/** Decode a `key` bucket key. Throws on anything that is not a (marked) revision. */
export function decodeRevision(b: Uint8Array): DecodedRevision {
  if (b.length !== REV_BYTES_LEN && b.length !== MARKED_REV_BYTES_LEN) throw new Error(`revision key of ${b.length} bytes`);
  if (b[8] !== REV_SEP) throw new Error('revision key without the "_" separator');
  if (b.length === MARKED_REV_BYTES_LEN && b[17] !== TOMBSTONE_MARK) throw new Error('18-byte revision key not marked "t"');
  return { main: readU64BE(b, 0), sub: readU64BE(b, 9), tombstone: b.length === MARKED_REV_BYTES_LEN };
}

/** etcd isTombstone: 18 bytes, last one 't'. */
export function isTombstone(b: Uint8Array): boolean {
  return b.length === MARKED_REV_BYTES_LEN && b[17] === TOMBSTONE_MARK;
}

/** Member ID as the `members` bucket key: lowercase hex without leading zeros (types.ID.String()). */
export function memberIdKey(idHex: string): string {
  const s = idHex.toLowerCase().replace(/^0+(?=.)/, '');
  assert(/^[0-9a-f]{1,16}$/.test(s), `bad member id ${idHex}`);
  return s;
}
