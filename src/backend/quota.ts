// etcd's backend quota (etcdserver/quota.go, 3.4): a put, txn or lease grant is refused with
// "etcdserver: mvcc: database space exceeded" (and the NOSPACE alarm raised) unless
//     backend size + estimated cost  <  --quota-backend-bytes
// where the size is the committed file size (dbSize, not dbSizeInUse: freed pages still count —
// the reason an operator must compact *and* defrag to get out of NOSPACE). The cost is a rough
// estimate of what the request adds, not its real footprint.

import type { LeaseGrantRequest, PutRequest, RequestOp, TxnRequest } from '../etcd/api';

/** --quota-backend-bytes 0 means this (2 GiB). */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024;
/** Above this etcd 3.4 warns at startup (8 GiB); it still uses the configured value. */
export const MAX_QUOTA_BYTES = 8 * 1024 * 1024 * 1024;
/** Estimated metadata cost of storing one key revision. */
export const KV_OVERHEAD = 256;
/** Estimated cost of storing a lease. */
export const LEASE_OVERHEAD = 64;

/** The quota a --quota-backend-bytes value stands for: 0 → default, negative → none (Infinity). */
export function effectiveQuota(quotaBytes: number): number {
  if (quotaBytes === 0) return DEFAULT_QUOTA_BYTES;
  if (quotaBytes < 0) return Infinity;
  return quotaBytes;
}

/** etcd's `Available` negated: true when the request must be refused. */
export function wouldExceedQuota(sizeBytes: number, quotaBytes: number, extraBytes: number): boolean {
  return !(sizeBytes + extraBytes < effectiveQuota(quotaBytes));
}

export function costPut(r: Pick<PutRequest, 'key' | 'value'>): number {
  return KV_OVERHEAD + r.key.length + r.value.length;
}

/** Only the top-level puts of the larger branch count (nested txns cost 0, as in etcd). */
export function costTxn(r: Pick<TxnRequest, 'success' | 'failure'>): number {
  const branch = (ops: readonly RequestOp[]): number => ops.reduce((n, op) => n + ('requestPut' in op ? costPut(op.requestPut) : 0), 0);
  return Math.max(branch(r.success), branch(r.failure));
}

export function costLeaseGrant(_r?: LeaseGrantRequest): number {
  return LEASE_OVERHEAD;
}
