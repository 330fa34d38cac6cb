// Go encoding/json output of etcd's protobuf structs: field order as declared, `omitempty` on every
// protobuf field, []byte as standard base64, 64-bit ids printed exactly (from hex strings via BigInt).

import type { DeleteRangeResponse, KeyValue, PutResponse, RangeResponse, ResponseHeader, ResponseOp, TxnResponse } from '../etcd/api';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    s += i + 1 < b.length ? B64[(n >> 6) & 63]! : '=';
    s += i + 2 < b.length ? B64[n & 63]! : '=';
  }
  return s;
}

/** A Go json string literal (json.Marshal escapes <, >, & and U+2028/9 too). */
export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** uint64 ids are carried as 16 hex digits; JSON prints them in decimal. */
export const hexIdToDec = (hex: string): string => BigInt('0x' + (hex || '0')).toString(10);

type Field = [name: string, value: string | undefined];

export function obj(fields: Field[]): string {
  return '{' + fields.filter(([, v]) => v !== undefined).map(([k, v]) => `${jsonString(k)}:${v}`).join(',') + '}';
}

const num = (n: number | bigint | undefined) => (n ? String(n) : undefined);
const bytes = (b: Uint8Array | undefined) => (b && b.length > 0 ? jsonString(base64(b)) : undefined);
const bool = (b: boolean | undefined) => (b ? 'true' : undefined);
const arr = <T>(xs: T[] | undefined, f: (x: T) => string) => (xs && xs.length > 0 ? '[' + xs.map(f).join(',') + ']' : undefined);
const id = (hex: string | undefined) => {
  const d = hexIdToDec(hex ?? '0');
  return d === '0' ? undefined : d;
};

export function headerJson(h: ResponseHeader | undefined): string | undefined {
  if (!h) return undefined;
  return obj([
    ['cluster_id', id(h.clusterId)],
    ['member_id', id(h.memberId)],
    ['revision', num(h.revision)],
    ['raft_term', num(h.raftTerm)],
  ]);
}

export function kvJson(kv: KeyValue): string {
  return obj([
    ['key', bytes(kv.key)],
    ['create_revision', num(kv.createRevision)],
    ['mod_revision', num(kv.modRevision)],
    ['version', num(kv.version)],
    ['value', bytes(kv.value)],
    ['lease', num(kv.lease)],
  ]);
}

export function rangeJson(r: RangeResponse): string {
  return obj([
    ['header', headerJson(r.header)],
    ['kvs', arr(r.kvs, kvJson)],
    ['more', bool(r.more)],
    ['count', num(r.count)],
  ]);
}

export function putJson(r: PutResponse): string {
  return obj([
    ['header', headerJson(r.header)],
    ['prev_kv', r.prevKv ? kvJson(r.prevKv) : undefined],
  ]);
}

export function delJson(r: DeleteRangeResponse): string {
  return obj([
    ['header', headerJson(r.header)],
    ['deleted', num(r.deleted)],
    ['prev_kvs', arr(r.prevKvs, kvJson)],
  ]);
}

function responseOpJson(op: ResponseOp): string {
  let inner: Field;
  if ('responseRange' in op) inner = ['ResponseRange', rangeJson(op.responseRange)];
  else if ('responsePut' in op) inner = ['ResponsePut', putJson(op.responsePut)];
  else if ('responseDeleteRange' in op) inner = ['ResponseDeleteRange', delJson(op.responseDeleteRange)];
  else inner = ['ResponseTxn', txnJson(op.responseTxn)];
  return obj([['Response', obj([inner])]]);
}

export function txnJson(r: TxnResponse): string {
  return obj([
    ['header', headerJson(r.header)],
    ['succeeded', bool(r.succeeded)],
    ['responses', arr(r.responses, responseOpJson)],
  ]);
}
