// The fault model on a whole simulated cluster: a one-way cut and a slow disk cause the leader
// changes etcd 3.4 would have (CheckQuorum on, PreVote off), link latency slows the cluster
// down, and every crash point fires once and the member recovers with nothing lost.
import { describe, expect, test } from 'vitest';
import { SimCluster } from './simCluster';
import type { ClientResult } from '../etcd/etcdNode';
import type { HashKVResponse } from '../etcd/api';
import { CRASH_POINTS } from '../protocol/faults';
import { utf8 } from '../lib/bytes';

function elected(seed = 11, opts: ConstructorParameters<typeof SimCluster>[0] = {}) {
  const c = new SimCluster({ seed, ...opts });
  expect(c.runUntil(() => c.leader() !== undefined, 10_000)).toBe(true);
  c.runFor(500);
  const leader = c.leader()!;
  const [f1, f2] = c.alive().filter((id) => id !== leader) as [number, number];
  return { c, leader, f1, f2, term: c.inspect(leader)!.term };
}

const put = (c: SimCluster, k: string, v: string, target?: number): ClientResult =>
  c.requestSync({ op: 'put', req: { key: utf8(k), value: utf8(v), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } }, target);

describe('network faults on a cluster', () => {
  test('a one-way cut from both followers to the leader: CheckQuorum makes it step down; the followers elect a new leader', () => {
    const { c, leader, f1, f2, term } = elected();
    c.cutLink(f1, leader);
    c.cutLink(f2, leader);
    c.runFor(4000);
    // The old leader still reaches the followers, but hears nothing back: it steps down.
    expect(c.inspect(leader)!.role).not.toBe('leader');
    const now = c.leader();
    expect(now === f1 || now === f2).toBe(true);
    expect(c.inspect(now!)!.term).toBeGreaterThan(term);
    expect(c.log.some((l) => new RegExp(`n${leader} follower term`).test(l))).toBe(true);
  });

  test('a one-way cut leader → follower: the follower campaigns, its term climbs; with CheckQuorum the leader stays until the link heals', () => {
    const { c, leader, f1, term } = elected();
    c.cutLink(leader, f1);
    c.runFor(5000);
    expect(c.leader()).toBe(leader);
    expect(c.inspect(f1)!.term).toBeGreaterThan(term + 1);
    c.restoreLink(leader, f1);
    c.runFor(5000);
    // The follower's higher term deposes the leader once they talk again (PreVote off, as etcd 3.4's default).
    expect(c.inspect(c.leader()!)!.term).toBeGreaterThan(term + 1);
  });

  test('partition into groups: the majority side elects a leader, the minority cannot', () => {
    const { c, leader, f1, f2 } = elected(11, { members: 5 });
    const others = c.alive().filter((id) => id !== leader && id !== f1);
    c.partition([[leader, f1], others]);
    c.runFor(5000);
    const newLeader = c.leader()!;
    expect(others).toContain(newLeader);
    expect(c.inspect(leader)!.role).not.toBe('leader');
    expect(put(c, 'k', 'v', newLeader).ok).toBe(true);
    expect(f2).toBeDefined();
    expect(c.faults().groups).toEqual([[leader, f1].sort(), others.sort()]);
  });

  test('link latency: a put takes about a round trip to a quorum longer', () => {
    const { c, leader } = elected();
    let t0 = c.nowMs;
    expect(put(c, 'a', '1').ok).toBe(true);
    const fast = c.nowMs - t0;
    for (const id of c.alive()) if (id !== leader) c.setLink(leader, id, { latencyMs: 200, jitterMs: 0 }, true);
    t0 = c.nowMs;
    expect(put(c, 'b', '2').ok).toBe(true);
    const slow = c.nowMs - t0;
    expect(slow - fast).toBeGreaterThanOrEqual(390);
    expect(c.faults().links).toHaveLength(4);
  });

  test('a lossy link drops messages, deterministically per seed', () => {
    const run = () => {
      const { c, leader, f1 } = elected(5);
      c.setLink(leader, f1, { lossPct: 50 }, true);
      for (let i = 0; i < 10; i++) put(c, `k${i}`, 'v');
      return { dropped: c.counters.messagesDropped, hash: c.hash() };
    };
    const a = run();
    expect(a.dropped).toBeGreaterThan(0);
    expect(run()).toEqual(a);
  });
});

describe('disk faults on a cluster', () => {
  test('a slow fsync on the leader (> election timeout) blocks its heartbeats while it writes: a new leader is elected', () => {
    const { c, leader, term } = elected();
    c.setDiskLatency(leader, 3000);
    let done: ClientResult | undefined;
    c.request({ op: 'put', req: { key: utf8('k'), value: utf8('v'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } }, (r) => (done = r), leader);
    c.runFor(2500);
    const now = c.leader();
    expect(now).toBeDefined();
    expect(now).not.toBe(leader);
    expect(c.inspect(now!)!.term).toBeGreaterThan(term);
    c.runFor(3000);
    expect(done).toBeDefined();
    // The fsync latency the metrics measured on the slow member.
    const m = c.inspectDetail(leader, 'metrics')!;
    expect(m.walFsync.maxMs).toBeGreaterThanOrEqual(3000);
  });

  test('a slow fsync on one follower: no leader change, writes still commit through the other follower', () => {
    const { c, leader, f1 } = elected();
    c.setDiskLatency(f1, 3000);
    for (let i = 0; i < 5; i++) expect(put(c, `k${i}`, 'v').ok).toBe(true);
    expect(c.leader()).toBe(leader);
    expect(c.inspect(f1)!.appliedIndex).toBeLessThan(c.inspect(leader)!.appliedIndex);
    c.runFor(12_000);
    expect(c.inspect(f1)!.appliedIndex).toBe(c.inspect(leader)!.appliedIndex);
  });
});

describe('crash points', () => {
  const hashes = (c: SimCluster) =>
    c.alive().map((id) => {
      const r = c.requestSync({ op: 'hashKV', revision: 0 }, id);
      expect(r.ok).toBe(true);
      return (r as { resp: HashKVResponse }).resp.hash;
    });

  for (const point of ['wal-before-fsync', 'wal-after-fsync', 'apply-before-commit'] as const) {
    test(`${point} on a follower fires once; after restart the member catches up and every hashkv agrees`, () => {
      const { c, f1 } = elected();
      put(c, 'before', '1');
      c.armCrashPoint(f1, point);
      for (let i = 0; i < 5; i++) expect(put(c, `k${i}`, `v${i}`).ok).toBe(true);
      c.runFor(500);
      expect(c.log.some((l) => l.includes(`n${f1} crash point ${point}`))).toBe(true);
      expect(c.inspect(f1)).toBeUndefined();
      expect(c.faults().disks).toEqual([]);
      c.restart(f1);
      c.runFor(3000);
      const s = c.inspect(f1)!;
      expect(s.appliedIndex).toBe(c.inspect(c.leader()!)!.appliedIndex);
      expect(s.keys).toBe(6);
      const h = hashes(c);
      expect(new Set(h).size).toBe(1);
    });
  }

  test('apply-before-commit on the leader: the client was answered, the db file lost the batch, the restart re-applies it from the WAL', () => {
    const { c, leader } = elected();
    c.armCrashPoint(leader, 'apply-before-commit');
    const r = put(c, 'acked', 'yes', leader);
    // etcd answers after apply, before the backend's batch commit (every 100 ms): the crash comes after the answer.
    expect(r.ok).toBe(true);
    c.runFor(300);
    expect(c.inspect(leader)).toBeUndefined();
    const dbBehind = c.members.get(leader)!.disk.pageBatches;
    c.restart(leader);
    c.runFor(3000);
    expect(c.inspect(leader)!.keys).toBe(1);
    expect(dbBehind).toBeGreaterThanOrEqual(0);
    expect(new Set(hashes(c)).size).toBe(1);
  });

  test('every crash point has a name the API accepts; an unknown one is refused', () => {
    const { c, f1 } = elected();
    for (const p of CRASH_POINTS) c.armCrashPoint(f1, p);
    expect(() => c.armCrashPoint(f1, 'nope' as never)).toThrow(/unknown crash point/);
    expect(c.faults().disks).toEqual([{ member: f1, fsyncMs: 0, crashPoint: 'snapshot-before-db-swap' }]);
  });

  for (const point of ['snapshot-before-save', 'snapshot-before-db-swap'] as const) {
    test(`${point}: a follower dies while installing the leader's snapshot, then restarts and recovers`, () => {
      const { c, f1 } = elected(11, { snapshotCount: 20, snapshotCatchUpEntries: 5 });
      c.kill(f1);
      for (let i = 0; i < 40; i++) expect(put(c, `k${i}`, `v${i}`).ok).toBe(true);
      c.armCrashPoint(f1, point);
      c.restart(f1);
      c.runFor(6000);
      expect(c.log.some((l) => l.includes(`n${f1} crash point ${point}`))).toBe(true);
      c.restart(f1);
      c.runFor(8000);
      const s = c.inspect(f1)!;
      expect(s.keys).toBe(40);
      expect(new Set(hashes(c)).size).toBe(1);
    });
  }
});
