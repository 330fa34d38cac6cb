// The KV store on the LSM engine (`--backend-engine=lsm`) must be indistinguishable from the KV
// store on MemBackend — same responses, same records after reopening from what the host persisted,
// same state after a crash that loses the batches not yet persisted — and must measure itself.

import { describe, expect, test } from 'vitest';
import { Prng } from '../lib/prng';
import { KVStore, MemBackend, rangeRequest } from '../mvcc';
import { Backend } from './backend';
import { mvccBackendFor } from './mvccBackend';
import { MemPageStore } from './pageStore';
import { Workload, dump, run } from './workload.testkit';
import { engineRatios } from './engineStats';
import { putLease, readLeases } from './leaseBucket';
import { verifySnapshotFile } from './snapshot';

function differential(seed: number, steps: number, batchLimit: number): void {
  const rnd = new Prng(seed);
  const w = new Workload(rnd.fork('ops'));
  const memBackend = new MemBackend();
  const mem = new KVStore({ backend: memBackend });
  const disk = new MemPageStore();
  let be = Backend.create({ batchLimit, engine: 'lsm' });
  disk.persistAll(be.takeBatches());
  let lsm = new KVStore({ backend: mvccBackendFor(be) });
  let index = 0;
  let reopens = 0;
  for (let step = 0; step < steps; step++) {
    const op = w.next(mem.rev(), mem.compactRev());
    const ctx = `seed ${seed} step ${step} ${op.kind}`;
    index++;
    be.setConsistentIndex(index);
    expect(run(lsm, op), ctx).toEqual(run(mem, op));
    if (rnd.chance(0.3)) be.onTick();
    if (rnd.chance(0.2)) disk.persistAll(be.takeBatches());
    if (rnd.chance(0.01) || step === steps - 1) {
      be.forceCommit();
      disk.persistAll(be.takeBatches());
      be = Backend.open(disk.file(), { batchLimit });
      expect(be.engine, 'a reopened lsm file is an lsm backend').toBe('lsm');
      lsm = new KVStore({ backend: mvccBackendFor(be) });
      reopens++;
      expect(be.consistentIndex(), ctx).toBe(index);
      expect(dump(lsm.backend), ctx).toEqual(dump(memBackend));
      expect(lsm.rev(), ctx).toBe(mem.rev());
      expect(lsm.compactRev(), ctx).toBe(mem.compactRev());
      expect(lsm.hashKV(), ctx).toEqual(mem.hashKV());
      expect(be.stats().keyBucketKeys, ctx).toBe(memBackend.size);
      expect(be.check(), ctx).toEqual([]);
    }
  }
  expect(reopens).toBeGreaterThan(0);
  expect(be.lsmTree().tableIds().flat().length, 'the records are in tables').toBeGreaterThan(0);
}

/** A crash loses the committed batches the host had not persisted yet: the reopened store is exactly the state at its consistent_index. */
function crash(seed: number): void {
  const rnd = new Prng(seed);
  const w = new Workload(rnd.fork('ops'));
  const memBackend = new MemBackend();
  const mem = new KVStore({ backend: memBackend });
  const disk = new MemPageStore();
  const be = Backend.create({ engine: 'lsm' });
  disk.persistAll(be.takeBatches());
  const kv = new KVStore({ backend: mvccBackendFor(be) });
  const atIndex = new Map<number, ReturnType<typeof dump>>([[0, dump(memBackend)]]);
  let persistedIndex = 0;
  const crashAt = 400 + rnd.intn(0, 800);
  for (let index = 1; index <= crashAt; index++) {
    const op = w.next(mem.rev(), mem.compactRev());
    be.setConsistentIndex(index);
    run(mem, op);
    run(kv, op);
    if (rnd.chance(0.3) && be.onTick()) atIndex.set(index, dump(memBackend));
    if (rnd.chance(0.1)) {
      disk.persistAll(be.takeBatches());
      persistedIndex = Math.max(...[...atIndex.keys()].filter((i) => i <= index));
    }
  }
  // Crash: whatever is queued or in the memtable is lost.
  const back = Backend.open(disk.file());
  expect(back.consistentIndex(), `seed ${seed}`).toBe(persistedIndex);
  expect(dump(new KVStore({ backend: mvccBackendFor(back) }).backend), `seed ${seed}`).toEqual(atIndex.get(persistedIndex));
}

describe('KVStore on the LSM engine = KVStore on MemBackend', () => {
  for (const seed of [1, 2]) {
    test(`seed ${seed}: 1500 random ops, ticks, persistence and reopens`, () => differential(seed, 1500, 10_000), 60_000);
  }
  test('seed 4: small batch limit (every few writes commit and flush)', () => differential(4, 1000, 7), 60_000);
  for (const seed of [5, 6, 7, 8]) test(`seed ${seed}: a crash keeps exactly the persisted commits`, () => crash(seed), 60_000);

  test('the other buckets stay in bbolt beside the LSM files (leases survive a reopen)', () => {
    const disk = new MemPageStore();
    const be = Backend.create({ engine: 'lsm' });
    putLease(be.batchTx(), { id: 7n, ttlSec: 30, remainingTtlSec: 0 });
    be.forceCommit();
    disk.persistAll(be.takeBatches());
    const back = Backend.open(disk.file());
    expect(readLeases(back.batchTx()).map((l) => l.id)).toEqual([7n]);
    expect(back.engine).toBe('lsm');
  });
});

describe('snapshots between engines', () => {
  test('an lsm member saves a bbolt snapshot; restoring it into either engine gives the same records', () => {
    const rnd = new Prng(9);
    const w = new Workload(rnd.fork('ops'));
    const memBackend = new MemBackend();
    const mem = new KVStore({ backend: memBackend });
    const be = Backend.create({ engine: 'lsm' });
    const kv = new KVStore({ backend: mvccBackendFor(be) });
    for (let i = 1; i <= 600; i++) {
      const op = w.next(mem.rev(), mem.compactRev());
      be.setConsistentIndex(i);
      run(mem, op);
      run(kv, op);
      if (i % 7 === 0) be.onTick();
    }
    const file = be.snapshotFile();
    const status = verifySnapshotFile(file);
    expect(status.totalKeys, 'the key bucket of the saved file holds every record').toBeGreaterThanOrEqual(memBackend.size);
    for (const engine of ['bbolt', 'lsm'] as const) {
      const { backend } = Backend.fromSnapshot(file, { engine });
      expect(backend.engine).toBe(engine);
      expect(dump(new KVStore({ backend: mvccBackendFor(backend) }).backend), engine).toEqual(dump(memBackend));
      expect(backend.check()).toEqual([]);
    }
    // And the image an lsm leader streams (MsgSnap) installs on a bbolt follower as bbolt.
    const { backend: follower } = Backend.fromSnapshot(be.snapshotImage(), { engine: 'bbolt', skipHashCheck: true });
    expect(follower.engine).toBe('bbolt');
    expect(dump(new KVStore({ backend: mvccBackendFor(follower) }).backend)).toEqual(dump(memBackend));
  });
});

describe('engine figures, same workload on both engines', () => {
  function load(engine: 'bbolt' | 'lsm') {
    const be = Backend.create({ engine });
    const kv = new KVStore({ backend: mvccBackendFor(be) });
    const value = new Uint8Array(200).fill(120);
    for (let i = 0; i < 2000; i++) {
      be.setConsistentIndex(i + 1);
      kv.put({ key: new TextEncoder().encode(`key/${String(i % 500).padStart(4, '0')}`), value, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
      if (i % 20 === 19) be.onTick();
    }
    be.forceCommit();
    for (let i = 0; i < 500; i++) kv.range(rangeRequest(new TextEncoder().encode(`key/${String(i).padStart(4, '0')}`)));
    return be.engineStats();
  }

  test('both count the same user bytes and lookups; each reports its own writes, reads and space', () => {
    const bolt = load('bbolt');
    const lsm = load('lsm');
    expect(lsm.userBytes).toBe(bolt.userBytes);
    expect(lsm.gets).toBe(bolt.gets);
    expect(lsm.liveBytes).toBe(bolt.liveBytes);
    const b = engineRatios(bolt);
    const l = engineRatios(lsm);
    // bbolt rewrites whole 4 KiB pages for a few hundred bytes per commit; the LSM writes each record
    // once per level it passes through.
    expect(b.writeAmp).toBeGreaterThan(l.writeAmp);
    expect(l.writeAmp).toBeGreaterThan(1);
    // A B+tree lookup walks root → leaf (2+ pages); an LSM lookup reads at most one block per table
    // whose bloom filter says maybe — here one.
    expect(b.readCost).toBeGreaterThanOrEqual(2);
    expect(l.readCost).toBeGreaterThan(0);
    expect(l.readCost).toBeLessThan(b.readCost);
    expect(lsm.lsm!.compactions).toBeGreaterThan(0);
    console.log(`bbolt: WA ${b.writeAmp.toFixed(2)} read ${b.readCost.toFixed(2)} pages/get space ${b.spaceAmp.toFixed(2)}; lsm: WA ${l.writeAmp.toFixed(2)} read ${l.readCost.toFixed(2)} blocks/get space ${l.spaceAmp.toFixed(2)}`);
  });
});
