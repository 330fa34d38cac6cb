// raftLog: the whole log as raft sees it = stable storage + the unstable tail, plus the
// committed and applied cursors. Invariant: applied <= committed <= lastIndex.
import type { Entry, Snapshot } from './types';
import type { Storage } from './storage';
import { Unstable } from './logUnstable';
import { ErrCompacted, ErrUnavailable } from './errors';
import { limitSize } from './messages';
import { assert } from '../lib/assert';

export class RaftLog {
  readonly storage: Storage;
  readonly unstable: Unstable;
  /** Highest index known to be stored on a quorum. */
  committed: number;
  /** Highest index the host has applied to its state machine. */
  applied: number;
  /** Cap on the bytes of committed entries handed out per Ready. */
  readonly maxNextEntsSizeBytes: number;

  constructor(storage: Storage, maxNextEntsSizeBytes = Infinity) {
    this.storage = storage;
    this.maxNextEntsSizeBytes = maxNextEntsSizeBytes;
    const firstIndex = storage.firstIndex();
    const lastIndex = storage.lastIndex();
    this.unstable = new Unstable(lastIndex + 1);
    // Everything up to the snapshot is committed and applied by definition.
    this.committed = firstIndex - 1;
    this.applied = firstIndex - 1;
  }

  toString(): string {
    return `committed=${this.committed}, applied=${this.applied}, unstable.offset=${this.unstable.offset}, len(unstable.Entries)=${this.unstable.entries.length}`;
  }

  /**
   * The follower side of AppendEntries: if our entry at `index` has `logTerm`, splice in `ents`
   * (truncating a conflicting uncommitted suffix) and advance commit. Returns the index of the last
   * new entry, or undefined when the log-matching check fails.
   */
  maybeAppend(index: number, logTerm: number, committed: number, ents: readonly Entry[]): number | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNewIndex = index + ents.length;
    const ci = this.findConflict(ents);
    if (ci !== 0) {
      assert(ci > this.committed, () => `entry ${ci} conflict with committed entry [committed(${this.committed})]`);
      this.append(ents.slice(ci - (index + 1)));
    }
    // Only what the leader sent is known to match: never commit past lastNewIndex.
    this.commitTo(Math.min(committed, lastNewIndex));
    return lastNewIndex;
  }

  append(ents: readonly Entry[]): number {
    if (ents.length === 0) return this.lastIndex();
    const after = ents[0]!.index - 1;
    assert(after >= this.committed, () => `after(${after}) is out of range [committed(${this.committed})]`);
    this.unstable.truncateAndAppend(ents);
    return this.lastIndex();
  }

  /**
   * The index of the first entry in `ents` whose term differs from ours (or that we lack), or 0 if
   * all of them are already in the log. Entries must be contiguous.
   */
  findConflict(ents: readonly Entry[]): number {
    for (const e of ents) {
      if (!this.matchTerm(e.index, e.term)) return e.index;
    }
    return 0;
  }

  /**
   * The largest index <= `index` whose term is <= `term`. Used on both sides of a rejected MsgApp
   * to skip a whole term of divergent entries per round trip instead of one entry.
   */
  findConflictByTerm(index: number, term: number): number {
    if (index > this.lastIndex()) return index;
    for (;;) {
      let logTerm: number;
      try {
        logTerm = this.term(index);
      } catch {
        break;
      }
      if (logTerm <= term) break;
      index--;
    }
    return index;
  }

  unstableEntries(): Entry[] {
    return this.unstable.entries.length === 0 ? [] : [...this.unstable.entries];
  }

  /** Committed entries not yet applied (size-limited). */
  nextEnts(): Entry[] {
    const off = Math.max(this.applied + 1, this.firstIndex());
    if (this.committed + 1 > off) return this.slice(off, this.committed + 1, this.maxNextEntsSizeBytes);
    return [];
  }

  hasNextEnts(): boolean {
    return this.committed + 1 > Math.max(this.applied + 1, this.firstIndex());
  }

  hasPendingSnapshot(): boolean {
    return this.unstable.snapshot !== undefined && this.unstable.snapshot.metadata.index !== 0;
  }

  snapshot(): Snapshot {
    return this.unstable.snapshot ?? this.storage.snapshot();
  }

  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  commitTo(toCommit: number): void {
    // Never decrease commit: a stale leader's MsgHeartbeat may carry a lower one.
    if (this.committed < toCommit) {
      assert(this.lastIndex() >= toCommit, () => `tocommit(${toCommit}) is out of range [lastIndex(${this.lastIndex()})]`);
      this.committed = toCommit;
    }
  }

  appliedTo(i: number): void {
    if (i === 0) return;
    assert(this.committed >= i && i >= this.applied, () => `applied(${i}) is out of range [prevApplied(${this.applied}), committed(${this.committed})]`);
    this.applied = i;
  }

  stableTo(i: number, t: number): void {
    this.unstable.stableTo(i, t);
  }

  stableSnapTo(i: number): void {
    this.unstable.stableSnapTo(i);
  }

  lastTerm(): number {
    return this.term(this.lastIndex());
  }

  /**
   * Term of entry i. Returns 0 for indexes outside [firstIndex-1, lastIndex]; throws ErrCompacted
   * or ErrUnavailable when storage no longer (or not yet) has it.
   */
  term(i: number): number {
    const dummyIndex = this.firstIndex() - 1;
    if (i < dummyIndex || i > this.lastIndex()) return 0;
    const t = this.unstable.maybeTerm(i);
    if (t !== undefined) return t;
    return this.storage.term(i);
  }

  /** Entries from i to the end, limited to `maxSizeBytes`. Throws ErrCompacted if i is compacted. */
  entries(i: number, maxSizeBytes: number): Entry[] {
    if (i > this.lastIndex()) return [];
    return this.slice(i, this.lastIndex() + 1, maxSizeBytes);
  }

  allEntries(): Entry[] {
    try {
      return this.entries(this.firstIndex(), Infinity);
    } catch (e) {
      // A racing compaction: try again.
      if (e instanceof ErrCompacted) return this.allEntries();
      throw e;
    }
  }

  /** The vote up-to-date check (§5.4.1): is a candidate's (lastIndex, term) at least as new as ours? */
  isUpToDate(lastIndex: number, term: number): boolean {
    const ourTerm = this.lastTerm();
    return term > ourTerm || (term === ourTerm && lastIndex >= this.lastIndex());
  }

  matchTerm(i: number, term: number): boolean {
    try {
      return this.term(i) === term;
    } catch {
      return false;
    }
  }

  /** Commit maxIndex only if it is from `term` (the leader's current term): Raft's Figure 8 rule. */
  maybeCommit(maxIndex: number, term: number): boolean {
    if (maxIndex > this.committed && this.zeroTermOnErrCompacted(maxIndex) === term) {
      this.commitTo(maxIndex);
      return true;
    }
    return false;
  }

  restore(s: Snapshot): void {
    this.committed = s.metadata.index;
    this.unstable.restore(s);
  }

  /** Entries in [lo, hi) from storage and/or unstable. Throws ErrCompacted if lo is compacted. */
  slice(lo: number, hi: number, maxSizeBytes: number): Entry[] {
    this.mustCheckOutOfBounds(lo, hi);
    if (lo === hi) return [];
    let ents: Entry[] = [];
    const uoff = this.unstable.offset;
    if (lo < uoff) {
      let stored: Entry[];
      try {
        stored = this.storage.entries(lo, Math.min(hi, uoff), maxSizeBytes);
      } catch (e) {
        if (e instanceof ErrUnavailable) throw new Error(`entries[${lo}:${Math.min(hi, uoff)}) is unavailable from storage`);
        throw e;
      }
      // Storage hit the size limit: no room for unstable entries.
      if (stored.length < Math.min(hi, uoff) - lo) return stored;
      ents = stored;
    }
    if (hi > uoff) {
      const u = this.unstable.slice(Math.max(lo, uoff), hi);
      ents = ents.length > 0 ? [...ents, ...u] : u;
    }
    return limitSize(ents, maxSizeBytes);
  }

  zeroTermOnErrCompacted(i: number): number {
    try {
      return this.term(i);
    } catch (e) {
      if (e instanceof ErrCompacted) return 0;
      throw e;
    }
  }

  private mustCheckOutOfBounds(lo: number, hi: number): void {
    assert(lo <= hi, () => `invalid slice ${lo} > ${hi}`);
    const fi = this.firstIndex();
    if (lo < fi) throw new ErrCompacted();
    const length = this.lastIndex() + 1 - fi;
    assert(hi <= fi + length, () => `slice[${lo},${hi}) out of bound [${fi},${this.lastIndex()}]`);
  }
}
