import { describe, expect, it } from 'vitest';
import { TestNetwork } from './testing/network';
import { RawNode } from './rawNode';
import { MemoryStorage } from './storage';
import { MessageType, StateType } from './types';
import { ErrProposalDropped } from './errors';
import { newMessage } from './messages';
import { Prng } from '../lib/prng';
import { utf8 } from '../lib/bytes';

describe('RawNode', () => {
  it('validates its config', () => {
    const s = new MemoryStorage();
    const prng = new Prng(1);
    expect(() => new RawNode({ id: 0, electionTick: 10, heartbeatTick: 1, prng }, s)).toThrow(/none as id/);
    expect(() => new RawNode({ id: 1, electionTick: 1, heartbeatTick: 1, prng }, s)).toThrow(/election tick/);
  });

  it('the first Ready of a bootstrapped node carries the bootstrap entries, HardState and ConfState', () => {
    const rn = new RawNode({ id: 1, peers: [1, 2], electionTick: 10, heartbeatTick: 1, prng: new Prng(1) }, new MemoryStorage());
    expect(rn.hasReady()).toBe(true);
    const rd = rn.ready();
    expect(rd.hardState).toEqual({ term: 1, vote: 0, commit: 2 });
    expect(rd.entries.map((e) => [e.index, e.term, e.type])).toEqual([
      [1, 1, 1],
      [2, 1, 1],
    ]);
    expect(rd.committedEntries.length).toBe(2);
    expect(rd.confState?.voters).toEqual([1, 2]);
    expect(rd.mustSync).toBe(true);
  });

  it('hasReady is false after advance until something happens', () => {
    const net = TestNetwork.withVoters(3);
    const rn = net.node(1).rn;
    expect(rn.hasReady()).toBe(false);
    rn.tick();
    expect(rn.hasReady()).toBe(false);
    rn.campaign();
    expect(rn.hasReady()).toBe(true);
  });

  it('advance refuses a Ready whose entries the host did not append to storage', () => {
    const net = TestNetwork.withVoters(1);
    const rn = net.node(1).rn;
    rn.campaign();
    const rd = rn.ready();
    expect(() => rn.advance(rd)).toThrow(/storage\.append/);
  });

  it('drops responses from unknown peers and forwarded proposals it cannot place', () => {
    const net = TestNetwork.withVoters(3);
    const rn = net.node(1).rn;
    rn.step(newMessage({ type: MessageType.MsgAppResp, from: 9, to: 1, term: 1, index: 5 }));
    rn.step(newMessage({ type: MessageType.MsgProp, from: 2, to: 1, entries: [{ term: 0, index: 0, type: 0, data: utf8('x') }] }));
    expect(rn.ready().messages).toEqual([]);
  });

  it('inspect and status describe the leader and its progress', () => {
    const net = TestNetwork.withVoters(3);
    net.tickElection(1);
    net.stabilize();
    const s = net.node(1).rn.inspect();
    expect(s).toMatchObject({ id: 1, state: StateType.Leader, term: 2, lead: 1, commit: 4, applied: 4, firstIndex: 1, lastIndex: 4, voters: [1, 2, 3], learners: [] });
    expect(s.progress.map((p) => [p.id, p.state, p.match, p.next])).toEqual([
      [1, 'replicate', 4, 5],
      [2, 'replicate', 4, 5],
      [3, 'replicate', 4, 5],
    ]);
    expect(structuredClone(s)).toEqual(s);
    expect(net.node(2).rn.inspect().progress).toEqual([]);
    expect(net.node(1).rn.status()).toMatchObject({ id: 1, hardState: { term: 2, vote: 1, commit: 4 }, softState: { lead: 1, raftState: StateType.Leader } });
  });

  it('maxSizePerMsg limits the entries per MsgApp (always at least one)', () => {
    const net = TestNetwork.withVoters(2, { maxSizePerMsg: 20 });
    net.tickElection(1);
    net.stabilize();
    net.partition([1], [2]);
    for (let i = 0; i < 4; i++) net.propose(1, utf8('0123456789'));
    net.processReady(1);
    net.heal();
    net.tick(1, 1);
    const msgs: number[] = [];
    net.dropFilter = (m) => {
      if (m.type === MessageType.MsgApp && m.entries.length) msgs.push(m.entries.length);
      return false;
    };
    net.stabilize();
    expect(msgs.length).toBeGreaterThan(1);
    expect(Math.max(...msgs)).toBe(1);
  });

  it('maxUncommittedEntriesSize drops proposals beyond the limit until entries commit', () => {
    const net = new TestNetwork();
    for (const id of [1, 2]) net.addNode(id, { peers: [1, 2], maxUncommittedEntriesSize: 8 });
    for (const id of [1, 2]) while (net.processReady(id));
    net.tickElection(1);
    net.stabilize();
    net.partition([1], [2]);
    net.propose(1, utf8('12345'));
    expect(() => net.propose(1, utf8('12345'))).toThrow(ErrProposalDropped);
    net.heal();
    net.tick(1, 1);
    net.stabilize();
    net.propose(1, utf8('12345'));
  });
});
