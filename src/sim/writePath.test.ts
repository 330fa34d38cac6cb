// The write path of one put, followed across the cluster on virtual time: every step is reported,
// in order, with the time each took (network latency and fsync latency come from the sim's options).
import { describe, expect, test } from 'vitest';
import { SimCluster } from './simCluster';
import { utf8 } from '../lib/bytes';
import type { PutResponse } from '../etcd/api';

const putReq = (k: string, v: string) => ({ op: 'put' as const, req: { key: utf8(k), value: utf8(v), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });

describe('write path', () => {
  test('a put shows propose → WAL append → fsync → replicate to each follower → commit → apply → backend commit', () => {
    const c = new SimCluster({ seed: 71, members: 3, netLatencyMs: 5, netJitterMs: 0, fsyncMs: 2, fsyncJitterMs: 0 });
    c.runUntil(() => c.leader() !== undefined, 10_000);
    c.runFor(300);
    const r = c.requestSync(putReq('foo', 'bar'));
    expect(r.ok).toBe(true);
    const revision = (r as { resp: PutResponse }).resp.header.revision;
    c.runFor(300); // the backend commits once per tick (100 ms)
    const leader = c.leader()!;
    const t = c.writeTraces.list().find((x) => x.summary.startsWith('put foo'))!;
    expect(t).toBeDefined();
    expect(t.leader).toBe(leader);
    const on = (member: number) => t.steps.filter((s) => s.member === member).map((s) => (s.peer ? `${s.step}:${s.peer}` : s.step));
    const followers = c.alive().filter((id) => id !== leader);
    // The leader: its own path, in order; a follower's match covers the entry before the commit.
    const leaderSteps = on(leader);
    expect(leaderSteps.filter((s) => !s.startsWith('replicate'))).toEqual(['propose', 'wal-append', 'wal-fsync', 'commit', 'apply', 'backend-commit']);
    expect(leaderSteps.filter((s) => s.startsWith('replicate')).sort()).toEqual(followers.map((f) => `replicate:${f}`).sort());
    expect(leaderSteps.indexOf('commit')).toBeGreaterThan(Math.min(...followers.map((f) => leaderSteps.indexOf(`replicate:${f}`))));
    // Each follower appends, syncs, learns the commit and applies it too.
    for (const f of followers) expect(on(f)).toEqual(['wal-append', 'wal-fsync', 'commit', 'apply', 'backend-commit']);
    // The revision the entry made is the put's.
    expect(t.steps.find((s) => s.step === 'apply' && s.member === leader)!.revision).toBe(revision);
    // Times: fsync takes the disk's 2 ms; replication is at least a round trip (2 × 5 ms) plus the follower's fsync.
    const at = (step: string, member = leader) => t.steps.find((s) => s.step === step && s.member === member)!.atMs;
    expect(at('wal-fsync') - at('wal-append')).toBeCloseTo(2, 3);
    const rep = t.steps.find((s) => s.step === 'replicate')!.atMs;
    expect(rep - at('propose')).toBeGreaterThanOrEqual(12);
    for (let i = 1; i < t.steps.length; i++) expect(t.steps[i]!.atMs).toBeGreaterThanOrEqual(t.steps[i - 1]!.atMs);
  });

  test('a member reports its metrics: proposals, fsync latency windows, memory by component', () => {
    const c = new SimCluster({ seed: 72, members: 3, fsyncMs: 3, fsyncJitterMs: 0 });
    c.runUntil(() => c.leader() !== undefined, 10_000);
    for (let i = 0; i < 20; i++) expect(c.requestSync(putReq(`k${i % 5}`, `v${i}`)).ok).toBe(true);
    c.runFor(300);
    const m = c.members.get(c.leader()!)!.driver!.metrics();
    expect(m.proposalsCommitted).toBeGreaterThanOrEqual(20);
    expect(m.proposalsApplied).toBe(m.proposalsCommitted);
    expect(m.proposalsPending).toBe(0);
    expect(m.walFsync.count).toBeGreaterThan(0);
    expect(m.walFsync.p50Ms).toBeCloseTo(3, 3);
    expect(m.backendCommit.count).toBeGreaterThan(0);
    expect(m.memory.treeIndexKeys).toBe(5);
    expect(m.memory.treeIndexRevisions).toBe(20);
    expect(m.memory.raftLogEntries).toBeGreaterThanOrEqual(20);
    expect(m.memory.raftLogBytes).toBeGreaterThan(20 * 64);
  });
});
