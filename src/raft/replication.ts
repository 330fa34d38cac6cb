// What the leader sends: MsgApp (or MsgSnap when the follower is behind the compacted log) and heartbeats.
import type { NodeId } from './types';
import { MessageType } from './types';
import type { Raft } from './raft';
import { newMessage, isEmptySnap } from './messages';
import { ProgressStateType } from './tracker/progress';
import { ErrCompacted, ErrSnapshotTemporarilyUnavailable, ErrUnavailable } from './errors';
import { assert } from '../lib/assert';

/** Sends a MsgApp with new entries (even an empty one) to `to` unless its Progress is paused. */
export function sendAppend(r: Raft, to: NodeId): void {
  maybeSendAppend(r, to, true);
}

/**
 * Sends what `to` needs next, if flow control allows: entries from pr.next, or a snapshot when
 * those are compacted. With sendIfEmpty false, nothing is sent when there are no new entries.
 * Returns whether a message was sent.
 */
export function maybeSendAppend(r: Raft, to: NodeId, sendIfEmpty: boolean): boolean {
  const pr = r.prs.progress.get(to);
  if (!pr || pr.isPaused()) return false;
  let prevTerm = 0;
  let ents: ReturnType<Raft['raftLog']['entries']> = [];
  let compacted = false;
  try {
    prevTerm = r.raftLog.term(pr.next - 1);
    ents = r.raftLog.entries(pr.next, r.cfg.maxSizePerMsgBytes);
  } catch (e) {
    if (!(e instanceof ErrCompacted || e instanceof ErrUnavailable)) throw e;
    compacted = true;
  }
  // As etcd: with sendIfEmpty false even a needed snapshot waits for the next sendAppend.
  if (ents.length === 0 && !sendIfEmpty) return false;
  if (compacted) return maybeSendSnapshot(r, to);
  const m = newMessage({ type: MessageType.MsgApp, to, index: pr.next - 1, logTerm: prevTerm, entries: ents, commit: r.raftLog.committed });
  if (ents.length !== 0) {
    const last = ents[ents.length - 1]!.index;
    if (pr.state === ProgressStateType.Replicate) {
      // Stream: assume success and account the message in the window.
      pr.optimisticUpdate(last);
      pr.inflights.add(last);
    } else {
      assert(pr.state === ProgressStateType.Probe, () => `${r.id} is sending append in unhandled state ${pr.state}`);
      pr.probeSent = true;
    }
  }
  r.send(m);
  return true;
}

/** The follower's next entries are compacted: send the storage snapshot instead. */
function maybeSendSnapshot(r: Raft, to: NodeId): boolean {
  const pr = r.prs.progress.get(to)!;
  // Don't ship a (large) snapshot to a peer we have not heard from recently.
  if (!pr.recentActive) return false;
  let snapshot;
  try {
    snapshot = r.raftLog.snapshot();
  } catch (e) {
    if (e instanceof ErrSnapshotTemporarilyUnavailable) return false;
    throw e;
  }
  assert(!isEmptySnap(snapshot), 'need non-empty snapshot');
  r.logDebug(
    `[firstindex: ${r.raftLog.firstIndex()}, commit: ${r.raftLog.committed}] sent snapshot[index: ${snapshot.metadata.index}, term: ${snapshot.metadata.term}] to ${to} [${pr.toString()}]`,
  );
  pr.becomeSnapshot(snapshot.metadata.index);
  r.logDebug(`paused sending replication messages to ${to} [${pr.toString()}]`);
  r.send(newMessage({ type: MessageType.MsgSnap, to, snapshot }));
  return true;
}

/** A heartbeat carries min(match, commit): a follower must never commit past what it is known to hold. */
export function sendHeartbeat(r: Raft, to: NodeId, ctx: Uint8Array | undefined): void {
  const pr = r.prs.progress.get(to)!;
  const commit = Math.min(pr.match, r.raftLog.committed);
  r.send(newMessage({ type: MessageType.MsgHeartbeat, to, commit, context: ctx }));
}

export function bcastAppend(r: Raft): void {
  r.prs.visit((id) => {
    if (id !== r.id) sendAppend(r, id);
  });
}

/** Heartbeats carry the newest pending ReadIndex context so their acks confirm leadership for it. */
export function bcastHeartbeat(r: Raft): void {
  bcastHeartbeatWithCtx(r, r.readOnly.lastPendingRequestCtx());
}

export function bcastHeartbeatWithCtx(r: Raft, ctx: Uint8Array | undefined): void {
  r.prs.visit((id) => {
    if (id !== r.id) sendHeartbeat(r, id, ctx);
  });
}
