// ProgressTracker: the configuration (voters, learners) and the leader's Progress for each member,
// plus vote tallying. Single-change membership only: there is no joint (ConfChangeV2) config.
import type { ConfState, NodeId } from '../types';
import { Progress } from './progress';

export const VoteResult = { Pending: 1, Lost: 2, Won: 3 } as const;
export type VoteResult = (typeof VoteResult)[keyof typeof VoteResult];

function sortedIds(s: Iterable<NodeId>): NodeId[] {
  return [...s].sort((a, b) => a - b);
}

/** A majority vote over `voters` given yes/no answers; absent ids have not answered. */
export function majorityVoteResult(voters: ReadonlySet<NodeId>, votes: ReadonlyMap<NodeId, boolean>): VoteResult {
  // An empty config wins every vote, as etcd's (it makes joint configs compose).
  if (voters.size === 0) return VoteResult.Won;
  let yes = 0;
  let missing = 0;
  for (const id of voters) {
    const v = votes.get(id);
    if (v === undefined) missing++;
    else if (v) yes++;
  }
  const q = Math.floor(voters.size / 2) + 1;
  if (yes >= q) return VoteResult.Won;
  if (yes + missing >= q) return VoteResult.Pending;
  return VoteResult.Lost;
}

export class ProgressTracker {
  voters = new Set<NodeId>();
  learners = new Set<NodeId>();
  progress = new Map<NodeId, Progress>();
  /** Votes received in the current election; true = granted. */
  votes = new Map<NodeId, boolean>();
  readonly maxInflight: number;

  constructor(maxInflight: number) {
    this.maxInflight = maxInflight;
  }

  confState(): ConfState {
    return { voters: sortedIds(this.voters), learners: sortedIds(this.learners), votersOutgoing: [], learnersNext: [], autoLeave: false };
  }

  isSingleton(): boolean {
    return this.voters.size === 1;
  }

  /**
   * The largest index stored on a majority of voters: sort the voters' match indexes and take
   * the one a quorum has reached.
   */
  committed(): number {
    const n = this.voters.size;
    if (n === 0) return 0;
    const matches: number[] = [];
    for (const id of this.voters) matches.push(this.progress.get(id)?.match ?? 0);
    matches.sort((a, b) => a - b);
    return matches[n - (Math.floor(n / 2) + 1)]!;
  }

  /** Calls fn for each tracked member in id order, so message order is deterministic. */
  visit(fn: (id: NodeId, pr: Progress) => void): void {
    for (const id of sortedIds(this.progress.keys())) fn(id, this.progress.get(id)!);
  }

  /** Whether a quorum of voters was active since the last CheckQuorum. */
  quorumActive(): boolean {
    const votes = new Map<NodeId, boolean>();
    for (const [id, pr] of this.progress) if (!pr.isLearner) votes.set(id, pr.recentActive);
    return majorityVoteResult(this.voters, votes) === VoteResult.Won;
  }

  voterNodes(): NodeId[] {
    return sortedIds(this.voters);
  }

  learnerNodes(): NodeId[] {
    return sortedIds(this.learners);
  }

  resetVotes(): void {
    this.votes = new Map();
  }

  /** Records the first answer from `id`; a repeated (possibly different) answer is ignored. */
  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  tallyVotes(): { granted: number; rejected: number; result: VoteResult } {
    let granted = 0;
    let rejected = 0;
    for (const [id, pr] of this.progress) {
      if (pr.isLearner) continue;
      const v = this.votes.get(id);
      if (v === undefined) continue;
      if (v) granted++;
      else rejected++;
    }
    return { granted, rejected, result: majorityVoteResult(this.voters, this.votes) };
  }
}
