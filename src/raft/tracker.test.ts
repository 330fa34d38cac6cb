import { describe, expect, it } from 'vitest';
import { Inflights } from './tracker/inflights';
import { Progress, ProgressStateType } from './tracker/progress';
import { ProgressTracker, VoteResult, majorityVoteResult } from './tracker/tracker';

function tracker(matches: Record<number, number>, learners: number[] = []): ProgressTracker {
  const t = new ProgressTracker(4);
  for (const [id, match] of Object.entries(matches)) {
    const n = Number(id);
    const isLearner = learners.includes(n);
    (isLearner ? t.learners : t.voters).add(n);
    t.progress.set(n, new Progress({ match, next: match + 1, maxInflight: 4, isLearner }));
  }
  return t;
}

describe('ProgressTracker', () => {
  it.each([
    [{ 1: 5 }, 5],
    [{ 1: 5, 2: 3 }, 3],
    [{ 1: 5, 2: 3, 3: 4 }, 4],
    [{ 1: 9, 2: 1, 3: 1, 4: 9 }, 1],
    [{ 1: 9, 2: 8, 3: 1, 4: 7, 5: 2 }, 7],
  ])('committed() is the index a majority of voters has: %j -> %i', (matches, want) => {
    expect(tracker(matches).committed()).toBe(want);
  });

  it('learners do not count toward the commit quorum', () => {
    expect(tracker({ 1: 5, 2: 1, 3: 9 }, [3]).committed()).toBe(1);
  });

  it('vote results: won, pending, lost', () => {
    const voters = new Set([1, 2, 3]);
    expect(majorityVoteResult(voters, new Map([[1, true]]))).toBe(VoteResult.Pending);
    expect(majorityVoteResult(voters, new Map([[1, true], [2, true]]))).toBe(VoteResult.Won);
    expect(majorityVoteResult(voters, new Map([[1, true], [2, false], [3, false]]))).toBe(VoteResult.Lost);
    expect(majorityVoteResult(voters, new Map([[4, true], [5, true]]))).toBe(VoteResult.Pending);
  });

  it('records only the first vote from each voter, and ignores learners in the tally', () => {
    const t = tracker({ 1: 0, 2: 0, 3: 0, 4: 0 }, [4]);
    t.recordVote(2, false);
    t.recordVote(2, true);
    t.recordVote(4, true);
    expect(t.tallyVotes()).toEqual({ granted: 0, rejected: 1, result: VoteResult.Pending });
  });

  it('quorumActive counts recently active voters', () => {
    const t = tracker({ 1: 0, 2: 0, 3: 0 });
    t.progress.get(1)!.recentActive = true;
    expect(t.quorumActive()).toBe(false);
    t.progress.get(3)!.recentActive = true;
    expect(t.quorumActive()).toBe(true);
  });
});

describe('Inflights', () => {
  it('fills, frees up to an index, frees the first one', () => {
    const inf = new Inflights(3);
    inf.add(5);
    inf.add(7);
    inf.add(9);
    expect(inf.full()).toBe(true);
    expect(() => inf.add(10)).toThrow();
    inf.freeLE(7);
    expect(inf.count()).toBe(1);
    inf.freeFirstOne();
    expect(inf.count()).toBe(0);
  });
});

describe('Progress', () => {
  it('maybeUpdate ignores stale acks and never moves next backwards', () => {
    const pr = new Progress({ match: 3, next: 6, maxInflight: 4, isLearner: false });
    expect(pr.maybeUpdate(2)).toBe(false);
    expect(pr.next).toBe(6);
    expect(pr.maybeUpdate(4)).toBe(true);
    expect([pr.match, pr.next]).toEqual([4, 6]);
  });

  it('maybeDecrTo in replicate state falls back to match+1; stale rejections are ignored', () => {
    const pr = new Progress({ match: 5, next: 10, maxInflight: 4, isLearner: false });
    pr.becomeReplicate();
    pr.next = 10;
    expect(pr.maybeDecrTo(4, 4)).toBe(false);
    expect(pr.maybeDecrTo(9, 9)).toBe(true);
    expect(pr.next).toBe(6);
  });

  it('maybeDecrTo in probe state only accepts the answer to the last probe, and uses the hint', () => {
    const pr = new Progress({ match: 0, next: 10, maxInflight: 4, isLearner: false });
    pr.probeSent = true;
    expect(pr.maybeDecrTo(5, 2)).toBe(false);
    expect(pr.maybeDecrTo(9, 3)).toBe(true);
    expect(pr.next).toBe(4);
    expect(pr.probeSent).toBe(false);
  });

  it('is paused: probe after a send, replicate with a full window, always in snapshot', () => {
    const pr = new Progress({ match: 0, next: 1, maxInflight: 1, isLearner: false });
    expect(pr.isPaused()).toBe(false);
    pr.probeSent = true;
    expect(pr.isPaused()).toBe(true);
    pr.becomeReplicate();
    expect(pr.isPaused()).toBe(false);
    pr.inflights.add(1);
    expect(pr.isPaused()).toBe(true);
    pr.becomeSnapshot(10);
    expect(pr.state).toBe(ProgressStateType.Snapshot);
    expect(pr.isPaused()).toBe(true);
    pr.match = 4;
    pr.becomeProbe();
    // After a snapshot, probing resumes right after it.
    expect(pr.next).toBe(11);
  });
});
