import { describe, expect, it } from 'vitest';
import { TestNetwork } from './testing/network';
import { RawNode } from './rawNode';
import { MemoryStorage } from './storage';
import { Prng } from '../lib/prng';
import { StateType } from './types';
import { fromUtf8, utf8 } from '../lib/bytes';

describe('restart from MemoryStorage', () => {
  it('a fresh bootstrap records the voters in storage', () => {
    const s = new MemoryStorage();
    const rn = new RawNode({ id: 1, peers: [1, 2, 3], electionTick: 10, heartbeatTick: 1, prng: new Prng(1) }, s);
    expect(s.initialState().confState.voters).toEqual([1, 2, 3]);
    expect(rn.ready().confState?.voters).toEqual([1, 2, 3]);
  });

  it('term, vote, log and commit survive a restart; voters come from storage', () => {
    const net = TestNetwork.withVoters(3);
    net.tickElection(1);
    net.stabilize();
    net.propose(1, utf8('a'));
    net.propose(1, utf8('b'));
    net.stabilize();
    const before = net.node(2).rn.inspect();
    const n2 = net.restart(2);
    const after = n2.rn.inspect();
    expect(after).toMatchObject({ term: before.term, vote: before.vote, commit: before.commit, lastIndex: before.lastIndex });
    expect(after.voters).toEqual([1, 2, 3]);
    expect(after.state).toBe(StateType.Follower);
    expect(after.lead).toBe(0);
    // Nothing to re-apply: the host passed its applied index.
    expect(n2.rn.ready().committedEntries).toEqual([]);
  });

  it('a restarted leader is a follower and the cluster re-elects and keeps committing', () => {
    const net = TestNetwork.withVoters(3);
    net.tickElection(1);
    net.stabilize();
    net.propose(1, utf8('a'));
    net.stabilize();
    net.restart(1);
    net.tickElection(2);
    net.stabilize();
    expect(net.leader()).toBe(2);
    net.propose(2, utf8('b'));
    net.stabilize();
    expect(net.node(1).rn.inspect().term).toBe(3);
    expect(net.node(1).applied.map((e) => fromUtf8(e.data))).toEqual(['a', 'b']);
  });

  it('a restarted node that had voted does not vote for another candidate in the same term', () => {
    const net = TestNetwork.withVoters(3);
    net.campaign(1);
    net.processReady(1);
    net.deliverMsgs(3);
    net.processReady(3); // n3 persisted its vote for 1 in term 2
    const n3 = net.restart(3);
    expect(n3.rn.inspect()).toMatchObject({ term: 2, vote: 1 });
  });

  it('restarting with applied < commit re-delivers the unapplied committed entries', () => {
    const net = TestNetwork.withVoters(1);
    net.campaign(1);
    net.stabilize();
    net.propose(1, utf8('x'));
    net.stabilize();
    const storage = net.node(1).storage;
    const rn = new RawNode({ id: 1, electionTick: 10, heartbeatTick: 1, prng: new Prng(2), applied: 2 }, storage);
    const rd = rn.ready();
    expect(rd.committedEntries.map((e) => fromUtf8(e.data))).toEqual(['x']);
  });
});
