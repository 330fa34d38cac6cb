import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMNS, canMove, defaultColumns, dropInColumn, dropOn, move, parseColumns, type Columns } from './arrange';

describe('move', () => {
  it('swaps with the neighbour above or below and stays put at the ends', () => {
    const c = defaultColumns();
    expect(move(c, 'side', 'up')).toEqual([['cluster', 'members'], ['side', 'log', 'console']]);
    expect(move(c, 'side', 'down')).toEqual([['cluster', 'members'], ['log', 'console', 'side']]);
    expect(move(c, 'log', 'up')).toBe(c);
    expect(canMove(c, 'members', 'down')).toBe(false);
  });
  it('changes column at the same height among shown panels', () => {
    const c = defaultColumns();
    expect(move(c, 'console', 'left')).toEqual([['cluster', 'members', 'console'], ['log', 'side']]);
    expect(move(c, 'members', 'right')).toEqual([['cluster'], ['log', 'members', 'side', 'console']]);
    expect(move(c, 'cluster', 'left')).toBe(c);
    // With the log hidden, the side panel counts as the first shown panel of the right column.
    const shown = (id: string) => id !== 'log';
    expect(move(c, 'cluster', 'right', shown)).toEqual([['members'], ['log', 'cluster', 'side', 'console']]);
  });
  it('skips hidden panels when moving up or down', () => {
    const c = defaultColumns();
    expect(move(c, 'console', 'up', (id) => id !== 'side')).toEqual([['cluster', 'members'], ['console', 'side', 'log']]);
  });
});

describe('drag and drop', () => {
  it('puts a panel before or after the target', () => {
    const c = defaultColumns();
    expect(dropOn(c, 'console', 'cluster', false)).toEqual([['console', 'cluster', 'members'], ['log', 'side']]);
    expect(dropOn(c, 'log', 'console', true)).toEqual([['cluster', 'members'], ['side', 'console', 'log']]);
    expect(dropOn(c, 'log', 'log', true)).toBe(c);
  });
  it('drops at the bottom of a column, even an empty one', () => {
    const c: Columns = [['cluster'], ['log', 'side', 'console', 'members']];
    const empty = dropInColumn(c, 'cluster', 1);
    expect(empty).toEqual([[], ['log', 'side', 'console', 'members', 'cluster']]);
    expect(dropInColumn(empty, 'side', 0)).toEqual([['side'], ['log', 'console', 'members', 'cluster']]);
  });
});

describe('parseColumns', () => {
  it('reads what was stored and falls back to the default on anything odd', () => {
    expect(parseColumns(JSON.stringify([['log'], ['cluster', 'members', 'side', 'console']]))).toEqual([['log'], ['cluster', 'members', 'side', 'console']]);
    expect(parseColumns(null)).toEqual(DEFAULT_COLUMNS);
    expect(parseColumns('nope')).toEqual(DEFAULT_COLUMNS);
    expect(parseColumns(JSON.stringify([['log', 'log'], []]))).toEqual(DEFAULT_COLUMNS);
    expect(parseColumns(JSON.stringify([['bogus'], []]))).toEqual(DEFAULT_COLUMNS);
  });
  it('adds panels missing from an older arrangement to their default column', () => {
    expect(parseColumns(JSON.stringify([['members'], ['cluster', 'log']]))).toEqual([['members'], ['cluster', 'log', 'side', 'console']]);
  });
});
