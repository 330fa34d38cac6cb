// etcd's Watch service on one member: client watch streams mapped onto the watchable store.
// Responses go to `push` (the node's outbox), which the host streams back to the client.
import { WatchableStore } from '../mvcc/watchableStore';
import type { KVStore } from '../mvcc';
import type { ResponseHeader } from './api';
import type { WatchCreateRequest, WatchResponse } from '../etcdctl/client';
import type { WatchRequest } from './nodeTypes';
import { EventType } from './api';
import { fromUtf8 } from '../lib/bytes';
import type { CanceledWatchView, WatchEventView, WatchInspect, WatcherView } from '../protocol/inspect';
import { WATCH_CANCELED_KEEP, WATCH_RECENT_EVENTS } from '../protocol/inspect';

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
      this.noteCanceled(w.streamId, 0, 'canceled by the client');
    } else this.progress(w.streamId);
  }

  /** etcd's syncWatchersLoop (every 100 ms): the member runs it on each tick. */
  syncWatchers(): void {
    if (this.store.unsyncedCount() > 0) this.store.syncWatchers();
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
      stats.watchId = resp.watchId;
      stats.responses++;
      stats.events += resp.events.length;
      for (const e of resp.events) {
        stats.recent.push({ type: e.type === EventType.DELETE ? 'DELETE' : 'PUT', key: fromUtf8(e.kv.key), modRevision: e.kv.modRevision });
      }
      if (stats.recent.length > WATCH_RECENT_EVENTS) stats.recent.splice(0, stats.recent.length - WATCH_RECENT_EVENTS);
      if (canceled) {
        canceledAtCreate = true;
        this.streams.delete(streamId);
        this.noteCanceled(streamId, resp.compactRevision, 'etcdserver: mvcc: required revision has been compacted');
      }
      this.push(streamId, {
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

  /** Watchers and a byte estimate (their key ranges plus the watcher and stream objects). */
  memory(): { watchers: number; watcherBytes: number } {
    let bytes = 0;
    for (const st of this.stats.values()) bytes += st.req.key.length + st.req.rangeEnd.length + WATCHER_OVERHEAD_BYTES;
    return { watchers: this.streams.size, watcherBytes: bytes };
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
      this.noteCanceled(streamId, 0, 'etcdserver: no leader');
      this.push(streamId, { header: this.header(), events: [], compactRevision: 0, canceled: true, cancelReason: 'etcdserver: no leader' });
    }
    this.streams.clear();
  }
}

/** Rough JS heap cost of one watcher: the store's watcher, the stream entry, the spec. */
const WATCHER_OVERHEAD_BYTES = 200;
