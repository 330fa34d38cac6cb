// Membership through raft conf changes, as etcd does it: add a learner, start it, promote it once
// it is in sync, move the leader, remove a member (which then stops).
import { describe, expect, test } from 'vitest';
import { SimCluster } from './simCluster';
import { utf8 } from '../lib/bytes';
import type { MemberAddResponse, MemberListResponse, StatusResponse } from '../etcd/api';
import { memberIdHex, peerURL } from '../etcd/ids';

const put = (c: SimCluster, k: string) =>
  c.requestSync({ op: 'put', req: { key: utf8(k), value: utf8('v'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });

describe('membership', () => {
  test('add a learner, start it, promote it in sync, move the leader to it, remove the old leader', () => {
    const c = new SimCluster({ seed: 31 });
    c.runUntil(() => c.leader() !== undefined, 10_000);
    for (let i = 0; i < 20; i++) expect(put(c, `k${i}`).ok).toBe(true);
    // etcd's strict reconfig check: every voter must have been connected for 5 s first.
    const tooEarly = c.requestSync({ op: 'memberAdd', req: { peerURLs: [peerURL(4)], isLearner: true, name: 'n4' } });
    expect(tooEarly.ok ? '' : tooEarly.error.message).toBe('etcdserver: unhealthy cluster');
    c.runFor(6000);

    const add = c.requestSync({ op: 'memberAdd', req: { peerURLs: [peerURL(4)], isLearner: true, name: 'n4' } });
    expect(add.ok).toBe(true);
    const added = (add as { resp: MemberAddResponse }).resp.member;
    expect(added.isLearner).toBe(true);
    expect(added.ID).toMatch(/^[0-9a-f]{16}$/);
    // The same peer URLs within the same second give the same id (etcd's NewMember hashes the second in).
    const dup = c.requestSync({ op: 'memberAdd', req: { peerURLs: [peerURL(4)], isLearner: true } });
    expect(dup.ok ? '' : dup.error.message).toBe('etcdserver: member ID already exist');
    // Another URL set that includes a member's URL is refused for the URL.
    const clash = c.requestSync({ op: 'memberAdd', req: { peerURLs: [peerURL(9), peerURL(4)], isLearner: false } });
    expect(clash.ok ? '' : clash.error.message).toBe('etcdserver: Peer URLs already exists');

    // Promoting before the learner has caught up is refused with etcd's message.
    const early = c.requestSync({ op: 'memberPromote', id: added.ID });
    expect(early.ok ? '' : early.error.message).toBe('etcdserver: can only promote a learner member which is in sync with leader');

    c.startAddedMember(4);
    // In sync = the leader has heard the learner acknowledge its whole log (etcd's isLearnerReady).
    const inSync = () => {
      const l = c.inspect(c.leader()!)!;
      return l.progress.find((p) => p.id === 4)!.match >= l.commitIndex && c.inspect(4)!.appliedIndex === l.appliedIndex;
    };
    expect(c.runUntil(inSync, 10_000)).toBe(true);
    expect(c.inspect(4)!.revision).toBe(21);
    const leaderView = c.inspect(c.leader()!)!;
    expect(leaderView.progress.find((p) => p.id === 4)?.isLearner).toBe(true);

    const promote = c.requestSync({ op: 'memberPromote', id: added.ID });
    expect(promote.ok ? 'ok' : promote.error.message).toBe('ok');
    const list = c.requestSync({ op: 'memberList' });
    const members = (list as { resp: MemberListResponse }).resp.members;
    expect(members).toHaveLength(4);
    expect(members.every((m) => !m.isLearner)).toBe(true);

    // The new voter must itself have applied its promotion before it can campaign.
    const selfVoter = () => {
      const r = c.requestSync({ op: 'memberList' }, 4);
      return r.ok && (r.resp as MemberListResponse).members.every((m) => !m.isLearner);
    };
    expect(c.runUntil(selfVoter, 5000)).toBe(true);
    const oldLeader = c.leader()!;
    const oldTerm = c.inspect(oldLeader)!.term;
    const move = c.requestSync({ op: 'moveLeader', targetId: added.ID }, oldLeader);
    expect(move.ok ? 'ok' : move.error.message).toBe('ok');
    expect(c.runUntil(() => c.leader() === 4, 5000)).toBe(true);
    expect(c.inspect(4)!.term).toBeGreaterThan(oldTerm);

    // n4 has been up for less than 5 s: its links are too young to remove a voter (strict reconfig)
    const young = c.requestSync({ op: 'memberRemove', id: memberIdHex(31, oldLeader) });
    expect(young.ok ? '' : young.error.message).toBe('etcdserver: unhealthy cluster');
    c.runFor(6000);
    const remove = c.requestSync({ op: 'memberRemove', id: memberIdHex(31, oldLeader) });
    expect(remove.ok ? 'ok' : remove.error.message).toBe('ok');
    c.runFor(2000);
    expect(c.alive()).not.toContain(oldLeader);
    expect(put(c, 'after-remove').ok).toBe(true);
    const status = c.requestSync({ op: 'status' }, 4);
    expect((status as { resp: StatusResponse }).resp.leader).toBe(added.ID);
  });

  test('move-leader sent to a follower is refused', () => {
    const c = new SimCluster({ seed: 32 });
    c.runUntil(() => c.leader() !== undefined, 10_000);
    const follower = c.alive().find((id) => id !== c.leader())!;
    const r = c.requestSync({ op: 'moveLeader', targetId: memberIdHex(32, follower) }, follower);
    expect(r.ok ? '' : r.error.message).toBe('etcdserver: not leader');
  });
});
