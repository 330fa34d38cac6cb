// etcd's Watch service on one member: client watch streams mapped onto the watchable store.
// Responses go to `push` (the node's outbox), which the host streams back to the client.
import { WatchableStore } from '../mvcc/watchableStore';
import type { KVStore } from '../mvcc';
import type { ResponseHeader } from './api';
import type { WatchCreateRequest, WatchResponse } from '../etcdctl/client';
import type { WatchRequest } from './nodeTypes';
import { EventType, type MvccEvent } from './api';
import { fromUtf8 } from '../lib/bytes';
import type { CanceledWatchView, WatchEventView, WatchInspect, WatcherView } from '../protocol/inspect';
import { WATCH_CANCELED_KEEP, WATCH_RECENT_EVENTS } from '../protocol/inspect';

/**
 * etcd's chanBufLen: the responses a watch stream holds for its client before its watchers' sends
 * fail and they become victims.
 */
export const CHAN_BUF_LEN = 128;

/** A stream's send buffer (etcd's watchStream.ch) and how fast its client reads it. */
interface SendBuffer {
  queue: WatchResponse[];
  /** null: the client reads as fast as responses come, so nothing waits. */
  readsPerTick: number | null;
  /** Responses the buffer holds: etcd's CHAN_BUF_LEN unless a lesson asked for fewer. */
  capacity: number;
}

/** What the visualizer shows per stream: counts and the last few events sent. */
interface StreamStats {
  req: WatchCreateRequest;
  watchId: number;
  responses: number;
  events: number;
  recent: WatchEventView[];
}

export class WatchService {
  private readonly store: WatchableStore;
  /** Client stream id → the store's watcher id. */
  private readonly streams = new Map<number, number>();
  private readonly stats = new Map<number, StreamStats>();
  private readonly canceled: CanceledWatchView[] = [];
  /** Streams whose client reads slowly, with what waits for it. */
  private readonly buffers = new Map<number, SendBuffer>();

  constructor(
    kv: KVStore,
    private readonly header: () => ResponseHeader,
    private readonly push: (streamId: number, response: WatchResponse) => void,
  ) {
    this.store = new WatchableStore(kv, { syncLoop: true });
  }

  get size(): number {
    return this.streams.size;
  }

  handle(w: WatchRequest): void {
    if (w.op === 'create') return this.create(w.streamId, w.req);
    const id = this.streams.get(w.streamId);
    if (id === undefined) return;
    if (w.op === 'cancel') {
      this.store.cancel(id);
      this.streams.delete(w.streamId);
      this.buffers.delete(w.streamId);
      this.noteCanceled(w.streamId, 0, 'canceled by the client');
    } else if (w.op === 'slowClient') this.setReadsPerTick(w.streamId, w.readsPerTick, w.bufferResponses);
    else this.progress(w.streamId);
  }

  private setReadsPerTick(streamId: number, readsPerTick: number | null, bufferResponses?: number): void {
    const n = readsPerTick === null || !(readsPerTick >= 0) ? null : Math.floor(readsPerTick);
    const b = this.buffers.get(streamId) ?? { queue: [], readsPerTick: null, capacity: CHAN_BUF_LEN };
    b.readsPerTick = n;
    if (bufferResponses !== undefined && bufferResponses >= 1) b.capacity = Math.min(CHAN_BUF_LEN, Math.floor(bufferResponses));
    this.buffers.set(streamId, b);
    if (n === null) {
      // a client that reads fast again takes everything waiting at once
      for (const r of b.queue.splice(0)) this.deliver(streamId, r);
      this.buffers.delete(streamId);
    }
  }

  /**
   * The member's tick plays etcd's background loops: slow clients read from their stream buffers,
   * syncVictimsLoop retries victims (etcd: every 10 ms; here every tick), then syncWatchersLoop
   * (every 100 ms) catches unsynced watchers up.
   */
  syncWatchers(): void {
    for (const [streamId, b] of this.buffers) {
      if (b.readsPerTick === null) continue;
      for (const r of b.queue.splice(0, b.readsPerTick)) this.deliver(streamId, r);
      if (!this.streams.has(streamId) && b.queue.length === 0) this.buffers.delete(streamId);
    }
    if (this.store.victimCount() > 0) this.store.syncVictims();
    if (this.store.unsyncedCount() > 0) this.store.syncWatchers();
  }

  /** Watchers per group (synced / unsynced / victim), for the member's status. */
  groupCounts(): { synced: number; unsynced: number; victim: number } {
    return this.store.groupCounts();
  }

  /** Hands a response to the client now, or queues it behind a slow client's buffer. */
  private offer(streamId: number, r: WatchResponse): boolean {
    const b = this.buffers.get(streamId);
    if (!b || b.readsPerTick === null) {
      this.deliver(streamId, r);
      return true;
    }
    if (b.queue.length >= b.capacity) return false;
    b.queue.push(r);
    return true;
  }

  private deliver(streamId: number, r: WatchResponse): void {
    const stats = this.stats.get(streamId);
    if (stats) {
      stats.responses++;
      stats.events += r.events.length;
      for (const e of r.events) {
        stats.recent.push({ type: e.type === EventType.DELETE ? 'DELETE' : 'PUT', key: fromUtf8(e.kv.key), modRevision: e.kv.modRevision });
      }
      if (stats.recent.length > WATCH_RECENT_EVENTS) stats.recent.splice(0, stats.recent.length - WATCH_RECENT_EVENTS);
    }
    this.push(streamId, r);
  }

  /**
   * A requested progress notification, as etcd 3.4's watch server answers it: at once, with the
   * store's current revision and no events, whether or not the watcher has caught up (WatchId -1,
   * broadcast to the stream's watchers). A watcher still replaying history thus hears "progress"
   * before its older events — what real 3.4 prints.
   */
  private progress(streamId: number): void {
    this.push(streamId, { header: this.header(), events: [], compactRevision: 0, canceled: false, cancelReason: '', progressNotify: true });
  }

  private create(streamId: number, r: WatchCreateRequest): void {
    let canceledAtCreate = false;
    const stats: StreamStats = { req: r, watchId: -1, responses: 0, events: 0, recent: [] };
    this.stats.set(streamId, stats);
    const id = this.store.watch({ key: r.key, rangeEnd: r.rangeEnd, startRevision: r.startRevision, prevKv: r.prevKv }, (resp) => {
      const canceled = resp.compactRevision > 0;
      const b = this.buffers.get(streamId);
      // the stream's buffer is full: the store keeps the response and the watcher becomes a victim
      if (b && b.readsPerTick !== null && b.queue.length >= b.capacity) return false;
      stats.watchId = resp.watchId;
      if (canceled) {
        canceledAtCreate = true;
        this.streams.delete(streamId);
        this.noteCanceled(streamId, resp.compactRevision, 'etcdserver: mvcc: required revision has been compacted');
      }
      return this.offer(streamId, {
        // etcd's compaction-cancel response carries a header without a revision.
        header: { ...this.header(), revision: canceled ? 0 : resp.revision },
        events: resp.events,
        compactRevision: resp.compactRevision,
        canceled,
        cancelReason: canceled ? 'etcdserver: mvcc: required revision has been compacted' : '',
        progressNotify: resp.events.length === 0 && !canceled ? true : undefined,
      });
    });
    // A start revision below the compaction cancels the watcher while it is being created.
    if (!canceledAtCreate) this.streams.set(streamId, id);
    stats.watchId = id;
  }

  /**
   * Watchers and a byte estimate: their key ranges plus the watcher and stream objects, and every
   * event still waiting for a slow client (in a stream buffer or held by a victim) — in etcd those
   * are copies of the keys and values, which is how slow watchers cost memory.
   */
  memory(): { watchers: number; watcherBytes: number; watchPendingEvents: number; watchPendingBytes: number } {
    let bytes = 0;
    for (const st of this.stats.values()) bytes += st.req.key.length + st.req.rangeEnd.length + WATCHER_OVERHEAD_BYTES;
    let pendingEvents = 0;
    let pendingBytes = 0;
    const count = (events: readonly MvccEvent[]) => {
      for (const e of events) {
        pendingEvents++;
        pendingBytes += EVENT_OVERHEAD_BYTES + e.kv.key.length + e.kv.value.length + (e.prevKv ? e.prevKv.key.length + e.prevKv.value.length : 0);
      }
    };
    for (const b of this.buffers.values()) for (const r of b.queue) count(r.events);
    for (const w of this.store.inspectWatchers()) count(w.heldEvents);
    return { watchers: this.streams.size, watcherBytes: bytes + pendingBytes, watchPendingEvents: pendingEvents, watchPendingBytes: pendingBytes };
  }

  private noteCanceled(streamId: number, compactRevision: number, reason: string): void {
    const st = this.stats.get(streamId);
    if (!st) return;
    this.stats.delete(streamId);
    this.canceled.push({ streamId, watchId: st.watchId, key: fromUtf8(st.req.key), rangeEnd: fromUtf8(st.req.rangeEnd), startRevision: st.req.startRevision, compactRevision, reason });
    if (this.canceled.length > WATCH_CANCELED_KEEP) this.canceled.splice(0, this.canceled.length - WATCH_CANCELED_KEEP);
  }

  /** Every watcher on this member with its group and what it has been sent; recent cancellations. */
  inspect(revision: number, compactRevision: number): WatchInspect {
    const byId = new Map(this.store.inspectWatchers().map((w) => [w.id, w]));
    const watchers: WatcherView[] = [];
    for (const [streamId, id] of this.streams) {
      const w = byId.get(id);
      const st = this.stats.get(streamId);
      if (!w || !st) continue;
      watchers.push({
        streamId,
        watchId: id,
        key: fromUtf8(w.spec.key),
        rangeEnd: fromUtf8(w.spec.rangeEnd),
        startRevision: w.spec.startRevision,
        nextRevision: w.nextRevision,
        group: w.group,
        responses: st.responses,
        events: st.events,
        recent: st.recent.slice(),
        buffered: this.buffers.get(streamId)?.queue.length ?? 0,
        readsPerTick: this.buffers.get(streamId)?.readsPerTick ?? undefined,
        bufferCapacity: this.buffers.get(streamId)?.capacity,
        heldEvents: w.heldEvents.length,
      });
    }
    return { revision, compactRevision, watchers, canceled: this.canceled.slice() };
  }

  /**
   * A watch stream opened on a member without a leader: etcd's stream interceptor refuses
   * "require leader" streams (etcdctl always asks for one) with "etcdserver: no leader", which the
   * client reports as a server-side cancel.
   */
  refuseNoLeader(streamId: number): void {
    this.push(streamId, { header: this.header(), events: [], compactRevision: 0, canceled: true, cancelReason: 'etcdserver: no leader' });
  }

  /** etcd cancels "require leader" watches (etcdctl's) when the member loses its leader. */
  cancelAllForNoLeader(): void {
    for (const [streamId, id] of this.streams) {
      this.store.cancel(id);
      this.buffers.delete(streamId);
      this.noteCanceled(streamId, 0, 'etcdserver: no leader');
      this.push(streamId, { header: this.header(), events: [], compactRevision: 0, canceled: true, cancelReason: 'etcdserver: no leader' });
    }
    this.streams.clear();
  }
}

/** Rough JS heap cost of one watcher: the store's watcher, the stream entry, the spec. */
const WATCHER_OVERHEAD_BYTES = 200;
/** Rough cost of one buffered event beyond its key and value bytes (event, KeyValue, arrays). */
const EVENT_OVERHEAD_BYTES = 120;
