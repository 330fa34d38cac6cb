import { describe, expect, it } from 'vitest';
import { MemoryStorage } from './storage';
import { ErrCompacted, ErrSnapOutOfDate, ErrUnavailable } from './errors';
import { newEntry } from './messages';
import type { Entry } from './types';

const ent = (index: number, term: number): Entry => newEntry({ index, term });
const terms = (es: Entry[]) => es.map((e) => `${e.index}@${e.term}`);

function storageWith(es: Entry[]): MemoryStorage {
  const s = new MemoryStorage();
  s.append(es);
  return s;
}

describe('MemoryStorage', () => {
  it('starts empty with a dummy entry at 0', () => {
    const s = new MemoryStorage();
    expect(s.firstIndex()).toBe(1);
    expect(s.lastIndex()).toBe(0);
    expect(s.term(0)).toBe(0);
    expect(() => s.entries(1, 1, Infinity)).toThrow(ErrUnavailable);
  });

  it('term: compacted below the dummy, unavailable past the end', () => {
    const s = storageWith([ent(1, 1), ent(2, 2), ent(3, 3)]);
    s.compact(1);
    expect(() => s.term(0)).toThrow(ErrCompacted);
    expect(s.term(1)).toBe(1);
    expect(s.term(3)).toBe(3);
    expect(() => s.term(4)).toThrow(ErrUnavailable);
  });

  it('entries: range, compaction and size limit (always at least one)', () => {
    const s = storageWith([ent(1, 1), ent(2, 1), ent(3, 2), ent(4, 2)]);
    expect(terms(s.entries(2, 4, Infinity))).toEqual(['2@1', '3@2']);
    expect(terms(s.entries(2, 5, 0))).toEqual(['2@1']);
    s.compact(2);
    expect(() => s.entries(2, 3, Infinity)).toThrow(ErrCompacted);
    expect(s.firstIndex()).toBe(3);
  });

  it('append truncates a conflicting suffix and ignores compacted entries', () => {
    const s = storageWith([ent(1, 1), ent(2, 1), ent(3, 1)]);
    s.append([ent(2, 2)]);
    expect(terms(s.entries(1, 3, Infinity))).toEqual(['1@1', '2@2']);
    expect(s.lastIndex()).toBe(2);
    s.compact(1);
    s.append([ent(1, 1), ent(2, 2), ent(3, 2)]);
    expect(terms(s.entries(2, 4, Infinity))).toEqual(['2@2', '3@2']);
    expect(() => s.append([ent(6, 2)])).toThrow(/missing log entry/);
  });

  it('createSnapshot, compact and applySnapshot', () => {
    const s = storageWith([ent(1, 1), ent(2, 1), ent(3, 2)]);
    const cs = { voters: [1, 2, 3], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
    const snap = s.createSnapshot(2, cs, new Uint8Array([7]));
    expect(snap.metadata).toMatchObject({ index: 2, term: 1 });
    expect(() => s.createSnapshot(2, cs)).toThrow(ErrSnapOutOfDate);
    s.compact(2);
    expect(s.firstIndex()).toBe(3);
    const t = new MemoryStorage();
    t.applySnapshot(snap);
    expect(t.firstIndex()).toBe(3);
    expect(t.lastIndex()).toBe(2);
    expect(t.term(2)).toBe(1);
    expect(t.initialState().confState.voters).toEqual([1, 2, 3]);
    expect(() => t.applySnapshot(snap)).toThrow(ErrSnapOutOfDate);
  });
});
