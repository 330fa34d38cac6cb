import { describe, expect, it } from 'vitest';
import { TestNetwork } from './testing/network';
import { MemoryStorage } from './storage';
import { MessageType, StateType } from './types';
import type { Entry, HardState, Message } from './types';
import { newEntry, newMessage } from './messages';
import { ErrProposalDropped } from './errors';
import { fromUtf8, utf8 } from '../lib/bytes';

const ent = (index: number, term: number, data = ''): Entry => newEntry({ index, term, data: utf8(data) });
const logOf = (net: TestNetwork, id: number) => net.node(id).rn.raft.raftLog.allEntries().map((e) => `${e.index}@${e.term}`);
const appliedData = (net: TestNetwork, id: number) => net.node(id).applied.map((e) => fromUtf8(e.data));

function storageWith(ents: Entry[], hs: HardState, voters = [1, 2, 3]): MemoryStorage {
  const s = new MemoryStorage();
  s.append(ents);
  s.setHardState(hs);
  s.setConfState({ voters, learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false });
  return s;
}

function electedCluster(n = 3): TestNetwork {
  const net = TestNetwork.withVoters(n);
  net.tickElection(1);
  net.stabilize();
  return net;
}

describe('replication and commit', () => {
  it('the new leader appends an empty entry and commits it once replicated', () => {
    const net = electedCluster();
    for (const id of net.ids()) {
      // Three bootstrap conf changes at term 1, then the term-2 leader's empty entry.
      expect(logOf(net, id)).toEqual(['1@1', '2@1', '3@1', '4@2']);
      expect(net.node(id).rn.inspect().commit).toBe(4);
    }
  });

  it('proposals are replicated, committed by quorum and applied in order on every node', () => {
    const net = electedCluster();
    for (const s of ['a', 'b', 'c']) net.propose(1, utf8(s));
    net.stabilize();
    for (const id of net.ids()) {
      expect(appliedData(net, id)).toEqual(['a', 'b', 'c']);
      expect(net.node(id).rn.inspect()).toMatchObject({ commit: 7, applied: 7, lastIndex: 7 });
    }
  });

  it('a follower forwards proposals to the leader', () => {
    const net = electedCluster();
    net.propose(3, utf8('via-3'));
    net.stabilize();
    expect(appliedData(net, 1)).toEqual(['via-3']);
  });

  it('a proposal without a leader is dropped with ErrProposalDropped', () => {
    const net = TestNetwork.withVoters(3);
    expect(() => net.propose(1, utf8('x'))).toThrow(ErrProposalDropped);
  });

  it('commits with a majority while a minority is partitioned, and catches the minority up after heal', () => {
    const net = electedCluster(5);
    net.partition([1, 2, 3], [4, 5]);
    net.propose(1, utf8('x'));
    net.stabilize();
    expect(net.node(1).rn.inspect().commit).toBe(7);
    expect(net.node(4).rn.inspect().lastIndex).toBe(6);
    net.heal();
    net.tick(1, 1); // a heartbeat; the response shows 4 and 5 are behind
    net.stabilize();
    expect(appliedData(net, 4)).toEqual(['x']);
    expect(appliedData(net, 5)).toEqual(['x']);
  });

  it('a follower commit follows heartbeats, but only up to what it holds (min(match, commit))', () => {
    const net = electedCluster();
    net.partition([1, 2], [3]);
    net.propose(1, utf8('x'));
    net.stabilize();
    net.heal();
    // Only deliver heartbeats to 3, not appends.
    net.tick(1, 1);
    net.processReady(1);
    const hb = net.inbox.get(3)!.filter((m) => m.type === MessageType.MsgHeartbeat);
    expect(hb.map((m) => m.commit)).toEqual([4]);
    net.deliverMsgs(3);
    expect(net.node(3).rn.inspect().commit).toBe(4);
  });

  it('uses probe then replicate state and the Inflights window', () => {
    const net = TestNetwork.withVoters(3, { maxSizePerMsg: 0, maxInflightMsgs: 2 });
    net.tickElection(1);
    net.stabilize();
    const prs = () => net.node(1).rn.inspect().progress;
    expect(prs().map((p) => p.state)).toEqual(['replicate', 'replicate', 'replicate']);
    net.partition([1], [2, 3]);
    for (let i = 0; i < 5; i++) net.propose(1, utf8(`p${i}`));
    net.processReady(1);
    // One entry per message, at most two in flight.
    const p2 = prs().find((p) => p.id === 2)!;
    expect(p2.inflights).toBe(2);
    net.node(1).rn.reportUnreachable(2);
    expect(prs().find((p) => p.id === 2)!.state).toBe('probe');
  });
});

describe('conflicts', () => {
  it("a new leader overwrites a follower's uncommitted suffix from an old term", () => {
    // n3 was leader in term 2 and appended 2@2, 3@2 that never reached anyone.
    const net = new TestNetwork();
    net.addNode(1, {}, storageWith([ent(1, 1)], { term: 2, vote: 0, commit: 1 }));
    net.addNode(2, {}, storageWith([ent(1, 1)], { term: 2, vote: 0, commit: 1 }));
    net.addNode(3, {}, storageWith([ent(1, 1), ent(2, 2, 'lost-a'), ent(3, 2, 'lost-b')], { term: 2, vote: 3, commit: 1 }));
    net.partition([1, 2], [3]);
    net.campaign(1);
    net.stabilize();
    net.propose(1, utf8('kept'));
    net.stabilize();
    expect(logOf(net, 1)).toEqual(['1@1', '2@3', '3@3']);
    net.heal();
    net.tick(1, 1);
    net.stabilize();
    expect(logOf(net, 3)).toEqual(['1@1', '2@3', '3@3']);
    expect(appliedData(net, 3)).toEqual(['kept']);
    // The truncation reached storage, too.
    expect(net.node(3).storage.term(2)).toBe(3);
  });

  it('fast backtracking: one rejection skips a whole divergent term', () => {
    // Leader-to-be has 2..10 at term 3; n3 has 2..10 at term 2 (from a leader that lost them).
    const mk = (t: number) => [ent(1, 1), ...Array.from({ length: 9 }, (_, i) => ent(i + 2, t))];
    const net = new TestNetwork();
    net.addNode(1, {}, storageWith(mk(3), { term: 3, vote: 0, commit: 1 }));
    net.addNode(2, {}, storageWith(mk(3), { term: 3, vote: 0, commit: 1 }));
    net.addNode(3, {}, storageWith(mk(2), { term: 3, vote: 0, commit: 1 }));
    net.partition([1, 2], [3]);
    net.campaign(1);
    net.stabilize();
    net.heal();
    const rejects: Message[] = [];
    net.dropFilter = (m) => {
      if (m.type === MessageType.MsgAppResp && m.reject) rejects.push(m);
      return false;
    };
    net.tick(1, 1);
    net.stabilize();
    // n3 rejects the probe at 10@3 hinting (10, term 2); the leader's last index with term <= 2
    // is 1, so the next probe goes straight to index 1 instead of walking back one entry at a time.
    expect(rejects.map((m) => [m.index, m.rejectHint, m.logTerm])).toEqual([[10, 10, 2]]);
    expect(logOf(net, 3)).toEqual(logOf(net, 1));
    expect(net.node(3).rn.inspect().commit).toBe(11);
  });
});

describe('Figure 8: only current-term entries are committed by counting replicas', () => {
  it('an old-term entry on a majority stays uncommitted until a current-term entry is replicated', () => {
    // n1 holds 2@2 from a term it led; n2, n3 only have 1@1. n1 wins term 3.
    const net = new TestNetwork({ maxSizePerMsg: 0 });
    net.addNode(1, {}, storageWith([ent(1, 1), ent(2, 2, 'old')], { term: 2, vote: 1, commit: 1 }));
    net.addNode(2, {}, storageWith([ent(1, 1)], { term: 2, vote: 1, commit: 1 }));
    net.addNode(3, {}, storageWith([ent(1, 1)], { term: 2, vote: 1, commit: 1 }));
    net.campaign(1);
    net.processReady(1);
    net.deliverMsgs(2);
    net.processReady(2);
    net.deliverMsgs(1);
    expect(net.node(1).rn.inspect()).toMatchObject({ state: StateType.Leader, term: 3, lastIndex: 3 });
    // Leader's first append (prev 2@2) is rejected by n2, which lacks index 2.
    net.processReady(1);
    net.inbox.set(3, []);
    net.deliverMsgs(2);
    net.processReady(2);
    net.deliverMsgs(1);
    net.processReady(1);
    // Now n1 sends 2@2 alone (one entry per message). n2 acks it: 2@2 is on a majority (n1, n2).
    const app = net.inbox.get(2)!.find((m) => m.type === MessageType.MsgApp)!;
    expect(app.entries.map((e) => `${e.index}@${e.term}`)).toEqual(['2@2']);
    net.deliverMsgs(2);
    net.processReady(2);
    net.deliverMsgs(1);
    expect(net.node(1).rn.raft.prs.progress.get(2)!.match).toBe(2);
    expect(net.node(1).rn.inspect().commit).toBe(1);
    // Once the term-3 entry reaches n2, both 2@2 and 3@3 commit.
    net.processReady(1);
    net.deliverMsgs(2);
    net.processReady(2);
    net.deliverMsgs(1);
    expect(net.node(1).rn.inspect().commit).toBe(3);
  });

  it('the same rule directly: an ack for an old-term index does not commit it', () => {
    const net = new TestNetwork();
    net.addNode(1, {}, storageWith([ent(1, 1), ent(2, 2)], { term: 2, vote: 1, commit: 1 }));
    net.addNode(2, {}, storageWith([ent(1, 1)], { term: 2, vote: 1, commit: 1 }));
    net.addNode(3, {}, storageWith([ent(1, 1)], { term: 2, vote: 1, commit: 1 }));
    const r = net.node(1).rn;
    r.campaign();
    r.step(newMessage({ type: MessageType.MsgVoteResp, from: 2, to: 1, term: 3 }));
    expect(r.inspect().state).toBe(StateType.Leader);
    r.step(newMessage({ type: MessageType.MsgAppResp, from: 2, to: 1, term: 3, index: 2 }));
    expect(r.inspect().commit).toBe(1);
    r.step(newMessage({ type: MessageType.MsgAppResp, from: 3, to: 1, term: 3, index: 2 }));
    expect(r.inspect().commit).toBe(1);
    r.step(newMessage({ type: MessageType.MsgAppResp, from: 2, to: 1, term: 3, index: 3 }));
    expect(r.inspect().commit).toBe(3);
  });
});
