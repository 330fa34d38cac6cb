// The network between members: every message is an event on the queue with its own delay, so
// reordering is natural; on top of that the seed's faults drop, duplicate and hold back messages,
// and partitions cut links (checked when sent and again when delivered, so a cut also catches
// messages already in flight). Like etcd's transport, it tells the sender about failed snapshot
// sends and unreachable peers.
import type { Message } from '../raft';
import { MessageType } from '../raft';

// Read once: the raft module's exports are live bindings, and reading them per message showed up.
const MSG_APP = MessageType.MsgApp;
const MSG_SNAP = MessageType.MsgSnap;
import type { Prng } from '../lib/prng';
import type { EventQueue } from '../sim/eventQueue';
import type { Counters } from './counters';
import { type FaultParams, type Partitions, drawDelayMs } from './faults';
import type { TraceHash } from './hash';
import type { Member } from './member';

export class Network {
  /** Random drops, duplicates and extra delays; off in the liveness phase. */
  faultsOn = true;

  constructor(
    private readonly params: FaultParams,
    private readonly prng: Prng,
    private readonly partitions: Partitions,
    private readonly queue: EventQueue,
    private readonly counters: Counters,
    private readonly trace: TraceHash,
    private readonly members: readonly Member[],
  ) {}

  send(m: Message, from: Member): void {
    const c = this.counters;
    const p = this.params;
    c.messagesSent++;
    const inc = from.incarnation;
    Object.freeze(m);
    if (m.type === MSG_SNAP) c.snapshotsSent++;
    if (this.partitions.blocked(m.from, m.to)) {
      // The stream to the peer is down: etcd's transport reports it so the leader stops pipelining.
      this.drop(m, inc);
      if (m.type === MSG_APP) this.queue.after(0, () => this.feedback(m.from, inc, (s) => s.reportUnreachable(m.to)));
      return;
    }
    if (this.faultsOn && this.prng.chance(p.dropRate)) {
      this.drop(m, inc);
      return;
    }
    let delay = drawDelayMs(p, this.prng);
    if (this.faultsOn && this.prng.chance(p.reorderRate)) {
      delay += this.prng.next() * p.reorderExtraMs;
      c.messagesReordered++;
    }
    this.queue.after(delay, () => this.deliver(m, inc, false));
    if (this.faultsOn && this.prng.chance(p.dupRate)) {
      c.messagesDuplicated++;
      this.queue.after(delay + drawDelayMs(p, this.prng), () => this.deliver(m, inc, true));
    }
  }

  private deliver(m: Message, senderInc: number, duplicate: boolean): void {
    const dst = this.members[m.to]!;
    if (this.partitions.blocked(m.from, m.to) || !dst.alive) {
      if (!duplicate) this.drop(m, senderInc);
      else this.counters.messagesDropped++;
      return;
    }
    this.counters.messagesDelivered++;
    const t = this.trace;
    t.mix(m.type);
    t.mix(m.from);
    t.mix(m.to);
    t.mix(m.term);
    t.mix(m.logTerm);
    t.mix(m.index);
    t.mix(m.commit);
    t.mix(m.entries.length);
    t.mix(m.reject ? m.rejectHint + 1 : 0);
    t.mix(this.queue.nowMs * 16);
    dst.receive(m);
    // The snapshot stream finished: the leader may resume replication from it.
    if (m.type === MSG_SNAP && !duplicate) this.feedback(m.from, senderInc, (s) => s.reportSnapshot(m.to, true));
  }

  private drop(m: Message, senderInc: number): void {
    this.counters.messagesDropped++;
    if (m.type === MSG_SNAP) {
      // A failed snapshot send is noticed by the sender a little later; without the report its
      // progress would wait in snapshot state for ever.
      this.queue.after(drawDelayMs(this.params, this.prng), () => this.feedback(m.from, senderInc, (s) => s.reportSnapshot(m.to, false)));
    }
  }

  /** Transport feedback reaches the sender only in the life that sent the message. */
  private feedback(from: number, inc: number, fn: (sender: Member) => void): void {
    const s = this.members[from]!;
    if (s.alive && s.incarnation === inc) fn(s);
  }
}
