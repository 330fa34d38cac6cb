// golang/protobuf's compact text format (what gogo's generated String() prints, and so what
// etcd-dump-logs and etcd-dump-db show), driven by a small schema of the messages those tools meet.
// The decoder works on the wire bytes like gogo's Unmarshal: a known field with the wrong wire type
// or a malformed nested message is an error (the tools then try the next decoder).

import { ProtoReader } from '../lib/proto';

type Scalar = 'uint64' | 'int64' | 'bool' | 'string' | 'bytes';

export interface FieldSpec {
  no: number;
  /** The proto field name (gogo's OrigName), as the text format prints it. */
  name: string;
  /** A scalar kind, an enum (value names by number), or a nested message. */
  type: Scalar | { enum: readonly string[] } | { message: () => MessageSpec };
  repeated?: boolean;
  /** Members of a oneof print even when zero (the oneof is set); proto3 scalars print only when not zero. */
  oneof?: boolean;
}

/** Fields in declaration order: the order Go's struct, and so the text format, follows. */
export type MessageSpec = readonly FieldSpec[];

export class ProtoTextError extends Error {}

type Value = bigint | boolean | Uint8Array | DecodedMessage;

export interface DecodedMessage {
  spec: MessageSpec;
  /** Values by field number, in wire order (a repeated field keeps every element). */
  values: Map<number, Value[]>;
}

const WIRE: Record<Scalar, number> = { uint64: 0, int64: 0, bool: 0, string: 2, bytes: 2 };

function wireOf(f: FieldSpec): number {
  if (typeof f.type === 'string') return WIRE[f.type];
  return 'enum' in f.type ? 0 : 2;
}

/** Decodes `b` as `spec`; throws ProtoTextError where gogo's Unmarshal would fail. */
export function decodeMessage(b: Uint8Array, spec: MessageSpec): DecodedMessage {
  const byNo = new Map(spec.map((f) => [f.no, f]));
  const values = new Map<number, Value[]>();
  const r = new ProtoReader(b);
  try {
    while (!r.done()) {
      const tag = r.tag();
      const no = tag >>> 3;
      const wt = tag & 7;
      if (no === 0) throw new ProtoTextError('proto: illegal tag 0');
      const f = byNo.get(no);
      if (!f) {
        if (wt === 3 || wt === 4 || wt > 5) throw new ProtoTextError(`proto: illegal wireType ${wt}`);
        r.skip(wt);
        continue;
      }
      if (wt !== wireOf(f)) throw new ProtoTextError(`proto: wrong wireType = ${wt} for field ${f.name}`);
      let v: Value;
      if (typeof f.type === 'object' && 'message' in f.type) v = decodeMessage(r.bytes(), f.type.message());
      else if (wt === 2) v = r.bytes();
      else {
        const n = r.uint64Big();
        v = f.type === 'bool' ? n !== 0n : f.type === 'int64' ? BigInt.asIntN(64, n) : n;
      }
      const list = values.get(no);
      // A repeated field collects; a later occurrence of a singular one replaces the earlier.
      if (list && f.repeated) list.push(v);
      else values.set(no, [v]);
    }
  } catch (e) {
    if (e instanceof ProtoTextError) throw e;
    throw new ProtoTextError(e instanceof Error ? e.message : String(e));
  }
  return { spec, values };
}

/** Go's text-format string: printable ASCII as is, \n \r \t \" \\ escaped, other bytes as \ooo. */
export function textQuote(b: Uint8Array): string {
  let s = '"';
  for (const c of b) {
    if (c === 0x0a) s += '\\n';
    else if (c === 0x0d) s += '\\r';
    else if (c === 0x09) s += '\\t';
    else if (c === 0x22) s += '\\"';
    else if (c === 0x5c) s += '\\\\';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += '\\' + c.toString(8).padStart(3, '0');
  }
  return s + '"';
}

function isZero(v: Value): boolean {
  return v === 0n || v === false || (v instanceof Uint8Array && v.length === 0);
}

function scalarText(f: FieldSpec, v: Value): string {
  if (v instanceof Uint8Array) return textQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof f.type === 'object' && 'enum' in f.type) {
    const name = f.type.enum[Number(v)];
    return name ?? String(BigInt.asIntN(32, v as bigint));
  }
  return String(v);
}

/** proto.CompactTextString: `name:value ` per field, nested messages as `name:<...> `. */
export function compactText(m: DecodedMessage): string {
  let out = '';
  for (const f of m.spec) {
    const vs = m.values.get(f.no);
    if (!vs) continue;
    for (const v of vs) {
      if (typeof v === 'object' && !(v instanceof Uint8Array)) {
        out += `${f.name}:<${compactText(v)}> `;
        continue;
      }
      if (!f.oneof && !f.repeated && isZero(v)) continue;
      out += `${f.name}:${scalarText(f, v)} `;
    }
  }
  return out;
}

/** The first value of a field (for decoders that pick fields out), or undefined. */
export function field<T extends Value>(m: DecodedMessage, no: number): T | undefined {
  return m.values.get(no)?.[0] as T | undefined;
}

export function fields<T extends Value>(m: DecodedMessage, no: number): T[] {
  return (m.values.get(no) ?? []) as T[];
}
