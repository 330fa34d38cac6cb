// etcd's lessor (lease/lessor.go): leases granted and revoked through raft on every member, expiry
// decided only by the leader (it proposes a LeaseRevoke for each expired lease), renewals answered
// by the leader alone. Time is the member's virtual clock (ticks × tick length); no wall clock here.
import { LeaseQueue } from './leaseQueue';

/** Lease TTLs above this are refused (etcd's MaxLeaseTTL, seconds). */
export const MAX_LEASE_TTL_SEC = 9_000_000_000;

export class LeaseError extends Error {
  override name = 'LeaseError';
  constructor(
    readonly code: 'NotFound' | 'FailedPrecondition' | 'OutOfRange',
    message: string,
  ) {
    super(message);
  }
}

export const ErrLeaseNotFound = () => new LeaseError('NotFound', 'etcdserver: requested lease not found');
export const ErrLeaseExists = () => new LeaseError('FailedPrecondition', 'etcdserver: lease already exists');
export const ErrLeaseTTLTooLarge = () => new LeaseError('OutOfRange', 'etcdserver: too large lease TTL');

export interface Lease {
  id: bigint;
  /** Granted TTL, seconds (already raised to the minimum). */
  ttlSec: number;
  /** Virtual ms at which it expires; Infinity while this member is not the leader (etcd's "forever"). */
  expiryMs: number;
  /** Keys attached, as strings of their bytes (latin1) so a Set can hold them. */
  keys: Set<string>;
  /** Grant order, to break expiry ties as etcd's heap does (stable). */
  seq: number;
}

export interface LeaseInfo {
  id: bigint;
  ttlSec: number;
  remainingSec: number;
  keys: string[];
}

export class Lessor {
  private readonly leases = new Map<bigint, Lease>();
  private readonly queue = new LeaseQueue();
  private primary = false;
  private seq = 0;

  constructor(
    /** etcd: ceil(1.5 × election timeout) seconds, so a lease outlives one leader election. */
    readonly minTtlSec: number,
    private readonly nowMs: () => number,
  ) {}

  /** etcd's lessor.Recover: forget every lease; the caller re-grants them from the new backend. */
  reset(): void {
    for (const id of [...this.leases.keys()]) this.queue.remove(id);
    this.leases.clear();
  }

  isPrimary(): boolean {
    return this.primary;
  }

  has(id: bigint): boolean {
    return this.leases.has(id);
  }

  /** Applied from a committed LeaseGrant on every member. */
  grant(id: bigint, ttlSec: number): Lease {
    if (ttlSec > MAX_LEASE_TTL_SEC) throw ErrLeaseTTLTooLarge();
    if (this.leases.has(id)) throw ErrLeaseExists();
    const ttl = Math.max(ttlSec, this.minTtlSec);
    const lease: Lease = { id, ttlSec: ttl, expiryMs: Infinity, keys: new Set(), seq: this.seq++ };
    if (this.primary) lease.expiryMs = this.nowMs() + ttl * 1000;
    this.leases.set(id, lease);
    this.queue.push(lease);
    return lease;
  }

  /** Applied from a committed LeaseRevoke; returns the keys to delete (in one revision). */
  revoke(id: bigint): string[] {
    const lease = this.leases.get(id);
    if (!lease) throw ErrLeaseNotFound();
    this.leases.delete(id);
    this.queue.remove(id);
    return [...lease.keys].sort();
  }

  attach(id: bigint, key: string): void {
    this.leases.get(id)?.keys.add(key);
  }

  detach(id: bigint, key: string): void {
    this.leases.get(id)?.keys.delete(key);
  }

  /** KeepAlive on the leader: the lease lives a full TTL from now. Not replicated (etcd 3.4). */
  renew(id: bigint): number {
    const lease = this.leases.get(id);
    if (!lease) throw ErrLeaseNotFound();
    lease.expiryMs = this.nowMs() + lease.ttlSec * 1000;
    this.queue.update(lease);
    return lease.ttlSec;
  }

  /**
   * Became leader: every lease gets a full TTL from now. Without checkpoints (the 3.4 default) the
   * time already elapsed is forgotten — the "TTL reset on leader change" users observe.
   */
  promote(): void {
    this.primary = true;
    const now = this.nowMs();
    for (const l of this.leases.values()) {
      l.expiryMs = now + l.ttlSec * 1000;
      this.queue.update(l);
    }
  }

  /** Lost leadership: leases never expire on a follower. */
  demote(): void {
    this.primary = false;
    for (const l of this.leases.values()) {
      l.expiryMs = Infinity;
      this.queue.update(l);
    }
  }

  /** Leases past their expiry (leader only), soonest first; the leader proposes their revocation. */
  expired(limit = 16): bigint[] {
    if (!this.primary) return [];
    return this.queue.expiredIds(this.nowMs(), limit);
  }

  timeToLive(id: bigint): LeaseInfo | null {
    const l = this.leases.get(id);
    if (!l) return null;
    const remaining = l.expiryMs === Infinity ? l.ttlSec : Math.max(0, Math.floor((l.expiryMs - this.nowMs()) / 1000));
    return { id, ttlSec: l.ttlSec, remainingSec: remaining, keys: [...l.keys].sort() };
  }

  /** All leases, soonest expiry first (what `etcdctl lease list` prints). */
  list(): bigint[] {
    return this.queue.ordered().map((l) => l.id);
  }

  size(): number {
    return this.leases.size;
  }
}
