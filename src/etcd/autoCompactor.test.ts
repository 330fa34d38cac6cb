import { describe, expect, test } from 'vitest';
import { AutoCompactionError, PeriodicCompactor, REVISION_MODE_INTERVAL_MS, RevisionCompactor, newAutoCompactor, parseRetention } from './autoCompactor';

describe("etcd 3.4's auto-compaction retention flag", () => {
  test('periodic: a Go duration, or a bare number of hours; revision: a count', () => {
    expect(parseRetention('periodic', '10s')).toBe(10_000);
    expect(parseRetention('periodic', '1h30m')).toBe(5_400_000);
    expect(parseRetention('periodic', '2')).toBe(7_200_000);
    expect(parseRetention('revision', '1000')).toBe(1000);
    expect(() => parseRetention('revision', '10m')).toThrow(AutoCompactionError);
    expect(() => parseRetention('periodic', 'soon')).toThrow(/invalid auto compaction retention/);
    expect(newAutoCompactor('periodic', '0', 1)).toBeNull();
    expect(newAutoCompactor(undefined, undefined, 1)).toBeNull();
  });
});

/** Runs a compactor for `ms` of 100 ms ticks; the revision grows by one per tick; returns compactions as [atMs, rev]. */
function drive(c: { tick: PeriodicCompactor['tick']; done: PeriodicCompactor['done'] }, ms: number, leader: (t: number) => boolean = () => true): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let t = 100; t <= ms; t += 100) {
    const due = c.tick(100, leader(t), t / 100);
    if (due) {
      out.push([t, due.revision]);
      c.done(true);
    }
  }
  return out;
}

describe('periodic mode (compactor/periodic.go)', () => {
  test('first compaction after one period, at the revision recorded a period ago; then every period', () => {
    // retention 10 s: revisions sampled every 1 s, the oldest kept is 10 s old
    const c = new PeriodicCompactor(10_000, 0, '10s');
    const got = drive(c, 30_000);
    expect(got).toEqual([
      [10_000, 0],
      [20_000, 90],
      [30_000, 190],
    ]);
  });

  test('a follower records but does not compact; once it leads, it compacts what is due', () => {
    const c = new PeriodicCompactor(10_000, 0, '10s');
    const got = drive(c, 20_000, (t) => t > 15_000);
    expect(got).toEqual([[16_000, 50]]);
  });

  test('a period over an hour compacts hourly, sampling every 6 minutes', () => {
    const c = new PeriodicCompactor(2 * 3_600_000, 0, '2h0m0s');
    const got = drive(c, 4 * 3_600_000);
    expect(got.map(([t]) => t / 3_600_000)).toEqual([2, 3, 4]);
  });
});

describe('revision mode (compactor/revision.go)', () => {
  test('every 5 minutes, at current − retention; never the same revision twice', () => {
    const c = new RevisionCompactor(1000);
    const got = drive(c, 3 * REVISION_MODE_INTERVAL_MS);
    // revision = t/100: 3000 at 5 min, 6000 at 10 min, 9000 at 15 min
    expect(got).toEqual([
      [REVISION_MODE_INTERVAL_MS, 2000],
      [2 * REVISION_MODE_INTERVAL_MS, 5000],
      [3 * REVISION_MODE_INTERVAL_MS, 8000],
    ]);
    const idle = new RevisionCompactor(10);
    let n = 0;
    for (let t = 0; t < 3 * REVISION_MODE_INTERVAL_MS; t += 100) if (idle.tick(100, true, 50)) (n++, idle.done(true));
    expect(n).toBe(1);
  });
});
