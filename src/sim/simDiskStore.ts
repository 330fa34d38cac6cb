// Member stores in memory, one SimDisk each: the simulator's side of the DiskStore port. A name is
// held by one open at a time (the Web Lock rule of the IndexedDB store), and a crash lets go of it.
import type { DiskStore, OpenOptions, OpenedStore } from '../host/diskStore';
import { StoreInUseError } from '../host/diskStore';
import type { Prng } from '../lib/prng';
import type { EventQueue } from './eventQueue';
import { SimDisk, type SimDiskOptions } from './simDisk';

export class SimDiskStore implements DiskStore {
  private readonly disks = new Map<string, SimDisk>();
  /** Who holds each open name: a token per open, so a stale close never frees a later open. */
  private readonly held = new Map<string, object>();

  constructor(
    private readonly queue: EventQueue,
    private readonly prng: Prng,
    private readonly opts: SimDiskOptions,
  ) {}

  /** The member's disk (created empty on first use); what a restart reads back lives in it. */
  disk(name: string): SimDisk {
    let d = this.disks.get(name);
    if (!d) {
      d = new SimDisk(this.queue, this.prng.fork(`disk-${name}`), this.opts);
      this.disks.set(name, d);
    }
    return d;
  }

  open(name: string, opts: OpenOptions = {}): Promise<OpenedStore> {
    try {
      return Promise.resolve(this.openSync(name, opts));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The simulator is synchronous: the same open without a promise. */
  openSync(name: string, opts: OpenOptions = {}): OpenedStore {
    if (this.held.has(name)) throw new StoreInUseError(name);
    const token = {};
    this.held.set(name, token);
    const d = this.disk(name);
    d.faults = opts.faults ?? null;
    if (opts.onFatal) d.onFatal = opts.onFatal;
    return {
      walRecords: d.durable.slice(),
      dbFile: d.dbFile(),
      snapshots: d.snapshots.map((x) => ({ ...x })),
      disk: d,
      truncateWal: (fromIndex) => {
        d.truncateWal(fromIndex);
        return Promise.resolve();
      },
      close: () => {
        if (this.held.get(name) === token) this.held.delete(name);
        return Promise.resolve();
      },
    };
  }

  /** The process holding `name` died: writes not yet durable are lost, and the name is free again. */
  crash(name: string): void {
    this.disks.get(name)?.crash();
    this.held.delete(name);
  }

  /** Lets virtual time run until every write issued so far has landed or failed. */
  settle(): void {
    while (this.queue.step()) {
      // each step runs one event
    }
  }
}
