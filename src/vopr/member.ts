// One cluster member as etcd runs it: a RawNode over a durable store, driven by the Ready loop.
//
// Durability model. `storage` (a MemoryStorage) mirrors what reached the disk: a Ready's writes
// (snapshot, entries, HardState, ConfState) are an asynchronous disk write that completes after a
// latency; only then do they enter `storage`, and only then do the Ready's messages leave (etcd's
// order: a vote or an append ack must never be sent for state a crash could still lose). While the
// write is in flight the node keeps ticking and stepping but hands out no new Ready, as etcd's
// raft.Node does between Ready and Advance. A crash discards the in-flight write and all volatile
// state (RawNode, state machine); a restart rebuilds a fresh MemoryStorage from what the Ready
// writes made durable, as etcd replays its WAL, and a RawNode over it.
//
// Only Ready writes count as durable: the raft core also writes into its Storage on its own (the
// bootstrap membership), which a real host keeps in memory only, so a restart must not see it.
import { RawNode, MemoryStorage, ErrProposalDropped } from '../raft';
import type { ConfState, Entry, Message, Ready } from '../raft';
import { EntryType, NONE, StateType } from '../raft';
import type { Prng } from '../lib/prng';
import type { EventQueue } from '../sim/eventQueue';
import type { Checkers, LogView } from './checkers';
import type { Counters } from './counters';
import type { FaultParams } from './faults';
import type { Disk } from './disk';
import { type TraceHash, chainNext, entryHash } from './hash';

export interface MemberEnv {
  readonly params: FaultParams;
  readonly queue: EventQueue;
  readonly counters: Counters;
  readonly trace: TraceHash;
  readonly checkers: Checkers;
  readonly voters: number[];
  /** Hands a message to the network; `incarnation` lets transport feedback reach only the sender's own life. */
  send(m: Message, from: Member): void;
  /** A fresh source for the raft core's randomized election timeouts, per (member, incarnation). */
  raftPrng(id: number, incarnation: number): Prng;
  /** Every application of an entry (after the checkers saw it). */
  onApplied(member: Member, e: Entry): void;
  /** A deliberately broken host, for proving the simulator finds real bugs (see Mutation). */
  readonly mutation: Mutation | undefined;
  /** Timeline narration for `--seed S --verbose`; undefined in batch runs (no string building). */
  readonly log: ((line: string) => void) | undefined;
}

/**
 * Host bugs the simulator can be asked to commit. 'send-before-durable' sends a Ready's messages
 * before its write is durable, so a crash can forget a vote already cast or an entry already acked.
 */
export type Mutation = 'send-before-durable';

/** Snapshot images are the state machine's hash chain at the snapshot index. */
function encodeImage(index: number, chain: number): Uint8Array {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint32(0, index >>> 0, true);
  v.setUint32(4, chain >>> 0, true);
  return b;
}

function decodeImage(b: Uint8Array): number {
  return b.length >= 8 ? new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(4, true) : 0;
}

function encodeReadId(id: number): Uint8Array {
  return Uint8Array.of(0x72, id & 0xff, (id >>> 8) & 0xff, (id >>> 16) & 0xff);
}

function decodeReadId(b: Uint8Array): number {
  return b.length === 4 && b[0] === 0x72 ? b[1]! | (b[2]! << 8) | (b[3]! << 16) : -1;
}

const ROLE = ['follower', 'candidate', 'leader', 'pre-candidate'];

export class Member {
  /** Mirrors the durable store; rebuilt at each restart from what Ready writes persisted. */
  storage = new MemoryStorage();
  /** The membership as last persisted by a Ready (undefined: never persisted). */
  private durableConfState: ConfState | undefined;
  rn: RawNode | null = null;
  /** Bumped at every crash so events scheduled for an earlier life are ignored. */
  incarnation = 0;
  /** A Ready's disk write is in flight. */
  private writing = false;
  /** The Ready whose write is in flight (a crash may leave part of it on disk). */
  private inFlight: Ready | undefined;
  /** The state machine: last applied index and its hash chain. Volatile. */
  applied = 0;
  chain = 0;
  /** Last observed role, to count transitions and feed the checkers. */
  private seenState: StateType = StateType.Follower;
  private seenTerm = 0;
  private seenLead = 0;

  constructor(
    readonly id: number,
    private readonly env: MemberEnv,
    readonly disk: Disk,
    private readonly tickPrng: Prng,
    /** This member's clock rate (1 = true time). */
    public clockRate: number,
  ) {}

  /** Set by the fault scheduler: crash partway through the next disk write. */
  private crashInNextWrite: (() => void) | undefined;

  /** `crash` (the scheduler's, which also counts it and plans the restart) will run partway
   *  through this member's next disk write, before the write completes. */
  armCrashInNextWrite(crash: () => void): void {
    this.crashInNextWrite = crash;
  }

  get alive(): boolean {
    return this.rn !== null;
  }

  /** Boots (first time) or restarts from durable state only. */
  start(): void {
    const p = this.env.params;
    this.storage = this.replayDurable();
    // The state machine restarts from the durable snapshot; raft re-delivers the rest. The log may
    // keep entries below the snapshot (compactKeep), so raft must be told where applying resumes.
    const snap = this.storage.snapshot();
    this.rn = new RawNode(
      {
        id: this.id,
        // Used only for a brand-new member; a restart reads the voters from storage.
        peers: this.env.voters,
        electionTick: p.electionTick,
        heartbeatTick: p.heartbeatTick,
        prng: this.env.raftPrng(this.id, this.incarnation),
        preVote: p.preVote,
        checkQuorum: p.checkQuorum,
        maxSizePerMsg: p.maxSizePerMsg,
        maxInflightMsgs: p.maxInflightMsgs,
        applied: snap.metadata.index,
      },
      this.storage,
    );
    this.applied = snap.metadata.index;
    this.chain = decodeImage(snap.data);
    this.writing = false;
    const r = this.rn.raft;
    this.seenState = r.state;
    this.seenTerm = r.term;
    this.seenLead = r.lead;
    this.scheduleTick();
    this.pump();
  }

  crash(): void {
    if (!this.rn) return;
    if (this.writing) {
      this.env.counters.writesLostOnCrash++;
      if (this.inFlight) this.tearWrite(this.inFlight);
    }
    this.rn = null;
    this.writing = false;
    this.inFlight = undefined;
    this.crashInNextWrite = undefined;
    this.incarnation++;
    this.env.trace.mix(0xc0);
    this.env.trace.mix(this.id);
  }

  receive(m: Message): void {
    if (!this.rn) return;
    // Not copied: the network froze it, so a raft core that wrote to a message it was given (which
    // duplicates share) would throw, and the run would report it.
    this.rn.step(m);
    this.afterInput();
  }

  /** A client request at this member. Returns false when the member rejected it (no leader known). */
  propose(data: Uint8Array): boolean {
    if (!this.rn) return false;
    // raft would refuse it with ErrProposalDropped; building that Error (with its stack) for a
    // third of all proposals was a measurable share of the run time.
    if (this.rn.raft.lead === NONE) return false;
    let ok = true;
    try {
      this.rn.propose(data);
    } catch (e) {
      if (!(e instanceof ErrProposalDropped)) throw e;
      ok = false;
    }
    this.afterInput();
    return ok;
  }

  /** A linearizable read request (ReadIndex); its answer arrives as a ReadState in a later Ready. */
  readIndex(id: number): void {
    if (!this.rn) return;
    this.rn.readIndex(encodeReadId(id));
    this.afterInput();
  }

  /** A client asks for leadership to move to `to` (forwarded to the leader by followers). */
  transferLeader(to: number): void {
    if (!this.rn) return;
    this.rn.transferLeader(to);
    this.afterInput();
  }

  reportSnapshot(to: number, ok: boolean): void {
    if (!this.rn) return;
    this.rn.reportSnapshot(to, ok);
    this.afterInput();
  }

  reportUnreachable(to: number): void {
    if (!this.rn) return;
    this.rn.reportUnreachable(to);
    this.afterInput();
  }

  get state(): StateType {
    return this.rn ? this.rn.raft.state : StateType.Follower;
  }

  get term(): number {
    return this.rn ? this.rn.raft.term : 0;
  }

  logView(): LogView {
    const log = this.rn!.raft.raftLog;
    const firstIndex = log.firstIndex();
    return { firstIndex, prevTerm: log.term(firstIndex - 1), entries: log.allEntries(), durableUpTo: log.unstable.offset - 1, life: this.incarnation };
  }

  private scheduleTick(): void {
    const p = this.env.params;
    const inc = this.incarnation;
    let ms = p.tickMs / this.clockRate;
    if (p.tickJitter > 0) {
      ms *= 1 + p.tickJitter * (2 * this.tickPrng.next() - 1);
      this.env.counters.jitteredTicks++;
    }
    this.env.queue.after(ms, () => {
      if (inc !== this.incarnation || !this.rn) return;
      this.rn.tick();
      this.afterInput();
      this.scheduleTick();
    });
  }

  private afterInput(): void {
    this.observe();
    this.pump();
  }

  /** Notices role and term changes: counters, the trace, and the election checkers. */
  private observe(): void {
    const r = this.rn!.raft;
    if (r.state === this.seenState && r.term === this.seenTerm && r.lead === this.seenLead) return;
    const c = this.env.counters;
    const t = this.env.trace;
    t.mix(0x51);
    t.mix(this.id);
    t.mix(r.state);
    t.mix(r.term);
    t.mix(r.lead);
    if (r.state === StateType.Candidate && (this.seenState !== StateType.Candidate || r.term !== this.seenTerm)) c.elections++;
    if (r.state === StateType.PreCandidate && this.seenState !== StateType.PreCandidate) c.preVoteCampaigns++;
    // A leader that steps down without a higher term did so because it lost touch with a quorum.
    if (this.seenState === StateType.Leader && r.state !== StateType.Leader && r.term === this.seenTerm) c.checkQuorumStepDowns++;
    if (r.state === StateType.Leader && (this.seenState !== StateType.Leader || r.term !== this.seenTerm)) {
      c.leaderChanges++;
      this.env.checkers.onLeader(this.id, r.term, () => this.logView());
    }
    this.env.log?.(`member ${this.id}: ${ROLE[r.state]} term ${r.term} lead ${r.lead} (log ${r.raftLog.lastIndex()}, commit ${r.raftLog.committed})`);
    this.seenState = r.state;
    this.seenTerm = r.term;
    this.seenLead = r.lead;
  }

  /** Takes the next Ready if no write is in flight; writes it, then sends, applies and advances. */
  private pump(): void {
    const rn = this.rn;
    while (rn && rn === this.rn && !this.writing && rn.hasReady()) {
      const rd = rn.ready();
      const needsWrite = rd.mustSync || rd.hardState !== undefined || rd.snapshot !== undefined || rd.entries.length > 0 || rd.confState !== undefined;
      if (!needsWrite) {
        this.finish(rd);
        continue;
      }
      this.writing = true;
      this.inFlight = rd;
      const inc = this.incarnation;
      const early = this.env.mutation === 'send-before-durable';
      if (early) for (const m of rd.messages) this.env.send(m, this);
      const latency = this.disk.writeLatencyMs(rd.mustSync);
      const armed = this.crashInNextWrite;
      this.crashInNextWrite = undefined;
      this.env.queue.after(latency, () => {
        // A crash while the write was in flight: it never happened.
        if (inc !== this.incarnation) return;
        this.persist(rd);
        this.writing = false;
        this.inFlight = undefined;
        this.finish(rd, !early);
        this.afterInput();
      });
      if (armed) this.env.queue.after(latency * (0.1 + 0.8 * this.disk.intn(0, 1000) / 1000), armed);
    }
  }

  /** The write is durable: fold it into the durable store. */
  private persist(rd: Ready): void {
    if (rd.snapshot) {
      this.storage.applySnapshot(rd.snapshot);
      // The state machine becomes the snapshot's image.
      this.applied = rd.snapshot.metadata.index;
      this.chain = decodeImage(rd.snapshot.data);
      this.env.counters.snapshotsApplied++;
      this.env.log?.(`member ${this.id}: restored snapshot at ${this.applied}`);
      this.env.checkers.stateMachine.onRestore(this.id, this.applied, this.chain);
      this.env.trace.mix(0x5a);
      this.env.trace.mix(this.applied);
    }
    this.storage.append(rd.entries);
    if (rd.hardState) this.storage.setHardState(rd.hardState);
    if (rd.confState) {
      this.storage.setConfState(rd.confState);
      this.durableConfState = rd.confState;
    }
  }

  /**
   * A crash in the middle of a write: etcd's WAL appends the entry records, then the HardState
   * record, then fsyncs, so a crash before the fsync completes can leave any prefix of them on
   * disk (a torn last record is cut off at restart). Nothing of it was acknowledged: the messages
   * wait for the whole write.
   */
  private tearWrite(rd: Ready): void {
    const p = this.env.params;
    // The snapshot file is written (and synced) on its own before the WAL records in etcd.
    if (rd.snapshot || p.tornWriteRate === 0 || !this.disk.chance(p.tornWriteRate)) return;
    const n = rd.entries.length;
    const keep = this.disk.intn(0, n + 1);
    if (keep === 0 && !(n === 0 && rd.hardState)) return;
    this.env.counters.tornWrites++;
    if (keep > 0) this.storage.append(rd.entries.slice(0, keep));
    if (keep === n && rd.hardState && this.disk.chance(0.5)) this.storage.setHardState(rd.hardState);
    this.env.trace.mix(0x70);
    this.env.trace.mix(keep);
  }

  /** A MemoryStorage holding exactly the durable state: snapshot, log after it, HardState, ConfState. */
  private replayDurable(): MemoryStorage {
    const old = this.storage;
    const fresh = new MemoryStorage();
    const snap = old.snapshot();
    if (snap.metadata.index > 0) fresh.applySnapshot(snap);
    const first = Math.max(old.firstIndex(), fresh.firstIndex());
    if (old.lastIndex() >= first) fresh.append(old.entries(first, old.lastIndex() + 1, Infinity));
    fresh.setHardState(old.initialState().hardState);
    const cs = this.durableConfState ?? (snap.metadata.index > 0 ? snap.metadata.confState : undefined);
    if (cs) fresh.setConfState(cs);
    return fresh;
  }

  private finish(rd: Ready, send = true): void {
    if (send) for (const m of rd.messages) this.env.send(m, this);
    for (const rs of rd.readStates) {
      this.env.counters.readsServed++;
      this.env.checkers.reads.answered(this.id, decodeReadId(rs.requestCtx), rs.index);
    }
    for (const e of rd.committedEntries) this.apply(e);
    this.rn!.advance(rd);
    this.maybeCompact();
  }

  private apply(e: Entry): void {
    const h = entryHash(e.type, e.data);
    const chain = chainNext(this.chain, e.index, e.term, h);
    const first = this.env.checkers.stateMachine.onApply(this.id, this.applied, e.index, e.term, h, chain);
    if (first) this.env.counters.entriesCommitted++;
    this.applied = e.index;
    this.chain = chain;
    if (e.type === EntryType.ConfChange) this.storage.setConfState(this.rn!.applyConfChangeEntry(e));
    const t = this.env.trace;
    t.mix(0xa9);
    t.mix(this.id);
    t.mix(e.index);
    t.mix(e.term);
    t.mix(h);
    this.env.onApplied(this, e);
  }

  /** As etcd every snapshot-count entries: snapshot the state machine, then drop the log prefix. */
  private maybeCompact(): void {
    const p = this.env.params;
    if (p.compactEvery === 0) return;
    const snapIndex = this.storage.snapshot().metadata.index;
    if (this.applied - snapIndex < p.compactEvery) return;
    this.storage.createSnapshot(this.applied, undefined, encodeImage(this.applied, this.chain));
    const compactTo = this.applied - p.compactKeep;
    if (compactTo > this.storage.firstIndex() - 1) this.storage.compact(compactTo);
    this.env.counters.compactions++;
  }
}
