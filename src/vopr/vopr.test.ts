// The simulator as a CI test: a batch of seeds with zero violations, each seed's two runs with
// identical traces, every fault counter non-zero over the batch (so the faults provably fired),
// and a broken host that the simulator must catch.
import { describe, expect, it } from 'vitest';
import { MUST_FIRE, addCounters, zeroCounters } from './counters';
import { replayCommand, runSeed, runSeedTwice } from './simulator';

const SEEDS = 240;
const CHUNK = 40;
// Generous: each chunk takes a few seconds alone, but CI machines are shared.
const CHUNK_TIMEOUT_MS = 120_000;

describe('vopr: raft under swarm-random faults', () => {
  const totals = zeroCounters();
  let ran = 0;

  for (let start = 1; start <= SEEDS; start += CHUNK) {
    it(`seeds ${start}..${start + CHUNK - 1}: no violations, same trace twice`, () => {
      const failures: string[] = [];
      for (let s = start; s < start + CHUNK; s++) {
        const r = runSeedTwice(s);
        addCounters(totals, r.counters);
        ran++;
        for (const v of r.violations) failures.push(`seed ${s}: ${v.kind}: ${v.detail.split('\n')[0]} (${replayCommand(s)})`);
      }
      expect(failures).toEqual([]);
    }, CHUNK_TIMEOUT_MS);
  }

  it('every fault and path fired over the batch', () => {
    expect(ran).toBe(SEEDS);
    const silent = MUST_FIRE.filter((k) => totals[k] === 0);
    expect(silent).toEqual([]);
  });

  it('a seed replays exactly, and different seeds differ', () => {
    const a = runSeed(7);
    const b = runSeed(7);
    expect(b.hash).toBe(a.hash);
    expect(b.counters).toEqual(a.counters);
    expect(runSeed(8).hash).not.toBe(a.hash);
  });

  it('catches a host that sends before its write is durable', () => {
    // With crashes frequent and fsyncs slow, losing acked votes and entries must show up quickly.
    let caught = 0;
    for (let s = 1; s <= 30; s++) {
      const r = runSeed(s, {
        mutation: 'send-before-durable',
        tweak: (p) => {
          p.crashEveryMs = 1000;
          p.diskSpikeRate = 0.2;
        },
      });
      if (r.violations.length > 0) caught++;
    }
    expect(caught).toBeGreaterThan(0);
  }, CHUNK_TIMEOUT_MS);
});
