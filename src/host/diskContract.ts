// The disk contract: what every member store (DiskStore + Disk) must do, written once and run
// against the simulator's memory disk under vitest (src/sim/diskContract.test.ts) and against
// IndexedDB in real Chromium (e2e/diskContract.spec.ts, which bundles this file into a page).
// Plain TypeScript with its own small assertions, so it runs in any environment.
//
// To extend it (e.g. when the Disk port gains a method): add a case to DISK_CONTRACT; if the case
// needs a new way to reach into the medium, add an optional method to DiskHarness and implement it
// in both harnesses (src/sim/diskContract.test.ts, src/platform/browser/testing/idbDiskContract.ts).

import { Backend, type BackendBatch, MemPageStore } from '../backend';
import { encodeRevision } from '../bolt';
import { bytesEqual, utf8 } from '../lib/bytes';
import { EntryType, type Entry } from '../raft/types';
import { WalEncoder, decodeWalRecords } from '../wal';
import { type DiskFaults, type OpenedStore, type StorageError, type DiskStore, StoreInUseError } from './diskStore';

/** How the contract reaches one environment's store. */
export interface DiskHarness {
  readonly label: string;
  readonly store: DiskStore;
  /** A store name no earlier case used. */
  freshName(caseName: string): string;
  /** Lets every write issued so far land or fail (IndexedDB: its transactions end; sim: virtual time runs). */
  settle(): Promise<void>;
  /** The process holding `store` dies now: writes not yet durable may be lost; the name is free again. */
  crash(name: string, store: OpenedStore): Promise<void>;
  /** Replaces the stored bytes of WAL record `index` of the closed store `name` (damage on disk). */
  rewriteWal(name: string, index: number, bytes: Uint8Array): Promise<void>;
  /** Stores a value that is not bytes as WAL record `index`, where the medium can hold one (IndexedDB). */
  rewriteWalNotBinary?(name: string, index: number): Promise<void>;
}

export interface DiskCase {
  name: string;
  run(h: DiskHarness): Promise<void>;
}

export class ContractFailure extends Error {
  override name = 'ContractFailure';
}

// ---- small assertions (no test framework: this runs in a page too) ----

function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new ContractFailure(what);
}

function equal<T>(got: T, want: T, what: string): void {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) throw new ContractFailure(`${what}: got ${g}, want ${w}`);
}

function sameBytes(got: Uint8Array, want: Uint8Array, what: string): void {
  if (!bytesEqual(got, want)) {
    let i = 0;
    while (i < got.length && i < want.length && got[i] === want[i]) i++;
    throw new ContractFailure(`${what}: ${got.length} bytes, want ${want.length}; first difference at byte ${i}`);
  }
}

function sameRecords(got: readonly Uint8Array[], want: readonly Uint8Array[], what: string): void {
  equal(got.length, want.length, `${what}: record count`);
  for (let i = 0; i < want.length; i++) sameBytes(got[i]!, want[i]!, `${what}: record ${i}`);
}

async function rejects(p: Promise<unknown>, what: string): Promise<Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e;
    throw new ContractFailure(`${what}: rejected with a non-Error ${String(e)}`);
  }
  throw new ContractFailure(`${what}: expected a rejection, but it succeeded`);
}

// ---- test data: real WAL records and real backend commits ----

/** `n` WAL records as a member writes them (one Ready each: one entry + HardState), CRC-chained. */
function walRecords(n: number, opts: { from?: number; prevCrc?: number; payloadBytes?: number } = {}): Uint8Array[] {
  const enc = new WalEncoder(opts.prevCrc ?? 0);
  const first = opts.from ?? 1;
  const out: Uint8Array[] = [];
  for (let i = first; i < first + n; i++) {
    const data = new Uint8Array(opts.payloadBytes ?? 24 + (i % 7) * 13).map((_, j) => (i * 31 + j) & 0xff);
    const e: Entry = { term: 1, index: i, type: EntryType.Normal, data };
    out.push(enc.encodeReady({ term: 1, vote: 1, commit: i }, [e]));
  }
  return out;
}

/** A real backend's commits: the new file (replacesFile), then `commits` batches that grow it (commits + 1 in all). */
function backendCommits(commits: number, seed = 1): { be: Backend; batches: BackendBatch[] } {
  const be = Backend.create();
  const batches = be.takeBatches();
  let rev = 1;
  for (let c = 0; c < commits; c++) {
    const tx = be.batchTx();
    for (let i = 0; i < 30; i++) {
      // mostly small values, every so often one that needs overflow pages
      const size = (i + c + seed) % 17 === 0 ? 9000 : 40 + ((i * 7 + seed) % 90);
      tx.unsafeSeqPut('key', encodeRevision({ main: ++rev, sub: 0 }, false), new Uint8Array(size).fill((c + i + seed) & 0xff));
    }
    be.setConsistentIndex(c + 1);
    be.forceCommit();
    batches.push(...be.takeBatches());
  }
  return { be, batches };
}

/** The file a correct store holds after `batches` landed: MemPageStore is the reference. */
function fileAfter(batches: readonly BackendBatch[]): Uint8Array {
  const ref = new MemPageStore();
  ref.persistAll(batches);
  return ref.file();
}

interface Opened {
  store: OpenedStore;
  fatal: StorageError[];
  faults: DiskFaults;
}

async function open(h: DiskHarness, name: string): Promise<Opened> {
  const fatal: StorageError[] = [];
  const faults: DiskFaults = {};
  const store = await h.store.open(name, { onFatal: (e) => fatal.push(e), faults });
  return { store, fatal, faults };
}

/** Appends records and resolves once all are durable, checking onDurable comes in append order. */
async function appendAll(h: DiskHarness, o: Opened, records: readonly Uint8Array[]): Promise<void> {
  const order: number[] = [];
  records.forEach((r, i) => o.store.disk.appendWal(r, () => order.push(i)));
  await h.settle();
  equal(order, records.map((_, i) => i), 'onDurable order');
}

// ---- the cases ----

export const DISK_CONTRACT: readonly DiskCase[] = [
  {
    name: 'appended WAL records are durable in order, onDurable in order, and read back after reopen',
    async run(h) {
      const name = h.freshName('order');
      const first = await open(h, name);
      equal(first.store.walRecords.length, 0, 'a new store has no WAL records');
      equal(first.store.dbFile.length, 0, 'a new store has no db file');
      const recs = walRecords(12, { payloadBytes: 0 }).map((r, i) => (i === 5 ? walRecords(1, { from: 6, payloadBytes: 70_000 })[0]! : r));
      // several appends in flight at once: durable (and reported) strictly in append order
      await appendAll(h, first, recs.slice(0, 8));
      await first.store.close();
      const again = await open(h, name);
      sameRecords(again.store.walRecords, recs.slice(0, 8), 'after reopen');
      await appendAll(h, again, recs.slice(8));
      await again.store.close();
      const third = await open(h, name);
      sameRecords(third.store.walRecords, recs, 'appends after a reopen follow the earlier ones');
      equal(first.fatal.length + again.fatal.length, 0, 'no storage errors');
      await third.store.close();
    },
  },
  {
    name: 'a crash right after onDurable keeps that record and all before it; what survives is a prefix',
    async run(h) {
      const name = h.freshName('crash');
      const o = await open(h, name);
      const recs = walRecords(6);
      const crashed: { done?: Promise<void> } = {};
      recs.forEach((r, i) =>
        o.store.disk.appendWal(r, () => {
          if (i === 2) crashed.done = h.crash(name, o.store);
        }),
      );
      await h.settle();
      check(crashed.done, 'record 2 was reported durable');
      await crashed.done;
      const after = await open(h, name);
      const got = after.store.walRecords;
      check(got.length >= 3 && got.length <= recs.length, `3..6 records survive, got ${got.length}`);
      sameRecords(got, recs.slice(0, got.length), 'the survivors are the first records, unchanged');
      await after.store.close();
    },
  },
  {
    name: 'a torn last record is reported, cut, and the WAL goes on after it',
    async run(h) {
      const name = h.freshName('torn');
      const o = await open(h, name);
      const recs = walRecords(3);
      await appendAll(h, o, recs);
      await o.store.close();
      await h.rewriteWal(name, 2, recs[2]!.slice(0, recs[2]!.length - 5)); // the write was cut short
      const r = await open(h, name);
      equal(r.store.walRecords.length, 3, 'the torn record is read back as it is (the decoder judges it)');
      const wal = decodeWalRecords(r.store.walRecords);
      equal(wal.tornTail?.recordIndex, 2, 'the torn tail is record 2');
      equal(wal.entries.map((e) => e.index), [1, 2], 'entries before the tear survive');
      await r.store.truncateWal(2);
      const next = walRecords(1, { from: 3, prevCrc: wal.lastCrc });
      await appendAll(h, r, next);
      await r.store.close();
      const fixed = await open(h, name);
      sameRecords(fixed.store.walRecords, [recs[0]!, recs[1]!, next[0]!], 'the cut record is gone and the new one follows');
      const clean = decodeWalRecords(fixed.store.walRecords);
      equal(clean.tornTail, undefined, 'no torn tail after the repair');
      equal(clean.entries.map((e) => e.index), [1, 2, 3], 'entries after the repair');
      await fixed.store.close();
    },
  },
  {
    name: 'a corrupt record before the tail is surfaced as an error, never dropped silently',
    async run(h) {
      const name = h.freshName('corrupt');
      const o = await open(h, name);
      const recs = walRecords(4, { payloadBytes: 64 });
      await appendAll(h, o, recs);
      await o.store.close();
      const bad = recs[1]!.slice();
      bad[40]! ^= 0xff; // inside the entry's data: the CRC catches it
      await h.rewriteWal(name, 1, bad);
      const r = await open(h, name);
      equal(r.store.walRecords.length, 4, 'every record is read back');
      let err: unknown = null;
      try {
        decodeWalRecords(r.store.walRecords);
      } catch (e) {
        err = e;
      }
      check(err instanceof Error && err.name === 'WalCorruptError', `decoding fails with WalCorruptError, got ${String(err)}`);
      check(/corrupt record 1.*crc mismatch/.test(err.message), `the error names the record and the cause: ${err.message}`);
      await r.store.close();
      if (h.rewriteWalNotBinary) {
        await h.rewriteWalNotBinary(name, 2);
        const e = await rejects(h.store.open(name), 'opening a store whose record is not bytes');
        equal(e.name, 'StorageError', 'error type');
        check(/WAL record 3 .* is not binary/.test(e.message), `the error says which record: ${e.message}`);
        const again = await rejects(h.store.open(name), 'opening it again');
        equal(again.name, 'StorageError', 'a failed open lets go of the store (the next open is not refused as in use)');
      }
    },
  },
  {
    name: 'page batches land whole: a batch torn mid-write leaves the previous file',
    async run(h) {
      const name = h.freshName('atomic');
      const { batches } = backendCommits(3); // the new file and three commits
      const o = await open(h, name);
      for (const b of batches.slice(0, 3)) o.store.disk.writePages(b);
      await h.settle();
      o.faults.tearNextPageBatch = true;
      let stored = false;
      o.store.disk.writePages(batches[3]!, () => (stored = true)); // many pages and a meta: half of them written, then the crash
      await h.settle();
      check(!stored, 'a torn batch is never reported stored');
      await h.crash(name, o.store);
      const r = await open(h, name);
      sameBytes(r.store.dbFile, fileAfter(batches.slice(0, 3)), 'the file is the one before the torn batch');
      equal(Backend.open(r.store.dbFile).consistentIndex(), 2, 'consistent_index of the last whole batch');
      // and the store goes on: the same batch written again lands
      r.store.disk.writePages(batches[3]!);
      await h.settle();
      await r.store.close();
      const full = await open(h, name);
      sameBytes(full.store.dbFile, fileAfter(batches), 'the file after the batch is written again');
      await full.store.close();
    },
  },
  {
    name: 'page batches interleaved with WAL appends: both land in order; a crash leaves whole states',
    async run(h) {
      const name = h.freshName('interleave');
      const { batches } = backendCommits(3, 5);
      const recs = walRecords(4);
      const o = await open(h, name);
      await appendAll(h, o, recs.slice(0, 1));
      // as the driver does: pages of applied entries follow the record that made them durable
      const stored: number[] = [];
      o.store.disk.writePages(batches[0]!, () => stored.push(0));
      o.store.disk.writePages(batches[1]!, () => stored.push(1));
      o.store.disk.appendWal(recs[1]!, () => {});
      o.store.disk.writePages(batches[2]!, () => stored.push(2));
      await h.settle();
      equal(stored, [0, 1, 2], 'onStored once per batch, in order');
      await o.store.close();
      const r = await open(h, name);
      sameRecords(r.store.walRecords, recs.slice(0, 2), 'WAL records');
      sameBytes(r.store.dbFile, fileAfter(batches.slice(0, 3)), 'db file');
      // now crash with a record and a batch in flight: each survives whole or not at all
      const { batches: more } = backendCommits(5, 5);
      r.store.disk.appendWal(recs[2]!, () => {});
      r.store.disk.writePages(more[3]!);
      r.store.disk.appendWal(recs[3]!, () => {});
      r.store.disk.writePages(more[4]!);
      await h.crash(name, r.store);
      await h.settle();
      const c = await open(h, name);
      const n = c.store.walRecords.length;
      check(n >= 2 && n <= 4, `2..4 records survive, got ${n}`);
      sameRecords(c.store.walRecords, recs.slice(0, n), 'a prefix of the records');
      const states = [fileAfter(batches.slice(0, 3)), fileAfter([...batches.slice(0, 3), more[3]!]), fileAfter([...batches.slice(0, 3), more[3]!, more[4]!])];
      check(states.some((f) => bytesEqual(f, c.store.dbFile)), 'the db file is one of the whole-batch states');
      await c.store.close();
    },
  },
  {
    name: 'reopen reads the same high water and pages, also after a whole-file batch shrinks the file',
    async run(h) {
      const name = h.freshName('highwater');
      const { be, batches } = backendCommits(12, 9);
      const o = await open(h, name);
      for (const b of batches) o.store.disk.writePages(b);
      await h.settle();
      await o.store.close();
      const grown = fileAfter(batches);
      const r = await open(h, name);
      sameBytes(r.store.dbFile, grown, 'the file after reopen');
      equal(r.store.dbFile.length, be.stats().sizeBytes, 'high water × page size = the backend size');
      // delete nearly everything and defrag: the whole-file batch replaces every page
      const tx = be.batchTx();
      for (let rev = 2; rev < 300; rev++) tx.unsafeDelete('key', encodeRevision({ main: rev, sub: 0 }, false));
      be.forceCommit();
      be.takeBatches();
      be.defrag();
      const defragged = be.takeBatches();
      equal(defragged.map((b) => b.replacesFile), [true], 'defrag yields one whole-file batch');
      r.store.disk.writePages(defragged[0]!);
      await h.settle();
      await r.store.close();
      const small = await open(h, name);
      sameBytes(small.store.dbFile, be.fileBytes(), 'the defragmented file, and no page of the old one');
      check(small.store.dbFile.length < grown.length, `the file shrank: ${small.store.dbFile.length} < ${grown.length}`);
      equal(Backend.open(small.store.dbFile).check(), [], 'bolt check of the reopened file');
      await small.store.close();
      const twice = await open(h, name);
      sameBytes(twice.store.dbFile, small.store.dbFile, 'a second reopen reads the same bytes');
      await twice.store.close();
    },
  },
  {
    name: "two opens of one member's store: the second is refused until the first lets go",
    async run(h) {
      const name = h.freshName('lock');
      const other = h.freshName('lock-other');
      const a = await open(h, name);
      const refused = await rejects(h.store.open(name), 'a second open');
      check(refused instanceof StoreInUseError, `refused with StoreInUseError, got ${refused.name}: ${refused.message}`);
      check(refused.message.includes(name), 'the error names the store');
      const b = await open(h, other);
      await b.store.close();
      await a.store.close();
      const c = await open(h, name);
      await h.crash(name, c.store); // a crash lets go too
      const d = await open(h, name);
      await d.store.close();
    },
  },
  {
    name: 'quota exhausted on a WAL append: a clear error, the record is not durable, earlier data is intact',
    async run(h) {
      const name = h.freshName('quota-wal');
      const { batches } = backendCommits(2, 3);
      const recs = walRecords(3);
      const o = await open(h, name);
      await appendAll(h, o, recs.slice(0, 2));
      for (const b of batches) o.store.disk.writePages(b);
      await h.settle();
      o.faults.quotaExceeded = 'wal';
      let durable = false;
      o.store.disk.appendWal(recs[2]!, () => (durable = true));
      await h.settle();
      check(!durable, 'the failed record is never reported durable');
      equal(o.fatal.map((e) => e.message), ['WAL write failed: storage quota exhausted'], 'the error');
      await h.crash(name, o.store);
      const r = await open(h, name);
      sameRecords(r.store.walRecords, recs.slice(0, 2), 'earlier records');
      sameBytes(r.store.dbFile, fileAfter(batches), 'the db file');
      await appendAll(h, r, recs.slice(2)); // space again: the same record now lands
      await r.store.close();
    },
  },
  {
    name: 'quota exhausted on a page batch: a clear error, the previous file is intact',
    async run(h) {
      const name = h.freshName('quota-pages');
      const { batches } = backendCommits(3, 4);
      const recs = walRecords(2);
      const o = await open(h, name);
      await appendAll(h, o, recs);
      for (const b of batches.slice(0, 3)) o.store.disk.writePages(b);
      await h.settle();
      o.faults.quotaExceeded = 'pages';
      let stored = false;
      o.store.disk.writePages(batches[3]!, () => (stored = true));
      await h.settle();
      check(!stored, 'the failed batch is never reported stored');
      equal(o.fatal.map((e) => e.message), ['page store write failed: storage quota exhausted'], 'the error');
      await h.crash(name, o.store);
      const r = await open(h, name);
      sameRecords(r.store.walRecords, recs, 'the WAL');
      sameBytes(r.store.dbFile, fileAfter(batches.slice(0, 3)), 'the file before the failed batch');
      await r.store.close();
    },
  },
  {
    name: 'a snapshot save lands whole with its WAL record, in order with appends, and reads back after reopen',
    async run(h) {
      const name = h.freshName('snapshot');
      const recs = walRecords(5);
      const { be } = backendCommits(2, 6);
      const db = be.fileBytes();
      const snapFile = (i: number) => new Uint8Array(64 + i).fill(i);
      const o = await open(h, name);
      const order: string[] = [];
      o.store.disk.appendWal(recs[0]!, () => order.push('wal0'));
      o.store.disk.saveSnapshot({ index: 10, term: 2, snapFile: snapFile(10), walRecord: recs[1]!, db }, () => order.push('snap10'));
      o.store.disk.appendWal(recs[2]!, () => order.push('wal2'));
      await h.settle();
      equal(order, ['wal0', 'snap10', 'wal2'], 'onDurable order across appends and a snapshot save');
      await o.store.close();
      const r = await open(h, name);
      sameRecords(r.store.walRecords, recs.slice(0, 3), 'the snapshot WAL record sits between the appends');
      equal(r.store.snapshots.map((x) => [x.index, x.term]), [[10, 2]], 'the snapshot record');
      sameBytes(r.store.snapshots[0]!.snapFile, snapFile(10), 'the .snap bytes');
      check(r.store.snapshots[0]!.db, 'the db that came with the snapshot is kept');
      sameBytes(r.store.snapshots[0]!.db, db, 'the snapshot db');
      // a later snapshot without a db: only the newest snapshot's db is kept (etcd renames snap.db over db)
      r.store.disk.saveSnapshot({ index: 20, term: 3, snapFile: snapFile(20), walRecord: recs[3]! }, () => {});
      await h.settle();
      await h.crash(name, r.store);
      const c = await open(h, name);
      equal(c.store.snapshots.map((x) => [x.index, x.term, x.db !== undefined]), [[10, 2, false], [20, 3, false]], 'both records, no stale db');
      sameRecords(c.store.walRecords, recs.slice(0, 4), 'the WAL');
      await c.store.close();
    },
  },
];

export interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
}

/** Runs the cases (all, or those named) one after another; a failure does not stop the rest. */
export async function runDiskContract(h: DiskHarness, names?: readonly string[]): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of DISK_CONTRACT) {
    if (names && !names.includes(c.name)) continue;
    try {
      await c.run(h);
      out.push({ name: c.name, ok: true });
    } catch (e) {
      out.push({ name: c.name, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  return out;
}
