// A Bloom filter per SSTable: a get for a key the table cannot hold skips the table without reading
// a data block. Bits per key 10 and k = 7 hash probes give about 1 % false positives (LevelDB's
// default). Probes use double hashing (Kirsch–Mitzenmacher) over two FNV-1a seeds.
import { fnv1a32 } from '../lib/bytes';

export const DEFAULT_BLOOM_BITS_PER_KEY = 10;

/** k = bits per key × ln 2, clamped as LevelDB does. */
function probesFor(bitsPerKey: number): number {
  return Math.max(1, Math.min(30, Math.round(bitsPerKey * 0.69)));
}

function hashes(key: Uint8Array): [number, number] {
  const h1 = fnv1a32(key);
  // A second, independent-enough hash; odd so that the probe sequence visits distinct bits.
  const h2 = (fnv1a32(key, 0x9747b28c) | 1) >>> 0;
  return [h1, h2];
}

/** Encoded: u32 LE bit count, u8 probes, then the bit array. */
export function buildBloom(keys: readonly Uint8Array[], bitsPerKey = DEFAULT_BLOOM_BITS_PER_KEY): Uint8Array {
  const nbits = Math.max(64, keys.length * bitsPerKey);
  const nbytes = Math.ceil(nbits / 8);
  const out = new Uint8Array(5 + nbytes);
  const k = probesFor(bitsPerKey);
  new DataView(out.buffer).setUint32(0, nbytes * 8, true);
  out[4] = k;
  const bits = out.subarray(5);
  const m = nbytes * 8;
  for (const key of keys) {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < k; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const b = bit % m;
      bits[b >>> 3]! |= 1 << (b & 7);
    }
  }
  return out;
}

export class BloomFilter {
  private readonly m: number;
  private readonly k: number;
  private readonly bits: Uint8Array;

  constructor(encoded: Uint8Array) {
    if (encoded.length < 5) throw new RangeError('bloom filter shorter than its header');
    this.m = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength).getUint32(0, true);
    this.k = encoded[4]!;
    this.bits = encoded.subarray(5);
    if (this.m === 0 || this.bits.length * 8 < this.m || this.k === 0) throw new RangeError('bloom filter header does not match its bits');
  }

  /** False: the key is certainly not in the table. True: it may be. */
  mayContain(key: Uint8Array): boolean {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < this.k; i++) {
      const b = ((h1 + Math.imul(i, h2)) >>> 0) % this.m;
      if ((this.bits[b >>> 3]! & (1 << (b & 7))) === 0) return false;
    }
    return true;
  }
}
