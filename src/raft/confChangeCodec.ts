// raftpb.ConfChange in its protobuf wire form, so conf-change entries in the WAL are what etcd
// writes: field 1 ID, 2 Type, 3 NodeID (varints, always present), 4 Context (bytes, when set).
import type { ConfChange, ConfChangeType } from './types';
import { assert } from '../lib/assert';

function putVarint(out: number[], n: number): void {
  assert(Number.isSafeInteger(n) && n >= 0, () => `varint out of range: ${n}`);
  while (n >= 128) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

export function encodeConfChange(cc: ConfChange): Uint8Array {
  const out: number[] = [];
  out.push(0x08);
  putVarint(out, cc.id ?? 0);
  out.push(0x10);
  putVarint(out, cc.type);
  out.push(0x18);
  putVarint(out, cc.nodeId);
  if (cc.context !== undefined) {
    out.push(0x22);
    putVarint(out, cc.context.length);
    for (const b of cc.context) out.push(b);
  }
  return Uint8Array.from(out);
}

export function decodeConfChange(b: Uint8Array): ConfChange {
  let pos = 0;
  const varint = (): number => {
    let n = 0;
    let mul = 1;
    for (;;) {
      assert(pos < b.length, 'truncated ConfChange varint');
      const byte = b[pos++]!;
      n += (byte & 0x7f) * mul;
      if (byte < 0x80) return n;
      mul *= 128;
    }
  };
  const cc: ConfChange = { type: 0, nodeId: 0, id: 0 };
  while (pos < b.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) {
      const v = varint();
      if (field === 1) cc.id = v;
      else if (field === 2) cc.type = v as ConfChangeType;
      else if (field === 3) cc.nodeId = v;
    } else if (wire === 2) {
      const len = varint();
      assert(pos + len <= b.length, 'truncated ConfChange bytes field');
      if (field === 4) cc.context = b.slice(pos, pos + len);
      pos += len;
    } else {
      throw new Error(`ConfChange: unsupported wire type ${wire}`);
    }
  }
  return cc;
}
