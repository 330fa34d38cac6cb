// Progress: the leader's view of one follower's log (etcd-io/raft tracker.Progress).
import { Inflights } from './inflights';

export const ProgressStateType = {
  /** Unknown match: send one MsgApp per heartbeat interval and wait for the answer. */
  Probe: 0,
  /** Known match: stream MsgApps optimistically within the Inflights window. */
  Replicate: 1,
  /** The follower needs a snapshot; no MsgApp until it reports back. */
  Snapshot: 2,
} as const;
export type ProgressStateType = (typeof ProgressStateType)[keyof typeof ProgressStateType];
export const PROGRESS_STATE_NAMES = ['probe', 'replicate', 'snapshot'] as const;
export type ProgressStateName = (typeof PROGRESS_STATE_NAMES)[number];

export class Progress {
  /** Highest index known to be in the follower's log. Invariant: match < next. */
  match: number;
  /** Next index to send. */
  next: number;
  state: ProgressStateType = ProgressStateType.Probe;
  /** In snapshot state: the index of the snapshot being sent; the follower is caught up once match reaches it. */
  pendingSnapshot = 0;
  /** Heard from since the last CheckQuorum round. */
  recentActive = false;
  /** Probe state: a MsgApp was sent and we wait for its answer (or a heartbeat round) before the next. */
  probeSent = false;
  inflights: Inflights;
  isLearner: boolean;

  constructor(p: { match: number; next: number; maxInflight: number; isLearner: boolean; recentActive?: boolean }) {
    this.match = p.match;
    this.next = p.next;
    this.inflights = new Inflights(p.maxInflight);
    this.isLearner = p.isLearner;
    this.recentActive = p.recentActive ?? false;
  }

  clone(): Progress {
    const c = new Progress({ match: this.match, next: this.next, maxInflight: this.inflights.size, isLearner: this.isLearner });
    c.state = this.state;
    c.pendingSnapshot = this.pendingSnapshot;
    c.recentActive = this.recentActive;
    c.probeSent = this.probeSent;
    c.inflights = this.inflights.clone();
    return c;
  }

  private resetState(state: ProgressStateType): void {
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.state = state;
    this.inflights.reset();
  }

  becomeProbe(): void {
    // After a snapshot the follower has at least the snapshot: probe right after it.
    if (this.state === ProgressStateType.Snapshot) {
      const pendingSnapshot = this.pendingSnapshot;
      this.resetState(ProgressStateType.Probe);
      this.next = Math.max(this.match + 1, pendingSnapshot + 1);
    } else {
      this.resetState(ProgressStateType.Probe);
      this.next = this.match + 1;
    }
  }

  becomeReplicate(): void {
    this.resetState(ProgressStateType.Replicate);
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.resetState(ProgressStateType.Snapshot);
    this.pendingSnapshot = snapshotIndex;
  }

  /** An ack for index n arrived. Returns false if it was stale (n <= match). */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, n + 1);
    return updated;
  }

  /** Replicate state: we sent up to n and expect success, so send from n+1 next. */
  optimisticUpdate(n: number): void {
    this.next = n + 1;
  }

  /**
   * A MsgApp at index `rejected` was refused; `matchHint` is the follower's guess of where its
   * log may match. Returns false when the rejection is stale (out of order) and was ignored.
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === ProgressStateType.Replicate) {
      // Stale: we already know the follower has `rejected`.
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    // Probe: only the answer to the last probe (next-1) counts.
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), 1);
    this.probeSent = false;
    return true;
  }

  /** Whether sending to this follower is throttled right now. */
  isPaused(): boolean {
    switch (this.state) {
      case ProgressStateType.Probe:
        return this.probeSent;
      case ProgressStateType.Replicate:
        return this.inflights.full();
      default:
        return true;
    }
  }

  toString(): string {
    let s = `${PROGRESS_STATE_NAMES[this.state].replace(/^./, (c) => c.toUpperCase())} match=${this.match} next=${this.next}`;
    if (this.isLearner) s += ' learner';
    if (this.isPaused()) s += ' paused';
    if (this.pendingSnapshot > 0) s += ` pendingSnap=${this.pendingSnapshot}`;
    if (!this.recentActive) s += ' inactive';
    const n = this.inflights.count();
    if (n > 0) s += ` inflight=${n}${this.inflights.full() ? '[full]' : ''}`;
    return s;
  }
}
