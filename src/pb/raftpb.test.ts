import { describe, expect, it } from 'vitest';
import golden from './testdata/gogo-golden.json';
import {
  ConfChangeType,
  ConfChangeTransition,
  decodeConfChange,
  decodeConfChangeV2,
  decodeConfState,
  decodeEntry,
  decodeHardState,
  decodeMessage,
  decodeMessages,
  decodeSnapshot,
  emptyConfState,
  encodeConfChange,
  encodeConfChangeV2,
  encodeConfState,
  encodeEntry,
  encodeHardState,
  encodeMessage,
  encodeMessages,
  encodeMessagesInto,
  encodeSnapshot,
  sizeMessages,
} from './raftpb';
import { toHex, utf8 } from '../lib/bytes';
import { EntryType, MessageType, type Entry, type Message, type Snapshot } from '../raft/types';

// Golden bytes were produced by etcd 3.4.23's own gogoproto Marshal (testdata/gogo-golden/main.go).
const G = golden as Record<string, string>;

function msg(p: Partial<Message>): Message {
  return { type: 0, to: 0, from: 0, term: 0, logTerm: 0, index: 0, entries: [], commit: 0, reject: false, rejectHint: 0, ...p };
}
const ent = (term: number, index: number, data: Uint8Array = new Uint8Array(0), type: EntryType = EntryType.Normal): Entry => ({
  term,
  index,
  type,
  data,
});
const snap: Snapshot = {
  data: utf8('snapdata'),
  metadata: { confState: { ...emptyConfState(), voters: [1, 2, 3] }, index: 100, term: 7 },
};

describe('raftpb Entry / HardState (gogoproto non-nullable fields always written)', () => {
  it.each([
    ['entry.noop', ent(2, 2)],
    ['entry.zero', ent(0, 0)],
    ['entry.confchange', ent(5, 300, utf8('abc'), EntryType.ConfChange)],
    ['entry.big', ent(2 ** 40, 2 ** 53 - 1, new Uint8Array(200))],
  ])('%s', (name, e) => {
    expect(toHex(encodeEntry(e))).toBe(G[name]);
    expect(decodeEntry(encodeEntry(e))).toEqual(e);
  });

  it.each([
    ['hardstate.boot', { term: 1, vote: 0, commit: 1 }],
    ['hardstate.zero', { term: 0, vote: 0, commit: 0 }],
    ['hardstate.big', { term: 2 ** 40, vote: 3, commit: 99999 }],
  ])('%s', (name, h) => {
    expect(toHex(encodeHardState(h))).toBe(G[name]);
    expect(decodeHardState(encodeHardState(h))).toEqual(h);
  });
});

describe('raftpb ConfState / ConfChange / ConfChangeV2 / Snapshot', () => {
  it.each([
    ['confstate.empty', emptyConfState()],
    ['confstate.simple', { ...emptyConfState(), voters: [1, 2, 3], learners: [4] }],
    ['confstate.joint', { voters: [1, 2], learners: [], votersOutgoing: [1, 3], learnersNext: [3], autoLeave: true }],
  ])('%s (repeated uint64 unpacked)', (name, c) => {
    expect(toHex(encodeConfState(c))).toBe(G[name]);
    expect(decodeConfState(encodeConfState(c))).toEqual(c);
  });

  it('reads packed repeated uint64 too', () => {
    expect(decodeConfState(Uint8Array.of(0x0a, 0x03, 1, 2, 3, 0x28, 0)).voters).toEqual([1, 2, 3]);
  });

  it.each([
    ['confchange.add', { id: 0, type: ConfChangeType.AddNode, nodeId: 1, context: utf8('{"id":1,"peerURLs":["http://n1"],"name":"n1"}') }],
    ['confchange.learner', { id: 77, type: ConfChangeType.AddLearnerNode, nodeId: 4, context: utf8('{"isLearner":true}') }],
    ['confchange.remove', { id: 0, type: ConfChangeType.RemoveNode, nodeId: 2 }],
  ])('%s', (name, c) => {
    expect(toHex(encodeConfChange(c))).toBe(G[name]);
    expect(decodeConfChange(encodeConfChange(c))).toEqual(c);
  });

  it('ConfChange without id writes ID 0', () => {
    expect(toHex(encodeConfChange({ type: ConfChangeType.RemoveNode, nodeId: 2 }))).toBe(G['confchange.remove']);
  });

  it.each([
    [
      'confchangev2.joint',
      {
        transition: ConfChangeTransition.JointExplicit,
        changes: [
          { type: ConfChangeType.AddNode, nodeId: 4 },
          { type: ConfChangeType.RemoveNode, nodeId: 2 },
        ],
        context: utf8('x'),
      },
    ],
    ['confchangev2.leave', { transition: ConfChangeTransition.Auto, changes: [] }],
  ])('%s', (name, c) => {
    expect(toHex(encodeConfChangeV2(c))).toBe(G[name]);
    expect(decodeConfChangeV2(encodeConfChangeV2(c))).toEqual(c);
  });

  it('Snapshot', () => {
    expect(toHex(encodeSnapshot(snap))).toBe(G['snapshot.full']);
    expect(decodeSnapshot(encodeSnapshot(snap))).toEqual(snap);
    const empty: Snapshot = { data: new Uint8Array(0), metadata: { confState: emptyConfState(), index: 0, term: 0 } };
    expect(toHex(encodeSnapshot(empty))).toBe(G['snapshot.empty']);
  });
});

describe('raftpb Message', () => {
  const cases: [string, Message][] = [
    ['message.zero', msg({})],
    ['message.heartbeat', msg({ type: MessageType.MsgHeartbeat, to: 2, from: 1, term: 3, commit: 5 })],
    [
      'message.app',
      msg({
        type: MessageType.MsgApp,
        to: 3,
        from: 1,
        term: 4,
        logTerm: 4,
        index: 10,
        commit: 9,
        entries: [ent(4, 11, utf8('put a')), ent(4, 12, Uint8Array.of(1, 2, 3), EntryType.ConfChange)],
      }),
    ],
    ['message.appresp.reject', msg({ type: MessageType.MsgAppResp, to: 1, from: 3, term: 4, index: 10, reject: true, rejectHint: 7 })],
    [
      'message.readindex',
      msg({ type: MessageType.MsgReadIndex, to: 1, from: 2, term: 4, entries: [ent(0, 0, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 42))] }),
    ],
    ['message.timeoutnow.context', msg({ type: MessageType.MsgTimeoutNow, to: 2, from: 1, term: 9, context: utf8('CampaignTransfer') })],
    ['message.snap', msg({ type: MessageType.MsgSnap, to: 3, from: 1, term: 7, snapshot: snap })],
    ['message.vote', msg({ type: MessageType.MsgPreVote, to: 3, from: 1, term: 8, logTerm: 7, index: 120 })],
  ];

  it.each(cases)('%s matches gogoproto bytes and round-trips', (name, m) => {
    const b = encodeMessage(m);
    expect(toHex(b)).toBe(G[name]);
    expect(decodeMessage(b)).toEqual(m);
  });

  it('every message carries the non-nullable empty snapshot field (12 bytes)', () => {
    expect(G['message.zero']).toContain('4a0a12080a022800' + '10001800');
  });

  it('encodes a batch in one exactly-sized, transferable buffer and decodes it back', () => {
    const ms = cases.map(([, m]) => m);
    const b = encodeMessages(ms);
    expect(b.byteOffset).toBe(0);
    expect(b.byteLength).toBe(b.buffer.byteLength);
    expect(b.length).toBe(sizeMessages(ms));
    expect(decodeMessages(b)).toEqual(ms);
    expect(decodeMessages(encodeMessages([]))).toEqual([]);
  });

  it('batch = (varint length, Message bytes)*', () => {
    const hb = cases[1]![1];
    const one = encodeMessage(hb);
    const b = encodeMessages([hb, hb]);
    expect(toHex(b)).toBe(toHex(Uint8Array.of(one.length, ...one, one.length, ...one)));
  });

  it('encodes into a pooled buffer when it fits, and refuses when it does not', () => {
    const ms = cases.map(([, m]) => m);
    const pool = new Uint8Array(4096);
    const n = encodeMessagesInto(ms, pool);
    expect(n).toBe(sizeMessages(ms));
    expect(decodeMessages(pool.subarray(0, n))).toEqual(ms);
    expect(encodeMessagesInto(ms, new Uint8Array(10))).toBe(-1);
  });

  it('a MsgApp of 64 × 280-byte entries round-trips', () => {
    const entries = Array.from({ length: 64 }, (_, i) => ent(5, 1000 + i, new Uint8Array(280)));
    const m = msg({ type: MessageType.MsgApp, to: 2, from: 1, term: 5, logTerm: 5, index: 999, commit: 999, entries });
    const b = encodeMessage(m);
    expect(decodeMessage(b)).toEqual(m);
    expect(b.length).toBeGreaterThan(64 * 280);
  });

  it('decoded entry data are views into the input buffer (zero-copy)', () => {
    const b = encodeMessage(cases[2]![1]);
    const m = decodeMessage(b);
    expect(m.entries[0]!.data.buffer).toBe(b.buffer);
  });
});
