// Trace hashing. Two independent 32-bit lanes so that an accidental collision between two
// different runs of the same seed (the determinism check) is vanishingly unlikely.

export class TraceHash {
  private a = 0x811c9dc5;
  private b = 0x6a09e667;
  /** How many values were mixed in; part of the digest so a truncated trace never matches. */
  private n = 0;

  /** Mixes in a number. Indexes, terms and ids are small integers; fractional times are rounded. */
  mix(value: number): void {
    const x = Math.round(value) | 0;
    this.a = Math.imul(this.a ^ x, 0x01000193);
    let b = (this.b + x + 0x7f4a7c15) | 0;
    b = Math.imul(b ^ (b >>> 15), 0x2c1b3c6d);
    this.b = b ^ (b >>> 12);
    this.n++;
  }

  digest(): string {
    const hex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
    return `${hex(this.a)}${hex(this.b)}-${this.n}`;
  }
}

/** FNV-1a over bytes: identity of an entry's payload for the checkers. */
export function bytesHash(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

/** One link of a state machine's hash chain: the image after applying (index, term, payload). */
export function chainNext(prev: number, index: number, term: number, dataHash: number): number {
  let h = prev ^ 0x9e3779b9;
  h = Math.imul(h ^ index, 0x85ebca6b);
  h = Math.imul(h ^ term, 0xc2b2ae35);
  h = Math.imul(h ^ dataHash, 0x27d4eb2f);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Identity of an entry's content (type and payload), independent of where it sits in the log. */
export function entryHash(type: number, data: Uint8Array): number {
  return (bytesHash(data) ^ Math.imul(type + 1, 0x9e3779b1)) >>> 0;
}
