// SSTable: one immutable sorted run, as LevelDB/RocksDB lay it out (simplified):
//
//   [data block]…[data block][index block][bloom filter][footer 28 bytes]
//
// data block: entries in key order, each  varint keyLen ‖ varint (valueLen + 1, 0 = tombstone) ‖ key ‖ value
// index block: varint blockCount, then per block: u32 offset, u32 length, varint lastKeyLen ‖ lastKey
// footer:      u32 indexOffset, u32 indexLength, u32 bloomOffset, u32 bloomLength, u32 entries,
//              u32 crc32c(everything before the footer), u32 magic
//
// A table is opened by reading its footer, index and bloom filter (kept in memory, as a table cache
// would); a get then reads at most one data block, and none when the bloom filter says no.
import { compareBytes } from '../lib/bytes';
import { crc32c } from '../lib/crc32c';
import { BloomFilter, buildBloom, DEFAULT_BLOOM_BITS_PER_KEY } from './bloom';
import { LsmError } from './errors';
import { readVarint, writeVarint } from './varint';

/** A key with its value, or null for a tombstone (a delete that hides older values of the key). */
export interface Entry {
  key: Uint8Array;
  value: Uint8Array | null;
}

export const TABLE_MAGIC = 0x4c534d31; // "LSM1"
const FOOTER_BYTES = 28;
export const DEFAULT_BLOCK_SIZE_BYTES = 4096;

/** Counters a read adds to (the engine's read cost). */
export interface ReadCounters {
  bloomChecks: number;
  bloomNegatives: number;
  blocksRead: number;
}

/** Builds a table from entries already in strictly increasing key order. */
export function buildTable(entries: readonly Entry[], opts: { blockSizeBytes?: number; bloomBitsPerKey?: number } = {}): Uint8Array {
  if (entries.length === 0) throw new LsmError('invalid', 'an SSTable needs at least one entry');
  const blockSize = opts.blockSizeBytes ?? DEFAULT_BLOCK_SIZE_BYTES;
  const out: number[] = [];
  const index: Array<{ offset: number; length: number; lastKey: Uint8Array }> = [];
  let blockStart = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (i > 0 && compareBytes(entries[i - 1]!.key, e.key) >= 0) throw new LsmError('invalid', 'SSTable entries must be in strictly increasing key order');
    writeVarint(out, e.key.length);
    writeVarint(out, e.value === null ? 0 : e.value.length + 1);
    for (const b of e.key) out.push(b);
    if (e.value !== null) for (const b of e.value) out.push(b);
    if (out.length - blockStart >= blockSize || i === entries.length - 1) {
      index.push({ offset: blockStart, length: out.length - blockStart, lastKey: e.key });
      blockStart = out.length;
    }
  }
  const indexOffset = out.length;
  writeVarint(out, index.length);
  for (const b of index) {
    pushU32(out, b.offset);
    pushU32(out, b.length);
    writeVarint(out, b.lastKey.length);
    for (const x of b.lastKey) out.push(x);
  }
  const indexLength = out.length - indexOffset;
  const bloom = buildBloom(
    entries.map((e) => e.key),
    opts.bloomBitsPerKey ?? DEFAULT_BLOOM_BITS_PER_KEY,
  );
  const bloomOffset = out.length;
  for (const b of bloom) out.push(b);
  const body = Uint8Array.from(out);
  const table = new Uint8Array(body.length + FOOTER_BYTES);
  table.set(body);
  const dv = new DataView(table.buffer);
  const f = body.length;
  dv.setUint32(f, indexOffset, true);
  dv.setUint32(f + 4, indexLength, true);
  dv.setUint32(f + 8, bloomOffset, true);
  dv.setUint32(f + 12, bloom.length, true);
  dv.setUint32(f + 16, entries.length, true);
  dv.setUint32(f + 20, crc32c(body), true);
  dv.setUint32(f + 24, TABLE_MAGIC, true);
  return table;
}

function pushU32(out: number[], v: number): void {
  out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

interface BlockHandle {
  offset: number;
  length: number;
  lastKey: Uint8Array;
}

export class TableReader {
  readonly smallest: Uint8Array;
  readonly largest: Uint8Array;
  readonly entryCount: number;
  readonly sizeBytes: number;
  private constructor(
    readonly id: number,
    private readonly bytes: Uint8Array,
    private readonly blocks: BlockHandle[],
    private readonly bloom: BloomFilter,
    entries: number,
  ) {
    this.entryCount = entries;
    this.sizeBytes = bytes.length;
    this.smallest = this.decodeBlock(0)[0]!.key;
    this.largest = blocks[blocks.length - 1]!.lastKey;
  }

  /** Opens a table's bytes; throws LsmError('corrupt') if they are not an intact table. */
  static open(id: number, bytes: Uint8Array): TableReader {
    if (bytes.length < FOOTER_BYTES) throw new LsmError('corrupt', `table ${id}: ${bytes.length} bytes is shorter than a footer`);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const f = bytes.length - FOOTER_BYTES;
    if (dv.getUint32(f + 24, true) !== TABLE_MAGIC) throw new LsmError('corrupt', `table ${id}: bad magic`);
    if (dv.getUint32(f + 20, true) !== crc32c(bytes.subarray(0, f))) throw new LsmError('corrupt', `table ${id}: checksum mismatch`);
    const indexOffset = dv.getUint32(f, true);
    const indexLength = dv.getUint32(f + 4, true);
    const bloomOffset = dv.getUint32(f + 8, true);
    const bloomLength = dv.getUint32(f + 12, true);
    const entries = dv.getUint32(f + 16, true);
    if (indexOffset + indexLength > f || bloomOffset + bloomLength > f) throw new LsmError('corrupt', `table ${id}: index or bloom outside the table`);
    const idx = bytes.subarray(indexOffset, indexOffset + indexLength);
    const pos = { at: 0 };
    const n = readVarint(idx, pos);
    const blocks: BlockHandle[] = [];
    for (let i = 0; i < n; i++) {
      const offset = idx[pos.at]! | (idx[pos.at + 1]! << 8) | (idx[pos.at + 2]! << 16) | (idx[pos.at + 3]! << 24);
      const length = idx[pos.at + 4]! | (idx[pos.at + 5]! << 8) | (idx[pos.at + 6]! << 16) | (idx[pos.at + 7]! << 24);
      pos.at += 8;
      const kl = readVarint(idx, pos);
      blocks.push({ offset: offset >>> 0, length: length >>> 0, lastKey: idx.slice(pos.at, pos.at + kl) });
      pos.at += kl;
    }
    if (blocks.length === 0) throw new LsmError('corrupt', `table ${id}: no data blocks`);
    return new TableReader(id, bytes, blocks, new BloomFilter(bytes.subarray(bloomOffset, bloomOffset + bloomLength)), entries);
  }

  /** The key's entry in this table (value null = tombstone), or undefined if the table has none. */
  get(key: Uint8Array, counters: ReadCounters): Entry | undefined {
    if (compareBytes(key, this.smallest) < 0 || compareBytes(key, this.largest) > 0) return undefined;
    counters.bloomChecks++;
    if (!this.bloom.mayContain(key)) {
      counters.bloomNegatives++;
      return undefined;
    }
    // The first block whose last key is >= key (binary search over the index).
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(this.blocks[mid]!.lastKey, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    counters.blocksRead++;
    for (const e of this.decodeBlock(lo)) {
      const c = compareBytes(e.key, key);
      if (c === 0) return e;
      if (c > 0) break;
    }
    return undefined;
  }

  /** Every entry in key order (tombstones included): compaction and scans. */
  *entries(): Generator<Entry> {
    for (let i = 0; i < this.blocks.length; i++) yield* this.decodeBlock(i);
  }

  get blockCount(): number {
    return this.blocks.length;
  }

  private decodeBlock(i: number): Entry[] {
    const h = this.blocks[i]!;
    const b = this.bytes.subarray(h.offset, h.offset + h.length);
    const out: Entry[] = [];
    const pos = { at: 0 };
    while (pos.at < b.length) {
      const kl = readVarint(b, pos);
      const vl = readVarint(b, pos);
      const key = b.slice(pos.at, pos.at + kl);
      pos.at += kl;
      let value: Uint8Array | null = null;
      if (vl > 0) {
        value = b.slice(pos.at, pos.at + vl - 1);
        pos.at += vl - 1;
      }
      out.push({ key, value });
    }
    return out;
  }
}
