import { describe, expect, it } from 'vitest';
import { TestNetwork } from './testing/network';
import { MessageType, StateType } from './types';
import { newMessage } from './messages';

function elected(opts: { checkQuorum?: boolean; preVote?: boolean } = {}): TestNetwork {
  const net = TestNetwork.withVoters(3, opts);
  net.tickElection(1);
  net.stabilize();
  return net;
}

describe('CheckQuorum', () => {
  it('a leader that cannot hear from a quorum steps down after an election timeout', () => {
    const net = elected({ checkQuorum: true });
    net.partition([1], [2, 3]);
    // The first check still sees the followers' earlier acks; the second finds nobody active.
    net.tick(1, 10);
    expect(net.node(1).rn.inspect().state).toBe(StateType.Leader);
    net.tick(1, 10);
    expect(net.node(1).rn.inspect()).toMatchObject({ state: StateType.Follower, term: 2, lead: 0 });
  });

  it('without CheckQuorum an isolated leader stays leader', () => {
    const net = elected({ checkQuorum: false });
    net.partition([1], [2, 3]);
    net.tick(1, 50);
    net.stabilize();
    expect(net.node(1).rn.inspect().state).toBe(StateType.Leader);
  });

  it('a leader with a live quorum keeps leading', () => {
    const net = elected({ checkQuorum: true });
    for (let i = 0; i < 50; i++) {
      net.tick(1, 1);
      net.stabilize();
    }
    expect(net.node(1).rn.inspect().state).toBe(StateType.Leader);
  });

  it('leader lease: a voter that heard from the leader recently ignores a higher-term MsgVote', () => {
    const net = elected({ checkQuorum: true });
    const n2 = net.node(2).rn;
    n2.step(newMessage({ type: MessageType.MsgVote, from: 3, to: 2, term: 5, index: 9, logTerm: 9 }));
    expect(n2.inspect()).toMatchObject({ term: 2, lead: 1, vote: 1 });
    expect(n2.ready().messages).toEqual([]);
  });

  it('leader lease expires after an election timeout without hearing from the leader', () => {
    const net = elected({ checkQuorum: true });
    net.partition([1], [2, 3]);
    net.tick(2, 10);
    const n2 = net.node(2).rn;
    n2.step(newMessage({ type: MessageType.MsgVote, from: 3, to: 2, term: 5, index: 9, logTerm: 9 }));
    expect(n2.inspect()).toMatchObject({ term: 5, vote: 3 });
  });

  it('a campaign-transfer vote request overrides the lease', () => {
    const net = elected({ checkQuorum: true });
    const n2 = net.node(2).rn;
    const ctx = new TextEncoderLike().encode('CampaignTransfer');
    n2.step(newMessage({ type: MessageType.MsgVote, from: 3, to: 2, term: 3, index: 9, logTerm: 9, context: ctx }));
    expect(n2.inspect()).toMatchObject({ term: 3, vote: 3 });
  });

  it('a stale leader learns the new term from a MsgAppResp to its old-term heartbeat', () => {
    const net = elected({ checkQuorum: true });
    net.partition([1], [2, 3]);
    // 3's lease on leader 1 must expire before it grants 2 a vote.
    net.tick(3, 10);
    net.tickElection(2);
    net.stabilize();
    const newLeader = net.ids().find((id) => id !== 1 && net.node(id).rn.inspect().state === StateType.Leader);
    expect(newLeader).toBeDefined();
    net.heal();
    // Old leader 1 (term 2) heartbeats; the others answer with their term and 1 steps down.
    net.tick(1, 1);
    net.stabilize();
    expect(net.node(1).rn.inspect()).toMatchObject({ state: StateType.Follower, term: 3, lead: 0 });
    // The new leader's next heartbeat tells it who leads.
    net.tick(newLeader!, 1);
    net.stabilize();
    expect(net.node(1).rn.inspect().lead).toBe(newLeader);
  });
});

/** ASCII encoder without relying on DOM/Node typings. */
class TextEncoderLike {
  encode(s: string): Uint8Array {
    return Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
  }
}
