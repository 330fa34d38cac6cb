// readOnly: pending ReadIndex requests on the leader. A read is recorded with the commit index at
// the time it arrived and released once a quorum has acknowledged a heartbeat carrying its context,
// which proves this node was still leader when the read was received (Raft thesis §6.4).
import type { Message, NodeId } from './types';
import { toHex } from '../lib/bytes';
import { assert } from '../lib/assert';

export const ReadOnlyOption = {
  /** Confirm leadership with a heartbeat round per batch of reads. */
  Safe: 0,
  /** Trust the leader lease (needs CheckQuorum and bounded clock drift). */
  LeaseBased: 1,
} as const;
export type ReadOnlyOption = (typeof ReadOnlyOption)[keyof typeof ReadOnlyOption];

export interface ReadIndexStatus {
  req: Message;
  index: number;
  /** Voters (and the leader itself) that acknowledged a heartbeat carrying this request's context. */
  acks: Map<NodeId, boolean>;
}

/** ReadIndex contexts are bytes; key them by hex. */
export function ctxKey(ctx: Uint8Array | undefined): string {
  return ctx ? toHex(ctx) : '';
}

export function readIndexCtx(m: Message): Uint8Array {
  assert(m.entries.length === 1, 'MsgReadIndex carries its context as its single entry');
  return m.entries[0]!.data;
}

export class ReadOnly {
  readonly option: ReadOnlyOption;
  private pending = new Map<string, ReadIndexStatus>();
  /** Context keys in arrival order; an ack for one confirms all earlier ones too. */
  private queue: string[] = [];

  constructor(option: ReadOnlyOption) {
    this.option = option;
  }

  /** Records a read request `m` served at commit index `index`. Duplicate contexts are ignored. */
  addRequest(index: number, m: Message): void {
    const key = ctxKey(readIndexCtx(m));
    if (this.pending.has(key)) return;
    this.pending.set(key, { req: m, index, acks: new Map() });
    this.queue.push(key);
  }

  /** Notes a heartbeat ack from `id` for `context`; returns the acks so far (undefined if unknown). */
  recvAck(id: NodeId, context: Uint8Array | undefined): Map<NodeId, boolean> | undefined {
    const rs = this.pending.get(ctxKey(context));
    if (!rs) return undefined;
    rs.acks.set(id, true);
    return rs.acks;
  }

  /** Dequeues the request with m's context and every request queued before it; returns them in order. */
  advance(m: Message): ReadIndexStatus[] {
    const key = ctxKey(m.context);
    const i = this.queue.indexOf(key);
    if (i < 0) return [];
    const released = this.queue.slice(0, i + 1);
    this.queue = this.queue.slice(i + 1);
    const out: ReadIndexStatus[] = [];
    for (const k of released) {
      const rs = this.pending.get(k);
      assert(rs !== undefined, 'cannot find corresponding read state from pending map');
      out.push(rs);
      this.pending.delete(k);
    }
    return out;
  }

  /** The context of the newest pending read, attached to heartbeats so they confirm it. */
  lastPendingRequestCtx(): Uint8Array | undefined {
    if (this.queue.length === 0) return undefined;
    return readIndexCtx(this.pending.get(this.queue[this.queue.length - 1]!)!.req);
  }

  pendingCount(): number {
    return this.queue.length;
  }
}
