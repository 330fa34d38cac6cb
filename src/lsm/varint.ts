// Unsigned LEB128 varints (protobuf's), for lengths inside SSTables.
import { LsmError } from './errors';

export function writeVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

export function readVarint(b: Uint8Array, pos: { at: number }): number {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 8; i++) {
    if (pos.at >= b.length) throw new LsmError('corrupt', 'varint runs past the end of its block');
    const x = b[pos.at++]!;
    v += (x & 0x7f) * mul;
    if (x < 0x80) return v;
    mul *= 128;
  }
  throw new LsmError('corrupt', 'varint longer than 8 bytes');
}
