// Lockstep mode's parts: the hub is the clock and advances virtual time only when every worker has
// reported idle (its inputs handled, its WAL record durable). With the hub feeding inputs in a fixed
// order and collecting outputs in member order, a seed replays the same run with real workers and
// real IndexedDB underneath (../shared/design/architecture.md, "Lockstep").
import type { NodeId } from '../../raft/types';
import type { MemberWorker } from './memberWorker';

/** A worker that has not reported idle after this much real time is reported as stuck. */
const IDLE_TIMEOUT_REAL_MS = 15_000;

export class StepBarrier {
  private waiting = new Map<NodeId, { seq: number; done: () => void }>();
  private seq = 0;

  /** Posts `sync` after this step's inputs and resolves once each worker answered idle; the ids that did not. */
  sync(workers: Array<[NodeId, MemberWorker]>): Promise<NodeId[]> {
    const seq = ++this.seq;
    const all = workers.map(
      ([id, w]) =>
        new Promise<NodeId | null>((resolve) => {
          const timer = setTimeout(() => {
            this.waiting.delete(id);
            resolve(id);
          }, IDLE_TIMEOUT_REAL_MS);
          this.waiting.set(id, {
            seq,
            done: () => {
              clearTimeout(timer);
              resolve(null);
            },
          });
          w.post({ t: 'sync', seq });
        }),
    );
    return Promise.all(all).then((r) => r.filter((x): x is NodeId => x !== null));
  }

  idle(id: NodeId, seq: number): void {
    const w = this.waiting.get(id);
    if (!w || w.seq !== seq) return;
    this.waiting.delete(id);
    w.done();
  }

  /** A member crashed: nothing more will come from it this step. */
  forget(id: NodeId): void {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    w?.done();
  }
}

/** Waiters on virtual time (`wait 3 s`) and per-step observers (checkpoints), in either mode. */
export class VirtualTimers {
  private timers: Array<{ atMs: number; resolve: () => void }> = [];
  private readonly listeners = new Set<() => void>();

  after(nowMs: number, ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ atMs: nowMs + ms, resolve }));
  }

  nextMs(): number {
    let t = Infinity;
    for (const x of this.timers) t = Math.min(t, x.atMs);
    return t;
  }

  /** Resolves the timers due at `nowMs` and tells every observer that time moved. */
  fire(nowMs: number): void {
    if (this.timers.length) {
      const due = this.timers.filter((x) => x.atMs <= nowMs);
      if (due.length) {
        this.timers = this.timers.filter((x) => x.atMs > nowMs);
        for (const x of due) x.resolve();
      }
    }
    for (const l of this.listeners) l();
  }

  onStep(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  clear(): void {
    this.timers = [];
  }
}
