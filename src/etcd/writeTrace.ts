// The write path of each raft entry as it passes this member: propose (leader), WAL append, WAL
// fsync, replicate (leader, per follower: its match index covers the entry), commit, apply (with
// the MVCC revision it left), backend batch commit. The core has no clock: it reports each step as
// an index range the moment it happens and the host stamps the time (NodeDriver).
// Ranges keep the stream small under load: one group-committed WAL record is one event.
import type { NodeId } from '../raft/types';
import type { WriteStep, WriteStepEvent } from './nodeTypes';

export class WriteTracer {
  private lastProposed = 0;
  private lastCommitted = 0;
  private lastBackendCommitted = 0;
  /** Highest match index already reported per follower (leader only). */
  private readonly lastMatch = new Map<NodeId, number>();
  private applied: { from: number; revisions: number[] } | null = null;

  constructor(
    private readonly emit: (e: WriteStepEvent) => void,
    start: { lastIndex: number; committed: number; applied: number },
  ) {
    this.lastProposed = start.lastIndex;
    this.lastCommitted = start.committed;
    this.lastBackendCommitted = start.applied;
  }

  private step(step: WriteStep, from: number, to: number, extra: Partial<WriteStepEvent> = {}): void {
    if (to < from) return;
    this.emit({ kind: 'write', step, from, to, ...extra });
  }

  /**
   * New entries appended to the leader's log by a proposal (its own or a follower's MsgProp).
   * `describe` gives the decoded request of an index; noops and conf changes are reported too.
   */
  proposed(isLeader: boolean, lastIndex: number, describe: (index: number) => string): void {
    if (lastIndex < this.lastProposed) this.lastProposed = lastIndex; // truncated by a new leader
    if (!isLeader) {
      this.lastProposed = lastIndex;
      return;
    }
    for (let i = this.lastProposed + 1; i <= lastIndex; i++) this.step('propose', i, i, { summary: describe(i) });
    this.lastProposed = lastIndex;
  }

  /** The leader's view of its followers' match indexes; only advances are reported. */
  matched(progress: Iterable<{ id: NodeId; match: number }>, self: NodeId): void {
    for (const p of progress) {
      if (p.id === self) continue;
      const last = this.lastMatch.get(p.id);
      // First sight of a peer (new leader, added member): start from now, do not replay history.
      if (last === undefined || p.match < last) {
        this.lastMatch.set(p.id, p.match);
        continue;
      }
      if (p.match > last) {
        this.step('replicate', last + 1, p.match, { peer: p.id });
        this.lastMatch.set(p.id, p.match);
      }
    }
  }

  /** Leadership lost: the next term's Progress starts afresh. */
  resetLeader(): void {
    this.lastMatch.clear();
  }

  committed(commit: number): void {
    if (commit > this.lastCommitted) this.step('commit', this.lastCommitted + 1, commit);
    this.lastCommitted = Math.max(this.lastCommitted, commit);
  }

  walAppend(from: number, to: number): void {
    this.step('wal-append', from, to);
  }

  walFsync(from: number, to: number): void {
    this.step('wal-fsync', from, to);
  }

  /** One applied entry and the store's revision after it; reported as one range per Ready. */
  appliedEntry(index: number, revision: number): void {
    if (this.applied && this.applied.from + this.applied.revisions.length === index) this.applied.revisions.push(revision);
    else {
      this.flushApplied();
      this.applied = { from: index, revisions: [revision] };
    }
  }

  flushApplied(): void {
    const a = this.applied;
    if (!a) return;
    this.applied = null;
    this.step('apply', a.from, a.from + a.revisions.length - 1, { revisions: a.revisions });
  }

  /** A backend batch was committed holding everything applied up to `consistentIndex`. */
  backendCommitted(consistentIndex: number): void {
    if (consistentIndex > this.lastBackendCommitted) this.step('backend-commit', this.lastBackendCommitted + 1, consistentIndex);
    this.lastBackendCommitted = Math.max(this.lastBackendCommitted, consistentIndex);
  }
}
