import { expect, test } from 'vitest';
import { followerRows, isComplete, leaderRows } from './writePathModel';
import type { WriteTraceView } from '../../protocol/writePath';

const trace: WriteTraceView = {
  index: 9,
  summary: 'put foo=bar',
  leader: 1,
  proposedAtMs: 100,
  steps: [
    { step: 'propose', member: 1, atMs: 100 },
    { step: 'wal-append', member: 1, atMs: 100 },
    { step: 'wal-fsync', member: 1, atMs: 103 },
    { step: 'wal-append', member: 2, atMs: 126 },
    { step: 'replicate', member: 1, peer: 3, atMs: 154 },
    { step: 'commit', member: 1, atMs: 154 },
    { step: 'apply', member: 1, atMs: 155, revision: 7 },
  ],
};

test('leader rows: the steps that happened in time order (ties in write-path order), then the awaited ones; times since propose and since the previous step', () => {
  const rows = leaderRows(trace, [2, 3]);
  expect(rows.map((r) => (r.peer ? `${r.step}:${r.peer}` : r.step))).toEqual(['propose', 'wal-append', 'wal-fsync', 'replicate:3', 'commit', 'apply', 'replicate:2', 'backend-commit']);
  expect(rows[2]).toMatchObject({ sinceProposeMs: 3, sincePrevMs: 3 });
  expect(rows[3]).toMatchObject({ sinceProposeMs: 54, sincePrevMs: 51 });
  expect(rows[4]).toMatchObject({ sinceProposeMs: 54, sincePrevMs: 0 });
  expect(rows[5]!.revision).toBe(7);
  expect(rows[6]!.atMs).toBeUndefined();
  expect(isComplete(trace)).toBe(false);
  expect(followerRows(trace, 2).map((r) => r.sinceProposeMs)).toEqual([26, undefined, undefined, undefined, undefined]);
});
