// PreVote's effect, seeded: an isolated follower that rejoins does not disturb the leader when
// PreVote is on; with it off its inflated term forces a new election (etcd 3.4's default).
import { describe, expect, test } from 'vitest';
import { SimCluster } from './simCluster';

function isolateFollowerAndRejoin(preVote: boolean) {
  const c = new SimCluster({ seed: 41, preVote });
  c.runUntil(() => c.leader() !== undefined, 10_000);
  c.runFor(1000);
  const leader = c.leader()!;
  const leaderTerm = c.inspect(leader)!.term;
  const follower = c.alive().find((id) => id !== leader)!;
  const isolatedAtMs = c.nowMs;
  c.isolate(follower);
  c.runFor(5000); // several election timeouts alone
  const isolatedTerm = c.inspect(follower)!.term;
  const roleWhileIsolated = c.inspect(follower)!.role;
  c.heal();
  c.runFor(5000);
  const since = (re: RegExp) => c.log.filter((l) => re.test(l) && Number(l.split('ms')[0]) >= isolatedAtMs).length;
  const elections = since(/ candidate term /);
  const leadersElected = since(/ leader term /);
  return { c, elections, leadersElected, leader, leaderTerm, isolatedTerm, roleWhileIsolated, after: c.inspect(leader)!, newLeader: c.leader() };
}

describe('PreVote', () => {
  test('on: the isolated follower stays a pre-candidate at the old term; the leader keeps leading', () => {
    const r = isolateFollowerAndRejoin(true);
    expect(r.roleWhileIsolated).toBe('pre-candidate');
    expect(r.isolatedTerm).toBe(r.leaderTerm);
    expect(r.newLeader).toBe(r.leader);
    expect(r.after.term).toBe(r.leaderTerm);
    expect(r.elections).toBe(0);
    expect(r.leadersElected).toBe(0);
  });

  test('off: the isolated follower campaigns alone, its term climbs, and rejoining forces a new election', () => {
    const r = isolateFollowerAndRejoin(false);
    expect(r.roleWhileIsolated).toBe('candidate');
    expect(r.isolatedTerm).toBeGreaterThan(r.leaderTerm + 1);
    // The old leader was deposed: the cluster is now at a term above the one the follower reached.
    expect(r.after.term).toBeGreaterThanOrEqual(r.isolatedTerm);
    expect(r.newLeader).toBeDefined();
    expect(r.elections).toBeGreaterThanOrEqual(1);
    expect(r.leadersElected).toBeGreaterThanOrEqual(1);
  });
});
