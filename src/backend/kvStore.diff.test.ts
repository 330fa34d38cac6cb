// The KV store on the bolt backend must be indistinguishable from the KV store on MemBackend:
// same responses and errors for thousands of seeded random puts/deletes/txns/ranges/compactions,
// and the same records after a reopen from the pages the host persisted.

import { describe, expect, test } from 'vitest';
import { Prng } from '../lib/prng';
import { KVStore, MemBackend } from '../mvcc';
import { Backend } from './backend';
import { BoltMvccBackend } from './mvccBackend';
import { MemPageStore } from './pageStore';
import { Workload, dump, run } from './workload.testkit';

function differential(seed: number, steps: number, batchLimit: number): void {
  const rnd = new Prng(seed);
  const w = new Workload(rnd.fork('ops'));
  const memBackend = new MemBackend();
  const mem = new KVStore({ backend: memBackend });
  const disk = new MemPageStore();
  let be = Backend.create({ batchLimit });
  disk.persistAll(be.takeBatches());
  let bolt = new KVStore({ backend: new BoltMvccBackend(be) });
  let index = 0;
  let reopens = 0;
  for (let step = 0; step < steps; step++) {
    const op = w.next(mem.rev(), mem.compactRev());
    const ctx = `seed ${seed} step ${step} ${op.kind}`;
    index++;
    be.setConsistentIndex(index);
    const want = run(mem, op);
    const got = run(bolt, op);
    expect(got, ctx).toEqual(want);
    if (rnd.chance(0.3)) be.onTick();
    if (rnd.chance(0.2)) disk.persistAll(be.takeBatches());
    if (step % 97 === 0) expect(be.stats().keyBucketKeys, ctx).toBe(memBackend.size);
    if (rnd.chance(0.01) || step === steps - 1) {
      // Restart from what the host persisted: commit, persist, reopen, compare everything.
      be.forceCommit();
      disk.persistAll(be.takeBatches());
      be = Backend.open(disk.file(), { batchLimit });
      bolt = new KVStore({ backend: new BoltMvccBackend(be) });
      reopens++;
      expect(be.consistentIndex(), ctx).toBe(index);
      expect(dump(bolt.backend), ctx).toEqual(dump(memBackend));
      expect(bolt.rev(), ctx).toBe(mem.rev());
      expect(bolt.compactRev(), ctx).toBe(mem.compactRev());
      expect(bolt.hashKV(), ctx).toEqual(mem.hashKV());
      expect(be.stats().keyBucketKeys).toBe(memBackend.size);
      expect(be.check(), ctx).toEqual([]);
    }
  }
  expect(reopens).toBeGreaterThan(0);
}

describe('KVStore on BoltMvccBackend = KVStore on MemBackend', () => {
  for (const seed of [1, 2, 3]) {
    test(`seed ${seed}: 3000 random ops, ticks, persistence and reopens`, () => differential(seed, 3000, 10_000), 60_000);
  }
  test('seed 4: small batch limit (every few writes commit at once)', () => differential(4, 2000, 7), 60_000);
});
