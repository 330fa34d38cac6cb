// The raft state machine: term and vote, role transitions, elections and the top-level step.
// Role-specific message handling lives in leader.ts, candidate.ts and follower.ts; replication
// (what to send to whom) in replication.ts; membership in confchange.ts.
import type { Entry, HardState, Message, NodeId, ReadState, SoftState } from './types';
import { MessageType, NONE, StateType } from './types';
import type { Storage } from './storage';
import type { Prng } from '../lib/prng';
import { RaftLog } from './log';
import { ProgressTracker } from './tracker/tracker';
import { ProgressStateType } from './tracker/progress';
import { ReadOnly } from './readOnly';
import { type Config, type ResolvedConfig, resolveConfig } from './config';
import { newEntry, newMessage, isEmptyHardState, payloadSizeBytes } from './messages';
import { stepLeader } from './leader';
import { stepCandidate } from './candidate';
import { stepFollower } from './follower';
import { bcastAppend, bcastHeartbeat } from './replication';
import { restoreConfig } from './confchange';
import { CampaignType, campaign, handleVoteRequest, hup, stepHigherTerm, stepLowerTerm } from './election';
import type { RaftLogger } from './logger';
import { assert } from '../lib/assert';

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
  private readonly logger: RaftLogger | undefined;
  private stepFn: StepFn = stepFollower;
  private tickFn: () => void = () => this.tickElection();

  constructor(config: Config, storage: Storage) {
    this.cfg = resolveConfig(config);
    this.id = this.cfg.id;
    this.prng = config.prng;
    this.logger = config.logger;
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
    const l = this.raftLog;
    this.logInfo(
      `newRaft ${this.id} [peers: [${this.prs.voterNodes().join(',')}], term: ${this.term}, commit: ${l.committed}, applied: ${l.applied}, lastindex: ${l.lastIndex()}, lastterm: ${l.lastTerm()}]`,
    );
  }

  logInfo(line: string): void {
    this.logger?.info(`${this.id} ${line}`);
  }

  logDebug(line: string): void {
    this.logger?.debug?.(`${this.id} ${line}`);
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
    this.logInfo(`became follower at term ${this.term}`);
  }

  becomeCandidate(): void {
    assert(this.state !== StateType.Leader, 'invalid transition [leader -> candidate]');
    this.stepFn = stepCandidate;
    this.reset(this.term + 1);
    this.tickFn = () => this.tickElection();
    this.vote = this.id;
    this.state = StateType.Candidate;
    this.logInfo(`became candidate at term ${this.term}`);
  }

  /** A pre-candidate keeps its term and vote: it only asks whether it could win. */
  becomePreCandidate(): void {
    assert(this.state !== StateType.Leader, 'invalid transition [leader -> pre-candidate]');
    this.stepFn = stepCandidate;
    this.prs.resetVotes();
    this.tickFn = () => this.tickElection();
    this.lead = NONE;
    this.state = StateType.PreCandidate;
    this.logInfo(`became pre-candidate at term ${this.term}`);
  }

  becomeLeader(): void {
    assert(this.state !== StateType.Follower, 'invalid transition [follower -> leader]');
    this.stepFn = stepLeader;
    this.reset(this.term);
    this.tickFn = () => this.tickHeartbeat();
    this.lead = this.id;
    this.state = StateType.Leader;
    this.logInfo(`became leader at term ${this.term}`);
    // We know our own log: replicate to ourselves optimistically. We are trivially active.
    const self = this.prs.progress.get(this.id);
    if (self) {
      self.becomeReplicate();
      self.recentActive = true;
    }
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

  /** Starts an election of kind t if this node may (see election.ts). */
  hup(t: CampaignType): void {
    hup(this, t);
  }

  campaign(t: CampaignType): void {
    campaign(this, t);
  }

  /** The entry point for every message, local or from a peer. Throws ErrProposalDropped. */
  step(m: Message): void {
    if (m.term > this.term) {
      if (!stepHigherTerm(this, m)) return;
    } else if (m.term !== 0 && m.term < this.term) {
      stepLowerTerm(this, m);
      return;
    }
    switch (m.type) {
      case MessageType.MsgHup:
        this.hup(this.cfg.preVote ? CampaignType.PreElection : CampaignType.Election);
        return;
      case MessageType.MsgVote:
      case MessageType.MsgPreVote:
        handleVoteRequest(this, m);
        return;
      default:
        this.stepFn(this, m);
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

