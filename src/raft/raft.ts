// The raft state machine: term and vote, role transitions, elections and the top-level step.
// Role-specific message handling lives in leader.ts, candidate.ts and follower.ts; replication
// (what to send to whom) in replication.ts; membership in confchange.ts.
import type { Entry, HardState, Message, NodeId, ReadState, SoftState } from './types';
import { MessageType, NONE, StateType } from './types';
import type { Storage } from './storage';
import type { Prng } from '../lib/prng';
import { RaftLog } from './log';
import { ProgressTracker, VoteResult } from './tracker/tracker';
import { ProgressStateType } from './tracker/progress';
import { ReadOnly } from './readOnly';
import { type Config, type ResolvedConfig, resolveConfig } from './config';
import { newEntry, newMessage, isEmptyHardState, payloadSizeBytes, voteRespMsgType } from './messages';
import { stepLeader } from './leader';
import { stepCandidate } from './candidate';
import { stepFollower } from './follower';
import { bcastAppend, bcastHeartbeat } from './replication';
import { restoreConfig, numOfPendingConf } from './confchange';
import { EntryType } from './types';
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

export type StepFn = (r: Raft, m: Message) => void;

export class Raft {
  readonly id: NodeId;
  readonly cfg: ResolvedConfig;
  term = 0;
  /** Who we voted for in `term` (NONE if nobody); at most one vote per term. */
  vote: NodeId = NONE;
  readStates: ReadState[] = [];
  readonly raftLog: RaftLog;
  prs: ProgressTracker;
  state: StateType = StateType.Follower;
  isLearner = false;
  /** Outgoing messages, handed out in the next Ready. */
  msgs: Message[] = [];
  lead: NodeId = NONE;
  /** The member leadership is being transferred to, or NONE. */
  leadTransferee: NodeId = NONE;
  /** Index of the last conf-change entry proposed; a new one is refused until it is applied. */
  pendingConfIndex = 0;
  /** Payload bytes in the leader's uncommitted tail (for maxUncommittedEntriesSize). */
  uncommittedSizeBytes = 0;
  readOnly: ReadOnly;
  /** Leader/candidate: ticks since the last election timeout; follower: since hearing from a leader. */
  electionElapsed = 0;
  /** Leader only: ticks since the last heartbeat broadcast. */
  heartbeatElapsed = 0;
  readonly heartbeatTimeout: number;
  readonly electionTimeout: number;
  /** Drawn from [electionTimeout, 2*electionTimeout) at each reset so split votes resolve. */
  randomizedElectionTimeout = 0;
  /** ReadIndex requests received before this leader committed an entry of its term. */
  pendingReadIndexMessages: Message[] = [];
  private readonly prng: Prng;
  private stepFn: StepFn = stepFollower;
  private tickFn: () => void = () => this.tickElection();

  constructor(config: Config, storage: Storage) {
    this.cfg = resolveConfig(config);
    this.id = this.cfg.id;
    this.prng = config.prng;
    this.raftLog = new RaftLog(storage, this.cfg.maxCommittedSizePerReadyBytes);
    this.prs = new ProgressTracker(this.cfg.maxInflightMsgs);
    this.readOnly = new ReadOnly(this.cfg.readOnlyOption);
    this.heartbeatTimeout = this.cfg.heartbeatTick;
    this.electionTimeout = this.cfg.electionTick;
    const { hardState, confState } = storage.initialState();
    restoreConfig(this, confState);
    if (!isEmptyHardState(hardState)) this.loadState(hardState);
    if (this.cfg.applied > 0) this.raftLog.appliedTo(this.cfg.applied);
    this.becomeFollower(this.term, NONE);
  }

  hasLeader(): boolean {
    return this.lead !== NONE;
  }

  softState(): SoftState {
    return { lead: this.lead, raftState: this.state };
  }

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.raftLog.committed };
  }

  /** Queues a message, stamping from and (except for votes, proposals and reads) our term. */
  send(m: Message): void {
    if (m.from === NONE) m.from = this.id;
    const t = m.type;
    if (t === MessageType.MsgVote || t === MessageType.MsgVoteResp || t === MessageType.MsgPreVote || t === MessageType.MsgPreVoteResp) {
      // Votes carry the term they are for, which for PreVote is a future term.
      assert(m.term !== 0, () => `term should be set when sending ${t}`);
    } else {
      assert(m.term === 0, () => `term should not be set when sending ${t} (was ${m.term})`);
      // Proposals and read requests are forwarded as local messages: no term.
      if (t !== MessageType.MsgProp && t !== MessageType.MsgReadIndex) m.term = this.term;
    }
    this.msgs.push(m);
  }

  tick(): void {
    this.tickFn();
  }

  /** Followers and candidates: campaign once the randomized timeout passes. */
  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.pastElectionTimeout()) {
      this.electionElapsed = 0;
      this.step(newMessage({ type: MessageType.MsgHup, from: this.id }));
    }
  }

  /** Leaders: heartbeat every heartbeatTimeout, check quorum every electionTimeout. */
  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      if (this.cfg.checkQuorum) this.step(newMessage({ type: MessageType.MsgCheckQuorum, from: this.id }));
      // A transfer that did not finish within an election timeout is abandoned.
      if (this.state === StateType.Leader && this.leadTransferee !== NONE) this.abortLeaderTransfer();
    }
    if (this.state !== StateType.Leader) return;
    if (this.heartbeatElapsed >= this.heartbeatTimeout) {
      this.heartbeatElapsed = 0;
      this.step(newMessage({ type: MessageType.MsgBeat, from: this.id }));
    }
  }

  pastElectionTimeout(): boolean {
    return this.electionElapsed >= this.randomizedElectionTimeout;
  }

  private resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.electionTimeout + this.prng.intn(0, this.electionTimeout);
  }

  becomeFollower(term: number, lead: NodeId): void {
    this.stepFn = stepFollower;
    this.reset(term);
    this.tickFn = () => this.tickElection();
    this.lead = lead;
    this.state = StateType.Follower;
  }

  becomeCandidate(): void {
    assert(this.state !== StateType.Leader, 'invalid transition [leader -> candidate]');
    this.stepFn = stepCandidate;
    this.reset(this.term + 1);
    this.tickFn = () => this.tickElection();
    this.vote = this.id;
    this.state = StateType.Candidate;
  }

  /** A pre-candidate keeps its term and vote: it only asks whether it could win. */
  becomePreCandidate(): void {
    assert(this.state !== StateType.Leader, 'invalid transition [leader -> pre-candidate]');
    this.stepFn = stepCandidate;
    this.prs.resetVotes();
    this.tickFn = () => this.tickElection();
    this.lead = NONE;
    this.state = StateType.PreCandidate;
  }

  becomeLeader(): void {
    assert(this.state !== StateType.Follower, 'invalid transition [follower -> leader]');
    this.stepFn = stepLeader;
    this.reset(this.term);
    this.tickFn = () => this.tickHeartbeat();
    this.lead = this.id;
    this.state = StateType.Leader;
    // We know our own log: replicate to ourselves optimistically.
    this.prs.progress.get(this.id)?.becomeReplicate();
    // Conservatively treat every uncommitted entry as a possible conf change: no new one until
    // they are applied.
    this.pendingConfIndex = this.raftLog.lastIndex();
    // The empty entry lets the leader commit (and learn the commit index) in its own term.
    const ok = this.appendEntry([newEntry({})]);
    assert(ok, 'empty entry was dropped');
  }

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.abortLeaderTransfer();
    this.prs.resetVotes();
    const last = this.raftLog.lastIndex();
    this.prs.visit((id, pr) => {
      pr.match = id === this.id ? last : 0;
      pr.next = last + 1;
      pr.state = ProgressStateType.Probe;
      pr.pendingSnapshot = 0;
      pr.probeSent = false;
      pr.recentActive = false;
      pr.inflights.reset();
    });
    this.pendingConfIndex = 0;
    this.uncommittedSizeBytes = 0;
    this.readOnly = new ReadOnly(this.readOnly.option);
  }

  /** Leader: appends proposals at our term. Returns false if the uncommitted-size limit refuses them. */
  appendEntry(es: readonly Entry[]): boolean {
    let li = this.raftLog.lastIndex();
    const ents = es.map((e, i) => newEntry({ type: e.type, data: e.data, term: this.term, index: li + 1 + i }));
    if (!this.increaseUncommittedSize(ents)) return false;
    li = this.raftLog.append(ents);
    this.prs.progress.get(this.id)?.maybeUpdate(li);
    // The caller broadcasts whether or not this commits (it does in a single-voter cluster).
    this.maybeCommit();
    return true;
  }

  /** Advances commit to the quorum index if that entry is from our term (Figure 8). */
  maybeCommit(): boolean {
    return this.raftLog.maybeCommit(this.prs.committed(), this.term);
  }

  /** Starts an election of kind t if this node may (not leader, a voter, no unapplied conf change). */
  hup(t: CampaignType): void {
    if (this.state === StateType.Leader) return;
    if (!this.promotable()) return;
    // A committed but unapplied conf change could remove us or change the quorum: wait for it.
    const pending = this.raftLog.slice(this.raftLog.applied + 1, this.raftLog.committed + 1, Infinity);
    if (numOfPendingConf(pending) !== 0 && this.raftLog.committed > this.raftLog.applied) return;
    this.campaign(t);
  }

  campaign(t: CampaignType): void {
    assert(this.promotable(), 'campaign called on a node that is not promotable');
    let term: number;
    let voteMsg: MessageType;
    if (t === CampaignType.PreElection) {
      this.becomePreCandidate();
      voteMsg = MessageType.MsgPreVote;
      // PreVote asks for the term we would use, without adopting it.
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      voteMsg = MessageType.MsgVote;
      term = this.term;
    }
    if (this.poll(this.id, voteRespMsgType(voteMsg), true) === VoteResult.Won) {
      // A single-voter cluster wins on its own vote.
      if (t === CampaignType.PreElection) this.campaign(CampaignType.Election);
      else this.becomeLeader();
      return;
    }
    for (const id of this.prs.voterNodes()) {
      if (id === this.id) continue;
      this.send(
        newMessage({
          type: voteMsg,
          to: id,
          term,
          index: this.raftLog.lastIndex(),
          logTerm: this.raftLog.lastTerm(),
          context: t === CampaignType.Transfer ? CAMPAIGN_TRANSFER_CTX : undefined,
        }),
      );
    }
  }

  poll(id: NodeId, _t: MessageType, granted: boolean): VoteResult {
    this.prs.recordVote(id, granted);
    return this.prs.tallyVotes().result;
  }

  /** The entry point for every message, local or from a peer. Throws ErrProposalDropped. */
  step(m: Message): void {
    if (m.term > this.term) {
      if (!this.stepHigherTerm(m)) return;
    } else if (m.term !== 0 && m.term < this.term) {
      this.stepLowerTerm(m);
      return;
    }
    switch (m.type) {
      case MessageType.MsgHup:
        this.hup(this.cfg.preVote ? CampaignType.PreElection : CampaignType.Election);
        return;
      case MessageType.MsgVote:
      case MessageType.MsgPreVote:
        this.handleVoteRequest(m);
        return;
      default:
        this.stepFn(this, m);
    }
  }

  /** A message from a newer term. Returns false if it is to be ignored. */
  private stepHigherTerm(m: Message): boolean {
    if (m.type === MessageType.MsgVote || m.type === MessageType.MsgPreVote) {
      const force = m.context !== undefined && bytesEqual(m.context, CAMPAIGN_TRANSFER_CTX);
      const inLease = this.cfg.checkQuorum && this.lead !== NONE && this.electionElapsed < this.electionTimeout;
      // Leader lease: we heard from a live leader within an election timeout, so a candidate
      // (e.g. a rejoining partitioned node) must not disrupt it.
      if (!force && inLease) return false;
    }
    if (m.type === MessageType.MsgPreVote) {
      // Never change our term in response to a PreVote.
    } else if (m.type === MessageType.MsgPreVoteResp && !m.reject) {
      // A granted pre-vote carries the future term we asked about; we adopt it only on winning.
    } else if (m.type === MessageType.MsgApp || m.type === MessageType.MsgHeartbeat || m.type === MessageType.MsgSnap) {
      this.becomeFollower(m.term, m.from);
    } else {
      this.becomeFollower(m.term, NONE);
    }
    return true;
  }

  private stepLowerTerm(m: Message): void {
    if ((this.cfg.checkQuorum || this.cfg.preVote) && (m.type === MessageType.MsgHeartbeat || m.type === MessageType.MsgApp)) {
      // A stale leader (e.g. just healed from a partition) would never learn of the newer term,
      // since with CheckQuorum/PreVote we don't bump terms on its behalf; this reply tells it.
      this.send(newMessage({ type: MessageType.MsgAppResp, to: m.from }));
    } else if (m.type === MessageType.MsgPreVote) {
      // Reject so the pre-candidate learns of our term instead of waiting out its timeout.
      this.send(newMessage({ type: MessageType.MsgPreVoteResp, to: m.from, term: this.term, reject: true }));
    }
    // Everything else from an old term is ignored.
  }

  private handleVoteRequest(m: Message): void {
    const canVote =
      // A repeated request from the candidate we already voted for.
      this.vote === m.from ||
      // We have not voted and know of no leader this term.
      (this.vote === NONE && this.lead === NONE) ||
      // A pre-vote for a future term.
      (m.type === MessageType.MsgPreVote && m.term > this.term);
    if (canVote && this.raftLog.isUpToDate(m.index, m.logTerm)) {
      // Answer with the term of the request (for PreVote, the future term) so the candidate counts it.
      this.send(newMessage({ type: voteRespMsgType(m.type), to: m.from, term: m.term }));
      if (m.type === MessageType.MsgVote) {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.send(newMessage({ type: voteRespMsgType(m.type), to: m.from, term: this.term, reject: true }));
    }
  }

  /** Whether this node may campaign: it is a voter and not waiting on a snapshot. */
  promotable(): boolean {
    const pr = this.prs.progress.get(this.id);
    return pr !== undefined && !pr.isLearner && !this.raftLog.hasPendingSnapshot();
  }

  loadState(hs: HardState): void {
    assert(
      hs.commit >= this.raftLog.committed && hs.commit <= this.raftLog.lastIndex(),
      () => `${this.id} state.commit ${hs.commit} is out of range [${this.raftLog.committed}, ${this.raftLog.lastIndex()}]`,
    );
    this.raftLog.committed = hs.commit;
    this.term = hs.term;
    this.vote = hs.vote;
  }

  abortLeaderTransfer(): void {
    this.leadTransferee = NONE;
  }

  sendTimeoutNow(to: NodeId): void {
    this.send(newMessage({ type: MessageType.MsgTimeoutNow, to }));
  }

  bcastAppend(): void {
    bcastAppend(this);
  }

  bcastHeartbeat(): void {
    bcastHeartbeat(this);
  }

  /** False (and nothing counted) if the proposal would exceed the uncommitted-size limit. */
  private increaseUncommittedSize(ents: readonly Entry[]): boolean {
    const s = payloadSizeBytes(ents);
    // Always admit one proposal even if it alone is over the limit, or nothing could ever commit.
    if (this.uncommittedSizeBytes > 0 && s > 0 && this.uncommittedSizeBytes + s > this.cfg.maxUncommittedEntriesSizeBytes) return false;
    this.uncommittedSizeBytes += s;
    return true;
  }

  /** Committed entries no longer count against the uncommitted-size limit. */
  reduceUncommittedSize(ents: readonly Entry[]): void {
    if (this.state !== StateType.Leader) return;
    const s = payloadSizeBytes(ents);
    this.uncommittedSizeBytes = s > this.uncommittedSizeBytes ? 0 : this.uncommittedSizeBytes - s;
  }

  /** Whether the entry at the commit index is from our term (ReadIndex needs it, §6.4). */
  committedEntryInCurrentTerm(): boolean {
    return this.raftLog.zeroTermOnErrCompacted(this.raftLog.committed) === this.term;
  }
}

export function isConfChangeEntry(e: Entry): boolean {
  return e.type === EntryType.ConfChange || e.type === EntryType.ConfChangeV2;
}
