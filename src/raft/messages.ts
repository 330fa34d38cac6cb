// Message construction and classification helpers (etcd-io/raft's util.go, in our words).
import type { ConfState, Entry, HardState, Message, Snapshot } from './types';
import { EntryType, MessageType } from './types';
import { EMPTY } from '../lib/bytes';

/** A message with every field zeroed except those given. */
export function newMessage(p: Partial<Message> & { type: MessageType }): Message {
  return {
    to: 0,
    from: 0,
    term: 0,
    logTerm: 0,
    index: 0,
    entries: [],
    commit: 0,
    reject: false,
    rejectHint: 0,
    ...p,
  };
}

export function newEntry(p: Partial<Entry>): Entry {
  return { term: 0, index: 0, type: EntryType.Normal, data: EMPTY, ...p };
}

/** Messages only the node itself generates; a peer can never send them. */
export function isLocalMsg(t: MessageType): boolean {
  return (
    t === MessageType.MsgHup ||
    t === MessageType.MsgBeat ||
    t === MessageType.MsgUnreachable ||
    t === MessageType.MsgSnapStatus ||
    t === MessageType.MsgCheckQuorum
  );
}

/** Responses, which only make sense from a peer we track. */
export function isResponseMsg(t: MessageType): boolean {
  return (
    t === MessageType.MsgAppResp ||
    t === MessageType.MsgVoteResp ||
    t === MessageType.MsgHeartbeatResp ||
    t === MessageType.MsgUnreachable ||
    t === MessageType.MsgPreVoteResp
  );
}

export function voteRespMsgType(t: MessageType): MessageType {
  if (t === MessageType.MsgVote) return MessageType.MsgVoteResp;
  if (t === MessageType.MsgPreVote) return MessageType.MsgPreVoteResp;
  throw new Error(`not a vote message: ${t}`);
}

export function isEmptyHardState(hs: HardState): boolean {
  return hs.term === 0 && hs.vote === 0 && hs.commit === 0;
}

export function hardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

export function emptyConfState(): ConfState {
  return { voters: [], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
}

export function isEmptyConfState(cs: ConfState): boolean {
  return cs.voters.length === 0 && cs.learners.length === 0 && cs.votersOutgoing.length === 0;
}

export function emptySnapshot(): Snapshot {
  return { data: EMPTY, metadata: { index: 0, term: 0, confState: emptyConfState() } };
}

export function isEmptySnap(s: Snapshot | undefined): boolean {
  return s === undefined || s.metadata.index === 0;
}

function varintLen(n: number): number {
  let len = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

/** An entry's raftpb encoded size: what etcd's MaxSizePerMsg and MaxCommittedSizePerReady count. */
export function entrySizeBytes(e: Entry): number {
  let n = 1 + varintLen(e.type) + 1 + varintLen(e.term) + 1 + varintLen(e.index);
  if (e.data.length > 0) n += 1 + varintLen(e.data.length) + e.data.length;
  return n;
}

/** Payload bytes only: what the uncommitted-size limit counts (the empty entry costs nothing). */
export function payloadSizeBytes(ents: readonly Entry[]): number {
  let n = 0;
  for (const e of ents) n += e.data.length;
  return n;
}

/** Keep a prefix of `ents` whose size is within `maxSizeBytes`, but always at least one entry. */
export function limitSize(ents: Entry[], maxSizeBytes: number): Entry[] {
  if (ents.length === 0 || maxSizeBytes === Infinity) return ents;
  let size = entrySizeBytes(ents[0]!);
  let limit = 1;
  for (; limit < ents.length; limit++) {
    size += entrySizeBytes(ents[limit]!);
    if (size > maxSizeBytes) break;
  }
  return ents.slice(0, limit);
}
