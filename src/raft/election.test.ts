import { describe, expect, it } from 'vitest';
import { TestNetwork } from './testing/network';
import { MessageType, StateType } from './types';
import { newMessage } from './messages';
import { ErrStepLocalMsg } from './errors';

describe('election', () => {
  it('a 3-node cluster elects exactly one leader after an election timeout', () => {
    const net = TestNetwork.withVoters(3);
    net.tickElection(1);
    net.stabilize();
    expect(net.leader()).toBe(1);
    const states = net.ids().map((id) => net.node(id).rn.inspect());
    expect(states.map((s) => s.state)).toEqual([StateType.Leader, StateType.Follower, StateType.Follower]);
    // Bootstrap entries are at term 1, so the first election is for term 2 (as in etcd).
    expect(states.map((s) => s.term)).toEqual([2, 2, 2]);
    expect(states.map((s) => s.lead)).toEqual([1, 1, 1]);
    expect(states.map((s) => s.vote)).toEqual([1, 1, 1]);
  });

  it('the randomized election timeout lies in [electionTick, 2*electionTick)', () => {
    const net = TestNetwork.withVoters(5, { electionTick: 10, seed: 7 });
    const seen = new Set<number>();
    for (let round = 0; round < 20; round++) {
      for (const id of net.ids()) {
        const t = net.node(id).rn.inspect().randomizedElectionTimeout;
        expect(t).toBeGreaterThanOrEqual(10);
        expect(t).toBeLessThan(20);
        seen.add(t);
      }
      net.tickElection(1);
      net.stabilize();
    }
    // It is really randomized (different nodes and rounds differ).
    expect(seen.size).toBeGreaterThan(3);
  });

  it('a single-voter cluster elects itself without any messages', () => {
    const net = TestNetwork.withVoters(1);
    net.campaign(1);
    const rd = net.processReady(1)!;
    expect(rd.messages).toEqual([]);
    expect(net.node(1).rn.inspect()).toMatchObject({ state: StateType.Leader, term: 2, commit: 2 });
  });

  it('grants one vote per term: a second candidate in the same term is rejected', () => {
    const net = TestNetwork.withVoters(3);
    const n3 = net.node(3).rn;
    n3.step(newMessage({ type: MessageType.MsgVote, from: 1, to: 3, term: 2, index: 3, logTerm: 1 }));
    n3.step(newMessage({ type: MessageType.MsgVote, from: 2, to: 3, term: 2, index: 3, logTerm: 1 }));
    const rd = n3.ready();
    expect(rd.hardState).toMatchObject({ term: 2, vote: 1 });
    expect(rd.mustSync).toBe(true);
    expect(rd.messages.map((m) => [m.to, m.type, m.reject])).toEqual([
      [1, MessageType.MsgVoteResp, false],
      [2, MessageType.MsgVoteResp, true],
    ]);
  });

  it('a repeated vote request from the same candidate is granted again', () => {
    const net = TestNetwork.withVoters(3);
    const n3 = net.node(3).rn;
    n3.step(newMessage({ type: MessageType.MsgVote, from: 1, to: 3, term: 2, index: 3, logTerm: 1 }));
    n3.step(newMessage({ type: MessageType.MsgVote, from: 1, to: 3, term: 2, index: 3, logTerm: 1 }));
    expect(n3.ready().messages.map((m) => m.reject)).toEqual([false, false]);
  });

  it('rejects a candidate whose log is less up to date (§5.4.1)', () => {
    const net = TestNetwork.withVoters(3);
    net.tickElection(1);
    net.stabilize();
    net.propose(1, new Uint8Array([1]));
    net.stabilize();
    // n3 has entries up to 5 at term 2; a candidate at term 5 with an empty log must not win its vote.
    const n3 = net.node(3).rn;
    n3.step(newMessage({ type: MessageType.MsgVote, from: 2, to: 3, term: 5, index: 0, logTerm: 0 }));
    const rd = n3.ready();
    expect(n3.inspect().term).toBe(5);
    expect(rd.messages.map((m) => [m.type, m.reject])).toEqual([[MessageType.MsgVoteResp, true]]);
    expect(n3.inspect().vote).toBe(0);
  });

  it('a split vote is resolved by a later timeout at a higher term', () => {
    const net = TestNetwork.withVoters(3);
    // 1 and 2 campaign at once, each voting for itself.
    net.campaign(1);
    net.campaign(2);
    net.processReady(1);
    net.processReady(2);
    // Drop the requests to 3 so nobody reaches a quorum in term 2.
    net.inbox.set(3, []);
    net.stabilize();
    expect(net.leader()).toBe(0);
    net.tickElection(2);
    net.stabilize();
    expect(net.leader()).toBe(2);
    expect(net.node(2).rn.inspect().term).toBe(3);
  });

  it('a leader steps down when it sees a higher term', () => {
    const net = TestNetwork.withVoters(3);
    net.tickElection(1);
    net.stabilize();
    net.node(1).rn.step(newMessage({ type: MessageType.MsgHeartbeat, from: 2, to: 1, term: 3 }));
    expect(net.node(1).rn.inspect()).toMatchObject({ state: StateType.Follower, term: 3, lead: 2 });
  });

  it('messages from an older term are ignored', () => {
    const net = TestNetwork.withVoters(3);
    net.tickElection(1);
    net.stabilize();
    net.tickElection(2);
    net.stabilize();
    expect(net.leader()).toBe(2);
    const n3 = net.node(3).rn;
    n3.step(newMessage({ type: MessageType.MsgApp, from: 1, to: 3, term: 2, index: 9, logTerm: 2 }));
    expect(n3.ready().messages).toEqual([]);
    expect(n3.inspect().lead).toBe(2);
  });

  it('RawNode.step rejects local message types', () => {
    const net = TestNetwork.withVoters(1);
    expect(() => net.node(1).rn.step(newMessage({ type: MessageType.MsgHup }))).toThrow(ErrStepLocalMsg);
    expect(() => net.node(1).rn.step(newMessage({ type: MessageType.MsgBeat }))).toThrow(ErrStepLocalMsg);
  });
});
