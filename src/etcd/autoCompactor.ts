// etcd 3.4's v3compactor (--auto-compaction-mode / --auto-compaction-retention): every member runs
// one, only the leader's is resumed (etcd pauses it on a follower), and it compacts through raft as
// a client's `compact` would. The core has no clock: the member feeds it elapsed virtual ms per tick.
import { GoNumError, goDurationString, goParseDuration } from '../etcdctl/goFormat';

export type AutoCompactionMode = 'periodic' | 'revision';

/** etcd's revision-mode interval (compactor/revision.go revInterval). */
export const REVISION_MODE_INTERVAL_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
/** etcd's periodic retryDivisor: the period is sampled 10 times. */
const RETRY_DIVISOR = 10;

export class AutoCompactionError extends Error {
  override name = 'AutoCompactionError';
}

/**
 * `--auto-compaction-retention` as etcd 3.4 reads it: in periodic mode a Go duration, or a bare
 * integer meaning hours ("1" = 1h); in revision mode a whole number of revisions. 0 turns it off.
 */
export function parseRetention(mode: AutoCompactionMode, retention: string): number {
  const s = retention.trim();
  if (mode === 'revision') {
    if (!/^\d+$/.test(s)) throw new AutoCompactionError(`invalid auto compaction retention ${JSON.stringify(retention)}: revision mode takes a whole number of revisions`);
    return Number(s);
  }
  if (/^\d+$/.test(s)) return Number(s) * HOUR_MS;
  let ms: number;
  try {
    ms = goParseDuration(s) / 1e6;
  } catch (e) {
    if (e instanceof GoNumError) throw new AutoCompactionError(`invalid auto compaction retention ${JSON.stringify(retention)}: ${e.message}`);
    throw e;
  }
  if (ms < 0) throw new AutoCompactionError(`invalid auto compaction retention ${JSON.stringify(retention)}: want a duration such as 10m or a number of hours`);
  return ms;
}

/** What the compactor asks its member to do on a tick. */
export interface CompactionDue {
  revision: number;
  /** etcd's log line for it ("Starting auto-compaction at revision 42 (retention: 10s)"). */
  log: string;
}

export interface AutoCompactor {
  readonly mode: AutoCompactionMode;
  /**
   * `elapsedMs` more virtual time has passed; `leader` says whether this member leads (etcd pauses the
   * compactor on followers) and `rev` is the store's revision now. Returns a compaction to propose.
   */
  tick(elapsedMs: number, leader: boolean, rev: number): CompactionDue | null;
  /** The proposal was accepted (etcd: Compact returned nil or ErrCompacted) or not. */
  done(ok: boolean): void;
}

/**
 * compactor/periodic.go: every retry interval (period/10, at most 6 min) the current revision is
 * recorded, keeping the last period's worth; once a full period has passed since the last success
 * (the first time), then every compact interval (the period, at most 1 h), the oldest recorded
 * revision — the one from `period` ago — is compacted.
 */
export class PeriodicCompactor implements AutoCompactor {
  readonly mode = 'periodic';
  private readonly revs: number[] = [];
  private nowMs = 0;
  private sinceWakeMs = 0;
  private lastSuccessMs = 0;
  private baseIntervalMs: number;
  private pending: { atMs: number } | null = null;
  private readonly compactIntervalMs: number;
  private readonly retryIntervalMs: number;
  private readonly retentions: number;

  constructor(
    private readonly periodMs: number,
    firstRev: number,
    private readonly label: string,
  ) {
    this.compactIntervalMs = Math.min(periodMs, HOUR_MS);
    this.retryIntervalMs = this.compactIntervalMs / RETRY_DIVISOR;
    this.retentions = Math.floor(periodMs / this.retryIntervalMs) + 1;
    this.baseIntervalMs = periodMs;
    this.record(firstRev);
  }

  private record(rev: number): void {
    this.revs.push(rev);
    if (this.revs.length > this.retentions) this.revs.shift();
  }

  tick(elapsedMs: number, leader: boolean, rev: number): CompactionDue | null {
    this.nowMs += elapsedMs;
    this.sinceWakeMs += elapsedMs;
    if (this.sinceWakeMs < this.retryIntervalMs) return null;
    this.sinceWakeMs -= this.retryIntervalMs;
    // etcd's loop: wake, skip while paused or before the interval, else compact; then record.
    let due: CompactionDue | null = null;
    if (leader && this.nowMs - this.lastSuccessMs >= this.baseIntervalMs && this.revs.length > 0) {
      if (this.baseIntervalMs === this.periodMs) this.baseIntervalMs = this.compactIntervalMs;
      const target = this.revs[0]!;
      this.pending = { atMs: this.nowMs };
      due = { revision: target, log: `Starting auto-compaction at revision ${target} (retention: ${this.label})` };
    }
    this.record(rev);
    return due;
  }

  done(ok: boolean): void {
    if (ok && this.pending) this.lastSuccessMs = this.pending.atMs;
    this.pending = null;
  }
}

/**
 * compactor/revision.go: every 5 minutes, compact at (current revision − retention) unless that is
 * ≤ 0 or the same revision as the last success.
 */
export class RevisionCompactor implements AutoCompactor {
  readonly mode = 'revision';
  private sinceWakeMs = 0;
  private prev = 0;
  private pending = 0;

  constructor(private readonly retention: number) {}

  tick(elapsedMs: number, leader: boolean, rev: number): CompactionDue | null {
    this.sinceWakeMs += elapsedMs;
    if (this.sinceWakeMs < REVISION_MODE_INTERVAL_MS) return null;
    this.sinceWakeMs -= REVISION_MODE_INTERVAL_MS;
    if (!leader) return null;
    const target = rev - this.retention;
    if (target <= 0 || target === this.prev) return null;
    this.pending = target;
    return { revision: target, log: `Starting auto-compaction at revision ${target} (retention: ${this.retention} revisions)` };
  }

  done(ok: boolean): void {
    if (ok) this.prev = this.pending;
    this.pending = 0;
  }
}

/** etcd's v3compactor.New; null when the retention is 0 (auto-compaction off, etcd's default). */
export function newAutoCompactor(mode: AutoCompactionMode | undefined, retention: string | undefined, rev: number): AutoCompactor | null {
  if (!retention) return null;
  const m = mode ?? 'periodic';
  if (m !== 'periodic' && m !== 'revision') throw new AutoCompactionError(`unsupported auto-compaction mode ${JSON.stringify(m)}`);
  const n = parseRetention(m, retention);
  if (n === 0) return null;
  return m === 'periodic' ? new PeriodicCompactor(n, rev, formatPeriod(n)) : new RevisionCompactor(n);
}

/** A period as Go prints a time.Duration ("10s", "1h0m0s"), as etcd's log line shows it. */
export function formatPeriod(ms: number): string {
  return goDurationString(ms * 1e6);
}
