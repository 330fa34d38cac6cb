// Linearizable reads (Raft thesis §6.4): a ReadIndex answer must not be older than any write that
// had completed when the read was issued. A write counts as completed once any member applied it,
// so every read remembers the highest applied index at issue time and its ReadState must reach it.
import type { Fail } from './violation';

export class LinearizableReads {
  private readonly floor = new Map<number, number>();
  served = 0;

  constructor(private readonly fail: Fail) {}

  issued(id: number, appliedAnywhere: number): void {
    this.floor.set(id, appliedAnywhere);
  }

  /** A ReadState for request `id` reached `member` with read index `index`. */
  answered(member: number, id: number, index: number): void {
    const floor = this.floor.get(id);
    if (floor === undefined) {
      this.fail('linearizable-read', `member ${member} got a ReadState for unknown request ${id}`);
      return;
    }
    // A duplicate request (the network duplicated it) may be answered twice; both must be fresh.
    this.served++;
    if (index < floor) this.fail('linearizable-read', `read ${id} at member ${member} got index ${index}, but index ${floor} was applied before it was issued`);
  }
}
