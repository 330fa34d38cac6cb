// Test-only page entry: the disk contract (src/host/diskContract.ts) against IdbDisk in a real
// browser. e2e/diskContract.spec.ts bundles this file on its own and serves it on the app's origin;
// nothing in the app imports it, so it never reaches the production bundle.
import { openDB } from 'idb';
import { DISK_CONTRACT, type CaseResult, type DiskHarness, runDiskContract } from '../../../host/diskContract';
import type { IdbDisk } from '../idbDisk';
import { WAL_STORE, openIdbStore } from '../idbDisk';

/** Replaces the value of WAL record `index` (in key order) of a closed store. */
async function putWalValue(name: string, index: number, value: unknown): Promise<void> {
  const db = await openDB(name);
  try {
    const keys = await db.getAllKeys(WAL_STORE);
    if (index >= keys.length) throw new Error(`no WAL record ${index} in ${name}`);
    await db.put(WAL_STORE, value, keys[index]);
  } finally {
    db.close();
  }
}

function idbHarness(runId: string): DiskHarness {
  const disks = new Set<IdbDisk>();
  let n = 0;
  return {
    label: 'IdbDisk (IndexedDB, Chromium)',
    store: {
      async open(name, opts) {
        const s = await openIdbStore(name, opts);
        disks.add(s.disk);
        return s;
      },
    },
    freshName: (c) => `disk-contract-${runId}-${c}-${++n}`,
    async settle() {
      await Promise.all([...disks].map((d) => d.idle()));
    },
    // The page cannot kill itself mid-transaction: the connection goes and the lock is released,
    // and transactions already issued may still land — a crash that happened a moment later.
    crash: (_name, store) => store.close(),
    rewriteWal: (name, index, bytes) => putWalValue(name, index, bytes.slice().buffer),
    rewriteWalNotBinary: (name, index) => putWalValue(name, index, 'not bytes'),
  };
}

function run(names?: readonly string[]): Promise<CaseResult[]> {
  return runDiskContract(idbHarness(Math.random().toString(36).slice(2, 8)), names);
}

export interface DiskContractPage {
  cases: string[];
  run(names?: readonly string[]): Promise<CaseResult[]>;
}

declare global {
  interface Window {
    diskContract?: DiskContractPage;
  }
}

window.diskContract = { cases: DISK_CONTRACT.map((c) => c.name), run };
