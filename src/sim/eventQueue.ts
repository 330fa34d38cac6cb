// The simulator's single event queue, ordered by (virtual time, insertion sequence) so that
// events at the same instant run in a fixed order and a seed replays a run exactly.

export interface SimEvent {
  atMs: number;
  seq: number;
  run: () => void;
}

export class EventQueue {
  private heap: SimEvent[] = [];
  private seq = 0;
  nowMs = 0;

  get size(): number {
    return this.heap.length;
  }

  at(atMs: number, run: () => void): void {
    const ev: SimEvent = { atMs: Math.max(atMs, this.nowMs), seq: this.seq++, run };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  after(delayMs: number, run: () => void): void {
    this.at(this.nowMs + delayMs, run);
  }

  peekTime(): number | undefined {
    return this.heap[0]?.atMs;
  }

  /** Runs the earliest event; false when the queue is empty. */
  step(): boolean {
    const h = this.heap;
    const top = h[0];
    if (!top) return false;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    this.nowMs = top.atMs;
    top.run();
    return true;
  }
}

function less(a: SimEvent, b: SimEvent): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}
