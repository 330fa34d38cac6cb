// Leases ordered by expiry (etcd's LeaseQueue is a heap). A sorted array is enough at the sizes a
// page holds, and keeps `ordered()` — needed by `lease list` — trivial; swap for a heap if it shows
// up in a profile.
import type { Lease } from './lessor';

export class LeaseQueue {
  private items: Lease[] = [];

  push(l: Lease): void {
    this.items.push(l);
    this.sort();
  }

  remove(id: bigint): void {
    this.items = this.items.filter((l) => l.id !== id);
  }

  update(_l: Lease): void {
    this.sort();
  }

  ordered(): readonly Lease[] {
    return this.items;
  }

  expiredIds(nowMs: number, limit: number): bigint[] {
    const out: bigint[] = [];
    for (const l of this.items) {
      if (l.expiryMs > nowMs || out.length >= limit) break;
      out.push(l.id);
    }
    return out;
  }

  private sort(): void {
    this.items.sort((a, b) => a.expiryMs - b.expiryMs || a.seq - b.seq);
  }
}
