// Raft snapshots end to end on the simulator (virtual time): a leader that compacted its log past
// a dead follower's match index sends MsgSnap with its db; the follower installs it, converges, and
// later restarts from its own snapshot + WAL. Crashes at each step of an install lose nothing.
import { describe, expect, test } from 'vitest';
import { SimCluster } from './simCluster';
import { runStandardWorkload } from './workload';
import { utf8, fromUtf8 } from '../lib/bytes';
import { emptyRangeRequest, type RangeResponse } from '../etcd/api';
import { Backend } from '../backend';
import type { NodeId } from '../raft/types';
import { EtcdNode } from '../etcd/etcdNode';

const N_WRITES = 200;
const put = (i: number) => ({
  op: 'put' as const,
  req: { key: utf8(`k${String(i).padStart(3, '0')}`), value: utf8(`v${i}`), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false },
});

function newCluster(seed: number): SimCluster {
  const c = new SimCluster({ seed, snapshotCount: 20, snapshotCatchUpEntries: 5 });
  expect(c.runUntil(() => c.leader() !== undefined, 10_000)).toBe(true);
  return c;
}

/** Kills a follower and writes past the leader's compaction; returns the follower and the leader. */
function leaveFollowerBehind(c: SimCluster): { victim: NodeId; leader: NodeId; matchBefore: number } {
  const leader = c.leader()!;
  const victim = c.alive().find((id) => id !== leader)!;
  const matchBefore = c.inspect(victim)!.lastIndex;
  c.kill(victim);
  for (let i = 0; i < N_WRITES; i++) expect(c.requestSync(put(i), leader).ok).toBe(true);
  c.runFor(500);
  const l = c.inspect(leader)!;
  // The entries the follower needs next are gone from the leader's log.
  expect(l.snapshotIndex).toBeGreaterThan(matchBefore);
  expect(l.firstIndex).toBeGreaterThan(matchBefore + 1);
  return { victim, leader, matchBefore };
}

function hashKV(c: SimCluster, id: NodeId): { hash: number; revision: number } {
  const r = c.requestSync({ op: 'hashKV', revision: 0 }, id);
  if (!r.ok) throw new Error(`hashKV on ${id}: ${r.error.message}`);
  const resp = r.resp as { hash: number; header: { revision: number } };
  return { hash: resp.hash, revision: resp.header.revision };
}

/** Every write present exactly once: its value, version 1, and the revision counts each write once. */
function expectAllWrites(c: SimCluster, id: NodeId): void {
  const all = new Uint8Array([0]);
  const r = c.requestSync({ op: 'range', req: { ...emptyRangeRequest(all), rangeEnd: all, serializable: true } }, id);
  expect(r.ok).toBe(true);
  const resp = (r as { resp: RangeResponse }).resp;
  expect(resp.kvs.length).toBe(N_WRITES);
  for (let i = 0; i < N_WRITES; i++) {
    const kv = resp.kvs[i]!;
    expect(fromUtf8(kv.key)).toBe(`k${String(i).padStart(3, '0')}`);
    expect(fromUtf8(kv.value)).toBe(`v${i}`);
    expect(kv.version).toBe(1);
  }
  expect(resp.header.revision).toBe(1 + N_WRITES);
}

function converge(c: SimCluster, victim: NodeId, leader: NodeId): void {
  const ok = c.runUntil(() => {
    const v = c.inspect(victim);
    const l = c.inspect(leader);
    return !!v && !!l && v.appliedIndex >= l.commitIndex && v.revision === l.revision;
  }, 30_000);
  expect(ok).toBe(true);
  expect(hashKV(c, victim)).toEqual(hashKV(c, leader));
  expectAllWrites(c, victim);
}

const pageStoreIndex = (c: SimCluster, id: NodeId): number => {
  const f = c.members.get(id)!.disk.dbFile();
  return f.length ? Backend.open(f).consistentIndex() : 0;
};

describe('raft snapshots (snapshot-count 20, catch-up 5)', () => {
  test('a follower behind the compacted log gets MsgSnap, converges, then restarts from its own snapshot + WAL', () => {
    const c = newCluster(5);
    const { victim, leader } = leaveFollowerBehind(c);
    expect(c.counters.snapshotsCreated).toBeGreaterThanOrEqual(2 * Math.floor(N_WRITES / 21));
    c.restart(victim);
    let sawSnapshotState = false;
    const installed = c.runUntil(() => {
      const p = c.inspect(leader)?.progress.find((x) => x.id === victim);
      if (p?.state === 'snapshot') sawSnapshotState = true;
      return (c.inspect(victim)?.snapshots?.installed ?? 0) > 0;
    }, 20_000);
    expect(installed).toBe(true);
    expect(sawSnapshotState).toBe(true);
    expect(c.counters.snapshotsSent).toBeGreaterThanOrEqual(1);
    converge(c, victim, leader);
    // The leader left the snapshot state and replicates normally again.
    c.runFor(1000);
    expect(c.inspect(leader)!.progress.find((x) => x.id === victim)!.state).toBe('replicate');

    // A second life: recovery from the member's own snapshot and the WAL after it, no MsgSnap.
    for (let i = 0; i < 30; i++) expect(c.requestSync({ ...put(i) }, leader).ok).toBe(true);
    c.runFor(1000);
    const sentBefore = c.counters.snapshotsSent;
    const snapIndex = c.inspect(victim)!.snapshotIndex!;
    expect(snapIndex).toBeGreaterThan(0);
    c.kill(victim);
    c.restart(victim);
    const after = c.inspect(victim)!;
    expect(after.snapshotIndex).toBe(snapIndex);
    expect(after.firstIndex).toBe(snapIndex + 1);
    expect(after.appliedIndex).toBeGreaterThanOrEqual(snapIndex);
    c.runFor(2000);
    expect(c.counters.snapshotsSent).toBe(sentBefore);
    expect(hashKV(c, victim)).toEqual(hashKV(c, leader));
  });

  test('the snapshot trace is deterministic', () => {
    const run = () => {
      const c = newCluster(9);
      const { victim } = leaveFollowerBehind(c);
      c.restart(victim);
      c.runFor(5000);
      return { hash: c.hash(), counters: { ...c.counters } };
    };
    expect(run()).toEqual(run());
  });
});

describe('crashes during a snapshot install lose and double nothing', () => {
  /** Restarts the behind follower, runs until `point` holds, kills it there, restarts and converges. */
  function crashAt(seed: number, point: (c: SimCluster, victim: NodeId) => boolean, check?: (c: SimCluster, victim: NodeId) => void) {
    const c = newCluster(seed);
    const { victim, leader } = leaveFollowerBehind(c);
    c.restart(victim);
    expect(c.runUntil(() => point(c, victim), 20_000)).toBe(true);
    check?.(c, victim);
    c.kill(victim);
    c.restart(victim);
    converge(c, victim, leader);
    // And once more from whatever it persisted since.
    c.kill(victim);
    c.restart(victim);
    converge(c, victim, leader);
    return c;
  }

  test('right after the snapshot (.snap + db + WAL record) is durable, before the page store holds the db', () => {
    crashAt(
      11,
      (c, v) => c.members.get(v)!.disk.snapshots.some((s) => s.db),
      (c, v) => {
        const snap = c.members.get(v)!.disk.snapshots.find((s) => s.db)!;
        // The crash point matters: the page store is still the old file, only the saved db has the state.
        expect(pageStoreIndex(c, v)).toBeLessThan(snap.index);
      },
    );
  });

  test('while the snapshot write is in flight (it is lost; the leader sends it again)', () => {
    let saves = -1;
    const c = crashAt(12, (c, v) => {
      const d = c.members.get(v)!.disk;
      if (saves < 0) saves = d.snapshotSaves;
      return d.snapshotSaves > saves && d.snapshots.length === 0;
    });
    expect(c.counters.snapshotsSent).toBeGreaterThanOrEqual(2);
  });

  test('after the page store was rewritten with the db', () => {
    crashAt(13, (c, v) => {
      const s = c.members.get(v)!.disk.snapshots.find((x) => x.db);
      return !!s && pageStoreIndex(c, v) >= s.index;
    });
  });

  test('a leader crashed right after persisting its own snapshot loses no acknowledged write', () => {
    const c = newCluster(14);
    const leader = c.leader()!;
    const d = c.members.get(leader)!.disk;
    let i = 0;
    // Write until the leader's snapshot save is in flight, then until it is durable, and crash there.
    while (d.snapshotSaves === 0) expect(c.requestSync(put(i++), leader).ok).toBe(true);
    expect(c.runUntil(() => d.snapshots.length > 0, 5000)).toBe(true);
    c.kill(leader);
    expect(c.runUntil(() => c.leader() !== undefined, 10_000)).toBe(true);
    const newLeader = c.leader()!;
    for (; i < N_WRITES; i++) expect(c.requestSync(put(i), newLeader).ok).toBe(true);
    c.restart(leader);
    // The old leader restarts from its snapshot and WAL (it was only briefly behind: entries, not MsgSnap).
    expect(c.inspect(leader)!.snapshotIndex).toBeGreaterThan(0);
    converge(c, leader, newLeader);
  });
});

describe('recovery picks a usable snapshot', () => {
  test('a snapshot whose state is in neither the page store nor a saved db is passed over; the WAL replays from the start', () => {
    const c = newCluster(15);
    const leader = c.leader()!;
    for (let i = 0; i < N_WRITES; i++) expect(c.requestSync(put(i), leader).ok).toBe(true);
    c.runFor(1000);
    const m = c.members.get(leader)!;
    expect(m.disk.snapshots.length).toBeGreaterThan(0);
    expect(m.disk.snapshots.every((s) => !s.db)).toBe(true);
    // An empty page store: the snapshots made here cannot be used (their db state is gone) ...
    const fallback = EtcdNode.restart(m.cfg, m.disk.durable, new Uint8Array(0), m.disk.snapshots);
    expect(fallback.snapshotIndex).toBe(0);
    // ... while with the real page store the newest one is.
    const normal = EtcdNode.restart(m.cfg, m.disk.durable, m.disk.dbFile(), m.disk.snapshots);
    expect(normal.snapshotIndex).toBe(Math.max(...m.disk.snapshots.map((s) => s.index)));
    expect(normal.node.inspect().firstIndex).toBe(normal.snapshotIndex + 1);
    // A damaged newest .snap is skipped for the next older one (etcd renames it .broken).
    const newest = m.disk.snapshots[m.disk.snapshots.length - 1]!;
    const broken = [...m.disk.snapshots.slice(0, -1), { ...newest, snapFile: newest.snapFile.slice(0, 5) }];
    const older = EtcdNode.restart(m.cfg, m.disk.durable, m.disk.dbFile(), broken);
    expect(older.snapshotIndex).toBe(m.disk.snapshots[m.disk.snapshots.length - 2]!.index);
  });
});

describe('the standard workload (leader crash, partition, restart) with snapshots every 10 entries', () => {
  test.each([1, 2, 3, 4, 5, 6])('seed %i: members agree; snapshots made and MsgSnap installed', (seed) => {
    const r = runStandardWorkload({ seed, snapshotCount: 10, snapshotCatchUpEntries: 3 });
    expect(r.divergent).toEqual([]);
    expect(r.counters.snapshotsCreated).toBeGreaterThan(0);
    expect(r.counters.snapshotsInstalled).toBeGreaterThan(0);
    expect(r.finalRevision).toBeGreaterThanOrEqual(1 + r.writesOk);
    expect(r.finalRevision).toBeLessThanOrEqual(1 + r.writesOk + r.writesFailed);
  });
});
