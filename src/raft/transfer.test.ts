import { describe, expect, it } from 'vitest';
import { TestNetwork } from './testing/network';
import { MessageType, StateType } from './types';
import { ErrProposalDropped } from './errors';
import { utf8 } from '../lib/bytes';

function elected(opts: { checkQuorum?: boolean; preVote?: boolean } = {}): TestNetwork {
  const net = TestNetwork.withVoters(3, opts);
  net.tickElection(1);
  net.stabilize();
  return net;
}

describe('leader transfer', () => {
  it('an up-to-date target gets MsgTimeoutNow at once and wins the next term', () => {
    const net = elected();
    net.node(1).rn.transferLeader(2);
    const rd = net.processReady(1)!;
    expect(rd.messages.map((m) => [m.to, m.type])).toEqual([[2, MessageType.MsgTimeoutNow]]);
    net.stabilize();
    expect(net.leader()).toBe(2);
    expect(net.node(1).rn.inspect()).toMatchObject({ state: StateType.Follower, term: 3, lead: 2 });
  });

  it('a lagging target is caught up first', () => {
    const net = elected();
    net.partition([1, 2], [3]);
    net.propose(1, utf8('x'));
    net.stabilize();
    net.heal();
    net.node(1).rn.transferLeader(3);
    expect(net.node(1).rn.inspect().leadTransferee).toBe(3);
    const rd = net.processReady(1)!;
    expect(rd.messages.map((m) => m.type)).toEqual([MessageType.MsgApp]);
    net.stabilize();
    expect(net.leader()).toBe(3);
    expect(net.node(3).rn.inspect().lastIndex).toBe(6);
  });

  it('proposals are dropped while a transfer is in progress', () => {
    const net = elected();
    net.partition([1, 2], [3]);
    net.node(1).rn.transferLeader(3);
    expect(() => net.propose(1, utf8('x'))).toThrow(ErrProposalDropped);
  });

  it('a transfer that does not finish within an election timeout is aborted', () => {
    const net = elected();
    net.partition([1, 2], [3]);
    net.propose(1, utf8('x'));
    net.stabilize();
    net.node(1).rn.transferLeader(3);
    net.tickElection(1);
    expect(net.node(1).rn.inspect()).toMatchObject({ state: StateType.Leader, leadTransferee: 0 });
    net.propose(1, utf8('y'));
  });

  it('the forced campaign wins despite the voters\' leader lease (CheckQuorum)', () => {
    const net = elected({ checkQuorum: true, preVote: true });
    net.node(1).rn.transferLeader(3);
    net.stabilize();
    expect(net.leader()).toBe(3);
    expect(net.node(3).rn.inspect().term).toBe(3);
  });

  it('a follower forwards the transfer request to the leader', () => {
    const net = elected();
    net.node(2).rn.transferLeader(2);
    net.stabilize();
    expect(net.leader()).toBe(2);
  });

  it('transferring to the leader itself is a no-op', () => {
    const net = elected();
    net.node(1).rn.transferLeader(1);
    expect(net.node(1).rn.inspect().leadTransferee).toBe(0);
  });
});

describe('forwarding', () => {
  it('a transfer request forwarded twice (stale leader hint) still reaches the leader', () => {
    const net = elected();
    // 3 forwards to 1 (term stamped); deliver it to 2 as if 2 had been 3's idea of the leader.
    net.node(3).rn.transferLeader(3);
    net.processReady(3);
    const fwd = net.inbox.get(1)!.splice(0)[0]!;
    expect(fwd.term).toBe(2);
    net.node(2).rn.step({ ...fwd, to: 2 });
    net.stabilize();
    expect(net.leader()).toBe(3);
  });
});
