import { ProtoWriter } from '../lib/proto';
import { assert } from '../lib/assert';

/**
 * Allocate exactly `size` bytes once (the size pass), write into them, and check both passes agree.
 * One allocation per encoded message: the result is what gets stored or transferred, so it must be
 * its own ArrayBuffer anyway, and it is never grown or copied.
 */
export function encodeExact(size: number, write: (w: ProtoWriter) => void): Uint8Array {
  const out = new Uint8Array(size);
  const w = new ProtoWriter(out);
  write(w);
  assert(w.pos === size && w.buf === out, () => `protobuf size pass said ${size} bytes, writer wrote ${w.pos}`);
  return out;
}
