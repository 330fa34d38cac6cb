// Request checks etcd's gRPC layer (v3rpc/key.go) runs before a request is proposed: empty keys,
// the max-txn-ops limit and overlapping writes in one txn. They run before anything is applied,
// so a rejected txn changes nothing.

import type { DeleteRangeRequest, PutRequest, RangeRequest, RequestOp, TxnRequest } from '../etcd/api';
import { compareBytes, toHex } from '../lib/bytes';
import { ErrDuplicateKey, ErrEmptyKey, ErrTooManyOps } from './errors';

export const DEFAULT_MAX_TXN_OPS = 128;

export function checkRangeRequest(r: RangeRequest): void {
  if (r.key.length === 0) throw ErrEmptyKey();
}

export function checkPutRequest(r: PutRequest): void {
  if (r.key.length === 0) throw ErrEmptyKey();
}

export function checkDeleteRequest(r: DeleteRangeRequest): void {
  if (r.key.length === 0) throw ErrEmptyKey();
}

/** The limit applies to the compares, the success ops and the failure ops separately. */
export function checkTxnRequest(r: TxnRequest, maxTxnOps: number): void {
  const opc = Math.max(r.compare.length, r.success.length, r.failure.length);
  if (opc > maxTxnOps) throw ErrTooManyOps();
  for (const c of r.compare) if (c.key.length === 0) throw ErrEmptyKey();
  for (const op of r.success) checkRequestOp(op, maxTxnOps - opc);
  for (const op of r.failure) checkRequestOp(op, maxTxnOps - opc);
}

function checkRequestOp(op: RequestOp, maxTxnOps: number): void {
  if ('requestRange' in op) checkRangeRequest(op.requestRange);
  else if ('requestPut' in op) checkPutRequest(op.requestPut);
  else if ('requestDeleteRange' in op) checkDeleteRequest(op.requestDeleteRange);
  else checkTxnRequest(op.requestTxn, maxTxnOps);
}

// ---- duplicate keys (etcd's checkIntervals) ----
// Intervals are [begin, end) over byte strings with etcd's "affine" rule that an empty end is +inf.
// A single-key delete is the point [k, k+"\0"). Note that a delete with range end "\0" (--from-key)
// is the interval [k, "\0"), which contains no key: etcd does not flag it, and neither do we.

interface Interval {
  begin: Uint8Array;
  end: Uint8Array | null; // null: point interval at `begin`
}

function containsPoint(iv: Interval, k: Uint8Array): boolean {
  if (iv.end === null) return compareBytes(iv.begin, k) === 0;
  if (compareBytes(iv.begin, k) > 0) return false;
  return iv.end.length === 0 || compareBytes(k, iv.end) < 0;
}

const keyOf = toHex;

/** Throws ErrDuplicateKey if puts and deletes of one branch overlap (nested txns included). */
export function checkIntervals(reqs: RequestOp[]): { puts: Map<string, Uint8Array>; dels: Interval[] } {
  const dels: Interval[] = [];
  for (const op of reqs) {
    if (!('requestDeleteRange' in op)) continue;
    const d = op.requestDeleteRange;
    dels.push(d.rangeEnd.length !== 0 ? { begin: d.key, end: d.rangeEnd } : { begin: d.key, end: null });
  }
  const overlapsDel = (k: Uint8Array) => dels.some((iv) => containsPoint(iv, k));
  const puts = new Map<string, Uint8Array>();
  for (const op of reqs) {
    if (!('requestTxn' in op)) continue;
    const thenSide = checkIntervals(op.requestTxn.success);
    const elseSide = checkIntervals(op.requestTxn.failure);
    for (const [s, k] of thenSide.puts) {
      if (puts.has(s) || overlapsDel(k)) throw ErrDuplicateKey();
      puts.set(s, k);
    }
    for (const [s, k] of elseSide.puts) {
      // the same key in then and else is fine: only one of them runs
      if (puts.has(s) && !thenSide.puts.has(s)) throw ErrDuplicateKey();
      if (overlapsDel(k)) throw ErrDuplicateKey();
      puts.set(s, k);
    }
    dels.push(...thenSide.dels, ...elseSide.dels);
  }
  for (const op of reqs) {
    if (!('requestPut' in op)) continue;
    const k = op.requestPut.key;
    const s = keyOf(k);
    if (puts.has(s) || overlapsDel(k)) throw ErrDuplicateKey();
    puts.set(s, k);
  }
  return { puts, dels };
}

/** A txn is read-only when neither branch (nor any nested txn) holds a put or a delete. */
export function isTxnReadonly(r: TxnRequest): boolean {
  const ro = (ops: RequestOp[]) =>
    ops.every((op) => ('requestRange' in op ? true : 'requestTxn' in op ? isTxnReadonly(op.requestTxn) : false));
  return ro(r.success) && ro(r.failure);
}
