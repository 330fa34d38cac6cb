import { describe, expect, it } from 'vitest';
import { MemoryStorage } from './storage';
import { RaftLog } from './log';
import { newEntry } from './messages';
import type { Entry } from './types';

const ent = (index: number, term: number): Entry => newEntry({ index, term });
const terms = (es: Entry[]) => es.map((e) => `${e.index}@${e.term}`);

function logWith(stable: Entry[], unstable: Entry[] = []): RaftLog {
  const s = new MemoryStorage();
  s.append(stable);
  const l = new RaftLog(s);
  l.append(unstable);
  return l;
}

describe('raftLog', () => {
  it('findConflict returns the first index whose term differs, or 0', () => {
    const l = logWith([ent(1, 1), ent(2, 2), ent(3, 3)]);
    expect(l.findConflict([])).toBe(0);
    expect(l.findConflict([ent(1, 1), ent(2, 2)])).toBe(0);
    expect(l.findConflict([ent(2, 2), ent(3, 3), ent(4, 4)])).toBe(4);
    expect(l.findConflict([ent(2, 1), ent(3, 4)])).toBe(2);
  });

  it('maybeAppend rejects on log mismatch and truncates a conflicting uncommitted suffix', () => {
    const l = logWith([ent(1, 1), ent(2, 2), ent(3, 3)]);
    l.commitTo(1);
    expect(l.maybeAppend(3, 2, 3, [ent(4, 4)])).toBeUndefined();
    expect(l.maybeAppend(1, 1, 3, [ent(2, 4)])).toBe(2);
    expect(terms(l.allEntries())).toEqual(['1@1', '2@4']);
    // Commit never passes the last entry the leader vouched for.
    expect(l.committed).toBe(2);
  });

  it('maybeAppend never truncates committed entries', () => {
    const l = logWith([ent(1, 1), ent(2, 2)]);
    l.commitTo(2);
    expect(() => l.maybeAppend(1, 1, 2, [ent(2, 3)])).toThrow(/conflict with committed/);
  });

  it('findConflictByTerm skips entries above the given term', () => {
    const l = logWith([ent(1, 1), ent(2, 2), ent(3, 2), ent(4, 5), ent(5, 5)]);
    expect(l.findConflictByTerm(5, 3)).toBe(3);
    expect(l.findConflictByTerm(5, 5)).toBe(5);
    expect(l.findConflictByTerm(5, 1)).toBe(1);
    expect(l.findConflictByTerm(9, 1)).toBe(9);
  });

  it('isUpToDate compares last term, then last index', () => {
    const l = logWith([ent(1, 1), ent(2, 2)]);
    expect(l.isUpToDate(1, 3)).toBe(true);
    expect(l.isUpToDate(2, 2)).toBe(true);
    expect(l.isUpToDate(1, 2)).toBe(false);
    expect(l.isUpToDate(5, 1)).toBe(false);
  });

  it('maybeCommit only commits entries of the given term', () => {
    const l = logWith([ent(1, 1), ent(2, 2)]);
    expect(l.maybeCommit(2, 3)).toBe(false);
    expect(l.maybeCommit(2, 2)).toBe(true);
    expect(l.committed).toBe(2);
  });

  it('unstable entries become stable with stableTo and slices span both', () => {
    const l = logWith([ent(1, 1), ent(2, 1)], [ent(3, 2), ent(4, 2)]);
    expect(terms(l.unstableEntries())).toEqual(['3@2', '4@2']);
    expect(terms(l.slice(2, 5, Infinity))).toEqual(['2@1', '3@2', '4@2']);
    l.stableTo(3, 2);
    expect(terms(l.unstableEntries())).toEqual(['4@2']);
    // A stale stableTo (term mismatch) is ignored.
    l.stableTo(4, 9);
    expect(terms(l.unstableEntries())).toEqual(['4@2']);
  });

  it('nextEnts returns committed but unapplied entries', () => {
    const l = logWith([ent(1, 1), ent(2, 1), ent(3, 1)]);
    l.commitTo(2);
    expect(terms(l.nextEnts())).toEqual(['1@1', '2@1']);
    l.appliedTo(2);
    expect(l.hasNextEnts()).toBe(false);
  });
});
