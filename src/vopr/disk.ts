// A member's disk, as far as raft cares: how long until a Ready's write is durable. The write
// itself is modelled in member.ts (the durable MemoryStorage only changes when the write completes).
import type { Prng } from '../lib/prng';
import type { Counters } from './counters';

export class Disk {
  /** Latency spikes (a stalled fsync) are the "slow disk" fault; off during the liveness phase. */
  spikesOn = true;

  constructor(
    private readonly baseMs: number,
    private readonly spikeRate: number,
    private readonly spikeMs: number,
    private readonly prng: Prng,
    private readonly counters: Counters,
  ) {}

  /** Random choices about what a crash leaves on this disk. */
  chance(p: number): boolean {
    return this.prng.chance(p);
  }

  intn(lo: number, hi: number): number {
    return this.prng.intn(lo, hi);
  }

  /** Virtual ms until a write is durable. A write that needs no fsync still takes a little time. */
  writeLatencyMs(fsync: boolean): number {
    let ms = fsync ? this.baseMs * (0.5 + this.prng.next()) : this.baseMs * 0.1;
    if (fsync && this.spikesOn && this.prng.chance(this.spikeRate)) {
      this.counters.slowDiskEvents++;
      ms += this.spikeMs * (0.5 + this.prng.next());
    }
    return ms;
  }
}
