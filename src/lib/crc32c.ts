// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of etcd's WAL and .snap files.
//
// Semantics match Go's `crc32.Update(prev, crc32.MakeTable(crc32.Castagnoli), data)`: the caller passes
// the previous *finished* CRC and gets the next finished CRC. etcd chains WAL record CRCs exactly this
// way (each record's crc = Update(previous record's crc, its data)), so crc32c(b, crc32c(a)) equals
// crc32c(a ‖ b).
//
// Slice-by-8: eight 256-entry tables let the inner loop consume 8 bytes per iteration with
// independent lookups; it measured ~3× faster than the byte-at-a-time table on 4 KB buffers in
// Chromium here (reference/performance.md), and WAL records are checksummed on every write.

const POLY = 0x82f63b78;

/** TABLES[k * 256 + b]: the CRC contribution of byte b followed by k zero bytes. */
const TABLES: Uint32Array = buildTables();

function buildTables(): Uint32Array {
  const t = new Uint32Array(8 * 256);
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[b] = c >>> 0;
  }
  for (let b = 0; b < 256; b++) {
    let c = t[b]!;
    for (let k = 1; k < 8; k++) {
      c = (c >>> 8) ^ t[c & 0xff]!;
      t[k * 256 + b] = c >>> 0;
    }
  }
  return t;
}

/**
 * CRC-32C of `data[start, end)`, continuing from `prev` (a finished CRC, 0 for a fresh one).
 * Returns an unsigned 32-bit number.
 */
export function crc32c(data: Uint8Array, prev = 0, start = 0, end = data.length): number {
  const T = TABLES;
  let c = ~prev;
  let i = start;
  // Whole 8-byte blocks first, then the remaining 0..7 bytes one at a time.
  const blocksEnd = i + ((end - i) & ~7);
  for (; i < blocksEnd; i += 8) {
    c ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    c =
      T[7 * 256 + (c & 0xff)]! ^
      T[6 * 256 + ((c >>> 8) & 0xff)]! ^
      T[5 * 256 + ((c >>> 16) & 0xff)]! ^
      T[4 * 256 + (c >>> 24)]! ^
      T[3 * 256 + data[i + 4]!]! ^
      T[2 * 256 + data[i + 5]!]! ^
      T[256 + data[i + 6]!]! ^
      T[data[i + 7]!]!;
  }
  for (; i < end; i++) c = T[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
