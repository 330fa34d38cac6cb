// etcd's Lease service on one member, beside the lessor the applier owns: the leader-only queries
// (keep-alive, time-to-live) and the leader's loop that proposes revocation of expired leases.
import type { Lessor } from '../lease/lessor';
import type { ResponseHeader } from './api';
import type { ClientRequest, ClientResult } from './nodeTypes';
import { etcdErrors } from './errors';

export type LeaseQuery = ClientRequest & { op: 'leaseKeepAlive' | 'leaseTimeToLive' | 'leaseLeases' };

export class LeaseService {
  /** Expired leases whose revocation this leader proposed, by lease id → tick proposed. */
  private readonly revoking = new Map<bigint, number>();

  constructor(
    private readonly lessor: Lessor,
    private readonly header: () => ResponseHeader,
    /** Proposes a LeaseRevoke through raft; false when the proposal was dropped (no leader). */
    private readonly proposeRevoke: (leaseId: bigint) => boolean,
    private readonly retryAfterTicks: number,
  ) {}

  /** KeepAlive and TimeToLive are answered by the leader's lessor (etcd forwards them there). */
  query(creq: LeaseQuery, leaderKnown: boolean): ClientResult {
    const lessor = this.lessor;
    const header = this.header();
    if (creq.op === 'leaseLeases') return { ok: true, resp: { header, leases: lessor.list().map((ID) => ({ ID })) } };
    if (!lessor.isPrimary()) return { ok: false, error: leaderKnown ? etcdErrors.notLeader : etcdErrors.noLeader };
    if (creq.op === 'leaseKeepAlive') {
      if (!lessor.has(creq.id)) return { ok: false, error: etcdErrors.leaseNotFound };
      return { ok: true, resp: { header, ID: creq.id, TTL: lessor.renew(creq.id) } };
    }
    const info = lessor.timeToLive(creq.id);
    if (!info) return { ok: true, resp: { header, ID: creq.id, TTL: -1, grantedTTL: 0, keys: [] } };
    const keys = creq.keys ? info.keys.map((k) => Uint8Array.from(k, (c) => c.charCodeAt(0))) : [];
    return { ok: true, resp: { header, ID: creq.id, TTL: info.remainingSec, grantedTTL: info.ttlSec, keys } };
  }

  /** The leader revokes expired leases through raft (etcd's revokeExpiredLeases loop), once per lease. */
  revokeExpired(nowTicks: number): void {
    const lessor = this.lessor;
    if (!lessor.isPrimary()) return;
    for (const [id, at] of this.revoking) if (!lessor.has(id) || nowTicks - at > this.retryAfterTicks) this.revoking.delete(id);
    for (const id of lessor.expired()) {
      if (this.revoking.has(id)) continue;
      this.revoking.set(id, nowTicks);
      this.proposeRevoke(id);
    }
  }
}
