import { describe, expect, it } from 'vitest';
import { formatRev, isTombstone, readAtRevision } from './mvcc';
import type { KeyIndexView } from '../../protocol/inspect';

const r = (main: number, sub = 0) => ({ main, sub });
// put a@2, put a@3, del a@5, put a@7 (current generation)
const ki: KeyIndexView = {
  key: 'a',
  modified: r(7),
  generations: [
    { ver: 3, created: r(2), revs: [r(2), r(3), r(5)] },
    { ver: 1, created: r(7), revs: [r(7)] },
  ],
};

describe('readAtRevision', () => {
  it('follows etcd keyIndex.get', () => {
    expect(readAtRevision(ki, 1, 8, -1)).toEqual({ kind: 'none' });
    expect(readAtRevision(ki, 2, 8, -1)).toEqual({ kind: 'value', rev: r(2) });
    expect(readAtRevision(ki, 4, 8, -1)).toEqual({ kind: 'value', rev: r(3) });
    expect(readAtRevision(ki, 5, 8, -1)).toEqual({ kind: 'deleted', rev: r(5) });
    expect(readAtRevision(ki, 6, 8, -1)).toEqual({ kind: 'deleted', rev: r(5) });
    expect(readAtRevision(ki, 7, 8, -1)).toEqual({ kind: 'value', rev: r(7) });
    expect(readAtRevision(ki, 0, 8, -1)).toEqual({ kind: 'value', rev: r(7) });
  });
  it('reports compacted and future revisions', () => {
    expect(readAtRevision(ki, 3, 8, 4)).toEqual({ kind: 'compacted', compactRevision: 4 });
    expect(readAtRevision(ki, 4, 8, 4)).toEqual({ kind: 'value', rev: r(3) });
    expect(readAtRevision(ki, 9, 8, -1)).toEqual({ kind: 'future', current: 8 });
  });
  it('handles a deleted key whose current generation is empty', () => {
    const dead: KeyIndexView = { key: 'b', modified: r(4), generations: [{ ver: 2, created: r(2), revs: [r(2), r(4)] }, { ver: 0, created: r(0), revs: [] }] };
    expect(readAtRevision(dead, 0, 6, -1)).toEqual({ kind: 'deleted', rev: r(4) });
    expect(isTombstone(dead, 0, 1)).toBe(true);
    expect(isTombstone(ki, 1, 0)).toBe(false);
    expect(formatRev(r(5, 1))).toBe('5.1');
  });
});
