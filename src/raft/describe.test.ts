import { describe, expect, it } from 'vitest';
import { describeEntry, describeMessage, describeReady } from './describe';
import { newEntry, newMessage } from './messages';
import { ConfChangeType, EntryType, MessageType } from './types';
import { encodeConfChange, decodeConfChange } from './confChangeCodec';
import { utf8 } from '../lib/bytes';

describe('describe', () => {
  it('describeMessage matches etcd-io/raft DescribeMessage', () => {
    const m = newMessage({
      type: MessageType.MsgApp,
      from: 1,
      to: 2,
      term: 2,
      logTerm: 1,
      index: 5,
      commit: 5,
      entries: [newEntry({ term: 2, index: 6, data: utf8('foo') })],
    });
    expect(describeMessage(m)).toBe('1->2 MsgApp Term:2 Log:1/5 Commit:5 Entries:[2/6 EntryNormal "foo"]');
    const rej = newMessage({ type: MessageType.MsgAppResp, from: 2, to: 1, term: 2, index: 5, reject: true, rejectHint: 3, logTerm: 1 });
    expect(describeMessage(rej)).toBe('2->1 MsgAppResp Term:2 Log:1/5 Rejected (Hint: 3)');
  });

  it('describeEntry shows conf changes in etcd notation and binary as hex', () => {
    const cc = newEntry({ term: 1, index: 3, type: EntryType.ConfChange, data: encodeConfChange({ type: ConfChangeType.AddNode, nodeId: 4 }) });
    expect(describeEntry(cc)).toBe('1/3 EntryConfChange v4');
    expect(describeEntry(newEntry({ term: 1, index: 1 }))).toBe('1/1 EntryNormal ""');
    expect(describeEntry(newEntry({ term: 1, index: 2, data: new Uint8Array([0, 255]) }))).toBe('1/2 EntryNormal 0x00ff');
  });

  it('describeReady lists each part, and <empty Ready>', () => {
    const rd = {
      hardState: { term: 1, vote: 1, commit: 0 },
      readStates: [],
      entries: [newEntry({ term: 1, index: 1 })],
      committedEntries: [],
      messages: [newMessage({ type: MessageType.MsgVote, from: 1, to: 2, term: 1 })],
      mustSync: true,
    };
    expect(describeReady(rd)).toBe(
      'Ready MustSync=true:\nHardState Term:1 Vote:1 Commit:0\nEntries:\n1/1 EntryNormal ""\nMessages:\n1->2 MsgVote Term:1 Log:0/0\n',
    );
    expect(describeReady({ readStates: [], entries: [], committedEntries: [], messages: [], mustSync: false })).toBe('<empty Ready>');
  });

  it('ConfChange round-trips through the raftpb wire form', () => {
    const cc = { type: ConfChangeType.AddLearnerNode, nodeId: 300, id: 7, context: utf8('m4') };
    const b = encodeConfChange(cc);
    // field 1 (ID) = 7, field 2 (Type) = 3, field 3 (NodeID) = 300 (varint ac 02), field 4 = "m4"
    expect([...b]).toEqual([0x08, 7, 0x10, 3, 0x18, 0xac, 0x02, 0x22, 2, 0x6d, 0x34]);
    expect(decodeConfChange(b)).toEqual(cc);
  });
});
