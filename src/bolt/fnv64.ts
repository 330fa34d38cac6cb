// FNV-1a 64-bit (Go's hash/fnv New64a), as bbolt checksums its meta pages.
// Computed on four 16-bit limbs so every intermediate product stays an exact JS number;
// no BigInt, so the hot path stays cheap and the result is two 32-bit halves.

const PRIME_LIMBS = [0x01b3, 0x0000, 0x0100, 0x0000]; // 0x00000100_000001b3, low limb first
const OFFSET_LIMBS = [0x2325, 0x8422, 0x9ce4, 0xcbf2]; // 0xcbf29ce4_84222325

export interface U64Halves {
  lo: number; // bits 0..31, unsigned
  hi: number; // bits 32..63, unsigned
}

export function fnv64a(bytes: Uint8Array): U64Halves {
  let h0 = OFFSET_LIMBS[0]!;
  let h1 = OFFSET_LIMBS[1]!;
  let h2 = OFFSET_LIMBS[2]!;
  let h3 = OFFSET_LIMBS[3]!;
  const [p0, , p2] = PRIME_LIMBS as [number, number, number, number];
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i]!;
    // (h * prime) mod 2^64; prime limbs 1 and 3 are zero, so their products drop out.
    const r0 = h0 * p0;
    const r1 = h1 * p0 + (r0 >>> 16);
    const r2 = h2 * p0 + h0 * p2 + Math.floor(r1 / 0x10000);
    const r3 = h3 * p0 + h1 * p2 + Math.floor(r2 / 0x10000);
    h0 = r0 & 0xffff;
    h1 = r1 & 0xffff;
    h2 = r2 % 0x10000;
    h3 = r3 % 0x10000;
  }
  return { lo: ((h1 << 16) | h0) >>> 0, hi: ((h3 << 16) | h2) >>> 0 };
}

export function u64Hex(v: U64Halves): string {
  return v.hi.toString(16).padStart(8, '0') + v.lo.toString(16).padStart(8, '0');
}
