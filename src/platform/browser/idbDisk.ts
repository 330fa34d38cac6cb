// A member's durable storage in IndexedDB: one WAL record (one raft Ready) per transaction,
// opened with durability 'strict' — named explicitly, because Chromium's 'default' does not fsync
// (../shared/reference/performance.md §2d). Each member has its own database.
import { openDB, type IDBPDatabase } from 'idb';
import type { Disk } from '../../host/ports';
import type { BackendBatch } from '../../backend';
import {
  type DiskFaults,
  type OpenOptions,
  type OpenedStore,
  QUOTA_EXHAUSTED,
  StorageError,
  StoreInUseError,
  pageWriteFailed,
  takeQuotaFault,
  takeTearFault,
  walWriteFailed,
} from '../../host/diskStore';

export { StorageError, StoreInUseError };
import type { SnapshotSave, StoredSnapshot } from '../../etcd/nodeTypes';
import type { MemberFiles } from '../../protocol/inspect';

export const WAL_STORE = 'wal';
export const META_STORE = 'meta';
/** The bbolt file, page by page (key = pgid), plus its high-water mark under META_STORE 'highWater'. */
export const PAGES_STORE = 'pages';
/** Raft snapshots (etcd's member/snap/*.snap), key = snapshot index: { index, term, snapFile }. */
export const SNAP_STORE = 'snap';
/** The db file that came with the newest received snapshot (etcd's <index>.snap.db), key 'latest'. */
export const SNAP_DB_STORE = 'snapdb';
/** etcd's --max-snapshots default: older .snap records are deleted. */
export const MAX_SNAPSHOTS = 5;
export const DB_VERSION = 3;
/** Page batches may lag the WAL (recovery replays above consistent_index), so they need no fsync. */
export const PAGES_TX_OPTIONS: IDBTransactionOptions = { durability: 'relaxed' };
/** The options every WAL transaction is opened with; a test checks the real transaction reports 'strict'. */
export const WAL_TX_OPTIONS: IDBTransactionOptions = { durability: 'strict' };
/** Held-back commit-index-only records are written at the latest this long after the first (real ms). */
const DEFERRED_FLUSH_MS = 25;
/** Records raft need not sync (commit index only), and the benchmark's sanity row. */
const RELAXED_TX_OPTIONS: IDBTransactionOptions = { durability: 'relaxed' };

/** The subset of idb's database that IdbDisk uses, so tests can observe how transactions are opened. */
export interface WalDb {
  transaction(store: string, mode: 'readwrite', options: IDBTransactionOptions): {
    // idb types `add` as optional (absent on read-only stores); a readwrite store always has it.
    objectStore(name: string): { add?: (value: ArrayBuffer) => unknown };
    done: Promise<void>;
    durability?: string;
    abort(): void;
  };
}

/** The reason a failed IndexedDB transaction gives, in the words of the member's error. */
function whyFailed(err: unknown): string {
  return err instanceof DOMException && err.name === 'QuotaExceededError' ? QUOTA_EXHAUSTED : String(err);
}

/** What the browser throws when the origin is out of space; an injected quota fault fails with it. */
const quotaError = (): DOMException => new DOMException('injected: the quota has been exceeded', 'QuotaExceededError');

/** A request of an aborted transaction rejects too; its transaction's `done` reports the failure. */
function quiet(r: unknown): void {
  if (r instanceof Promise) r.catch(() => {});
}

export class IdbDisk implements Disk {
  /** Durability of the last WAL transaction as the browser reports it (IDBTransaction.durability). */
  lastWalDurability = '';
  walRecordsWritten = 0;
  /** Only the benchmark's sanity row switches this to 'relaxed', to show what the fsync costs. */
  private walOptions: IDBTransactionOptions = WAL_TX_OPTIONS;

  /** Every transaction issued so far has ended once this settles (the disk contract waits on it). */
  private last: Promise<unknown> = Promise.resolve();
  /**
   * Records raft need not sync (commit index only), held back to ride in the next WAL transaction:
   * with one client every round made one of these per member, and on this machine each extra
   * IndexedDB transaction costs ~1 ms of the origin's one LevelDB. A timer writes them if no other
   * record comes soon. A crash loses them, as it may lose any write not yet synced (the driver does
   * not wait for them, and recovery learns the commit index again from the leader).
   */
  private deferred: Array<{ buf: ArrayBuffer; onDurable: () => void }> = [];
  private deferredTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: WalDb,
    private readonly onFatal: (err: StorageError) => void,
    /** Test hooks only (the disk contract); production passes none. */
    private readonly faults: DiskFaults | null = null,
  ) {}

  /**
   * The member's files as they are now, after every write issued so far: WAL records, the db file
   * and the snapshot records (etcd-dump-logs / etcd-dump-db in the console read them).
   */
  static async readBack(db: IDBPDatabase, disk: IdbDisk): Promise<MemberFiles> {
    await disk.idle();
    const raw = await db.getAll(WAL_STORE);
    const walRecords = raw.map((r, i) => {
      if (r instanceof ArrayBuffer) return new Uint8Array(r);
      if (r instanceof Uint8Array) return r;
      throw new StorageError(`WAL record ${i + 1} is not binary; the database is corrupt`);
    });
    const snaps = await IdbDisk.loadSnapshots(db);
    return { walRecords, dbFile: await IdbDisk.loadFile(db), snapFiles: snaps.map((x) => ({ index: x.index, term: x.term, snapFile: x.snapFile })) };
  }

  /** Resolves when every transaction issued so far (and every record held back) has committed or failed. */
  idle(): Promise<void> {
    this.flushDeferred();
    return this.last.then(() => undefined);
  }

  /** Adds the held-back records to `store` ahead of whatever the transaction writes next; their callbacks run when it commits. */
  private takeDeferred(add: (buf: ArrayBuffer) => void): Array<() => void> {
    if (this.deferredTimer !== null) clearTimeout(this.deferredTimer);
    this.deferredTimer = null;
    const held = this.deferred;
    this.deferred = [];
    for (const d of held) add(d.buf);
    return held.map((d) => d.onDurable);
  }

  /** Writes the held-back records now, in one relaxed transaction of their own. */
  flushDeferred(): void {
    if (this.deferred.length === 0) return;
    const quota = takeQuotaFault(this.faults, 'wal');
    const tx = this.db.transaction(WAL_STORE, 'readwrite', RELAXED_TX_OPTIONS);
    const store = tx.objectStore(WAL_STORE);
    if (!store.add) throw new StorageError('WAL store opened without write access');
    const add = store.add.bind(store);
    const callbacks = this.takeDeferred((buf) => quiet(add(buf)));
    if (quota) tx.abort();
    this.track(tx.done);
    tx.done.then(
      () => {
        this.walRecordsWritten += callbacks.length;
        for (const cb of callbacks) cb();
      },
      (err: unknown) => this.onFatal(walWriteFailed(whyFailed(quota ? quotaError() : err))),
    );
  }

  private track(done: Promise<void>): void {
    this.last = Promise.allSettled([this.last, done]);
  }

  static async open(
    dbName: string,
  ): Promise<{ db: IDBPDatabase; records: Uint8Array[]; keys: IDBValidKey[]; dbFile: Uint8Array; snapshots: StoredSnapshot[] }> {
    const db = await openDB(dbName, DB_VERSION, {
      upgrade(d) {
        if (!d.objectStoreNames.contains(WAL_STORE)) d.createObjectStore(WAL_STORE, { autoIncrement: true });
        if (!d.objectStoreNames.contains(META_STORE)) d.createObjectStore(META_STORE);
        if (!d.objectStoreNames.contains(PAGES_STORE)) d.createObjectStore(PAGES_STORE);
        if (!d.objectStoreNames.contains(SNAP_STORE)) d.createObjectStore(SNAP_STORE);
        if (!d.objectStoreNames.contains(SNAP_DB_STORE)) d.createObjectStore(SNAP_DB_STORE);
      },
    });
    try {
      const keys = await db.getAllKeys(WAL_STORE);
      const raw = await db.getAll(WAL_STORE);
      const records = raw.map((r, i) => {
        if (r instanceof ArrayBuffer) return new Uint8Array(r);
        if (r instanceof Uint8Array) return r;
        throw new StorageError(`WAL record ${i + 1} in ${dbName} is not binary (found ${typeof r}); the database is corrupt`);
      });
      return { db, records, keys, dbFile: await IdbDisk.loadFile(db), snapshots: await IdbDisk.loadSnapshots(db) };
    } catch (e) {
      db.close(); // a store that cannot be read is not held open
      throw e;
    }
  }

  /** The snapshot records, and the received db on the one it belongs to. */
  private static async loadSnapshots(db: IDBPDatabase): Promise<StoredSnapshot[]> {
    const bin = (v: unknown, what: string): Uint8Array => {
      if (v instanceof ArrayBuffer) return new Uint8Array(v);
      throw new StorageError(`${what} is not binary; the database is corrupt`);
    };
    const rows = (await db.getAll(SNAP_STORE)) as Array<{ index: number; term: number; snapFile: unknown }>;
    const latest = (await db.get(SNAP_DB_STORE, 'latest')) as { index: number; db: unknown } | undefined;
    return rows.map((r) => {
      const s: StoredSnapshot = { index: r.index, term: r.term, snapFile: bin(r.snapFile, `snapshot ${r.index}`) };
      if (latest && latest.index === r.index) s.db = bin(latest.db, `snapshot db ${r.index}`);
      return s;
    });
  }

  /** Assembles pages [0, highWater) into the bbolt file (pages never written are free: zeros). */
  private static async loadFile(db: IDBPDatabase): Promise<Uint8Array> {
    const highWater = (await db.get(META_STORE, 'highWater')) as number | undefined;
    if (!highWater) return new Uint8Array(0);
    const pageSize = ((await db.get(META_STORE, 'pageSize')) as number | undefined) ?? 4096;
    const out = new Uint8Array(highWater * pageSize);
    let cursor = await db.transaction(PAGES_STORE).store.openCursor();
    while (cursor) {
      const pgid = cursor.key as number;
      const bytes = cursor.value instanceof ArrayBuffer ? new Uint8Array(cursor.value) : null;
      if (!bytes || bytes.length % pageSize !== 0) throw new StorageError(`page ${pgid} in the page store is not a whole page; the database is corrupt`);
      if (pgid < highWater) out.set(bytes.subarray(0, Math.min(bytes.length, out.length - pgid * pageSize)), pgid * pageSize);
      cursor = await cursor.continue();
    }
    return out;
  }

  /** Deletes WAL records from `keys[fromIndex]` on: a torn tail is cut before new records follow it. */
  static async truncate(db: IDBPDatabase, keys: IDBValidKey[], fromIndex: number): Promise<void> {
    if (fromIndex >= keys.length) return;
    const tx = db.transaction(WAL_STORE, 'readwrite', WAL_TX_OPTIONS);
    await tx.store.delete(IDBKeyRange.lowerBound(keys[fromIndex]!));
    await tx.done;
  }

  pageBatchesWritten = 0;

  /** One backend commit in one IndexedDB transaction: all its pages land, or none do. */
  writePages(batch: BackendBatch, onStored?: () => void): void {
    const db = this.db as unknown as IDBPDatabase;
    const quota = takeQuotaFault(this.faults, 'pages');
    const tear = takeTearFault(this.faults);
    const tx = db.transaction([PAGES_STORE, META_STORE], 'readwrite', PAGES_TX_OPTIONS);
    const pages = tx.objectStore(PAGES_STORE);
    // A whole new file (first commit, defrag, imported snapshot) replaces every old page.
    if (batch.replacesFile) quiet(pages.clear());
    const own = (b: Uint8Array) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.slice().buffer);
    // An injected tear stops after half the pages, as a crash inside the transaction would.
    const upTo = tear ? Math.floor(batch.pages.length / 2) : batch.pages.length;
    for (let i = 0; i < upTo; i++) quiet(pages.put(own(batch.pages[i]!.bytes), batch.pages[i]!.pgid));
    if (!tear) {
      quiet(pages.put(own(batch.meta.bytes), batch.meta.pgid));
      quiet(tx.objectStore(META_STORE).put(batch.highWaterPgid, 'highWater'));
      quiet(tx.objectStore(META_STORE).put(batch.meta.bytes.length, 'pageSize'));
    }
    if (tear || quota) tx.abort();
    this.track(tx.done);
    tx.done.then(
      () => {
        this.pageBatchesWritten++;
        onStored?.();
      },
      (err: unknown) => this.onFatal(pageWriteFailed(whyFailed(quota ? quotaError() : err))),
    );
  }

  snapshotsSaved = 0;

  /**
   * One strict transaction: the WAL record, the .snap record and (received snapshot) its db, all or
   * nothing. Its scope includes META_STORE, which every page batch writes, so IndexedDB runs it
   * after every page transaction made before it (readwrite transactions with overlapping scopes
   * run in creation order); its strict commit flushes them with it.
   */
  saveSnapshot(save: SnapshotSave, onDurable: () => void): void {
    const db = this.db as unknown as IDBPDatabase;
    const tx = db.transaction([WAL_STORE, SNAP_STORE, SNAP_DB_STORE, META_STORE], 'readwrite', this.walOptions);
    this.lastWalDurability = tx.durability ?? '';
    const own = (b: Uint8Array) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.slice().buffer);
    const wal = tx.objectStore(WAL_STORE);
    const heldBack = this.takeDeferred((buf) => void wal.add(buf));
    void wal.add(save.walRecord.slice().buffer);
    const snaps = tx.objectStore(SNAP_STORE);
    void snaps.put({ index: save.index, term: save.term, snapFile: own(save.snapFile) }, save.index);
    // Like etcd's snap.db renamed over db, only the newest snapshot's db is kept.
    if (save.db) void tx.objectStore(SNAP_DB_STORE).put({ index: save.index, db: own(save.db) }, 'latest');
    else void tx.objectStore(SNAP_DB_STORE).delete('latest');
    void snaps.getAllKeys().then((keys) => {
      const sorted = (keys as number[]).sort((a, b) => a - b);
      for (const k of sorted.slice(0, Math.max(0, sorted.length - MAX_SNAPSHOTS))) void snaps.delete(k);
    });
    void tx.objectStore(META_STORE).put(save.index, 'snapshotIndex');
    this.track(tx.done);
    tx.done.then(
      () => {
        this.walRecordsWritten += 1 + heldBack.length;
        this.snapshotsSaved++;
        for (const cb of heldBack) cb();
        onDurable();
      },
      (err: unknown) => this.onFatal(new StorageError(`snapshot write failed: ${whyFailed(err)}`)),
    );
  }

  setWalDurability(d: 'strict' | 'relaxed'): void {
    this.walOptions = d === 'strict' ? WAL_TX_OPTIONS : RELAXED_TX_OPTIONS;
  }

  /**
   * `sync: false` (a commit-index-only record) is held back and written ahead of the next record, in
   * its transaction, or by a relaxed transaction of its own after DEFERRED_FLUSH_MS: either way it is
   * in order, and durable once any later strict one is.
   */
  appendWal(record: Uint8Array, onDurable: () => void, opts: { sync?: boolean } = {}): void {
    // Store an exact-size ArrayBuffer copy: the record's buffer may be a reused encoder buffer.
    if (opts.sync === false) {
      this.deferred.push({ buf: record.slice().buffer, onDurable });
      this.deferredTimer ??= setTimeout(() => this.flushDeferred(), DEFERRED_FLUSH_MS);
      return;
    }
    const quota = takeQuotaFault(this.faults, 'wal');
    const tx = this.db.transaction(WAL_STORE, 'readwrite', this.walOptions);
    this.lastWalDurability = tx.durability ?? '';
    const store = tx.objectStore(WAL_STORE);
    if (!store.add) throw new StorageError('WAL store opened without write access');
    const add = store.add.bind(store);
    const heldBack = this.takeDeferred((buf) => quiet(add(buf)));
    quiet(add(record.slice().buffer));
    if (quota) tx.abort(); // the record was added: the abort is what takes it back out
    this.track(tx.done);
    tx.done.then(
      () => {
        this.walRecordsWritten += 1 + heldBack.length;
        for (const cb of heldBack) cb();
        onDurable();
      },
      // etcd stops a member whose WAL write fails rather than run on with state it could lose.
      (err: unknown) => this.onFatal(walWriteFailed(whyFailed(quota ? quotaError() : err))),
    );
  }
}

const LOCK_PREFIX = 'etcdscope:member-store:';

/**
 * Holds the member's Web Lock: one open per store across workers and tabs. With `waitMs` > 0 it
 * waits that long for a holder to let go (a terminated worker's lock is released as its context
 * goes away); otherwise it fails at once. Without the Locks API (an old browser) nothing is held.
 */
function lockStore(name: string, waitMs: number): Promise<() => void> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return Promise.resolve(() => {});
  return new Promise((resolve, reject) => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const options: LockOptions = waitMs > 0 ? { mode: 'exclusive', signal: AbortSignal.timeout(waitMs) } : { mode: 'exclusive', ifAvailable: true };
    locks
      .request(LOCK_PREFIX + name, options, (lock) => {
        if (!lock) {
          reject(new StoreInUseError(name));
          return undefined;
        }
        resolve(release);
        return held;
      })
      .catch((e: unknown) => reject(e instanceof DOMException && (e.name === 'TimeoutError' || e.name === 'AbortError') ? new StoreInUseError(name) : e));
  });
}

export interface IdbOpenOptions extends OpenOptions {
  /** How long to wait for another holder of the store's lock; 0 = refuse at once. */
  lockWaitMs?: number;
}

/** A member's store in IndexedDB, opened under its Web Lock (the DiskStore port). */
export async function openIdbStore(dbName: string, opts: IdbOpenOptions = {}): Promise<OpenedStore & { disk: IdbDisk; readBack(): Promise<MemberFiles> }> {
  const release = await lockStore(dbName, opts.lockWaitMs ?? 0);
  let opened: Awaited<ReturnType<typeof IdbDisk.open>>;
  try {
    opened = await IdbDisk.open(dbName);
  } catch (e) {
    release();
    throw e;
  }
  const { db, records, keys, dbFile, snapshots } = opened;
  const disk = new IdbDisk(db, opts.onFatal ?? (() => {}), opts.faults ?? null);
  let open = true;
  return {
    walRecords: records,
    dbFile,
    snapshots,
    disk,
    truncateWal: (fromIndex) => IdbDisk.truncate(db, keys, fromIndex),
    readBack: () => IdbDisk.readBack(db, disk),
    close: () => {
      if (open) {
        open = false;
        db.close(); // transactions already issued still complete
        release();
      }
      return Promise.resolve();
    },
  };
}

export async function deleteMemberDb(dbName: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const r = indexedDB.deleteDatabase(dbName);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error);
    r.onblocked = () => resolve();
  });
}
