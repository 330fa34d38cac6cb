// The Txn builder's form (TxnSpec, plain strings) → etcd's TxnRequest, and its response → a short
// outcome. Bad input (a non-numeric version, an unknown op) is refused with a clear message.
import { CompareResult, CompareTarget, emptyRangeRequest, type Compare, type RequestOp, type ResponseOp, type TxnRequest, type TxnResponse } from '../etcd/api';
import { fromUtf8, utf8 } from '../lib/bytes';
import type { TxnCmp, TxnOpResult, TxnOpSpec, TxnOutcome, TxnSpec, TxnTarget } from '../protocol/txn';

const RESULT: Record<TxnCmp, CompareResult> = { '=': CompareResult.EQUAL, '!=': CompareResult.NOT_EQUAL, '<': CompareResult.LESS, '>': CompareResult.GREATER };

export class TxnSpecError extends Error {}

function integer(s: string, what: string): number {
  const t = s.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^-?\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n)) throw new TxnSpecError(`${what} must be an integer, got ${JSON.stringify(s)}`);
  return n;
}

export function buildCompare(c: { key: string; target: TxnTarget; cmp: TxnCmp; operand: string }): Compare {
  if (c.key === '') throw new TxnSpecError('a compare needs a key');
  const result = RESULT[c.cmp];
  if (result === undefined) throw new TxnSpecError(`unknown comparison ${JSON.stringify(c.cmp)}`);
  const base = { key: utf8(c.key), rangeEnd: new Uint8Array(0), result };
  switch (c.target) {
    case 'value':
      return { ...base, target: CompareTarget.VALUE, value: utf8(c.operand) };
    case 'version':
      return { ...base, target: CompareTarget.VERSION, version: integer(c.operand, 'version') };
    case 'create':
      return { ...base, target: CompareTarget.CREATE, createRevision: integer(c.operand, 'create revision') };
    case 'mod':
      return { ...base, target: CompareTarget.MOD, modRevision: integer(c.operand, 'mod revision') };
    case 'lease':
      return { ...base, target: CompareTarget.LEASE, lease: /^[0-9a-f]{16}$/i.test(c.operand.trim()) ? BigInt('0x' + c.operand.trim()) : BigInt(integer(c.operand, 'lease')) };
    default:
      throw new TxnSpecError(`unknown compare target ${JSON.stringify(c.target)}`);
  }
}

export function buildOp(o: TxnOpSpec): RequestOp {
  if (o.key === '') throw new TxnSpecError(`${o.op} needs a key`);
  const key = utf8(o.key);
  if (o.op === 'put') return { requestPut: { key, value: utf8(o.value ?? ''), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } };
  if (o.op === 'get') return { requestRange: emptyRangeRequest(key) };
  if (o.op === 'del') return { requestDeleteRange: { key, rangeEnd: new Uint8Array(0), prevKv: false } };
  throw new TxnSpecError(`unknown op ${JSON.stringify((o as { op: unknown }).op)}`);
}

export function buildTxn(spec: TxnSpec): TxnRequest {
  return { compare: spec.compare.map(buildCompare), success: spec.success.map(buildOp), failure: spec.failure.map(buildOp) };
}

function describeResponse(op: TxnOpSpec, r: ResponseOp): TxnOpResult {
  const base = { op: op.op, key: op.key };
  if ('responsePut' in r) return { ...base, text: `put ${op.key} → OK` };
  if ('responseDeleteRange' in r) {
    const deleted = r.responseDeleteRange.deleted;
    return { ...base, deleted, text: `del ${op.key} → ${deleted} deleted` };
  }
  if ('responseRange' in r) {
    const kv = r.responseRange.kvs[0];
    if (!kv) return { ...base, text: `get ${op.key} → (none)` };
    const value = fromUtf8(kv.value);
    return { ...base, value, modRevision: kv.modRevision, version: kv.version, text: `get ${op.key} → ${value} (mod ${kv.modRevision}, ver ${kv.version})` };
  }
  return { ...base, text: 'txn' };
}

/** The outcome of a TxnResponse for the spec that produced it. */
export function txnOutcome(spec: TxnSpec, resp: TxnResponse, member: number): TxnOutcome {
  const ops = resp.succeeded ? spec.success : spec.failure;
  const wrote = resp.responses.some((r) => 'responsePut' in r || ('responseDeleteRange' in r && r.responseDeleteRange.deleted > 0));
  return { ok: true, succeeded: resp.succeeded, revision: resp.header.revision, wrote, results: resp.responses.map((r, i) => describeResponse(ops[i]!, r)), member };
}

/** The same transaction as `etcdctl txn` input (compares, blank line, then ops, blank, else ops); null when a lease compare makes etcdctl panic. */
export function etcdctlTxnInput(spec: TxnSpec): string | null {
  if (spec.compare.some((c) => c.target === 'lease')) return null;
  const q = (s: string) => JSON.stringify(s);
  const cmp = spec.compare.map((c) => `${c.target === 'value' ? 'value' : c.target}(${q(c.key)}) ${c.cmp} ${q(c.operand)}`);
  const op = (o: TxnOpSpec) => (o.op === 'put' ? `put ${q(o.key)} ${q(o.value ?? '')}` : `${o.op} ${q(o.key)}`);
  return [...cmp, '', ...spec.success.map(op), '', ...spec.failure.map(op), ''].join('\n');
}
