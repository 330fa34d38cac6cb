// Crash recovery through consistent_index: a member applies entries, the backend commits in
// batches, the host persists some of them, then the member crashes (every batch not yet persisted
// is lost). Reopened from the persisted pages, the backend's consistent_index says which entries it
// holds; replaying exactly the ones above it must give the state of a member that never crashed —
// no entry applied twice (revisions would differ), none lost.

import { describe, expect, test } from 'vitest';
import { Prng } from '../lib/prng';
import { KVStore, MemBackend } from '../mvcc';
import { Backend } from './backend';
import { BoltMvccBackend } from './mvccBackend';
import { MemPageStore } from './pageStore';
import { type Op, type Outcome, Workload, dump, isWrite, run } from './workload.testkit';

interface Entry {
  index: number;
  /** null: an entry with no KV effect (a leader's empty entry, a conf change). */
  op: Op | null;
  outcome: Outcome | null;
}

function makeLog(seed: number, n: number): { log: Entry[]; ref: KVStore; refBackend: MemBackend } {
  const rnd = new Prng(seed);
  const w = new Workload(rnd.fork('ops'));
  const refBackend = new MemBackend();
  const ref = new KVStore({ backend: refBackend });
  const log: Entry[] = [];
  for (let index = 1; index <= n; index++) {
    if (rnd.chance(0.1)) {
      log.push({ index, op: null, outcome: null });
      continue;
    }
    let op = w.next(ref.rev(), ref.compactRev());
    while (!isWrite(op)) op = w.next(ref.rev(), ref.compactRev());
    log.push({ index, op, outcome: run(ref, op) });
  }
  return { log, ref, refBackend };
}

function crashAndRecover(seed: number, n: number, batchLimit: number): number {
  const { log, ref, refBackend } = makeLog(seed, n);
  const rnd = new Prng(seed).fork('crashes');
  const disk = new MemPageStore();
  let be = Backend.create({ batchLimit });
  disk.persistAll(be.takeBatches());
  let kv = new KVStore({ backend: new BoltMvccBackend(be) });
  let next = 1;
  let crashes = 0;
  let replayed = 0;
  while (next <= n) {
    const e = log[next - 1]!;
    // etcd order: consistent index first, then the entry's writes.
    be.setConsistentIndex(e.index);
    if (e.op !== null) expect(run(kv, e.op), `seed ${seed} entry ${e.index}`).toEqual(e.outcome);
    next++;
    if (rnd.chance(0.25)) be.onTick();
    // The host persists what it took, in order; sometimes it has not got round to it yet.
    if (rnd.chance(0.3)) disk.persistAll(be.takeBatches());
    if (rnd.chance(0.01)) {
      crashes++;
      // Lose the open batch tx and every batch not persisted; restart from the disk.
      be = Backend.open(disk.file(), { batchLimit });
      kv = new KVStore({ backend: new BoltMvccBackend(be) });
      const ci = be.consistentIndex();
      expect(ci).toBeLessThan(next);
      replayed += next - 1 - ci;
      next = ci + 1;
    }
  }
  be.forceCommit();
  disk.persistAll(be.takeBatches());
  const final = Backend.open(disk.file());
  const store = new KVStore({ backend: new BoltMvccBackend(final) });
  expect(final.consistentIndex()).toBe(n);
  expect(dump(store.backend)).toEqual(dump(refBackend));
  expect(store.rev()).toBe(ref.rev());
  expect(store.hashKV()).toEqual(ref.hashKV());
  expect(crashes).toBeGreaterThan(0);
  return replayed;
}

describe('consistent_index: crash, reopen, replay above it', () => {
  test('1500 entries, random crashes, default batch limit', () => {
    expect(crashAndRecover(11, 1500, 10_000)).toBeGreaterThan(0);
  }, 60_000);
  test('1500 entries, random crashes, batch limit 5 (commits inside runs of entries)', () => {
    crashAndRecover(12, 1500, 5);
  }, 60_000);

  test('no-op entries alone move consistent_index and are committed on the next tick', () => {
    const be = Backend.create();
    be.takeBatches();
    be.setConsistentIndex(1);
    be.setConsistentIndex(2);
    expect(be.inspect().dirty).toBe(true);
    expect(be.onTick()).toBe(true);
    const [b] = be.takeBatches();
    const re = Backend.open(new MemPageStoreWith(be).file());
    expect(re.consistentIndex()).toBe(2);
    expect(b!.replacesFile).toBe(false);
    expect(be.onTick()).toBe(false); // nothing pending: no empty commit
  });
});

/** A disk that received the whole committed file (for tests that do not track batches). */
class MemPageStoreWith extends MemPageStore {
  constructor(be: Backend) {
    super();
    const f = be.fileBytes();
    const ps = be.stats().pageSize;
    const pages = [];
    for (let id = 1; id < f.length / ps; id++) pages.push({ pgid: id, bytes: f.slice(id * ps, (id + 1) * ps) });
    this.persist({ txid: 0, pages, meta: { pgid: 0, bytes: f.slice(0, ps) }, highWaterPgid: f.length / ps, replacesFile: true });
  }
}
