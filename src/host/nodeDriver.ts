// One synchronous loop around a node core: inputs in (tick, message, client request, persisted),
// Ready out, persisted BEFORE its messages leave and its committed entries are applied.
// The browser worker and the simulator both run exactly this; only the ports differ.
import type { Message } from '../raft/types';
import type { ClientRequest, ClientResult, EtcdNode, NodeEvent, WatchRequest } from '../etcd/etcdNode';
import type { WatchResponse } from '../etcdctl/client';
import type { Disk, Transport } from './ports';
import type { MetricsInspect } from '../protocol/inspect';
import { LatencyWindow } from './latencyWindow';

export interface DriverSink {
  respond(reqId: number, result: ClientResult): void;
  watch(streamId: number, response: WatchResponse): void;
  events(events: NodeEvent[]): void;
  /** Called after every pump that changed something, so a host can publish status (throttled by the host). */
  changed(): void;
}

export class NodeDriver {
  /** True while a WAL record is being made durable; the next Ready waits (group commit happens meanwhile). */
  private persisting = false;
  private stopped = false;
  /** Records appended, for counters and tests. */
  walAppends = 0;
  /** WAL append → durable, and backend batch → pages stored, in the host clock's milliseconds. */
  readonly walFsync = new LatencyWindow();
  readonly backendCommit = new LatencyWindow();

  /**
   * `now` is the host's clock (virtual ms): it stamps the write-path step events and times the
   * disk. Without one, steps carry no time and no latencies are measured.
   */
  constructor(
    readonly node: EtcdNode,
    private readonly disk: Disk,
    private readonly transport: Transport,
    private readonly sink: DriverSink,
    private readonly now?: () => number,
  ) {}

  /** True while a WAL record is on its way to disk (the host's lockstep waits for this to clear). */
  get busy(): boolean {
    return this.persisting;
  }

  /** The node's metrics with the latencies this driver measured. */
  metrics(): MetricsInspect {
    return this.node.metrics(this.walFsync.summary(), this.backendCommit.summary());
  }

  onTick(): void {
    if (this.stopped) return;
    this.node.tick();
    this.pump();
  }

  onMessage(m: Message): void {
    if (this.stopped) return;
    this.node.step(m);
    this.pump();
  }

  onClientRequest(reqId: number, req: ClientRequest): void {
    if (this.stopped) return;
    this.node.request(reqId, req);
    this.pump();
  }

  onWatch(w: WatchRequest): void {
    if (this.stopped) return;
    this.node.watch(w);
    this.pump();
  }

  /** The host is going away (crash): drop everything; in-flight durability callbacks become no-ops. */
  stop(): void {
    this.stopped = true;
  }

  private onPersisted(): void {
    if (this.stopped) return;
    this.persisting = false;
    this.node.advance();
    this.pump();
  }

  private pump(): void {
    // Loop rather than recurse: a Ready with nothing to persist is advanced at once and may yield another.
    for (let guard = 0; guard < 1000 && !this.stopped; guard++) {
      this.flushOutbox();
      if (this.persisting) break;
      // A snapshot this member made goes to disk before the next Ready (its WAL record is next in the chain).
      const own = this.node.takeSnapshotSave();
      if (own) {
        this.persisting = true;
        this.disk.saveSnapshot(own, () => this.onPersisted());
        break;
      }
      if (!this.node.hasReady()) break;
      const record = this.node.ready();
      if (record) {
        this.persisting = true;
        this.walAppends++;
        const startMs = this.now?.();
        const onDurable = () => {
          if (startMs !== undefined && !this.stopped) this.walFsync.add(this.now!() - startMs);
          this.onPersisted();
        };
        // A Ready that installs the leader's snapshot is written with its .snap and db in one go.
        const snap = this.node.takeSnapshotSave();
        if (snap) this.disk.saveSnapshot(snap, onDurable);
        else this.disk.appendWal(record, onDurable);
        break;
      }
      this.node.advance();
    }
    this.flushOutbox();
    this.sink.changed();
  }

  private flushOutbox(): void {
    const out = this.node.takeOutbox();
    for (const b of out.pages) {
      const startMs = this.now?.();
      this.disk.writePages(b, startMs === undefined ? undefined : () => this.backendCommit.add(this.now!() - startMs));
    }
    if (out.messages.length) this.transport.send(out.messages);
    for (const r of out.responses) this.sink.respond(r.reqId, r.result);
    for (const w of out.watches) this.sink.watch(w.streamId, w.response);
    if (out.events.length) {
      if (this.now) {
        const at = this.now();
        for (const e of out.events) if (e.kind === 'write') e.atMs = at;
      }
      this.sink.events(out.events);
    }
  }
}
