// Follower message handling (etcd-io/raft stepFollower) and the receiving side of replication:
// AppendEntries, heartbeats and snapshots (which candidates also use once they see a leader).
import type { Message } from './types';
import { MessageType, NONE } from './types';
import type { Raft } from './raft';
import { CampaignType } from './election';
import { newMessage } from './messages';
import { ErrProposalDropped } from './errors';
import { restoreSnapshot } from './confchange';

export function stepFollower(r: Raft, m: Message): void {
  switch (m.type) {
    case MessageType.MsgProp:
      if (r.lead === NONE) {
        r.logInfo(`no leader at term ${r.term}; dropping proposal`);
        throw new ErrProposalDropped('raft proposal dropped: no leader');
      }
      forwardToLeader(r, m);
      return;
    case MessageType.MsgApp:
      r.electionElapsed = 0;
      r.lead = m.from;
      handleAppendEntries(r, m);
      return;
    case MessageType.MsgHeartbeat:
      r.electionElapsed = 0;
      r.lead = m.from;
      handleHeartbeat(r, m);
      return;
    case MessageType.MsgSnap:
      r.electionElapsed = 0;
      r.lead = m.from;
      handleSnapshot(r, m);
      return;
    case MessageType.MsgTransferLeader:
      if (r.lead === NONE) {
        r.logInfo(`no leader at term ${r.term}; dropping leader transfer msg`);
        return;
      }
      forwardToLeader(r, m);
      return;
    case MessageType.MsgTimeoutNow:
      // The leader is handing over: campaign now, with a vote voters grant despite their lease.
      r.logInfo(`[term ${r.term}] received MsgTimeoutNow from ${m.from} and starts an election to get leadership`);
      r.hup(CampaignType.Transfer);
      return;
    case MessageType.MsgReadIndex:
      if (r.lead === NONE) {
        r.logInfo(`no leader at term ${r.term}; dropping index reading msg`);
        return;
      }
      forwardToLeader(r, m);
      return;
    case MessageType.MsgReadIndexResp:
      if (m.entries.length !== 1) return;
      r.readStates.push({ index: m.index, requestCtx: m.entries[0]!.data });
      return;
  }
}

/** Re-sends a request to the leader. A request forwarded once already carries a term; clear it
 *  so forwarding twice (our leader changed meanwhile) works, as `send` stamps its own. */
function forwardToLeader(r: Raft, m: Message): void {
  r.send({ ...m, to: r.lead, term: 0 });
}

export function handleAppendEntries(r: Raft, m: Message): void {
  // Already committed here: tell the leader how far we are so it skips ahead.
  if (m.index < r.raftLog.committed) {
    r.send(newMessage({ type: MessageType.MsgAppResp, to: m.from, index: r.raftLog.committed }));
    return;
  }
  const lastNewIndex = r.raftLog.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
  if (lastNewIndex !== undefined) {
    r.send(newMessage({ type: MessageType.MsgAppResp, to: m.from, index: lastNewIndex }));
    return;
  }
  // Log-matching failed. Hint the largest index that could match: at most our last index, and
  // skipping back over entries whose term is above the leader's term at m.index.
  let hintIndex = Math.min(m.index, r.raftLog.lastIndex());
  hintIndex = r.raftLog.findConflictByTerm(hintIndex, m.logTerm);
  const hintTerm = r.raftLog.term(hintIndex);
  r.logDebug(`[logterm: ${r.raftLog.zeroTermOnErrCompacted(m.index)}, index: ${m.index}] rejected MsgApp [logterm: ${m.logTerm}, index: ${m.index}] from ${m.from}`);
  r.send(newMessage({ type: MessageType.MsgAppResp, to: m.from, index: m.index, reject: true, rejectHint: hintIndex, logTerm: hintTerm }));
}

export function handleHeartbeat(r: Raft, m: Message): void {
  r.raftLog.commitTo(m.commit);
  r.send(newMessage({ type: MessageType.MsgHeartbeatResp, to: m.from, context: m.context }));
}

export function handleSnapshot(r: Raft, m: Message): void {
  if (!m.snapshot) return;
  // Answer with where our log now ends (restored) or our commit (ignored), so the leader
  // continues from the right place either way.
  const index = restoreSnapshot(r, m.snapshot) ? r.raftLog.lastIndex() : r.raftLog.committed;
  r.send(newMessage({ type: MessageType.MsgAppResp, to: m.from, index }));
}
