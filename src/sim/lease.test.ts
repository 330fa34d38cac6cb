// Leases as etcd 3.4 runs them: granted through raft, renewed by the leader, expired by the leader
// (its revocation deletes every attached key in one revision), and reset to a full TTL when a new
// leader takes over.
import { describe, expect, test } from 'vitest';
import { SimCluster } from './simCluster';
import { utf8 } from '../lib/bytes';
import type { ClientResult } from '../etcd/etcdNode';
import { emptyRangeRequest, type RangeResponse } from '../etcd/api';

const ok = <T>(r: ClientResult): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.resp as T;
};

function cluster(seed: number) {
  const c = new SimCluster({ seed });
  c.runUntil(() => c.leader() !== undefined, 10_000);
  return c;
}

const put = (c: SimCluster, k: string, lease: bigint) =>
  c.requestSync({ op: 'put', req: { key: utf8(k), value: utf8('v'), lease, prevKv: false, ignoreValue: false, ignoreLease: false } });

describe('leases', () => {
  test('grant raises the TTL to the minimum; put with an unknown lease is refused', () => {
    const c = cluster(51);
    const g = ok<{ ID: bigint; TTL: number }>(c.requestSync({ op: 'leaseGrant', req: { TTL: 1, ID: 0n } }));
    expect(g.TTL).toBe(2); // ceil(1.5 × 1 s election timeout)
    expect(g.ID).toBeGreaterThan(0n);
    const bad = put(c, 'x', 12345n);
    expect(bad.ok ? '' : bad.error.message).toBe('etcdserver: requested lease not found');
    const big = c.requestSync({ op: 'leaseGrant', req: { TTL: 9_000_000_001, ID: 0n } });
    expect(big.ok ? '' : big.error.message).toBe('etcdserver: too large lease TTL');
  });

  test('keys attached to an expired lease are deleted together, in one revision', () => {
    const c = cluster(52);
    const { ID } = ok<{ ID: bigint }>(c.requestSync({ op: 'leaseGrant', req: { TTL: 5, ID: 0n } }));
    expect(put(c, 'a', ID).ok && put(c, 'b', ID).ok && put(c, 'keep', 0n).ok).toBe(true);
    const ttl = ok<{ TTL: number; grantedTTL: number; keys: Uint8Array[] }>(c.requestSync({ op: 'leaseTimeToLive', id: ID, keys: true }));
    expect(ttl.grantedTTL).toBe(5);
    expect(ttl.keys.map((k) => String.fromCharCode(...k))).toEqual(['a', 'b']);
    const revBefore = c.inspect(c.leader()!)!.revision;
    c.runFor(6000);
    const all = ok<RangeResponse>(c.requestSync({ op: 'range', req: { ...emptyRangeRequest(new Uint8Array([0])), rangeEnd: new Uint8Array([0]) } }));
    expect(all.kvs.map((kv) => String.fromCharCode(...kv.key))).toEqual(['keep']);
    expect(all.header.revision).toBe(revBefore + 1);
    const gone = ok<{ TTL: number }>(c.requestSync({ op: 'leaseTimeToLive', id: ID, keys: false }));
    expect(gone.TTL).toBe(-1);
    // Every member applied the same deletion.
    c.runFor(500);
    expect(new Set(c.alive().map((id) => c.inspect(id)!.revision)).size).toBe(1);
  });

  test('keep-alive renews the lease on the leader; lease list is ordered by expiry', () => {
    const c = cluster(53);
    const a = ok<{ ID: bigint }>(c.requestSync({ op: 'leaseGrant', req: { TTL: 4, ID: 0n } })).ID;
    const b = ok<{ ID: bigint }>(c.requestSync({ op: 'leaseGrant', req: { TTL: 10, ID: 0n } })).ID;
    for (let i = 0; i < 4; i++) {
      c.runFor(2000);
      expect(ok<{ TTL: number }>(c.requestSync({ op: 'leaseKeepAlive', id: a })).TTL).toBe(4);
    }
    // 8 s passed: without the keep-alives lease a would be gone; b (10 s) now expires first.
    const list = ok<{ leases: { ID: bigint }[] }>(c.requestSync({ op: 'leaseLeases' }));
    expect(list.leases.map((l) => l.ID)).toEqual([b, a]);
    const unknown = c.requestSync({ op: 'leaseKeepAlive', id: 77n });
    expect(unknown.ok ? '' : unknown.error.message).toBe('etcdserver: requested lease not found');
  });

  test('a leader change resets every lease to its full TTL (no checkpoints, as etcd 3.4)', () => {
    const c = cluster(54);
    const { ID } = ok<{ ID: bigint }>(c.requestSync({ op: 'leaseGrant', req: { TTL: 60, ID: 0n } }));
    c.runFor(20_000);
    const before = ok<{ TTL: number }>(c.requestSync({ op: 'leaseTimeToLive', id: ID, keys: false })).TTL;
    expect(before).toBeLessThanOrEqual(40);
    const old = c.leader()!;
    c.kill(old);
    expect(c.runUntil(() => c.leader() !== undefined && c.leader() !== old, 10_000)).toBe(true);
    const after = ok<{ TTL: number }>(c.requestSync({ op: 'leaseTimeToLive', id: ID, keys: false })).TTL;
    expect(after).toBeGreaterThanOrEqual(57);
  });
});
