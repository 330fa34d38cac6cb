import { describe, expect, it } from 'vitest';
import { TestNetwork } from './testing/network';
import { RawNode } from './rawNode';
import { MessageType, StateType } from './types';
import type { Message } from './types';
import { Prng } from '../lib/prng';
import { fromUtf8, utf8 } from '../lib/bytes';

/** A 3-node cluster where 3 missed a..c and the leader compacted them away. */
function behindCompaction(): TestNetwork {
  const net = TestNetwork.withVoters(3);
  net.tickElection(1);
  net.stabilize();
  net.partition([1, 2], [3]);
  for (const s of ['a', 'b', 'c']) net.propose(1, utf8(s));
  net.stabilize();
  net.compact(1);
  expect(net.node(1).rn.inspect().firstIndex).toBe(8);
  return net;
}

/** Runs the cluster one step at a time until the leader has put 3 in snapshot state. */
function untilSnapshotSent(net: TestNetwork): void {
  const state = () => net.node(1).rn.inspect().progress.find((p) => p.id === 3)!.state;
  for (let i = 0; i < 10 && state() !== 'snapshot'; i++) {
    for (const id of net.ids()) net.processReady(id);
    for (const id of net.ids()) net.deliverMsgs(id);
  }
  expect(state()).toBe('snapshot');
}

describe('snapshots', () => {
  it('the leader sends MsgSnap to a follower behind the compacted log; the follower restores', () => {
    const net = behindCompaction();
    const sent: Message[] = [];
    net.dropFilter = (m) => {
      sent.push(m);
      return false;
    };
    net.heal();
    net.tick(1, 1);
    net.stabilize();
    const snap = sent.find((m) => m.type === MessageType.MsgSnap)!;
    expect(snap).toBeDefined();
    expect(snap.snapshot!.metadata).toMatchObject({ index: 7, term: 2, confState: { voters: [1, 2, 3] } });
    const n3 = net.node(3);
    expect(fromUtf8(n3.snapshotData!)).toBe('a,b,c');
    expect(n3.storage.firstIndex()).toBe(8);
    expect(n3.rn.inspect()).toMatchObject({ commit: 7, applied: 7, lastIndex: 7 });
    // Replication continues normally after the snapshot.
    net.propose(1, utf8('d'));
    net.stabilize();
    expect(n3.applied.map((e) => fromUtf8(e.data))).toEqual(['d']);
    expect(net.node(1).rn.inspect().progress.find((p) => p.id === 3)).toMatchObject({ state: 'replicate', match: 8 });
  });

  it('Ready.snapshot carries the snapshot to persist, and MustSync is set', () => {
    const net = behindCompaction();
    net.heal();
    net.tick(1, 1);
    // Deliver until 3 has the MsgSnap, then look at its Ready by hand.
    for (let i = 0; i < 6 && !net.inbox.get(3)!.some((m) => m.type === MessageType.MsgSnap); i++) {
      for (const id of net.ids()) net.processReady(id);
      for (const id of [1, 2]) net.deliverMsgs(id);
      if (!net.inbox.get(3)!.some((m) => m.type === MessageType.MsgSnap)) net.deliverMsgs(3);
    }
    net.deliverMsgs(3);
    const rn = net.node(3).rn;
    // While a snapshot is pending the node cannot campaign.
    expect(rn.raft.promotable()).toBe(false);
    const rd = rn.ready();
    expect(rd.snapshot?.metadata.index).toBe(7);
    expect(rd.committedEntries).toEqual([]);
    expect(rd.hardState?.commit).toBe(7);
    net.node(3).storage.applySnapshot(rd.snapshot!);
    net.node(3).storage.setHardState(rd.hardState!);
    rn.advance(rd);
    expect(rn.inspect().applied).toBe(7);
    expect(rn.raft.promotable()).toBe(true);
  });

  it('the leader tracks the follower in snapshot state until it reports back', () => {
    const net = behindCompaction();
    net.heal();
    const leader = net.node(1).rn;
    // Make the leader probe 3: it finds the entries compacted and sends a snapshot.
    net.tick(1, 1);
    untilSnapshotSent(net);
    const pr3 = () => leader.inspect().progress.find((p) => p.id === 3)!;
    expect(pr3()).toMatchObject({ state: 'snapshot', pendingSnapshot: 7 });
    // The transport failed to deliver it: back to probing, and the next probe sends it again.
    net.inbox.set(3, []);
    leader.reportSnapshot(3, false);
    expect(pr3()).toMatchObject({ state: 'probe', pendingSnapshot: 0 });
    net.tick(1, 1);
    net.stabilize();
    expect(pr3()).toMatchObject({ state: 'replicate', match: 7 });
  });

  it('a successful reportSnapshot moves the follower to probe after the snapshot', () => {
    const net = behindCompaction();
    net.heal();
    const leader = net.node(1).rn;
    net.tick(1, 1);
    untilSnapshotSent(net);
    expect(leader.inspect().progress.find((p) => p.id === 3)!.state).toBe('snapshot');
    leader.reportSnapshot(3, true);
    expect(leader.inspect().progress.find((p) => p.id === 3)).toMatchObject({ state: 'probe', next: 8 });
  });

  it('a stale snapshot (at or below commit) is ignored', () => {
    const net = TestNetwork.withVoters(3);
    net.tickElection(1);
    net.stabilize();
    const n2 = net.node(2).rn;
    n2.step({
      type: MessageType.MsgSnap,
      from: 1,
      to: 2,
      term: 2,
      logTerm: 0,
      index: 0,
      entries: [],
      commit: 0,
      reject: false,
      rejectHint: 0,
      snapshot: { data: new Uint8Array(), metadata: { index: 2, term: 1, confState: { voters: [1, 2, 3], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false } } },
    });
    const rd = n2.ready();
    expect(rd.snapshot).toBeUndefined();
    expect(rd.messages.map((m) => [m.type, m.index])).toEqual([[MessageType.MsgAppResp, 4]]);
  });

  it('a node restarted from storage holding a snapshot starts after it', () => {
    const net = behindCompaction();
    net.heal();
    net.tick(1, 1);
    net.stabilize();
    const n3 = net.restart(3);
    expect(n3.rn.inspect()).toMatchObject({ firstIndex: 8, lastIndex: 7, commit: 7, applied: 7, voters: [1, 2, 3], state: StateType.Follower });
    // And a fresh RawNode over that storage (applied from the snapshot) agrees.
    const rn = new RawNode({ id: 3, electionTick: 10, heartbeatTick: 1, prng: new Prng(9) }, n3.storage);
    expect(rn.inspect()).toMatchObject({ applied: 7, commit: 7 });
  });
});
