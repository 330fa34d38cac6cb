// Which requests etcd 3.4's quota guards and what they cost (etcdserver/quota.go; the cost
// formulas are in backend/quota.ts). The gRPC layer checks Put, Txn and LeaseGrant only: reads,
// deletes, compaction, lease revokes and alarms are never refused for space — the way out of
// NOSPACE (delete, compact, defrag, disarm) must stay open.
import { costLeaseGrant, costPut, costTxn } from '../backend/quota';
import type { InternalRaftRequest } from './api';

/**
 * The estimated cost of a request the quota checks, or null for a request it lets through. A txn
 * that only reads or deletes costs 0 and passes even when the file alone is over the quota
 * (etcd's backendQuota.Available: "no mutating requests, safe to pass through").
 */
export function quotaCost(irr: InternalRaftRequest): number | null {
  let cost = 0;
  if (irr.put) cost = costPut(irr.put);
  else if (irr.txn) cost = costTxn(irr.txn);
  else if (irr.leaseGrant) cost = costLeaseGrant(irr.leaseGrant);
  return cost > 0 ? cost : null;
}
