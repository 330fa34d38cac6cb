// A worker's estimate of the hub's virtual clock, for time-stamping write-path steps and timing the
// disk. The hub tells the worker the virtual time of every tick and the speed (and when it pauses);
// between ticks the worker advances by real time × speed, never past the next tick and never back.
export class WorkerClock {
  private baseMs = 0;
  private baseReal = 0;
  private speed = 1;
  private paused = false;
  private tickMs = 100;
  private lastMs = 0;

  constructor(private readonly realNow: () => number = () => performance.now()) {}

  /** A tick for virtual time `atMs`. */
  tick(atMs: number): void {
    this.set(atMs);
  }

  /** The hub's clock changed pace: speed, pause or resume at virtual time `atMs`. */
  setPace(p: { atMs: number; speed: number; paused: boolean; tickMs: number }): void {
    this.speed = p.speed;
    this.paused = p.paused;
    this.tickMs = p.tickMs;
    this.set(p.atMs);
  }

  private set(atMs: number): void {
    this.baseMs = Math.max(atMs, this.lastMs);
    this.baseReal = this.realNow();
  }

  now(): number {
    const ahead = this.paused ? 0 : Math.min((this.realNow() - this.baseReal) * this.speed, this.tickMs);
    this.lastMs = Math.max(this.lastMs, this.baseMs + ahead);
    return this.lastMs;
  }
}
