import { describe, expect, it } from 'vitest';
import { columnX, headerTicks, isVisible, logColumns } from './logGrid';

describe('logColumns', () => {
  it('is empty when no member has entries', () => {
    const c = logColumns([{ firstIndex: 1, lastIndex: 0 }], { width: 500 });
    expect(c.last).toBeLessThan(c.first);
  });
  it('shows everything when it fits, with wider cells', () => {
    const c = logColumns(
      [
        { firstIndex: 1, lastIndex: 5 },
        { firstIndex: 1, lastIndex: 7 },
      ],
      { width: 520, minCellWidth: 26, maxCellWidth: 40 },
    );
    expect([c.first, c.last]).toEqual([1, 7]);
    expect(c.cellWidth).toBe(40);
  });
  it('follows the newest entry of any member when space runs out', () => {
    const c = logColumns(
      [
        { firstIndex: 1, lastIndex: 100 },
        { firstIndex: 1, lastIndex: 90 },
      ],
      { width: 260, minCellWidth: 26 },
    );
    expect(c.capacity).toBe(10);
    expect([c.first, c.last]).toEqual([91, 100]);
    expect(columnX(c, 91)).toBe(0);
    expect(columnX(c, 92)).toBe(c.cellWidth);
    expect(isVisible(c, 90)).toBe(false);
  });
  it('can be pinned to an earlier window', () => {
    const c = logColumns([{ firstIndex: 1, lastIndex: 100 }], { width: 260, minCellWidth: 26, pinnedLast: 20 });
    expect([c.first, c.last]).toEqual([11, 20]);
  });
  it('never starts before the oldest entry shown', () => {
    const c = logColumns([{ firstIndex: 40, lastIndex: 44 }], { width: 1000 });
    expect(c.first).toBe(40);
  });
});

describe('headerTicks', () => {
  it('labels every column when wide and every fifth when narrow', () => {
    expect(headerTicks({ first: 1, last: 4, cellWidth: 32, capacity: 10 })).toEqual([1, 2, 3, 4]);
    expect(headerTicks({ first: 3, last: 17, cellWidth: 24, capacity: 20 })).toEqual([3, 5, 10, 15, 17]);
  });
});
