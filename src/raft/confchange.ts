// Membership: single-server conf changes (add/remove voter, add learner, promote learner), the
// switch to a new configuration, and restoring configuration and log from a snapshot.
// Joint consensus (ConfChangeV2) is not supported: one voter changes at a time (Raft §4.1).
import type { ConfChange, ConfState, Entry, NodeId, Snapshot } from './types';
import { ConfChangeType, EntryType, NONE, StateType } from './types';
import type { Raft } from './raft';
import { Progress } from './tracker/progress';
import { ProgressTracker } from './tracker/tracker';
import { maybeSendAppend } from './replication';

export function numOfPendingConf(ents: readonly Entry[]): number {
  let n = 0;
  for (const e of ents) if (e.type === EntryType.ConfChange || e.type === EntryType.ConfChangeV2) n++;
  return n;
}

function addProgress(r: Raft, prs: ProgressTracker, id: NodeId, isLearner: boolean): void {
  // A new member starts probing at our last index. It counts as recently active, or a
  // CheckQuorum right after the change could wrongly make us step down.
  const next = Math.max(r.raftLog.lastIndex(), 1);
  prs.progress.set(id, new Progress({ match: 0, next, maxInflight: prs.maxInflight, isLearner, recentActive: true }));
}

/** Sets up the tracker from a ConfState (bootstrap, restart, snapshot). */
export function restoreConfig(r: Raft, cs: ConfState): void {
  if (cs.votersOutgoing.length > 0 || cs.learnersNext.length > 0) {
    throw new Error('joint configurations (ConfChangeV2) are not supported by this raft');
  }
  const prs = new ProgressTracker(r.prs.maxInflight);
  for (const id of cs.voters) {
    prs.voters.add(id);
    addProgress(r, prs, id, false);
  }
  for (const id of cs.learners) {
    if (prs.voters.has(id)) throw new Error(`${id} is in both voters and learners`);
    prs.learners.add(id);
    addProgress(r, prs, id, true);
  }
  switchToConfig(r, prs);
}

/** Applies one committed conf change and returns the resulting ConfState. */
export function applyConfChange(r: Raft, cc: ConfChange): ConfState {
  const prs = cloneTracker(r.prs);
  const id = cc.nodeId;
  // etcd zeroes the node id of a change it decided (above raft) not to apply.
  if (id !== NONE) {
    switch (cc.type) {
      case ConfChangeType.AddNode:
        makeVoter(r, prs, id);
        break;
      case ConfChangeType.AddLearnerNode:
        makeLearner(r, prs, id);
        break;
      case ConfChangeType.RemoveNode:
        prs.voters.delete(id);
        prs.learners.delete(id);
        prs.progress.delete(id);
        break;
      case ConfChangeType.UpdateNode:
        break;
      default:
        throw new Error(`unexpected conf type ${String(cc.type)}`);
    }
  }
  // A node that starts unconfigured (joining) may see a learner added before any voter.
  if (prs.voters.size === 0 && r.prs.voters.size > 0) throw new Error('removed all voters');
  return switchToConfig(r, prs);
}

function makeVoter(r: Raft, prs: ProgressTracker, id: NodeId): void {
  const pr = prs.progress.get(id);
  if (!pr) {
    addProgress(r, prs, id, false);
  } else {
    // Promote a learner; its Progress (and catch-up) carries over.
    pr.isLearner = false;
    prs.learners.delete(id);
  }
  prs.voters.add(id);
}

function makeLearner(r: Raft, prs: ProgressTracker, id: NodeId): void {
  const pr = prs.progress.get(id);
  if (!pr) {
    addProgress(r, prs, id, true);
  } else {
    if (pr.isLearner) return;
    // Demote a voter.
    pr.isLearner = true;
    prs.voters.delete(id);
  }
  prs.learners.add(id);
}

function cloneTracker(prs: ProgressTracker): ProgressTracker {
  const c = new ProgressTracker(prs.maxInflight);
  c.voters = new Set(prs.voters);
  c.learners = new Set(prs.learners);
  for (const [id, pr] of prs.progress) c.progress.set(id, pr.clone());
  c.votes = new Map(prs.votes);
  return c;
}

/** Installs a new configuration and does what it implies for the leader. */
export function switchToConfig(r: Raft, prs: ProgressTracker): ConfState {
  r.prs = prs;
  const cs = prs.confState();
  if (cs.voters.length + cs.learners.length > 0) r.logInfo(`switched to configuration voters=(${cs.voters.join(' ')})${cs.learners.length ? ` learners=(${cs.learners.join(' ')})` : ''}`);
  const pr = prs.progress.get(r.id);
  r.isLearner = pr !== undefined && pr.isLearner;
  if ((!pr || r.isLearner) && r.state === StateType.Leader) {
    // Removed (or demoted) while leading: step down. The remaining voters elect a new leader
    // once their election timeout passes; we are not promotable, so we never campaign.
    r.logInfo(`was removed or demoted while leading; stepping down`);
    r.becomeFollower(r.term, NONE);
    return cs;
  }
  if (r.state !== StateType.Leader || cs.voters.length === 0) return cs;
  if (r.maybeCommit()) {
    // A smaller quorum may commit more right away: tell everyone.
    r.bcastAppend();
  } else {
    // Probe newly added members now rather than at the next heartbeat or proposal.
    r.prs.visit((id) => {
      if (id !== r.id) maybeSendAppend(r, id, false);
    });
  }
  if (r.leadTransferee !== NONE && !r.prs.voters.has(r.leadTransferee)) r.abortLeaderTransfer();
  return cs;
}

/**
 * Follower: installs a snapshot from the leader. Returns false when it is stale or redundant
 * (our log already has its last entry, in which case we only advance commit).
 */
export function restoreSnapshot(r: Raft, s: Snapshot): boolean {
  const { index, term, confState } = s.metadata;
  if (index <= r.raftLog.committed) return false;
  if (r.state !== StateType.Follower) {
    // Only a follower receives snapshots; anything else is a bug. Step down into the next term
    // as the safest reaction (etcd does the same).
    r.becomeFollower(r.term + 1, NONE);
    return false;
  }
  // A snapshot whose configuration does not include us is not meant for us.
  const ids = [...confState.voters, ...confState.learners, ...confState.votersOutgoing];
  if (!ids.includes(r.id)) {
    r.logInfo(`attempted to restore snapshot but it is not in the ConfState; should never happen`);
    return false;
  }
  const at = `[commit: ${r.raftLog.committed}, lastindex: ${r.raftLog.lastIndex()}, lastterm: ${r.raftLog.lastTerm()}]`;
  if (r.raftLog.matchTerm(index, term)) {
    // We already have the snapshot's last entry: fast-forward commit, keep the log.
    r.logInfo(`${at} fast-forwarded commit to snapshot [index: ${index}, term: ${term}]`);
    r.raftLog.commitTo(index);
    return false;
  }
  r.logInfo(`${at} starts to restore snapshot [index: ${index}, term: ${term}]`);
  r.raftLog.restore(s);
  r.prs = new ProgressTracker(r.prs.maxInflight);
  restoreConfig(r, confState);
  const self = r.prs.progress.get(r.id);
  if (self) self.maybeUpdate(self.next - 1);
  return true;
}
