// Elections: starting a campaign, answering vote requests, and the term rules every message
// goes through first (Raft §5.1-5.2, PreVote and the CheckQuorum leader lease from the thesis §9.6).
import type { Message, NodeId } from './types';
import { MESSAGE_TYPE_NAMES, MessageType, NONE, StateType } from './types';
import type { Raft } from './raft';
import { newMessage, voteRespMsgType } from './messages';
import { VoteResult } from './tracker/tracker';
import { numOfPendingConf } from './confchange';
import { assert } from '../lib/assert';
import { bytesEqual, utf8 } from '../lib/bytes';

export const CampaignType = {
  PreElection: 'CampaignPreElection',
  Election: 'CampaignElection',
  /** Forced by MsgTimeoutNow in a leader transfer: voters grant it despite a leader lease. */
  Transfer: 'CampaignTransfer',
} as const;
export type CampaignType = (typeof CampaignType)[keyof typeof CampaignType];
export const CAMPAIGN_TRANSFER_CTX = utf8(CampaignType.Transfer);

const name = (t: MessageType): string => MESSAGE_TYPE_NAMES[t] ?? String(t);

/** Starts an election of kind t if this node may (not leader, a voter, no unapplied conf change). */
export function hup(r: Raft, t: CampaignType): void {
  if (r.state === StateType.Leader) {
    r.logDebug(`ignoring MsgHup because already leader`);
    return;
  }
  if (!r.promotable()) {
    r.logInfo(`is unpromotable and can not campaign`);
    return;
  }
  // A committed but unapplied conf change could remove us or change the quorum: wait for it.
  const pending = r.raftLog.slice(r.raftLog.applied + 1, r.raftLog.committed + 1, Infinity);
  const n = numOfPendingConf(pending);
  if (n !== 0 && r.raftLog.committed > r.raftLog.applied) {
    r.logInfo(`cannot campaign at term ${r.term} since there are still ${n} pending configuration changes to apply`);
    return;
  }
  r.logInfo(`is starting a new election at term ${r.term}`);
  campaign(r, t);
}

export function campaign(r: Raft, t: CampaignType): void {
  assert(r.promotable(), 'campaign called on a node that is not promotable');
  let term: number;
  let voteMsg: MessageType;
  if (t === CampaignType.PreElection) {
    r.becomePreCandidate();
    voteMsg = MessageType.MsgPreVote;
    // PreVote asks for the term we would use, without adopting it.
    term = r.term + 1;
  } else {
    r.becomeCandidate();
    voteMsg = MessageType.MsgVote;
    term = r.term;
  }
  if (poll(r, r.id, voteRespMsgType(voteMsg), true) === VoteResult.Won) {
    // A single-voter cluster wins on its own vote.
    if (t === CampaignType.PreElection) campaign(r, CampaignType.Election);
    else r.becomeLeader();
    return;
  }
  const index = r.raftLog.lastIndex();
  const logTerm = r.raftLog.lastTerm();
  for (const id of r.prs.voterNodes()) {
    if (id === r.id) continue;
    r.logInfo(`[logterm: ${logTerm}, index: ${index}] sent ${name(voteMsg)} request to ${id} at term ${r.term}`);
    const context = t === CampaignType.Transfer ? CAMPAIGN_TRANSFER_CTX : undefined;
    r.send(newMessage({ type: voteMsg, to: id, term, index, logTerm, context }));
  }
}

/** Records a vote (ours or a peer's) and returns the election's outcome so far. */
export function poll(r: Raft, id: NodeId, t: MessageType, granted: boolean): VoteResult {
  if (id !== r.id) {
    r.logInfo(`received ${name(t)}${granted ? '' : ' rejection'} from ${id} at term ${r.term}`);
  }
  r.prs.recordVote(id, granted);
  const { granted: g, rejected, result } = r.prs.tallyVotes();
  if (id !== r.id) r.logInfo(`has received ${g} ${name(t)} votes and ${rejected} vote rejections`);
  return result;
}

/** A message from a newer term. Returns false if it is to be ignored. */
export function stepHigherTerm(r: Raft, m: Message): boolean {
  if (m.type === MessageType.MsgVote || m.type === MessageType.MsgPreVote) {
    const force = m.context !== undefined && bytesEqual(m.context, CAMPAIGN_TRANSFER_CTX);
    const inLease = r.cfg.checkQuorum && r.lead !== NONE && r.electionElapsed < r.electionTimeout;
    // Leader lease: we heard from a live leader within an election timeout, so a candidate
    // (e.g. a rejoining partitioned node) must not disrupt it.
    if (!force && inLease) {
      r.logInfo(
        `[logterm: ${r.raftLog.lastTerm()}, index: ${r.raftLog.lastIndex()}, vote: ${r.vote}] ignored ${name(m.type)} from ${m.from} [logterm: ${m.logTerm}, index: ${m.index}] at term ${r.term}: lease is not expired (remaining ticks: ${r.electionTimeout - r.electionElapsed})`,
      );
      return false;
    }
  }
  if (m.type === MessageType.MsgPreVote) {
    // Never change our term in response to a PreVote.
  } else if (m.type === MessageType.MsgPreVoteResp && !m.reject) {
    // A granted pre-vote carries the future term we asked about; we adopt it only on winning.
  } else {
    r.logInfo(`[term: ${r.term}] received a ${name(m.type)} message with higher term from ${m.from} [term: ${m.term}]`);
    const fromLeader = m.type === MessageType.MsgApp || m.type === MessageType.MsgHeartbeat || m.type === MessageType.MsgSnap;
    r.becomeFollower(m.term, fromLeader ? m.from : NONE);
  }
  return true;
}

export function stepLowerTerm(r: Raft, m: Message): void {
  if ((r.cfg.checkQuorum || r.cfg.preVote) && (m.type === MessageType.MsgHeartbeat || m.type === MessageType.MsgApp)) {
    // A stale leader (e.g. just healed from a partition) would never learn of the newer term,
    // since with CheckQuorum/PreVote we don't bump terms on its behalf; this reply tells it.
    r.send(newMessage({ type: MessageType.MsgAppResp, to: m.from }));
  } else if (m.type === MessageType.MsgPreVote) {
    // Reject so the pre-candidate learns of our term instead of waiting out its timeout.
    r.logInfo(
      `[logterm: ${r.raftLog.lastTerm()}, index: ${r.raftLog.lastIndex()}, vote: ${r.vote}] rejected ${name(m.type)} from ${m.from} [logterm: ${m.logTerm}, index: ${m.index}] at term ${r.term}`,
    );
    r.send(newMessage({ type: MessageType.MsgPreVoteResp, to: m.from, term: r.term, reject: true }));
  } else {
    r.logDebug(`[term: ${r.term}] ignored a ${name(m.type)} message with lower term from ${m.from} [term: ${m.term}]`);
  }
}

export function handleVoteRequest(r: Raft, m: Message): void {
  const canVote =
    // A repeated request from the candidate we already voted for.
    r.vote === m.from ||
    // We have not voted and know of no leader this term.
    (r.vote === NONE && r.lead === NONE) ||
    // A pre-vote for a future term.
    (m.type === MessageType.MsgPreVote && m.term > r.term);
  const ours = `[logterm: ${r.raftLog.lastTerm()}, index: ${r.raftLog.lastIndex()}, vote: ${r.vote}]`;
  const theirs = `${m.from} [logterm: ${m.logTerm}, index: ${m.index}] at term ${r.term}`;
  if (canVote && r.raftLog.isUpToDate(m.index, m.logTerm)) {
    r.logInfo(`${ours} cast ${name(m.type)} for ${theirs}`);
    // Answer with the term of the request (for PreVote, the future term) so the candidate counts it.
    r.send(newMessage({ type: voteRespMsgType(m.type), to: m.from, term: m.term }));
    if (m.type === MessageType.MsgVote) {
      r.electionElapsed = 0;
      r.vote = m.from;
    }
  } else {
    r.logInfo(`${ours} rejected ${name(m.type)} from ${theirs}`);
    r.send(newMessage({ type: voteRespMsgType(m.type), to: m.from, term: r.term, reject: true }));
  }
}
