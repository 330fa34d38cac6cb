// Inflights: the flow-control window of a Progress in replicate state. Each entry is the last
// index of one MsgApp sent but not yet acknowledged; a full window pauses the follower.
import { assert } from '../../lib/assert';

export class Inflights {
  /** Last indexes of in-flight MsgApps, ascending. */
  private buffer: number[] = [];
  readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  clone(): Inflights {
    const c = new Inflights(this.size);
    c.buffer = [...this.buffer];
    return c;
  }

  add(inflight: number): void {
    assert(!this.full(), 'cannot add into a full inflights');
    this.buffer.push(inflight);
  }

  /** Frees every in-flight message whose last index is <= `to` (they were acknowledged). */
  freeLE(to: number): void {
    let n = 0;
    while (n < this.buffer.length && this.buffer[n]! <= to) n++;
    if (n > 0) this.buffer.splice(0, n);
  }

  /** Frees the oldest message: a heartbeat response proves the peer is alive, so let one more through. */
  freeFirstOne(): void {
    this.buffer.shift();
  }

  full(): boolean {
    return this.buffer.length >= this.size;
  }

  count(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = [];
  }
}
