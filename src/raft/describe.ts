// Stable one-line text for messages, entries and Readys, in the shape of etcd-io/raft's
// DescribeMessage/DescribeEntry, for golden tests, the event log and traces.
import type { ConfChange, ConfState, Entry, HardState, Message, Ready, Snapshot, SoftState } from './types';
import { ConfChangeType, EntryType, MESSAGE_TYPE_NAMES } from './types';
import { decodeConfChange } from './confChangeCodec';
import { toHex } from '../lib/bytes';

const ENTRY_TYPE_NAMES = ['EntryNormal', 'EntryConfChange', 'EntryConfChangeV2'] as const;
const STATE_TYPE_NAMES = ['StateFollower', 'StateCandidate', 'StateLeader', 'StatePreCandidate'] as const;

/** Formats an entry's payload; hosts may install one that decodes their requests. */
export type EntryFormatter = (data: Uint8Array) => string;

/** Go's %q for mostly-printable bytes, hex otherwise. */
export function defaultEntryFormatter(data: Uint8Array): string {
  let printable = true;
  for (const b of data) if (b < 0x20 || b > 0x7e) printable = false;
  if (!printable) return `0x${toHex(data)}`;
  let s = '';
  for (const b of data) {
    const c = String.fromCharCode(b);
    s += c === '"' || c === '\\' ? `\\${c}` : c;
  }
  return `"${s}"`;
}

/** etcd's compact conf-change notation: v4 (add voter), l4 (add learner), r4 (remove), u4 (update). */
export function describeConfChange(cc: ConfChange): string {
  const prefix: Record<number, string> = {
    [ConfChangeType.AddNode]: 'v',
    [ConfChangeType.AddLearnerNode]: 'l',
    [ConfChangeType.RemoveNode]: 'r',
    [ConfChangeType.UpdateNode]: 'u',
  };
  return `${prefix[cc.type] ?? 'unknown'}${cc.nodeId}`;
}

export function describeEntry(e: Entry, f: EntryFormatter = defaultEntryFormatter): string {
  let payload: string;
  if (e.type === EntryType.ConfChange) {
    try {
      payload = describeConfChange(decodeConfChange(e.data));
    } catch {
      payload = f(e.data);
    }
  } else {
    payload = f(e.data);
  }
  return `${e.term}/${e.index} ${ENTRY_TYPE_NAMES[e.type] ?? `EntryType(${e.type})`} ${payload}`;
}

export function describeEntries(ents: readonly Entry[], f: EntryFormatter = defaultEntryFormatter): string {
  return ents.map((e) => `${describeEntry(e, f)}\n`).join('');
}

function goSlice(ids: readonly number[]): string {
  return `[${ids.join(' ')}]`;
}

export function describeConfState(cs: ConfState): string {
  return `Voters:${goSlice(cs.voters)} VotersOutgoing:${goSlice(cs.votersOutgoing)} Learners:${goSlice(cs.learners)} LearnersNext:${goSlice(cs.learnersNext)} AutoLeave:${cs.autoLeave}`;
}

export function describeSnapshot(s: Snapshot): string {
  const m = s.metadata;
  return `Index:${m.index} Term:${m.term} ConfState:${describeConfState(m.confState)}`;
}

export function describeHardState(hs: HardState): string {
  return `Term:${hs.term} Vote:${hs.vote} Commit:${hs.commit}`;
}

export function describeSoftState(ss: SoftState): string {
  return `Lead:${ss.lead} State:${STATE_TYPE_NAMES[ss.raftState]}`;
}

export function describeMessage(m: Message, f: EntryFormatter = defaultEntryFormatter): string {
  let s = `${m.from}->${m.to} ${MESSAGE_TYPE_NAMES[m.type] ?? `MessageType(${m.type})`} Term:${m.term} Log:${m.logTerm}/${m.index}`;
  if (m.reject) s += ` Rejected (Hint: ${m.rejectHint})`;
  if (m.commit !== 0) s += ` Commit:${m.commit}`;
  if (m.entries.length > 0) s += ` Entries:[${m.entries.map((e) => describeEntry(e, f)).join(', ')}]`;
  if (m.snapshot && m.snapshot.metadata.index !== 0) s += ` Snapshot: ${describeSnapshot(m.snapshot)}`;
  // Not in etcd's text, but ReadIndex rounds and forced (transfer) campaigns are invisible without it.
  if (m.context && m.context.length > 0) s += ` Context:${f(m.context)}`;
  return s;
}

export function describeReady(rd: Ready, f: EntryFormatter = defaultEntryFormatter): string {
  let s = '';
  if (rd.softState) s += `${describeSoftState(rd.softState)}\n`;
  if (rd.hardState) s += `HardState ${describeHardState(rd.hardState)}\n`;
  if (rd.readStates.length > 0) {
    s += `ReadStates [${rd.readStates.map((rs) => `{${rs.index} ${f(rs.requestCtx)}}`).join(' ')}]\n`;
  }
  if (rd.entries.length > 0) s += `Entries:\n${describeEntries(rd.entries, f)}`;
  if (rd.snapshot && rd.snapshot.metadata.index !== 0) s += `Snapshot ${describeSnapshot(rd.snapshot)}\n`;
  if (rd.committedEntries.length > 0) s += `CommittedEntries:\n${describeEntries(rd.committedEntries, f)}`;
  if (rd.confState) s += `ConfState ${describeConfState(rd.confState)}\n`;
  if (rd.messages.length > 0) s += `Messages:\n${rd.messages.map((m) => `${describeMessage(m, f)}\n`).join('')}`;
  if (s.length > 0) return `Ready MustSync=${rd.mustSync}:\n${s}`;
  return '<empty Ready>';
}
