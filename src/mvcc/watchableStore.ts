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
//
// Victims (etcd's victim group): `send` may refuse a response (returns false) when the client
// stream's buffer is full — in etcd, the watch stream's channel of chanBufLen responses that a slow
// client has not drained. The watcher then leaves its group holding that response; `syncVictims()`
// (etcd's syncVictimsLoop) retries it, and once it is taken the watcher rejoins the unsynced group to
// catch up on what it missed meanwhile from history — unless compaction got there first, which
// cancels it with the compact revision.

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

/** Delivers a response; `false` means the client stream's buffer is full (the watcher becomes a victim). */
export type WatchSend = (r: WatcherResponse) => unknown;

export type WatcherGroupName = 'synced' | 'unsynced' | 'victim';

interface Watcher {
  id: number;
  spec: WatchSpec;
  /** The next revision this watcher has not seen. */
  minRev: number;
  group: WatcherGroupName;
  send: WatchSend;
  /** A victim's refused response, retried by syncVictims(). */
  pending?: WatcherResponse;
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
    // a victim keeps its refused response; it rejoins the unsynced group once that is taken
    for (const w of this.watchers.values()) if (w.group === 'synced') w.group = 'unsynced';
    this.syncWatchers();
  }

  /** Starts a watcher; responses go to `send` (synchronously, possibly before this returns). */
  watch(spec: WatchSpec, send: WatchSend): number {
    const id = this.nextId++;
    const cur = this.kv.rev();
    const synced = spec.startRevision === 0 || spec.startRevision > cur;
    const minRev = synced ? Math.max(cur + 1, spec.startRevision) : spec.startRevision;
    this.watchers.set(id, { id, spec, minRev, group: synced ? 'synced' : 'unsynced', send });
    if (!synced && !this.opts.syncLoop) this.syncWatchers();
    return id;
  }

  cancel(id: number): boolean {
    return this.watchers.delete(id);
  }

  /** A header-only response for a synced watcher (progress notification). */
  progress(id: number): boolean {
    const w = this.watchers.get(id);
    if (!w || w.group !== 'synced') return false;
    // etcd's RequestProgress sends without blocking; a full buffer just skips this notification
    return w.send({ watchId: id, revision: this.kv.rev(), events: [], compactRevision: 0 }) !== false;
  }

  get size(): number {
    return this.watchers.size;
  }

  /** The watchers and their group, for the visualizer; a victim's held response counts its events. */
  inspectWatchers(): Array<{ id: number; spec: WatchSpec; nextRevision: number; group: WatcherGroupName; heldEvents: MvccEvent[] }> {
    return [...this.watchers.values()].map((w) => ({ id: w.id, spec: w.spec, nextRevision: w.minRev, group: w.group, heldEvents: w.pending?.events ?? [] }));
  }

  /** How many watchers are in each group (cheap: for a member's status report). */
  groupCounts(): Record<WatcherGroupName, number> {
    const n = { synced: 0, unsynced: 0, victim: 0 };
    for (const w of this.watchers.values()) n[w.group]++;
    return n;
  }

  close(): void {
    this.unsubscribe();
    this.unsubscribeRestore();
    this.watchers.clear();
  }

  /** Brings unsynced watchers up to date: history batches, or cancellation when compacted. */
  syncWatchers(): void {
    // one batch per watcher per round, as etcd's sync loop does, until every watcher is synced or
    // stuck behind a full client buffer (a victim, or a cancellation waiting to be taken)
    while (this.unsyncedCount() > 0 && this.syncRound()) {
      // each round moved some watcher forward
    }
  }

  unsyncedCount(): number {
    let n = 0;
    for (const w of this.watchers.values()) if (w.group === 'unsynced') n++;
    return n;
  }

  victimCount(): number {
    let n = 0;
    for (const w of this.watchers.values()) if (w.group === 'victim') n++;
    return n;
  }

  /**
   * etcd's syncVictimsLoop: offers each victim its held response again. One that is taken rejoins
   * the unsynced group if it missed revisions meanwhile (history then catches it up), else the
   * synced group. Returns how many left the victim group.
   */
  syncVictims(): number {
    const cur = this.kv.rev();
    let moved = 0;
    for (const w of [...this.watchers.values()]) {
      if (w.group !== 'victim' || !w.pending) continue;
      if (w.send(w.pending) === false) continue;
      w.pending = undefined;
      w.group = w.minRev <= cur ? 'unsynced' : 'synced';
      moved++;
    }
    if (moved > 0 && !this.opts.syncLoop) this.syncWatchers();
    return moved;
  }

  private toVictim(w: Watcher, r: WatcherResponse): void {
    w.group = 'victim';
    w.pending = r;
  }

  /** One round over the unsynced watchers; true if any of them moved on. */
  private syncRound(): boolean {
    const cur = this.kv.rev();
    const compactRev = this.kv.compactRev();
    let progressed = false;
    for (const w of [...this.watchers.values()]) {
      if (w.group !== 'unsynced') continue;
      if (w.minRev < compactRev) {
        // as etcd's chooseAll: the cancel response is offered without blocking, retried next round
        if (w.send({ watchId: w.id, revision: cur, events: [], compactRevision: compactRev }) === false) continue;
        this.watchers.delete(w.id);
        progressed = true;
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
      w.minRev = next;
      progressed = true;
      const r: WatcherResponse = { watchId: w.id, revision: cur, events: out, compactRevision: 0 };
      if (out.length > 0 && w.send(r) === false) this.toVictim(w, r);
      else if (next > cur) w.group = 'synced';
    }
    return progressed;
  }

  private notify(events: MvccEvent[], rev: number): void {
    for (const w of [...this.watchers.values()]) {
      if (w.group !== 'synced' || rev < w.minRev) continue;
      const out = this.shape(
        w,
        events.filter((e) => inRange(e.kv.key, w.spec.key, w.spec.rangeEnd)),
      );
      w.minRev = rev + 1;
      if (out.length === 0) continue;
      const r: WatcherResponse = { watchId: w.id, revision: rev, events: out, compactRevision: 0 };
      // a slow client: the watcher leaves the synced group with this response (etcd's notify)
      if (w.send(r) === false) this.toVictim(w, r);
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
