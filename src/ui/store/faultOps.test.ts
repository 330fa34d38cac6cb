import { describe, expect, it } from 'vitest';
import { drawnGroups, moveToGroup, nextGroupIndex } from './faultOps';

describe('partition groups in the UI', () => {
  it('no partition: everyone in one group; a partition: its groups, the unnamed members together', () => {
    expect(drawnGroups(undefined, [1, 2, 3])).toEqual([[1, 2, 3]]);
    expect(drawnGroups({ groups: [[1]], isolated: [], cuts: [], links: [], defaultLink: { latencyMs: 0, jitterMs: 0, lossPct: 0 }, disks: [] }, [1, 2, 3])).toEqual([[1], [2, 3]]);
  });

  it('moving a member: into another group, or into a new one; empty groups vanish', () => {
    expect(moveToGroup([[1, 2, 3]], 1, 1)).toEqual([[2, 3], [1]]);
    expect(moveToGroup([[1], [2, 3]], 1, 1)).toEqual([[1, 2, 3]]);
    expect(moveToGroup([[1], [2, 3]], 3, 0)).toEqual([[1, 3], [2]]);
  });

  it('G walks through the other groups and a new one, never a no-op split', () => {
    expect(nextGroupIndex([[1, 2, 3]], 2)).toBe(1); // a new group
    expect(nextGroupIndex([[2, 3], [1]], 1)).toBe(0); // alone: back into the first group
    expect(nextGroupIndex([[1, 2], [3]], 1)).toBe(1);
  });
});
