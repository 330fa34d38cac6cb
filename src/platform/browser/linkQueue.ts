// The hub's messages in flight: each raft message (one transferable buffer) is held on its link
// for the delay the network model drew (src/host/network.ts), visible to the UI, then released in order.
import type { NodeId } from '../../raft/types';
import { MESSAGE_TYPE_NAMES } from '../../raft/types';
import type { MessageView } from '../../protocol/view';
import type { MessageMeta } from '../../protocol/worker';

interface InFlight {
  view: MessageView;
  buf: ArrayBuffer;
}

export class LinkQueue {
  private items: InFlight[] = [];
  private nextId = 1;

  get size(): number {
    return this.items.length;
  }

  views(): MessageView[] {
    return this.items.map((f) => f.view);
  }

  hold(from: NodeId, meta: MessageMeta, buf: ArrayBuffer, nowMs: number, delayMs: number): void {
    const view: MessageView = {
      id: this.nextId++,
      from,
      to: meta.to,
      type: MESSAGE_TYPE_NAMES[meta.type] ?? String(meta.type),
      term: meta.term,
      logTerm: meta.logTerm,
      index: meta.index,
      entries: meta.entries,
      commit: meta.commit,
      reject: meta.reject,
      sentAtMs: nowMs,
      deliverAtMs: nowMs + delayMs,
    };
    this.items.push({ view, buf });
  }

  /** When the next message is due (virtual ms); Infinity when none is in flight. */
  nextDueMs(): number {
    let t = Infinity;
    for (const f of this.items) t = Math.min(t, f.view.deliverAtMs);
    return t;
  }

  /** Removes and returns the messages due at `nowMs`, in delivery order; [] when none. */
  takeDue(nowMs: number): InFlight[] {
    const keep: InFlight[] = [];
    const due: InFlight[] = [];
    for (const f of this.items) (f.view.deliverAtMs <= nowMs ? due : keep).push(f);
    if (!due.length) return due;
    this.items = keep;
    return due.sort((a, b) => a.view.deliverAtMs - b.view.deliverAtMs || a.view.id - b.view.id);
  }

  /** Drops messages to or from a member (crashed: its socket buffers are gone; isolated: cut links). */
  dropFor(member: NodeId, both: boolean): void {
    this.items = this.items.filter((f) => f.view.to !== member && (!both || f.view.from !== member));
  }

  /** Drops the messages `drop` picks (links a partition just cut). */
  dropWhere(drop: (v: MessageView) => boolean): void {
    this.items = this.items.filter((f) => !drop(f.view));
  }

  clear(): void {
    this.items = [];
  }
}
