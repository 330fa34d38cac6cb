// A worker's virtual-time timers for its slow disk (src/host/faultyDisk.ts). In lockstep they fire
// only at virtual times the hub names (ticks and `wake`), so a seed replays the same run; in real
// time they also fire from a real-time timer scaled by the clock's speed.
import type { DiskTimer } from '../../host/faultyDisk';
import type { WorkerClock } from './workerClock';

export class DiskTimers implements DiskTimer {
  private timers: Array<{ atMs: number; seq: number; f: () => void }> = [];
  private seq = 0;
  private realTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set from the hub's pace messages: lockstep timers wait for the hub's clock. */
  lockstep = false;
  speed = 1;
  paused = false;
  /** Latest virtual time the hub named (tick or wake); lockstep timers fire up to here. */
  private hubMs = 0;

  constructor(private readonly clock: WorkerClock) {}

  now(): number {
    return this.lockstep ? this.hubMs : this.clock.now();
  }

  at(atMs: number, f: () => void): void {
    this.timers.push({ atMs, seq: this.seq++, f });
    this.arm();
  }

  /** The hub's clock reached `atMs` (a tick or a wake): fire what is due. */
  reached(atMs: number): void {
    this.hubMs = Math.max(this.hubMs, atMs);
    this.fire(this.lockstep ? this.hubMs : Math.max(this.hubMs, this.clock.now()));
  }

  nextMs(): number {
    let t = Infinity;
    for (const x of this.timers) t = Math.min(t, x.atMs);
    return t;
  }

  private fire(nowMs: number): void {
    const due = this.timers.filter((x) => x.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    if (due.length) {
      this.timers = this.timers.filter((x) => x.atMs > nowMs);
      for (const x of due) x.f();
    }
    this.arm();
  }

  /** Real time: wake up when the next timer should be due at the current speed. */
  private arm(): void {
    if (this.realTimer !== null) clearTimeout(this.realTimer);
    this.realTimer = null;
    if (this.lockstep || this.paused || !this.timers.length) return;
    const waitMs = Math.max(10, (this.nextMs() - this.clock.now()) / Math.max(0.02, this.speed));
    this.realTimer = setTimeout(() => {
      this.realTimer = null;
      this.fire(this.clock.now());
    }, Math.min(waitMs, 1000));
  }
}
