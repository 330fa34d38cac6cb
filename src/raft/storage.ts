// Storage: the stable part of the raft log, as etcd-io/raft's Storage interface and MemoryStorage.
// The host appends what each Ready persisted, so MemoryStorage mirrors the WAL in memory.
import type { ConfState, Entry, HardState, Snapshot } from './types';
import { ErrCompacted, ErrSnapOutOfDate, ErrUnavailable } from './errors';
import { emptyConfState, emptySnapshot, isEmptyConfState, limitSize, newEntry } from './messages';
import { assert } from '../lib/assert';
import { EMPTY } from '../lib/bytes';

export interface InitialState {
  hardState: HardState;
  /** The membership; empty for a node that has never been configured. */
  confState: ConfState;
}

/** What the raft core reads from stable storage. Methods throw ErrCompacted / ErrUnavailable as etcd's return them. */
export interface Storage {
  initialState(): InitialState;
  /** Entries in [lo, hi), limited to `maxSizeBytes` (always at least one entry). */
  entries(lo: number, hi: number, maxSizeBytes: number): Entry[];
  term(i: number): number;
  lastIndex(): number;
  /** Index of the first entry that may still be read (older ones are compacted into the snapshot). */
  firstIndex(): number;
  snapshot(): Snapshot;
}

function cloneConfState(cs: ConfState): ConfState {
  return {
    voters: [...cs.voters],
    learners: [...cs.learners],
    votersOutgoing: [...cs.votersOutgoing],
    learnersNext: [...cs.learnersNext],
    autoLeave: cs.autoLeave,
  };
}

export class MemoryStorage implements Storage {
  private hardStateValue: HardState = { term: 0, vote: 0, commit: 0 };
  private snap: Snapshot = emptySnapshot();
  /** Latest membership: from the last applySnapshot, or set by the host / bootstrap (setConfState). */
  private confStateValue: ConfState = emptyConfState();
  /** ents[0] is a dummy entry at the snapshot (compacted) index carrying its term, so term(snapIndex) works. */
  private ents: Entry[] = [newEntry({})];

  initialState(): InitialState {
    return { hardState: { ...this.hardStateValue }, confState: cloneConfState(this.confStateValue) };
  }

  setHardState(hs: HardState): void {
    this.hardStateValue = { ...hs };
  }

  /** Remember the membership (bootstrap, applied conf changes) so a restart knows its voters. */
  setConfState(cs: ConfState): void {
    this.confStateValue = cloneConfState(cs);
  }

  hasConfState(): boolean {
    return !isEmptyConfState(this.confStateValue);
  }

  entries(lo: number, hi: number, maxSizeBytes: number): Entry[] {
    const offset = this.ents[0]!.index;
    if (lo <= offset) throw new ErrCompacted();
    assert(hi <= this.lastIndex() + 1, () => `entries' hi(${hi}) is out of bound lastindex(${this.lastIndex()})`);
    // Only the dummy entry: nothing is readable.
    if (this.ents.length === 1) throw new ErrUnavailable();
    return limitSize(this.ents.slice(lo - offset, hi - offset), maxSizeBytes);
  }

  term(i: number): number {
    const offset = this.ents[0]!.index;
    if (i < offset) throw new ErrCompacted();
    if (i - offset >= this.ents.length) throw new ErrUnavailable();
    return this.ents[i - offset]!.term;
  }

  lastIndex(): number {
    return this.ents[0]!.index + this.ents.length - 1;
  }

  firstIndex(): number {
    return this.ents[0]!.index + 1;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /** Replace the whole log with a snapshot (a follower receiving MsgSnap). */
  applySnapshot(snap: Snapshot): void {
    if (this.snap.metadata.index >= snap.metadata.index) throw new ErrSnapOutOfDate();
    this.snap = snap;
    this.ents = [newEntry({ term: snap.metadata.term, index: snap.metadata.index })];
    this.confStateValue = cloneConfState(snap.metadata.confState);
  }

  /** Make a snapshot at applied index `i` holding the state machine image `data`. */
  createSnapshot(i: number, cs: ConfState | undefined, data: Uint8Array = EMPTY): Snapshot {
    if (i <= this.snap.metadata.index) throw new ErrSnapOutOfDate();
    const offset = this.ents[0]!.index;
    assert(i <= this.lastIndex(), () => `snapshot ${i} is out of bound lastindex(${this.lastIndex()})`);
    const confState = cloneConfState(cs ?? this.confStateValue);
    this.snap = { data, metadata: { index: i, term: this.ents[i - offset]!.term, confState } };
    return this.snap;
  }

  /** Discard entries up to `compactIndex`; the entry at compactIndex becomes the new dummy. */
  compact(compactIndex: number): void {
    const offset = this.ents[0]!.index;
    if (compactIndex <= offset) throw new ErrCompacted();
    assert(compactIndex <= this.lastIndex(), () => `compact ${compactIndex} is out of bound lastindex(${this.lastIndex()})`);
    const i = compactIndex - offset;
    const dummy = newEntry({ index: this.ents[i]!.index, term: this.ents[i]!.term });
    this.ents = [dummy, ...this.ents.slice(i + 1)];
  }

  /** Append entries, replacing any existing suffix they conflict with. They must be contiguous with the log. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    const last = entries[0]!.index + entries.length - 1;
    // Everything given is already compacted away.
    if (last < first) return;
    let ents = entries;
    if (first > entries[0]!.index) ents = entries.slice(first - entries[0]!.index);
    const offset = ents[0]!.index - this.ents[0]!.index;
    assert(offset <= this.ents.length, () => `missing log entry [last: ${this.lastIndex()}, append at: ${ents[0]!.index}]`);
    // Truncate the conflicting suffix in place, then append (no copy of the kept prefix).
    this.ents.length = offset;
    for (const e of ents) this.ents.push(e);
  }
}
