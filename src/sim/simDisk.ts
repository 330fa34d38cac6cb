// An in-memory Disk with latency and crash semantics: a record is durable only once its
// latency has elapsed; a crash before that loses it (and every record after it).
import type { Disk } from '../host/ports';
import { type DiskFaults, QUOTA_EXHAUSTED, type StorageError, pageWriteFailed, takeQuotaFault, takeTearFault, walWriteFailed } from '../host/diskStore';
import type { SnapshotSave, StoredSnapshot } from '../etcd/nodeTypes';
import type { EventQueue } from './eventQueue';
import type { Prng } from '../lib/prng';
import { MemPageStore, type BackendBatch } from '../backend';

/** etcd's --max-snapshots default. */
export const MAX_SNAPSHOTS = 5;

export interface SimDiskOptions {
  /** Base fsync latency and random extra, virtual ms. */
  fsyncMs: number;
  fsyncJitterMs: number;
}

export class SimDisk implements Disk {
  /** Records that survived: what a restart reads back. */
  readonly durable: Uint8Array[] = [];
  /** Bumped on crash so callbacks of writes in flight at the crash are ignored. */
  private epoch = 0;
  lostOnCrash = 0;
  appends = 0;
  private inFlight = 0;
  /** When the last append issued becomes durable: fsyncs complete in order, like one file's. */
  private lastWalDoneMs = 0;
  /** Injected faults (the disk contract); the simulator itself never sets any. */
  faults: DiskFaults | null = null;
  /** A write failed: the member must stop. */
  onFatal: (err: StorageError) => void = (err) => {
    throw err;
  };

  /** The durable page store (the bbolt file); pages in flight at a crash are lost. */
  readonly pages = new MemPageStore();
  private pagesInFlight = 0;
  private lastPageDoneMs = 0;
  pageBatches = 0;

  /** Backend commits land in order, each whole, after the disk latency (relaxed: no fsync wait). */
  writePages(batch: BackendBatch, onStored?: () => void): void {
    const epoch = this.epoch;
    const quota = takeQuotaFault(this.faults, 'pages');
    // A torn batch never lands: MemPageStore applies a batch whole or not at all.
    const torn = takeTearFault(this.faults);
    this.pagesInFlight++;
    this.pageBatches++;
    const at = Math.max(this.queue.nowMs + this.opts.fsyncMs, this.lastPageDoneMs);
    this.lastPageDoneMs = at;
    this.queue.at(at, () => {
      if (epoch !== this.epoch) return;
      this.pagesInFlight--;
      if (quota) this.onFatal(pageWriteFailed(QUOTA_EXHAUSTED));
      else if (!torn) {
        this.pages.persist(batch);
        onStored?.();
      }
    });
  }

  /** What a restart reads back as the db file. */
  dbFile(): Uint8Array {
    return this.pages.file();
  }

  constructor(
    private readonly queue: EventQueue,
    private readonly prng: Prng,
    public opts: SimDiskOptions,
  ) {}

  appendWal(record: Uint8Array, onDurable: () => void): void {
    const epoch = this.epoch;
    this.appends++;
    const copy = record.slice();
    this.inFlight++;
    const quota = takeQuotaFault(this.faults, 'wal');
    const delay = this.opts.fsyncMs + this.prng.next() * this.opts.fsyncJitterMs;
    // With one append in flight (the driver's rule) this is now + delay; more wait their turn.
    const at = Math.max(this.queue.nowMs + delay, this.lastWalDoneMs);
    this.lastWalDoneMs = at;
    this.queue.at(at, () => {
      if (epoch !== this.epoch) return;
      this.inFlight--;
      if (quota) {
        this.onFatal(walWriteFailed(QUOTA_EXHAUSTED));
        return;
      }
      this.durable.push(copy);
      onDurable();
    });
  }

  /** Drops durable records from `fromIndex` on (a torn tail cut before new appends). */
  truncateWal(fromIndex: number): void {
    if (fromIndex < this.durable.length) this.durable.length = fromIndex;
  }

  /** Snapshot records that survived (etcd's member/snap), oldest first; a restart reads them back. */
  readonly snapshots: StoredSnapshot[] = [];
  snapshotSaves = 0;

  /**
   * The .snap record, the db that came with it and the WAL record land together, after the
   * fsync latency and after every page batch already written (the snapshot's state is in them).
   */
  saveSnapshot(save: SnapshotSave, onDurable: () => void): void {
    const epoch = this.epoch;
    this.appends++;
    this.snapshotSaves++;
    this.inFlight++;
    const copy: StoredSnapshot = { index: save.index, term: save.term, snapFile: save.snapFile.slice() };
    if (save.db) copy.db = save.db.slice();
    const wal = save.walRecord.slice();
    const at = Math.max(this.queue.nowMs + this.opts.fsyncMs + this.prng.next() * this.opts.fsyncJitterMs, this.lastPageDoneMs, this.lastWalDoneMs);
    this.lastWalDoneMs = at; // its WAL record is durable in order with the appends around it
    this.queue.at(at, () => {
      if (epoch !== this.epoch) return;
      this.inFlight--;
      // Like etcd's snap.db renamed over db: only the newest snapshot's db is kept; etcd keeps 5 .snap files.
      for (const s of this.snapshots) delete s.db;
      this.snapshots.push(copy);
      if (this.snapshots.length > MAX_SNAPSHOTS) this.snapshots.splice(0, this.snapshots.length - MAX_SNAPSHOTS);
      this.durable.push(wal);
      onDurable();
    });
  }

  /** The process died: writes not yet durable are gone. */
  crash(): void {
    this.lostOnCrash += this.inFlight + this.pagesInFlight;
    this.inFlight = 0;
    this.lastWalDoneMs = 0;
    this.pagesInFlight = 0;
    this.epoch++;
  }
}
