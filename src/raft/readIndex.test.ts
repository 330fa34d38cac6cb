import { describe, expect, it } from 'vitest';
import { TestNetwork } from './testing/network';
import { MessageType } from './types';
import { ReadOnlyOption } from './readOnly';
import { fromUtf8, utf8 } from '../lib/bytes';

const reads = (net: TestNetwork, id: number) => net.node(id).readStates.map((rs) => `${fromUtf8(rs.requestCtx)}@${rs.index}`);

function electedCluster(n = 3): TestNetwork {
  const net = TestNetwork.withVoters(n);
  net.tickElection(1);
  net.stabilize();
  return net;
}

describe('ReadIndex', () => {
  it('the leader confirms leadership with a heartbeat round carrying the ctx, then releases the read', () => {
    const net = electedCluster();
    net.propose(1, utf8('x'));
    net.stabilize();
    net.node(1).rn.readIndex(utf8('r1'));
    expect(net.node(1).rn.inspect().pendingReadIndexRequests).toBe(1);
    net.processReady(1);
    const hbs = [2, 3].flatMap((id) => net.inbox.get(id)!);
    expect(hbs.map((m) => [m.type, fromUtf8(m.context!)])).toEqual([
      [MessageType.MsgHeartbeat, 'r1'],
      [MessageType.MsgHeartbeat, 'r1'],
    ]);
    expect(reads(net, 1)).toEqual([]);
    net.stabilize();
    expect(reads(net, 1)).toEqual(['r1@5']);
    expect(net.node(1).rn.inspect().pendingReadIndexRequests).toBe(0);
  });

  it('without a quorum of acks the read is never released', () => {
    const net = electedCluster();
    net.partition([1], [2, 3]);
    net.node(1).rn.readIndex(utf8('r1'));
    net.stabilize();
    net.tick(1, 3);
    net.stabilize();
    expect(reads(net, 1)).toEqual([]);
  });

  it('one quorum ack also releases every earlier pending read', () => {
    const net = electedCluster();
    net.node(1).rn.readIndex(utf8('a'));
    net.node(1).rn.readIndex(utf8('b'));
    net.processReady(1);
    // Deliver only the heartbeats for 'b'.
    for (const id of [2, 3]) net.deliverMsgs(id, (m) => fromUtf8(m.context ?? new Uint8Array()) === 'b');
    for (const id of [2, 3]) net.processReady(id);
    net.deliverMsgs(1);
    net.processReady(1);
    expect(reads(net, 1)).toEqual(['a@4', 'b@4']);
  });

  it('a follower forwards the read to the leader and gets the index back', () => {
    const net = electedCluster();
    net.propose(1, utf8('x'));
    net.stabilize();
    net.node(3).rn.readIndex(utf8('f'));
    net.stabilize();
    expect(reads(net, 3)).toEqual(['f@5']);
    expect(reads(net, 1)).toEqual([]);
  });

  it('a new leader holds reads until it has committed an entry of its term', () => {
    const net = TestNetwork.withVoters(3);
    net.campaign(1);
    net.processReady(1);
    net.deliverMsgs(2);
    net.processReady(2);
    net.deliverMsgs(1); // n1 is leader of term 2 but has not committed its empty entry yet
    expect(net.node(1).rn.inspect()).toMatchObject({ state: 2, commit: 3 });
    net.node(1).rn.readIndex(utf8('early'));
    expect(net.node(1).rn.inspect().pendingReadIndexRequests).toBe(1);
    net.processReady(1);
    expect(
      [2, 3].flatMap((id) => net.inbox.get(id)!).filter((m) => m.type === MessageType.MsgHeartbeat),
    ).toEqual([]);
    net.stabilize();
    // Released with the commit index of the leader's empty entry.
    expect(reads(net, 1)).toEqual(['early@4']);
  });

  it('a single-voter leader answers at once', () => {
    const net = TestNetwork.withVoters(1);
    net.campaign(1);
    net.stabilize();
    net.node(1).rn.readIndex(utf8('solo'));
    net.stabilize();
    expect(reads(net, 1)).toEqual(['solo@2']);
  });

  it('a follower without a leader drops the read', () => {
    const net = TestNetwork.withVoters(3);
    net.node(2).rn.readIndex(utf8('lost'));
    net.stabilize();
    expect(reads(net, 2)).toEqual([]);
  });
});

describe('ReadIndex, lease-based', () => {
  it('with ReadOnlyLeaseBased the leader answers from its lease without a heartbeat round', () => {
    const net = new TestNetwork({ checkQuorum: true });
    for (const id of [1, 2, 3]) net.addNode(id, { peers: [1, 2, 3], readOnlyOption: ReadOnlyOption.LeaseBased });
    net.stabilize();
    net.tickElection(1);
    net.stabilize();
    net.node(1).rn.readIndex(utf8('lease'));
    const rd = net.processReady(1)!;
    expect(rd.messages).toEqual([]);
    expect(reads(net, 1)).toEqual(['lease@4']);
  });

  it('LeaseBased requires CheckQuorum', () => {
    const net = new TestNetwork({ checkQuorum: false });
    expect(() => net.addNode(1, { peers: [1], readOnlyOption: ReadOnlyOption.LeaseBased })).toThrow(/CheckQuorum/);
  });
});
