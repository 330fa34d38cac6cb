// A revision is etcd's logical clock for the key space: `main` is bumped once per write txn, `sub`
// orders the changes inside that txn. The backend keys every stored KeyValue by its revision, in
// the 17-byte form below, so that bbolt's byte order is revision order.

export interface Revision {
  readonly main: number;
  readonly sub: number;
}

export function rev(main: number, sub = 0): Revision {
  return { main, sub };
}

export function compareRev(a: Revision, b: Revision): number {
  if (a.main !== b.main) return a.main < b.main ? -1 : 1;
  if (a.sub !== b.sub) return a.sub < b.sub ? -1 : 1;
  return 0;
}

export function revGreaterThan(a: Revision, b: Revision): boolean {
  return compareRev(a, b) > 0;
}

export function revEqual(a: Revision, b: Revision): boolean {
  return a.main === b.main && a.sub === b.sub;
}

/** A map/set key for a revision (exact for main/sub below 2^53). */
export function revKey(r: Revision): string {
  return `${r.main}_${r.sub}`;
}

// etcd's on-disk key: 8 bytes big-endian main, '_', 8 bytes big-endian sub; a tombstone appends 't'.
export const REV_BYTES_LEN = 17;
export const MARKED_REV_BYTES_LEN = 18;
const MARK_TOMBSTONE = 0x74; // 't'

export function revToBytes(r: Revision, tombstone = false): Uint8Array {
  const b = new Uint8Array(tombstone ? MARKED_REV_BYTES_LEN : REV_BYTES_LEN);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(0, BigInt(r.main));
  b[8] = 0x5f; // '_'
  dv.setBigUint64(9, BigInt(r.sub));
  if (tombstone) b[17] = MARK_TOMBSTONE;
  return b;
}

export function bytesToRev(b: Uint8Array): Revision {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { main: Number(dv.getBigUint64(0)), sub: Number(dv.getBigUint64(9)) };
}

export function isTombstoneBytes(b: Uint8Array): boolean {
  return b.length === MARKED_REV_BYTES_LEN && b[17] === MARK_TOMBSTONE;
}
