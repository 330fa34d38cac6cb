// One synchronous loop around a node core: inputs in (tick, message, client request, persisted),
// Ready out, persisted BEFORE its messages leave and its committed entries are applied.
// The browser worker and the simulator both run exactly this; only the ports differ.
import type { Message } from '../raft/types';
import type { ClientRequest, ClientResult, EtcdNode, NodeEvent, WatchRequest } from '../etcd/etcdNode';
import type { WatchResponse } from '../etcdctl/client';
import type { Disk, Transport } from './ports';

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

  constructor(
    readonly node: EtcdNode,
    private readonly disk: Disk,
    private readonly transport: Transport,
    private readonly sink: DriverSink,
  ) {}

  /** True while a WAL record is on its way to disk (the host's lockstep waits for this to clear). */
  get busy(): boolean {
    return this.persisting;
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
      if (this.persisting || !this.node.hasReady()) break;
      const record = this.node.ready();
      if (record) {
        this.persisting = true;
        this.walAppends++;
        this.disk.appendWal(record, () => this.onPersisted());
        break;
      }
      this.node.advance();
    }
    this.flushOutbox();
    this.sink.changed();
  }

  private flushOutbox(): void {
    const out = this.node.takeOutbox();
    for (const b of out.pages) this.disk.writePages(b);
    if (out.messages.length) this.transport.send(out.messages);
    for (const r of out.responses) this.sink.respond(r.reqId, r.result);
    for (const w of out.watches) this.sink.watch(w.streamId, w.response);
    if (out.events.length) this.sink.events(out.events);
  }
}
