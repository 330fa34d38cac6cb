// etcd's Watch service on one member: client watch streams mapped onto the watchable store.
// Responses go to `push` (the node's outbox), which the host streams back to the client.
import { WatchableStore } from '../mvcc/watchableStore';
import type { KVStore } from '../mvcc';
import type { ResponseHeader } from './api';
import type { WatchCreateRequest, WatchResponse } from '../etcdctl/client';
import type { WatchRequest } from './nodeTypes';

export class WatchService {
  private readonly store: WatchableStore;
  /** Client stream id → the store's watcher id. */
  private readonly streams = new Map<number, number>();

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
    const id = this.store.watch({ key: r.key, rangeEnd: r.rangeEnd, startRevision: r.startRevision, prevKv: r.prevKv }, (resp) => {
      const canceled = resp.compactRevision > 0;
      if (canceled) {
        canceledAtCreate = true;
        this.streams.delete(streamId);
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
      this.push(streamId, { header: this.header(), events: [], compactRevision: 0, canceled: true, cancelReason: 'etcdserver: no leader' });
    }
    this.streams.clear();
  }
}
