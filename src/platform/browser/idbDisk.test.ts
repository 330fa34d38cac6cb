// The WAL's durability contract, checked at the point where IndexedDB transactions are opened.
// (The e2e test also reads IDBTransaction.durability back from real Chromium transactions.)
import { describe, expect, test } from 'vitest';
import { IdbDisk, WAL_STORE, type WalDb, StorageError } from './idbDisk';

function fakeDb(outcome: 'ok' | 'quota') {
  const opened: Array<{ store: string; mode: string; options: IDBTransactionOptions }> = [];
  const added: unknown[] = [];
  const db: WalDb = {
    transaction(store, mode, options) {
      opened.push({ store, mode, options });
      return {
        durability: options.durability,
        objectStore: () => ({ add: (v: ArrayBuffer) => added.push(v) }),
        done: outcome === 'ok' ? Promise.resolve() : Promise.reject(new DOMException('quota', 'QuotaExceededError')),
        abort: () => {},
      };
    },
  };
  return { db, opened, added };
}

describe('IdbDisk', () => {
  test("every WAL transaction is opened readwrite with durability 'strict'", async () => {
    const { db, opened, added } = fakeDb('ok');
    const disk = new IdbDisk(db, () => {});
    let durable = 0;
    disk.appendWal(new Uint8Array([1, 2, 3]), () => durable++);
    disk.appendWal(new Uint8Array([4]), () => durable++);
    await Promise.resolve();
    await Promise.resolve();
    expect(opened).toEqual([
      { store: WAL_STORE, mode: 'readwrite', options: { durability: 'strict' } },
      { store: WAL_STORE, mode: 'readwrite', options: { durability: 'strict' } },
    ]);
    expect(durable).toBe(2);
    expect(disk.lastWalDurability).toBe('strict');
    // One record per append, stored as an exact-size copy.
    expect(added.map((b) => new Uint8Array(b as ArrayBuffer))).toEqual([new Uint8Array([1, 2, 3]), new Uint8Array([4])]);
  });

  test('a failed WAL write (quota exhausted) is fatal for the member and never reported durable', async () => {
    const { db } = fakeDb('quota');
    const errors: StorageError[] = [];
    const disk = new IdbDisk(db, (e) => errors.push(e));
    let durable = 0;
    disk.appendWal(new Uint8Array([1]), () => durable++);
    await new Promise((r) => setImmediate(r));
    expect(durable).toBe(0);
    expect(errors.map((e) => e.message)).toEqual(['WAL write failed: storage quota exhausted']);
  });
});
