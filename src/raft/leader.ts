// The leader's message handling (etcd-io/raft stepLeader).
import type { Message } from './types';
import { MessageType, NONE, EntryType } from './types';
import type { Raft } from './raft';
import { newEntry, newMessage } from './messages';
import { ProgressStateType } from './tracker/progress';
import type { Progress } from './tracker/progress';
import { VoteResult, majorityVoteResult } from './tracker/tracker';
import { ErrProposalDropped } from './errors';
import { ReadOnlyOption, readIndexCtx } from './readOnly';
import { bcastHeartbeatWithCtx, maybeSendAppend, sendAppend } from './replication';

export function stepLeader(r: Raft, m: Message): void {
  switch (m.type) {
    case MessageType.MsgBeat:
      r.bcastHeartbeat();
      return;
    case MessageType.MsgCheckQuorum:
      handleCheckQuorum(r);
      return;
    case MessageType.MsgProp:
      handlePropose(r, m);
      return;
    case MessageType.MsgReadIndex:
      handleReadIndex(r, m);
      return;
  }
  // Everything else is from a peer we must track.
  const pr = r.prs.progress.get(m.from);
  if (!pr) return;
  switch (m.type) {
    case MessageType.MsgAppResp:
      handleAppendResponse(r, m, pr);
      return;
    case MessageType.MsgHeartbeatResp:
      handleHeartbeatResponse(r, m, pr);
      return;
    case MessageType.MsgSnapStatus:
      if (pr.state !== ProgressStateType.Snapshot) return;
      // On failure forget the snapshot so the next probe starts over from match+1.
      if (m.reject) pr.pendingSnapshot = 0;
      pr.becomeProbe();
      r.logDebug(`snapshot ${m.reject ? 'failed' : 'succeeded'}, resumed sending replication messages to ${m.from} [${pr.toString()}]`);
      // Wait for the follower's MsgAppResp (success) or a heartbeat interval (failure) before
      // sending again.
      pr.probeSent = true;
      return;
    case MessageType.MsgUnreachable:
      // While streaming, an unreachable peer has very likely lost a MsgApp: fall back to probing.
      if (pr.state === ProgressStateType.Replicate) pr.becomeProbe();
      return;
    case MessageType.MsgTransferLeader:
      handleTransferLeader(r, m, pr);
      return;
  }
}

function handleCheckQuorum(r: Raft): void {
  const self = r.prs.progress.get(r.id);
  if (self) self.recentActive = true;
  // No quorum heard from in an election timeout: we may be the minority side of a partition.
  if (!r.prs.quorumActive()) {
    r.logInfo(`stepped down to follower since quorum is not active`);
    r.becomeFollower(r.term, NONE);
  }
  // Start the next round with everyone (but us) inactive.
  r.prs.visit((id, pr) => {
    if (id !== r.id) pr.recentActive = false;
  });
}

function handlePropose(r: Raft, m: Message): void {
  if (m.entries.length === 0) throw new Error(`${r.id} stepped empty MsgProp`);
  // We were removed from the configuration while leading.
  if (!r.prs.progress.has(r.id)) throw new ErrProposalDropped('raft proposal dropped: leader was removed');
  if (r.leadTransferee !== NONE) throw new ErrProposalDropped('raft proposal dropped: leadership transfer in progress');
  const ents = m.entries.map((e, i) => {
    if (e.type !== EntryType.ConfChange && e.type !== EntryType.ConfChangeV2) return e;
    // Only one conf change may be in flight: the single-change safety argument needs each to be
    // applied before the next is proposed. A refused one becomes an empty normal entry, so the
    // proposer still sees its index used.
    if (r.pendingConfIndex > r.raftLog.applied) {
      r.logInfo(`ignoring conf change at index ${r.raftLog.lastIndex() + i + 1}: possible unapplied conf change at index ${r.pendingConfIndex} (applied to ${r.raftLog.applied})`);
      return newEntry({ type: EntryType.Normal });
    }
    r.pendingConfIndex = r.raftLog.lastIndex() + i + 1;
    return e;
  });
  if (!r.appendEntry(ents)) throw new ErrProposalDropped('raft proposal dropped: too many uncommitted entries');
  r.bcastAppend();
}

function handleReadIndex(r: Raft, m: Message): void {
  // Only the leader votes: it is trivially still the leader.
  if (r.prs.isSingleton()) {
    respondToReadIndex(r, m, r.raftLog.committed);
    return;
  }
  // Our commit index may lag the true one until we commit an entry of our term (§6.4): hold the read.
  if (!r.committedEntryInCurrentTerm()) {
    r.pendingReadIndexMessages.push(m);
    return;
  }
  sendMsgReadIndexResponse(r, m);
}

/** Serves a read: Safe records it and confirms leadership with a heartbeat round; LeaseBased answers at once. */
export function sendMsgReadIndexResponse(r: Raft, m: Message): void {
  if (r.readOnly.option === ReadOnlyOption.Safe) {
    const ctx = readIndexCtx(m);
    r.readOnly.addRequest(r.raftLog.committed, m);
    // The leader acks its own request.
    r.readOnly.recvAck(r.id, ctx);
    bcastHeartbeatWithCtx(r, ctx);
  } else {
    respondToReadIndex(r, m, r.raftLog.committed);
  }
}

/** A local read becomes a ReadState; a forwarded one gets a MsgReadIndexResp. */
function respondToReadIndex(r: Raft, req: Message, readIndex: number): void {
  if (req.from === NONE || req.from === r.id) {
    r.readStates.push({ index: readIndex, requestCtx: readIndexCtx(req) });
    return;
  }
  r.send(newMessage({ type: MessageType.MsgReadIndexResp, to: req.from, index: readIndex, entries: req.entries }));
}

export function releasePendingReadIndexMessages(r: Raft): void {
  if (r.pendingReadIndexMessages.length === 0) return;
  if (!r.committedEntryInCurrentTerm()) return;
  const msgs = r.pendingReadIndexMessages;
  r.pendingReadIndexMessages = [];
  for (const m of msgs) sendMsgReadIndexResponse(r, m);
}

function handleAppendResponse(r: Raft, m: Message, pr: Progress): void {
  pr.recentActive = true;
  if (m.reject) {
    // The follower's hint (index, and its term there) lets us skip a whole divergent term.
    r.logDebug(`received MsgAppResp(rejected, hint: (index ${m.rejectHint}, term ${m.logTerm})) from ${m.from} for index ${m.index}`);
    let nextProbeIdx = m.rejectHint;
    if (m.logTerm > 0) nextProbeIdx = r.raftLog.findConflictByTerm(m.rejectHint, m.logTerm);
    if (pr.maybeDecrTo(m.index, nextProbeIdx)) {
      r.logDebug(`decreased progress of ${m.from} to [${pr.toString()}]`);
      if (pr.state === ProgressStateType.Replicate) pr.becomeProbe();
      sendAppend(r, m.from);
    }
    return;
  }
  const oldPaused = pr.isPaused();
  if (!pr.maybeUpdate(m.index)) return;
  if (pr.state === ProgressStateType.Probe) {
    pr.becomeReplicate();
  } else if (pr.state === ProgressStateType.Snapshot && pr.match >= pr.pendingSnapshot) {
    // The follower applied the snapshot: resume normal replication after it.
    r.logDebug(`recovered from needing snapshot, resumed sending replication messages to ${m.from} [${pr.toString()}]`);
    pr.becomeProbe();
    pr.becomeReplicate();
  } else if (pr.state === ProgressStateType.Replicate) {
    pr.inflights.freeLE(m.index);
  }
  if (r.maybeCommit()) {
    releasePendingReadIndexMessages(r);
    r.bcastAppend();
  } else if (oldPaused) {
    // The follower was paused and now has room: don't wait for the next heartbeat.
    sendAppend(r, m.from);
  }
  // The window may allow several (size-limited) messages now.
  while (maybeSendAppend(r, m.from, false)) {
    // keep sending
  }
  if (m.from === r.leadTransferee && pr.match === r.raftLog.lastIndex()) {
    // The transfer target caught up: tell it to campaign now.
    r.logInfo(`sent MsgTimeoutNow to ${m.from} after received MsgAppResp`);
    r.sendTimeoutNow(m.from);
  }
}

function handleHeartbeatResponse(r: Raft, m: Message, pr: Progress): void {
  pr.recentActive = true;
  pr.probeSent = false;
  // The peer is alive: free one slot of a full window so replication cannot stall for good.
  if (pr.state === ProgressStateType.Replicate && pr.inflights.full()) pr.inflights.freeFirstOne();
  if (pr.match < r.raftLog.lastIndex()) sendAppend(r, m.from);
  if (r.readOnly.option !== ReadOnlyOption.Safe || !m.context || m.context.length === 0) return;
  const acks = r.readOnly.recvAck(m.from, m.context);
  if (!acks || majorityVoteResult(r.prs.voters, acks) !== VoteResult.Won) return;
  for (const rs of r.readOnly.advance(m)) respondToReadIndex(r, rs.req, rs.index);
}

function handleTransferLeader(r: Raft, m: Message, pr: Progress): void {
  const transferee = m.from;
  if (pr.isLearner) {
    r.logDebug(`is learner. Ignored transferring leadership`);
    return;
  }
  if (r.leadTransferee !== NONE) {
    if (r.leadTransferee === transferee) {
      r.logInfo(`[term ${r.term}] transfer leadership to ${transferee} is in progress, ignores request to same node ${transferee}`);
      return;
    }
    r.logInfo(`[term ${r.term}] abort previous transferring leadership to ${r.leadTransferee}`);
    r.abortLeaderTransfer();
  }
  if (transferee === r.id) {
    r.logDebug(`is already leader. Ignored transferring leadership to self`);
    return;
  }
  r.logInfo(`[term ${r.term}] starts to transfer leadership to ${transferee}`);
  // The transfer must finish within an election timeout (see tickHeartbeat).
  r.electionElapsed = 0;
  r.leadTransferee = transferee;
  if (pr.match === r.raftLog.lastIndex()) {
    r.logInfo(`sends MsgTimeoutNow to ${transferee} immediately as ${transferee} already has up-to-date log`);
    r.sendTimeoutNow(transferee);
  } else {
    sendAppend(r, transferee);
  }
}
