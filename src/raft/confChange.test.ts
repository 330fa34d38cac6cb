import { describe, expect, it } from 'vitest';
import { TestNetwork } from './testing/network';
import { RawNode } from './rawNode';
import { Prng } from '../lib/prng';
import { ConfChangeType, EntryType, StateType } from './types';
import { fromUtf8, utf8 } from '../lib/bytes';

function elected(n = 3): TestNetwork {
  const net = TestNetwork.withVoters(n);
  net.tickElection(1);
  net.stabilize();
  return net;
}

const applied = (net: TestNetwork, id: number) => net.node(id).applied.map((e) => fromUtf8(e.data));

describe('membership changes (single conf change entries)', () => {
  it('adds a voter: the new node catches up and counts toward the quorum', () => {
    const net = elected();
    net.addNode(4); // empty config: it learns everything from the leader
    net.node(1).rn.proposeConfChange({ type: ConfChangeType.AddNode, nodeId: 4 });
    net.stabilize();
    expect(net.node(1).rn.inspect().voters).toEqual([1, 2, 3, 4]);
    expect(net.node(4).rn.inspect().voters).toEqual([1, 2, 3, 4]);
    expect(net.node(4).storage.initialState().confState.voters).toEqual([1, 2, 3, 4]);
    // With 4 voters the quorum is 3: 1 and 4 alone cannot commit.
    net.partition([1, 4], [2, 3]);
    net.propose(1, utf8('x'));
    net.stabilize();
    expect(net.node(1).rn.inspect()).toMatchObject({ lastIndex: 6, commit: 5 });
    net.heal();
    net.tick(1, 1);
    net.stabilize();
    expect(applied(net, 4)).toEqual(['x']);
  });

  it('removes a voter: the quorum shrinks and the removed node is no longer replicated to', () => {
    const net = elected();
    net.node(1).rn.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 3 });
    net.stabilize();
    expect(net.node(1).rn.inspect().voters).toEqual([1, 2]);
    net.propose(1, utf8('after'));
    net.stabilize();
    expect(applied(net, 2)).toEqual(['after']);
    expect(applied(net, 3)).toEqual([]);
    expect(net.node(1).rn.inspect().progress.map((p) => p.id)).toEqual([1, 2]);
  });

  it('only one conf change may be pending: a second becomes an empty normal entry', () => {
    const net = elected();
    net.addNode(4);
    net.addNode(5);
    net.node(1).rn.proposeConfChange({ type: ConfChangeType.AddNode, nodeId: 4 });
    net.node(1).rn.proposeConfChange({ type: ConfChangeType.AddNode, nodeId: 5 });
    const ents = net.node(1).rn.raft.raftLog.allEntries();
    expect(ents.slice(-2).map((e) => e.type)).toEqual([EntryType.ConfChange, EntryType.Normal]);
    expect(net.node(1).rn.inspect().pendingConfIndex).toBe(5);
    net.stabilize();
    expect(net.node(1).rn.inspect().voters).toEqual([1, 2, 3, 4]);
    // Once applied, the next one is accepted.
    net.node(1).rn.proposeConfChange({ type: ConfChangeType.AddNode, nodeId: 5 });
    net.stabilize();
    expect(net.node(1).rn.inspect().voters).toEqual([1, 2, 3, 4, 5]);
  });

  it('a learner receives the log but does not vote or count toward commit; promotion makes it a voter', () => {
    const net = elected();
    net.addNode(4);
    net.node(1).rn.proposeConfChange({ type: ConfChangeType.AddLearnerNode, nodeId: 4 });
    net.stabilize();
    expect(net.node(1).rn.inspect()).toMatchObject({ voters: [1, 2, 3], learners: [4] });
    net.propose(1, utf8('l'));
    net.stabilize();
    expect(applied(net, 4)).toEqual(['l']);
    // A learner never campaigns.
    net.tick(4, 100);
    expect(net.node(4).rn.inspect().state).toBe(StateType.Follower);
    expect(net.node(4).rn.hasReady()).toBe(false);
    // The leader counts 2 of 3 voters, never the learner.
    net.partition([1, 4], [2, 3]);
    net.propose(1, utf8('no-quorum'));
    net.stabilize();
    expect(net.node(1).rn.inspect()).toMatchObject({ lastIndex: 7, commit: 6 });
    net.heal();
    net.tick(1, 1);
    net.stabilize();
    net.node(1).rn.proposeConfChange({ type: ConfChangeType.AddNode, nodeId: 4 });
    net.stabilize();
    expect(net.node(4).rn.inspect()).toMatchObject({ voters: [1, 2, 3, 4], learners: [] });
    const pr4 = net.node(1).rn.inspect().progress.find((p) => p.id === 4)!;
    expect(pr4.isLearner).toBe(false);
  });

  it('a removed leader steps down and the rest elect a new leader', () => {
    const net = elected();
    net.node(1).rn.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 1 });
    net.stabilize();
    expect(net.node(1).rn.inspect().state).toBe(StateType.Follower);
    expect(net.node(2).rn.inspect().voters).toEqual([2, 3]);
    net.tickElection(2);
    net.stabilize();
    expect(net.leader()).toBe(2);
    net.propose(2, utf8('y'));
    net.stabilize();
    expect(applied(net, 3)).toEqual(['y']);
    // The removed node cannot campaign.
    net.tick(1, 100);
    expect(net.node(1).rn.inspect().state).toBe(StateType.Follower);
  });

  it('a follower proposing a conf change forwards it to the leader', () => {
    const net = elected();
    net.addNode(4);
    net.node(2).rn.proposeConfChange({ type: ConfChangeType.AddLearnerNode, nodeId: 4 });
    net.stabilize();
    expect(net.node(3).rn.inspect().learners).toEqual([4]);
  });
});

describe('membership and restarts', () => {
  it('a node does not campaign while a committed conf change is unapplied', () => {
    const net = TestNetwork.withVoters(3);
    net.tickElection(1);
    net.stabilize();
    net.addNode(4);
    net.node(1).rn.proposeConfChange({ type: ConfChangeType.AddNode, nodeId: 4 });
    // Replicate and commit, but let node 2 not apply yet: deliver and persist by hand.
    net.processReady(1);
    net.deliverMsgs(2);
    net.deliverMsgs(3);
    net.processReady(2);
    net.processReady(3);
    net.deliverMsgs(1);
    net.processReady(1);
    net.deliverMsgs(2);
    const rn2 = net.node(2).rn;
    expect(rn2.inspect().commit).toBeGreaterThan(rn2.inspect().applied);
    rn2.campaign();
    expect(rn2.inspect().state).toBe(StateType.Follower);
  });

  it('a restart takes the membership from storage, not from the original peers', () => {
    const net = TestNetwork.withVoters(3);
    net.tickElection(1);
    net.stabilize();
    net.addNode(4);
    net.node(1).rn.proposeConfChange({ type: ConfChangeType.AddNode, nodeId: 4 });
    net.stabilize();
    // Even if the host passes its original peers again.
    const rn = new RawNode({ id: 2, peers: [1, 2, 3], electionTick: 10, heartbeatTick: 1, prng: new Prng(5) }, net.node(2).storage);
    expect(rn.inspect().voters).toEqual([1, 2, 3, 4]);
  });
});
