import { describe, expect, it } from 'vitest';
import { TestNetwork } from './testing/network';
import { MessageType, StateType } from './types';

function elected(opts: { checkQuorum?: boolean; preVote?: boolean } = {}): TestNetwork {
  const net = TestNetwork.withVoters(3, opts);
  net.tickElection(1);
  net.stabilize();
  return net;
}

describe('PreVote', () => {
  it('elections go through a pre-candidate phase that does not change the term', () => {
    const net = TestNetwork.withVoters(3, { preVote: true });
    net.campaign(1);
    expect(net.node(1).rn.inspect()).toMatchObject({ state: StateType.PreCandidate, term: 1, vote: 0 });
    const rd = net.processReady(1)!;
    expect(rd.messages.map((m) => [m.type, m.term])).toEqual([
      [MessageType.MsgPreVote, 2],
      [MessageType.MsgPreVote, 2],
    ]);
    net.stabilize();
    expect(net.leader()).toBe(1);
    expect(net.node(1).rn.inspect().term).toBe(2);
  });

  it('a partitioned node does not bump its term, and rejoins without disrupting the leader', () => {
    const net = elected({ preVote: true });
    net.partition([1, 2], [3]);
    // The majority makes progress while 3 is away, so 3's log falls behind.
    net.propose(1, new Uint8Array([1]));
    net.stabilize();
    for (let i = 0; i < 5; i++) {
      net.tickElection(3);
      net.stabilize();
    }
    expect(net.node(3).rn.inspect()).toMatchObject({ state: StateType.PreCandidate, term: 2 });
    net.heal();
    net.tickElection(3);
    net.stabilize();
    // 3's pre-vote (for term 3) is refused by both others for its stale log, so nobody's term
    // moves and the leader keeps leading.
    expect(net.node(1).rn.inspect()).toMatchObject({ state: StateType.Leader, term: 2 });
    net.tick(1, 1);
    net.stabilize();
    expect(net.node(3).rn.inspect()).toMatchObject({ state: StateType.Follower, term: 2, lead: 1 });
  });

  it('without PreVote the same partition forces a new election at a higher term', () => {
    const net = elected({ preVote: false });
    net.partition([1, 2], [3]);
    for (let i = 0; i < 5; i++) net.tickElection(3);
    expect(net.node(3).rn.inspect().term).toBe(7);
    net.heal();
    net.stabilize();
    net.tick(1, 1);
    net.stabilize();
    expect(net.node(1).rn.inspect().term).toBeGreaterThanOrEqual(7);
  });

  it('a pre-candidate whose pre-vote is rejected by a quorum returns to follower at its term', () => {
    const net = elected({ preVote: true });
    net.propose(1, new Uint8Array([1]));
    net.partition([1, 2], [3]);
    net.propose(1, new Uint8Array([2]));
    net.stabilize();
    // 1 and 2 have a longer log than 3, so both refuse 3's pre-vote.
    net.heal();
    net.tickElection(3);
    net.stabilize();
    expect(net.node(3).rn.inspect()).toMatchObject({ state: StateType.Follower, term: 2 });
  });
});
