// A sliding window of latency samples (the most recent `capacity`) summarised as p50/p99/max —
// what etcd's wal_fsync_duration_seconds and backend_commit_duration_seconds histograms are read for.
import type { LatencySummary } from '../protocol/inspect';

export class LatencyWindow {
  private readonly samples: number[] = [];
  private next = 0;
  /** Samples ever added (the window keeps only the last `capacity`). */
  total = 0;

  constructor(private readonly capacity = 256) {}

  add(ms: number): void {
    if (!(ms >= 0)) return;
    if (this.samples.length < this.capacity) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
    this.total++;
  }

  summary(): LatencySummary {
    const n = this.samples.length;
    if (n === 0) return { count: 0, total: this.total, p50Ms: 0, p99Ms: 0, maxMs: 0 };
    const sorted = [...this.samples].sort((a, b) => a - b);
    return { count: n, total: this.total, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99), maxMs: sorted[n - 1]! };
  }
}

/** The nearest-rank quantile of sorted samples (the smallest sample with at least q of them at or below it). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}
