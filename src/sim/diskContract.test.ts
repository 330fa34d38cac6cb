// The disk contract (src/host/diskContract.ts) against the simulator's memory disk: SimDisk in a
// SimDiskStore on a virtual clock. The same cases run against IndexedDB in Chromium
// (e2e/diskContract.spec.ts).
import { describe, expect, test } from 'vitest';
import { DISK_CONTRACT, type DiskHarness } from '../host/diskContract';
import { Prng } from '../lib/prng';
import { EventQueue } from './eventQueue';
import { SimDiskStore } from './simDiskStore';

function memHarness(): DiskHarness {
  const queue = new EventQueue();
  // jitter larger than the base latency: appends in flight would overtake each other if the disk
  // did not keep them in order
  const store = new SimDiskStore(queue, new Prng(11), { fsyncMs: 2, fsyncJitterMs: 9 });
  let n = 0;
  return {
    label: 'SimDisk (memory)',
    store,
    freshName: (c) => `mem-${c}-${++n}`,
    settle: () => {
      store.settle();
      return Promise.resolve();
    },
    crash: (name) => {
      store.crash(name);
      return Promise.resolve();
    },
    rewriteWal: (name, index, bytes) => {
      const d = store.disk(name);
      if (index >= d.durable.length) throw new Error(`no WAL record ${index} in ${name}`);
      d.durable[index] = bytes.slice();
      return Promise.resolve();
    },
  };
}

describe('disk contract: memory disk (SimDisk)', () => {
  test.each(DISK_CONTRACT.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await c.run(memHarness());
  });

  test('the contract can fail: a store that forgets a record breaks the ordering case', async () => {
    const h = memHarness();
    const forgetful: DiskHarness = {
      ...h,
      store: {
        async open(name, opts) {
          const s = await h.store.open(name, opts);
          return { ...s, walRecords: s.walRecords.slice(1) };
        },
      },
    };
    await expect(DISK_CONTRACT[0]!.run(forgetful)).rejects.toThrow(/record count/);
  });
});
