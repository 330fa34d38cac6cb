// RawNode: the host-facing API. Inputs (tick, step, propose ...) change state; ready() hands out
// what to persist, send and apply; advance() acknowledges it. See Ready in types.ts for the order.
import type { ConfChange, ConfState, Entry, HardState, Message, NodeId, Ready, SoftState } from './types';
import { ConfChangeType, EntryType, MessageType, NONE, StateType } from './types';
import { Raft } from './raft';
import type { Config } from './config';
import type { MemoryStorage } from './storage';
import { ErrProposalDropped, ErrStepLocalMsg } from './errors';
import { emptyConfState, hardStateEqual, isEmptyHardState, isLocalMsg, isResponseMsg, newEntry, newMessage } from './messages';
import { applyConfChange, restoreConfig } from './confchange';
import { decodeConfChange, encodeConfChange } from './confChangeCodec';
import { assert } from '../lib/assert';
import { PROGRESS_STATE_NAMES, type ProgressStateName } from './tracker/progress';

export interface ProgressInspect {
  id: NodeId;
  match: number;
  next: number;
  state: ProgressStateName;
  recentActive: boolean;
  /** MsgApps in flight (replicate state). */
  inflights: number;
  isLearner: boolean;
  pendingSnapshot: number;
}

/** A plain, structured-clone-safe snapshot of a node's raft state for the UI and tests. */
export interface RaftInspect {
  id: NodeId;
  state: StateType;
  term: number;
  vote: NodeId;
  lead: NodeId;
  commit: number;
  applied: number;
  firstIndex: number;
  lastIndex: number;
  electionElapsed: number;
  randomizedElectionTimeout: number;
  heartbeatElapsed: number;
  heartbeatTimeout: number;
  leadTransferee: NodeId;
  pendingConfIndex: number;
  /** The leader's view of every member (itself included); empty on other roles. */
  progress: ProgressInspect[];
  voters: NodeId[];
  learners: NodeId[];
  pendingReadIndexRequests: number;
}

export interface Status {
  id: NodeId;
  hardState: HardState;
  softState: SoftState;
  applied: number;
  leadTransferee: NodeId;
  /** Leader only. */
  progress: ProgressInspect[];
  confState: ConfState;
}

export class RawNode {
  /** The state machine; exposed for tests and the inspector, not for hosts to mutate. */
  readonly raft: Raft;
  private prevSoftState: SoftState;
  private prevHardState: HardState;
  /** The membership last reported in a Ready (as text), so re-applying a change is not re-reported. */
  private prevConfStateKey: string;

  constructor(config: Config, storage: MemoryStorage) {
    const peers = config.peers ?? [];
    // peers configure a brand-new node only; a node restarted from storage keeps the persisted
    // membership (it may have changed since bootstrap).
    const usePeers = peers.length > 0 && !storage.hasConfState();
    this.raft = new Raft(config, storage);
    // Only a truly empty node bootstraps; anything persisted means it ran before.
    const fresh = storage.lastIndex() === 0 && isEmptyHardState(storage.initialState().hardState);
    if (usePeers) {
      if (fresh) bootstrap(this.raft, peers, config.learners ?? []);
      else restoreConfig(this.raft, { ...emptyConfState(), voters: peers, learners: config.learners ?? [] });
      // Persist the membership right away so a restart (even before the first Ready) knows its voters.
      storage.setConfState(this.raft.prs.confState());
    }
    this.prevConfStateKey = usePeers ? '' : confStateKey(this.raft.prs.confState());
    this.prevSoftState = this.raft.softState();
    // A bootstrapped node's first Ready must carry its HardState (term 1, commit n).
    this.prevHardState = usePeers && fresh ? { term: 0, vote: 0, commit: 0 } : this.raft.hardState();
  }

  tick(): void {
    this.raft.tick();
  }

  /** Starts an election now (MsgHup), e.g. for tests or a forced campaign. */
  campaign(): void {
    this.raft.step(newMessage({ type: MessageType.MsgHup }));
  }

  /** Proposes data to be appended to the log. Throws ErrProposalDropped. */
  propose(data: Uint8Array): void {
    this.raft.step(newMessage({ type: MessageType.MsgProp, from: this.raft.id, entries: [newEntry({ data })] }));
  }

  /** Proposes a membership change; apply it with applyConfChange once it is committed. */
  proposeConfChange(cc: ConfChange): void {
    const e = newEntry({ type: EntryType.ConfChange, data: encodeConfChange(cc) });
    this.raft.step(newMessage({ type: MessageType.MsgProp, from: this.raft.id, entries: [e] }));
  }

  /** Applies a committed conf change to the configuration; the host persists the returned ConfState. */
  applyConfChange(cc: ConfChange): ConfState {
    return applyConfChange(this.raft, cc);
  }

  /** Convenience for hosts: decode a committed EntryConfChange and apply it. */
  applyConfChangeEntry(e: Entry): ConfState {
    if (e.type !== EntryType.ConfChange) throw new Error(`entry ${e.index} is not an EntryConfChange`);
    return this.applyConfChange(decodeConfChange(e.data));
  }

  /**
   * Feeds a message from a peer. Local message types are rejected with ErrStepLocalMsg. As etcd's
   * transport does with the errors Step returns, a response from a peer not in the configuration
   * (e.g. just removed) and a forwarded proposal that finds no leader here are dropped silently.
   */
  step(m: Message): void {
    if (isLocalMsg(m.type)) throw new ErrStepLocalMsg();
    if (isResponseMsg(m.type) && !this.raft.prs.progress.has(m.from)) return;
    try {
      this.raft.step(m);
    } catch (e) {
      if (e instanceof ErrProposalDropped && m.type === MessageType.MsgProp) return;
      throw e;
    }
  }

  /** Requests a linearizable read; a ReadState with `ctx` appears in a later Ready. */
  readIndex(ctx: Uint8Array): void {
    this.raft.step(newMessage({ type: MessageType.MsgReadIndex, entries: [newEntry({ data: ctx })] }));
  }

  /** Asks the leader (this node or, forwarded, the current one) to hand leadership to `transferee`. */
  transferLeader(transferee: NodeId): void {
    this.raft.step(newMessage({ type: MessageType.MsgTransferLeader, from: transferee }));
  }

  /** The transport failed to reach `id`: stop streaming to it optimistically. */
  reportUnreachable(id: NodeId): void {
    this.raft.step(newMessage({ type: MessageType.MsgUnreachable, from: id }));
  }

  /** The result of sending a MsgSnap to `id`. */
  reportSnapshot(id: NodeId, ok: boolean): void {
    this.raft.step(newMessage({ type: MessageType.MsgSnapStatus, from: id, reject: !ok }));
  }

  hasReady(): boolean {
    const r = this.raft;
    const ss = r.softState();
    if (ss.lead !== this.prevSoftState.lead || ss.raftState !== this.prevSoftState.raftState) return true;
    const hs = r.hardState();
    if (!isEmptyHardState(hs) && !hardStateEqual(hs, this.prevHardState)) return true;
    if (r.raftLog.hasPendingSnapshot()) return true;
    if (r.msgs.length > 0 || r.raftLog.unstable.entries.length > 0 || r.raftLog.hasNextEnts()) return true;
    if (r.readStates.length > 0) return true;
    return confStateKey(r.prs.confState()) !== this.prevConfStateKey;
  }

  ready(): Ready {
    const r = this.raft;
    const rd: Ready = {
      readStates: r.readStates,
      entries: r.raftLog.unstableEntries(),
      committedEntries: r.raftLog.nextEnts(),
      messages: r.msgs,
      mustSync: false,
    };
    const ss = r.softState();
    if (ss.lead !== this.prevSoftState.lead || ss.raftState !== this.prevSoftState.raftState) {
      rd.softState = ss;
      this.prevSoftState = ss;
    }
    const hs = r.hardState();
    if (!hardStateEqual(hs, this.prevHardState)) rd.hardState = hs;
    if (r.raftLog.unstable.snapshot) rd.snapshot = r.raftLog.unstable.snapshot;
    const cs = r.prs.confState();
    const csKey = confStateKey(cs);
    if (csKey !== this.prevConfStateKey) {
      rd.confState = cs;
      this.prevConfStateKey = csKey;
    }
    // A new vote or term must be durable before we answer; so must new entries. etcd leaves the
    // snapshot out (its snapshotter always fsyncs); here one flag covers the whole record.
    rd.mustSync =
      rd.entries.length !== 0 || rd.snapshot !== undefined || hs.vote !== this.prevHardState.vote || hs.term !== this.prevHardState.term;
    r.readStates = [];
    r.msgs = [];
    return rd;
  }

  /** The host persisted, sent and applied `rd`. */
  advance(rd: Ready): void {
    const r = this.raft;
    if (rd.hardState && !isEmptyHardState(rd.hardState)) this.prevHardState = rd.hardState;
    r.reduceUncommittedSize(rd.committedEntries);
    const n = rd.committedEntries.length;
    const appliedCursor = n > 0 ? rd.committedEntries[n - 1]!.index : (rd.snapshot?.metadata.index ?? 0);
    if (appliedCursor > 0) r.raftLog.appliedTo(appliedCursor);
    if (rd.entries.length > 0) {
      const e = rd.entries[rd.entries.length - 1]!;
      // The contract: the host persisted the entries into its Storage before advancing. Without
      // this check a forgotten storage.append silently loses the log tail.
      const storage = r.raftLog.storage;
      assert(
        storage.lastIndex() >= e.index && storage.term(e.index) === e.term,
        () => `advance: Ready.entries up to ${e.term}/${e.index} were not appended to storage (storage.lastIndex()=${storage.lastIndex()}); call storage.append(rd.entries) before advance`,
      );
      r.raftLog.stableTo(e.index, e.term);
    }
    if (rd.snapshot && rd.snapshot.metadata.index > 0) r.raftLog.stableSnapTo(rd.snapshot.metadata.index);
  }

  status(): Status {
    const r = this.raft;
    return {
      id: r.id,
      hardState: r.hardState(),
      softState: r.softState(),
      applied: r.raftLog.applied,
      leadTransferee: r.leadTransferee,
      progress: r.state === StateType.Leader ? progressInspect(r) : [],
      confState: r.prs.confState(),
    };
  }

  inspect(): RaftInspect {
    const r = this.raft;
    return {
      id: r.id,
      state: r.state,
      term: r.term,
      vote: r.vote,
      lead: r.lead,
      commit: r.raftLog.committed,
      applied: r.raftLog.applied,
      firstIndex: r.raftLog.firstIndex(),
      lastIndex: r.raftLog.lastIndex(),
      electionElapsed: r.electionElapsed,
      randomizedElectionTimeout: r.randomizedElectionTimeout,
      heartbeatElapsed: r.heartbeatElapsed,
      heartbeatTimeout: r.heartbeatTimeout,
      leadTransferee: r.leadTransferee,
      pendingConfIndex: r.pendingConfIndex,
      progress: r.state === StateType.Leader ? progressInspect(r) : [],
      voters: r.prs.voterNodes(),
      learners: r.prs.learnerNodes(),
      pendingReadIndexRequests: r.readOnly.pendingCount() + r.pendingReadIndexMessages.length,
    };
  }
}

/**
 * etcd's bootstrap of a new cluster: the initial members enter the log as committed
 * ConfChange entries at term 1, indexes 1..n, so a member that later joins learns the whole
 * membership by replaying the log, and the first election is for term 2 (as in real etcd).
 */
function bootstrap(r: Raft, voters: NodeId[], learners: NodeId[]): void {
  r.becomeFollower(1, NONE);
  const changes: ConfChange[] = [
    ...voters.map((nodeId) => ({ type: ConfChangeType.AddNode, nodeId })),
    ...learners.map((nodeId) => ({ type: ConfChangeType.AddLearnerNode, nodeId })),
  ];
  const ents = changes.map((cc, i) => newEntry({ type: EntryType.ConfChange, term: 1, index: i + 1, data: encodeConfChange(cc) }));
  r.raftLog.append(ents);
  // Committed by fiat: every member bootstraps the same entries. The host applies them (again)
  // from the first Ready, which is harmless: adding a present member is a no-op.
  r.raftLog.committed = ents.length;
  for (const cc of changes) applyConfChange(r, cc);
}

function confStateKey(cs: ConfState): string {
  return `${cs.voters.join(',')}|${cs.learners.join(',')}`;
}

function progressInspect(r: Raft): ProgressInspect[] {
  const out: ProgressInspect[] = [];
  r.prs.visit((id, pr) => {
    out.push({
      id,
      match: pr.match,
      next: pr.next,
      state: PROGRESS_STATE_NAMES[pr.state],
      recentActive: pr.recentActive,
      inflights: pr.inflights.count(),
      isLearner: pr.isLearner,
      pendingSnapshot: pr.pendingSnapshot,
    });
  });
  return out;
}

export { NONE };
