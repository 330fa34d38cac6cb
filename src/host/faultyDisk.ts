// A Disk wrapper with the member's disk faults, used by the simulator and the browser worker alike:
// extra fsync latency (a WAL sync, a snapshot save and a backend commit take at least N virtual ms)
// and crash points in the write path that fire once. The wrapped disk does the real writing; this
// only delays when its completions are reported, or withholds a write and stops the member.
import type { Disk } from './ports';
import type { BackendBatch } from '../backend';
import type { SnapshotSave } from '../etcd/nodeTypes';
import type { CrashPoint, DiskFault } from '../protocol/faults';

/** The host's virtual clock, as the disk needs it: the sim's event queue, or a worker's timers. */
export interface DiskTimer {
  now(): number;
  /** Calls `f` once virtual time reaches `atMs` (callbacks at equal times in the order they were set). */
  at(atMs: number, f: () => void): void;
}

export class FaultyDisk implements Disk {
  private fsyncMs = 0;
  private armed: CrashPoint | null = null;
  private dead = false;
  /** Completions are reported in issue order: a later write's due time is never before an earlier one's. */
  private lastDueMs = 0;
  /** WAL/snapshot writes the wrapped disk has not reported durable yet. */
  private walPending = 0;
  /** Completions whose write is done but whose latency has not elapsed (waiting for virtual time). */
  private parked: number[] = [];
  /** A received snapshot was saved; with `snapshot-before-db-swap` armed the next whole-file batch crashes. */
  private snapshotSaved = false;

  /**
   * `onCrash` is called when an armed crash point fires: the host must stop the member now (the disk
   * already refuses every later write). `onSettled` is called whenever a wrapped write completes, so
   * a lockstep host can re-check whether it is idle.
   */
  constructor(
    private readonly inner: Disk,
    private readonly timer: DiskTimer,
    private readonly onCrash: (point: CrashPoint) => void,
    fault: Partial<DiskFault> = {},
    private readonly onSettled: () => void = () => {},
  ) {
    this.set(fault);
  }

  set(fault: Partial<DiskFault>): void {
    if (fault.fsyncMs !== undefined) this.fsyncMs = fault.fsyncMs;
    if (fault.crashPoint !== undefined) this.armed = fault.crashPoint;
  }

  get fault(): DiskFault {
    return { fsyncMs: this.fsyncMs, crashPoint: this.armed };
  }

  /** Nothing is being written: all that holds the member back is virtual time (a lockstep worker may report idle). */
  get waitingOnlyForTime(): boolean {
    return this.walPending === 0 && this.parked.length > 0;
  }

  /** The earliest virtual time a parked completion is due; Infinity when none. */
  nextDueMs(): number {
    return this.parked.length ? Math.min(...this.parked) : Infinity;
  }

  /** The member stopped (killed or crashed): nothing more is reported. */
  stop(): void {
    this.dead = true;
  }

  appendWal(record: Uint8Array, onDurable: () => void, opts?: { sync?: boolean }): void {
    if (this.dead) return;
    if (opts?.sync === false) {
      // No fsync: nothing to slow down and no crash point (the record rides with the next synced one).
      this.inner.appendWal(record, () => this.dead || onDurable(), opts);
      return;
    }
    if (this.armed === 'wal-before-fsync') {
      // The write never reaches stable storage: withhold it from the disk.
      this.fire('wal-before-fsync');
      return;
    }
    this.delayed(true, (done) => this.inner.appendWal(record, done), () => {
      if (this.armed === 'wal-after-fsync') this.fire('wal-after-fsync');
      else onDurable();
    });
  }

  saveSnapshot(save: SnapshotSave, onDurable: () => void): void {
    if (this.dead) return;
    const received = save.db !== undefined;
    if (received && this.armed === 'snapshot-before-save') {
      this.fire('snapshot-before-save');
      return;
    }
    this.delayed(true, (done) => this.inner.saveSnapshot(save, done), () => {
      if (received) this.snapshotSaved = true;
      onDurable();
    });
  }

  writePages(batch: BackendBatch, onStored?: () => void): void {
    if (this.dead) return;
    if (batch.replacesFile ? this.armed === 'snapshot-before-db-swap' && this.snapshotSaved : this.armed === 'apply-before-commit') {
      this.fire(this.armed!);
      return;
    }
    if (batch.replacesFile) this.snapshotSaved = false;
    if (this.fsyncMs === 0) {
      this.inner.writePages(batch, onStored && (() => this.dead || onStored()));
      return;
    }
    this.delayed(false, (done) => this.inner.writePages(batch, done), () => onStored?.());
  }

  private fire(point: CrashPoint): void {
    this.armed = null;
    this.dead = true;
    this.onCrash(point);
  }

  /** Starts the write now; reports it once it is done AND fsyncMs of virtual time has passed since it started. */
  private delayed(wal: boolean, start: (done: () => void) => void, complete: () => void): void {
    if (this.fsyncMs === 0) {
      if (wal) this.walPending++;
      start(() => {
        if (wal) this.walPending--;
        if (!this.dead) complete();
        this.onSettled();
      });
      return;
    }
    const dueMs = Math.max(this.timer.now() + this.fsyncMs, this.lastDueMs);
    this.lastDueMs = dueMs;
    let written = false;
    let elapsed = false;
    const finish = () => {
      if (written && elapsed && !this.dead) complete();
    };
    if (wal) this.walPending++;
    this.parked.push(dueMs);
    start(() => {
      if (wal) this.walPending--;
      written = true;
      finish();
      this.onSettled();
    });
    this.timer.at(dueMs, () => {
      this.parked.splice(this.parked.indexOf(dueMs), 1);
      elapsed = true;
      finish();
    });
  }
}
