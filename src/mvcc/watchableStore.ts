// watchableStore: watchers over a KVStore (etcd's mvcc/watchable_store.go), synchronous.
//
// A watcher is "synced" once it has seen everything up to the current revision: it then gets each
// commit's matching events as one response. A watcher that starts in the past is "unsynced": it
// first gets the history from its start revision (at most MAX_REVS_PER_BATCH revisions per
// response, each response's header at the current revision), then joins the synced group. A start
// revision below the compaction point cancels the watcher with that compaction revision.
// etcd syncs unsynced watchers from a background loop every 100 ms. With `syncLoop` the owner plays
// that loop (calls syncWatchers() on its clock, the member on each tick), so history arrives after a
// watch's creation as on a real member; without it syncWatchers() runs when a watcher is created and
// after every commit, so history arrives at once and in order.

import { EventType, type KeyValue, type MvccEvent } from '../etcd/api';
import { compareBytes } from '../lib/bytes';
import type { KVStore } from './kvStore';
import { rangeRequest } from './kvStore';

/** etcd's watchBatchMaxRevs. */
export const MAX_REVS_PER_BATCH = 1000;

export type WatchFilter = 'NOPUT' | 'NODELETE';

export interface WatchSpec {
  key: Uint8Array;
  /** As a range: empty = one key, [0x00] = every key >= key. */
  rangeEnd: Uint8Array;
  /** 0 = from the next revision. */
  startRevision: number;
  prevKv: boolean;
  filters?: WatchFilter[];
}

export interface WatcherResponse {
  watchId: number;
  /** The store's revision when the response was made (the response header's revision). */
  revision: number;
  events: MvccEvent[];
  /** Non-zero: the watcher was canceled because its start revision was compacted. */
  compactRevision: number;
}

interface Watcher {
  id: number;
  spec: WatchSpec;
  /** The next revision this watcher has not seen. */
  minRev: number;
  synced: boolean;
  send: (r: WatcherResponse) => void;
}

export class WatchableStore {
  private watchers = new Map<number, Watcher>();
  private nextId = 0;
  private readonly unsubscribe: () => void;
  private readonly unsubscribeRestore: () => void;

  constructor(
    readonly kv: KVStore,
    private readonly opts: { syncLoop?: boolean } = {},
  ) {
    this.unsubscribe = kv.subscribe((events, rev) => this.notify(events, rev));
    this.unsubscribeRestore = kv.onRestore(() => this.restore());
  }

  /**
   * etcd's watchableStore.Restore: the store was replaced by a snapshot's db; every watcher becomes
   * unsynced and catches up from its next revision in the new store (or is cancelled if that
   * revision is compacted there).
   */
  private restore(): void {
    for (const w of this.watchers.values()) w.synced = false;
    this.syncWatchers();
  }

  /** Starts a watcher; responses go to `send` (synchronously, possibly before this returns). */
  watch(spec: WatchSpec, send: (r: WatcherResponse) => void): number {
    const id = this.nextId++;
    const cur = this.kv.rev();
    const synced = spec.startRevision === 0 || spec.startRevision > cur;
    const minRev = synced ? Math.max(cur + 1, spec.startRevision) : spec.startRevision;
    this.watchers.set(id, { id, spec, minRev, synced, send });
    if (!synced && !this.opts.syncLoop) this.syncWatchers();
    return id;
  }

  cancel(id: number): boolean {
    return this.watchers.delete(id);
  }

  /** A header-only response for a synced watcher (progress notification). */
  progress(id: number): boolean {
    const w = this.watchers.get(id);
    if (!w || !w.synced) return false;
    w.send({ watchId: id, revision: this.kv.rev(), events: [], compactRevision: 0 });
    return true;
  }

  get size(): number {
    return this.watchers.size;
  }

  /**
   * The watchers and their group, for the visualizer. etcd also has a "victim" group (watchers
   * whose client stream buffer was full); here a send never blocks, so no watcher becomes a victim.
   */
  inspectWatchers(): Array<{ id: number; spec: WatchSpec; nextRevision: number; group: 'synced' | 'unsynced' }> {
    return [...this.watchers.values()].map((w) => ({ id: w.id, spec: w.spec, nextRevision: w.minRev, group: w.synced ? 'synced' : 'unsynced' }));
  }

  close(): void {
    this.unsubscribe();
    this.unsubscribeRestore();
    this.watchers.clear();
  }

  /** Brings unsynced watchers up to date: history batches, or cancellation when compacted. */
  syncWatchers(): void {
    // one batch per watcher per round, as etcd's sync loop does, until every watcher is synced
    while (this.unsyncedCount() > 0) this.syncRound();
  }

  unsyncedCount(): number {
    let n = 0;
    for (const w of this.watchers.values()) if (!w.synced) n++;
    return n;
  }

  private syncRound(): void {
    const cur = this.kv.rev();
    const compactRev = this.kv.compactRev();
    for (const w of [...this.watchers.values()]) {
      if (w.synced) continue;
      if (w.minRev < compactRev) {
        this.watchers.delete(w.id);
        w.send({ watchId: w.id, revision: cur, events: [], compactRevision: compactRev });
        continue;
      }
      let events = this.kv.eventsSince(w.spec.key, w.spec.rangeEnd, w.minRev);
      const revs = [...new Set(events.map((e) => e.kv.modRevision))];
      let next = cur + 1;
      if (revs.length > MAX_REVS_PER_BATCH) {
        next = revs[MAX_REVS_PER_BATCH]!;
        events = events.filter((e) => e.kv.modRevision < next);
      }
      const out = this.shape(w, events.map((e) => (w.spec.prevKv ? this.withPrevAt(e) : e)));
      if (out.length > 0) w.send({ watchId: w.id, revision: cur, events: out, compactRevision: 0 });
      w.minRev = next;
      if (next > cur) w.synced = true;
    }
  }

  private notify(events: MvccEvent[], rev: number): void {
    for (const w of [...this.watchers.values()]) {
      if (!w.synced || rev < w.minRev) continue;
      const out = this.shape(
        w,
        events.filter((e) => inRange(e.kv.key, w.spec.key, w.spec.rangeEnd)),
      );
      w.minRev = rev + 1;
      if (out.length > 0) w.send({ watchId: w.id, revision: rev, events: out, compactRevision: 0 });
    }
    if (!this.opts.syncLoop) this.syncWatchers();
  }

  /** Applies the watcher's filters and prev_kv choice. */
  private shape(w: Watcher, events: MvccEvent[]): MvccEvent[] {
    const f = w.spec.filters ?? [];
    return events
      .filter((e) => !(e.type === EventType.PUT && f.includes('NOPUT')) && !(e.type === EventType.DELETE && f.includes('NODELETE')))
      .map((e) => {
        if (w.spec.prevKv && e.prevKv) return e;
        const { prevKv: _drop, ...rest } = e;
        return rest;
      });
  }

  /** A replayed event with the key's value just before it (what etcd reads for prev_kv). */
  private withPrevAt(e: MvccEvent): MvccEvent {
    const at = e.kv.modRevision - 1;
    if (at < 1 || at < this.kv.compactRev()) return e;
    const prev: KeyValue | undefined = this.kv.range({ ...rangeRequest(e.kv.key), revision: at }).kvs[0];
    return prev ? { ...e, prevKv: prev } : e;
  }
}

function inRange(k: Uint8Array, key: Uint8Array, end: Uint8Array): boolean {
  if (end.length === 0) return compareBytes(k, key) === 0;
  if (compareBytes(k, key) < 0) return false;
  return (end.length === 1 && end[0] === 0) || compareBytes(k, end) < 0;
}
