import { describe, expect, test } from 'vitest';
import { KIND_STYLE, cellAt, commitsSince, gridGeometry, kindCounts, moveSelection, MAX_CELL, MIN_CELL } from './pageGrid';
import { PAGE_KINDS } from '../../protocol/inspect';

describe('page map layout', () => {
  test('few pages get big cells with letters; thousands shrink to fit; the grid never overflows its width', () => {
    const small = gridGeometry(5, 400, 200);
    expect(small.cell).toBe(MAX_CELL);
    expect(small.letters).toBe(true);
    const big = gridGeometry(2600, 560, 300);
    expect(big.cell).toBeLessThan(10);
    expect(big.rows * (big.cell + big.gap) - big.gap).toBeLessThanOrEqual(300);
    for (const g of [small, big]) expect(g.cols * (g.cell + g.gap) - g.gap).toBeLessThanOrEqual(g.cols === 1 ? Infinity : 560);
    const huge = gridGeometry(500_000, 560, 300);
    expect(huge.cell).toBe(MIN_CELL); // scrolls
  });

  test('hit testing and keyboard moves agree with the layout', () => {
    const g = gridGeometry(100, 200, 200);
    const pitch = g.cell + g.gap;
    expect(cellAt(g, 0, 0, 100)).toBe(0);
    expect(cellAt(g, pitch * 2 + 1, pitch + 1, 100)).toBe(g.cols + 2);
    expect(cellAt(g, g.cell + 0.5, 0, 100)).toBeNull(); // in the gap
    expect(moveSelection('ArrowRight', 0, 100, 10)).toBe(1);
    expect(moveSelection('ArrowLeft', 0, 100, 10)).toBe(0);
    expect(moveSelection('ArrowDown', 3, 100, 10)).toBe(13);
    expect(moveSelection('ArrowDown', 95, 100, 10)).toBe(95);
    expect(moveSelection('ArrowUp', 13, 100, 10)).toBe(3);
    expect(moveSelection('End', 3, 100, 10)).toBe(99);
    expect(moveSelection('Home', 50, 100, 10)).toBe(0);
    expect(moveSelection('x', 5, 100, 10)).toBeNull();
  });

  test('every kind has a distinct pattern+letter pair, so colour is never the only cue', () => {
    const pairs = PAGE_KINDS.map((k) => `${KIND_STYLE[k].pattern}/${KIND_STYLE[k].letter}`);
    expect(new Set(pairs).size).toBe(PAGE_KINDS.length);
    expect(new Set(PAGE_KINDS.map((k) => KIND_STYLE[k].letter)).size).toBe(PAGE_KINDS.length);
  });

  test('commitsSince collects the footprint of commits not shown yet; a defrag (txids restart) counts as new', () => {
    const commits = [
      { txid: 5, written: [[10, 2]] as Array<[number, number]>, freed: [3], metaPgid: 1 as const, highWaterPgid: 20 },
      { txid: 6, written: [[12, 1]] as Array<[number, number]>, freed: [10], metaPgid: 0 as const, highWaterPgid: 20 },
    ];
    expect([...commitsSince(commits, 5).written]).toEqual([12]);
    expect([...commitsSince(commits, 5).freed]).toEqual([10]);
    expect(commitsSince(commits, null).written.size).toBe(0); // first look: nothing flashes
    expect([...commitsSince(commits, 40).written].sort()).toEqual([10, 11, 12]);
    expect(kindCounts(new Uint8Array([0, 0, 3, 5]))).toMatchObject({ meta: 2, leaf: 1, free: 1, branch: 0 });
  });
});
