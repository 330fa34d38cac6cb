// One etcd member as a synchronous state machine: raft + the applied key space, no I/O.
// Inputs: tick, step(message), request(client). Outputs: ready() → one WAL record to persist;
// advance() after it is durable; takeOutbox() → messages to send, client responses, events.
// This is etcdserver's raftNode + apply loop, minus goroutines: the host (NodeDriver) owns the order.
import { Prng } from '../lib/prng';
import { RawNode, MemoryStorage, ErrProposalDropped } from '../raft';
import type { Entry, HardState, Message, NodeId, Ready, ReadState } from '../raft/types';
import { EntryType, STATE_NAMES } from '../raft/types';
import { WalEncoder, decodeWalRecords } from '../wal';
import { encodeInternalRaftRequest } from '../pb/etcdserverpb';
import { varintSize } from '../lib/proto';
import type { InternalRaftRequest, RangeRequest, ResponseHeader, StatusResponse } from './api';
import { Applier } from './apply';
import { EntryDescriber } from './describe';
import type { LogEntryView, MemberInspect } from '../protocol/view';
import { LOG_WINDOW } from '../protocol/view';
import type { InspectKind, InspectResultMap } from '../protocol/inspect';
import { etcdErrors } from './errors';
import { DEFAULT_MAX_REQUEST_BYTES, type ClientRequest, type ClientResult, type EtcdNodeConfig, type Outbox, type WatchRequest } from './nodeTypes';
import { Membership } from './membership';
import { ConfChangeType } from '../raft/types';
import { decodeConfChange } from '../raft';
import { memberIdHex } from './ids';
import { IdGenerator } from './idGenerator';
import { WatchService } from './watchService';
import { memberChange, type MemberChangeRequest } from './memberChange';
import { LeaseService } from './leaseService';
import { Backend } from '../backend';

export type { EtcdNodeConfig, ClientRequest, WatchRequest, ClientResult, NodeEvent, Outbox } from './nodeTypes';
export { DEFAULT_MAX_REQUEST_BYTES } from './nodeTypes';

interface PendingRead {
  reqId: number;
  req: RangeRequest;
  /** Set once the ReadIndex round confirmed leadership: answer when applied ≥ index. */
  index: number | null;
}

export class EtcdNode {
  readonly cfg: EtcdNodeConfig;
  private readonly storage: MemoryStorage;
  private readonly raft: RawNode;
  private readonly wal: WalEncoder;
  private readonly applier: Applier;
  private readonly describer = new EntryDescriber();
  private pendingReady: Ready | null = null;
  private outbox: Outbox = { messages: [], watches: [], pages: [], responses: [], events: [] };
  readonly backend: Backend;
  private readonly watches: WatchService;
  /** Proposals this member made, by InternalRaftRequest id → client request id. */
  private readonly proposed = new Map<bigint, number>();
  private readonly reads = new Map<string, PendingRead>();
  /** etcd's reqIDGen: request ids, lease ids and read-index contexts. */
  private readonly ids: IdGenerator;
  private appliedIndex = 0;
  private lastRole = -1;
  private lastLead = -1;
  private lastTerm = -1;
  /** Ticks since this incarnation started: the member's virtual clock (leases). */
  private ticks = 0;
  private readonly leases: LeaseService;
  readonly membership: Membership;
  /** Conf changes this member proposed, by ConfChange.ID → client request id. */
  private readonly proposedConfChanges = new Map<number, number>();
  /** A move-leader waiting for the transferee to take over. */
  private pendingTransfer: { reqId: number; target: NodeId; ticksLeft: number } | null = null;

  private constructor(cfg: EtcdNodeConfig, storage: MemoryStorage, walPrevCrc: number, applied: number, backend: Backend) {
    this.cfg = cfg;
    this.backend = backend;
    this.storage = storage;
    const prng = new Prng(cfg.seed).fork(`raft-${cfg.id}`);
    this.raft = new RawNode(
      {
        id: cfg.id,
        peers: cfg.join ? [] : cfg.initialCluster.map((m) => m.id),
        electionTick: cfg.electionTicks,
        heartbeatTick: cfg.heartbeatTicks,
        prng,
        preVote: cfg.preVote ?? false,
        checkQuorum: cfg.checkQuorum ?? true,
        maxSizePerMsg: 1024 * 1024,
        maxInflightMsgs: 256,
        applied,
      },
      storage,
    );
    this.wal = new WalEncoder(walPrevCrc);
    this.applier = new Applier(cfg, () => this.ticks * (cfg.tickMs ?? 100), backend);
    // A joining member is also told the existing cluster (etcd: --initial-cluster lists them all).
    this.membership = new Membership(cfg.initialCluster);
    this.ids = new IdGenerator(this.memberId(), cfg.startUnixMs ?? 0);
    this.leases = new LeaseService(this.applier.lessor, () => this.header(), (id) => this.proposeLeaseRevoke(id), 3 * cfg.electionTicks);
    this.watches = new WatchService(this.applier.kv, () => this.header(), (streamId, response) => this.outbox.watches.push({ streamId, response }));
  }

  /** A brand-new member with an empty WAL. */
  static bootstrap(cfg: EtcdNodeConfig, snapshotDb?: Uint8Array): EtcdNode {
    return new EtcdNode(cfg, new MemoryStorage(), 0, 0, snapshotDb ? EtcdNode.restoredBackend(snapshotDb) : Backend.create());
  }

  /**
   * `etcdctl snapshot restore`: a new cluster starts from a saved db file. Its consistent_index
   * belongs to the old cluster's log, so it is reset (etcd sets it to the new log's bootstrap
   * entries) — the new log's entries must all apply. Throws BackendError on a bad file.
   */
  private static restoredBackend(file: Uint8Array): Backend {
    const { backend } = Backend.fromSnapshot(file);
    backend.setConsistentIndex(0);
    backend.forceCommit();
    return backend;
  }

  /** A member restarting from its WAL records (etcd: wal.ReadAll, then replay committed entries). */
  static restart(
    cfg: EtcdNodeConfig,
    walRecords: Uint8Array[],
    dbFile?: Uint8Array,
  ): { node: EtcdNode; tornTail?: string; tornRecordIndex?: number } {
    const wal = decodeWalRecords(walRecords);
    const storage = new MemoryStorage();
    if (wal.entries.length) storage.append(wal.entries);
    if (wal.hardState) storage.setHardState(wal.hardState);
    // The db file holds everything up to its consistent_index; the WAL replay skips those entries.
    const backend = dbFile && dbFile.length ? Backend.open(dbFile) : Backend.create();
    const node = new EtcdNode(cfg, storage, wal.lastCrc, 0, backend);
    // The host must drop records from tornRecordIndex on before appending (etcd's WAL repair).
    return { node, tornTail: wal.tornTail?.reason, tornRecordIndex: wal.tornTail?.recordIndex };
  }

  tick(): void {
    this.ticks++;
    this.raft.tick();
    this.backend.onTick();
    this.collectBackendBatches();
    this.leases.revokeExpired(this.ticks);
    this.watches.syncWatchers();
    if (this.pendingTransfer) {
      this.pendingTransfer.ticksLeft--;
      this.checkTransfer();
    }
  }

  step(m: Message): void {
    this.raft.step(m);
  }

  request(reqId: number, creq: ClientRequest): void {
    switch (creq.op) {
      case 'memberList':
        this.respond(reqId, { ok: true, resp: { header: this.header(), members: this.membership.list() } });
        return;
      case 'status':
        this.respond(reqId, { ok: true, resp: this.statusResponse() });
        return;
      case 'memberAdd':
      case 'memberRemove':
      case 'memberUpdate':
      case 'memberPromote':
        this.proposeMemberChange(reqId, creq);
        return;
      case 'moveLeader':
        this.moveLeader(reqId, creq.targetId);
        return;
      case 'leaseKeepAlive':
      case 'leaseTimeToLive':
      case 'leaseLeases':
        this.respond(reqId, this.leases.query(creq, this.raft.inspect().lead !== 0));
        return;
      case 'defragment':
        // etcd's defrag rewrites this member's file only (copy into a fresh file, then swap it in).
        this.backend.defrag();
        this.collectBackendBatches();
        this.respond(reqId, { ok: true, resp: { header: this.header() } });
        return;
      case 'snapshot':
        // `etcdctl snapshot save`: the committed db file plus its SHA-256 trailer.
        this.respond(reqId, { ok: true, resp: { header: this.header(), blob: this.backend.snapshotFile() } });
        this.collectBackendBatches();
        return;
      case 'hashKV': {
        const h = this.applier.kv.hashKV(creq.revision);
        this.respond(reqId, { ok: true, resp: { header: { ...this.header(), revision: h.revision }, hash: h.hash, compactRevision: h.compactRevision } });
        return;
      }
    }
    if (creq.op === 'range') {
      if (creq.req.serializable) {
        this.respond(reqId, this.applier.range(creq.req, this.termNow()));
        return;
      }
      this.startLinearizableRead(reqId, creq.req);
      return;
    }
    const irr: InternalRaftRequest = { header: { ID: 0n } };
    if (creq.op === 'put') irr.put = creq.req;
    else if (creq.op === 'deleteRange') irr.deleteRange = creq.req;
    else if (creq.op === 'txn') irr.txn = creq.req;
    else if (creq.op === 'leaseGrant') irr.leaseGrant = { TTL: creq.req.TTL, ID: creq.req.ID };
    else if (creq.op === 'leaseRevoke') irr.leaseRevoke = creq.req;
    else irr.compaction = creq.req;
    const pre = this.applier.precheck(irr);
    if (pre) {
      this.respond(reqId, { ok: false, error: pre });
      return;
    }
    // etcd's order: LeaseGrant picks the lease id, then raftRequest takes the request id — both from
    // the one generator, so a grant uses two consecutive ids.
    if (irr.leaseGrant && irr.leaseGrant.ID === 0n) irr.leaseGrant.ID = this.ids.nextLeaseId();
    const id = this.ids.next();
    irr.header.ID = id;
    const data = encodeInternalRaftRequest(irr);
    // etcd refuses proposals above --max-request-bytes (1.5 MiB by default) before raft sees them.
    if (data.length > (this.cfg.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES)) {
      this.respond(reqId, { ok: false, error: etcdErrors.requestTooLarge });
      return;
    }
    try {
      this.raft.propose(data);
      this.proposed.set(id, reqId);
    } catch (e) {
      // etcd's raft holds proposals while there is no leader; the client sees its own deadline pass
      // ("context deadline exceeded"), which is what a real 3.4 cluster without quorum answers.
      if (!(e instanceof ErrProposalDropped)) throw e;
    }
  }

  hasReady(): boolean {
    return this.pendingReady === null && this.raft.hasReady();
  }

  /** Take the next Ready; returns the WAL record to make durable, or null if nothing needs syncing. */
  ready(): Uint8Array | null {
    const rd = this.raft.ready();
    this.pendingReady = rd;
    this.noteSoftState();
    const needsRecord = rd.entries.length > 0 || rd.hardState !== undefined || rd.snapshot !== undefined;
    if (!needsRecord) return null;
    return this.wal.encodeReady(rd.hardState, rd.entries);
  }

  /** The last ready() is durable: send its messages, apply its committed entries, serve reads. */
  advance(): void {
    const rd = this.pendingReady;
    if (!rd) return;
    this.pendingReady = null;
    // Durable now: make it visible to raft's storage (etcd's raftStorage.Append / SetHardState).
    if (rd.snapshot) this.storage.applySnapshot(rd.snapshot);
    if (rd.hardState) this.storage.setHardState(rd.hardState);
    if (rd.entries.length) this.storage.append(rd.entries);
    for (const m of rd.messages) this.outbox.messages.push(m);
    for (const e of rd.committedEntries) this.applyEntry(e);
    for (const rs of rd.readStates) this.onReadState(rs);
    this.raft.advance(rd);
    this.serveReads();
    this.checkTransfer();
  }

  /** Backend commits (bolt WriteBatches) for the host's page store, in order. */
  private collectBackendBatches(): void {
    if (this.backend.hasQueuedBatches()) for (const b of this.backend.takeBatches()) this.outbox.pages.push(b);
  }

  takeOutbox(): Outbox {
    this.collectBackendBatches();
    const out = this.outbox;
    if (out.messages.length === 0 && out.responses.length === 0 && out.events.length === 0 && out.watches.length === 0 && out.pages.length === 0) return out;
    this.outbox = { messages: [], watches: [], pages: [], responses: [], events: [] };
    return out;
  }

  inspect(): MemberInspect {
    const s = this.raft.inspect();
    const first = this.storage.firstIndex();
    const last = this.storage.lastIndex();
    const from = Math.max(first, last - LOG_WINDOW + 1);
    const log: LogEntryView[] = [];
    if (last >= from) for (const e of this.storage.entries(from, last + 1, Infinity)) log.push(this.describer.describe(e));
    return {
      id: this.cfg.id,
      name: this.cfg.name,
      alive: true,
      role: STATE_NAMES[s.state],
      term: s.term,
      vote: s.vote,
      lead: s.lead,
      commitIndex: s.commit,
      appliedIndex: this.appliedIndex,
      firstIndex: first,
      lastIndex: last,
      electionElapsed: s.electionElapsed,
      electionTimeout: s.randomizedElectionTimeout,
      heartbeatElapsed: s.heartbeatElapsed,
      heartbeatTimeout: s.heartbeatTimeout,
      progress: s.progress.filter((p) => p.id !== this.cfg.id),
      revision: this.applier.currentRevision(),
      keys: this.applier.keyCount(),
      dbSizeBytes: this.backend.stats().sizeBytes,
      dbSizeInUseBytes: this.backend.stats().inUseBytes,
      leaseCount: this.applier.lessor.size(),
      watcherCount: this.watches.size,
      log,
    };
  }

  inspectDetail<K extends InspectKind>(kind: K): InspectResultMap[K] {
    const r = kind === 'mvcc' ? this.applier.inspectMvcc() : this.applier.inspectLeases();
    return r as InspectResultMap[K];
  }

  hardState(): HardState {
    return this.storage.initialState().hardState;
  }

  private termNow(): number {
    return this.raft.inspect().term;
  }

  private respond(reqId: number, result: ClientResult): void {
    this.outbox.responses.push({ reqId, result });
  }


  private applyEntry(e: Entry): void {
    if (e.index <= this.appliedIndex) return;
    this.appliedIndex = e.index;
    if (e.type === EntryType.ConfChange) {
      // Membership is idempotent and not in the backend: always re-applied (etcd does the same).
      this.applyConfChange(e);
      if (e.index > this.backend.consistentIndex()) this.backend.setConsistentIndex(e.index);
      return;
    }
    // Already in the db file (its consistent_index): applying it again would double-write (etcd 3.4's rule).
    if (e.index <= this.backend.consistentIndex()) return;
    this.backend.setConsistentIndex(e.index);
    if (e.data.length === 0) {
      this.applier.noteApplied(e.index, 'noop');
      return; // a new leader's empty entry
    }
    const { id, result } = this.applier.applyEntry(e.data, this.termNow());
    this.applier.noteApplied(e.index, this.describer.describe(e).summary);
    const reqId = this.proposed.get(id);
    if (reqId !== undefined) {
      this.proposed.delete(id);
      this.respond(reqId, result);
    }
  }

  /** Opens, cancels or asks progress of a watch stream (etcd's Watch service on this member). */
  watch(w: WatchRequest): void {
    if (w.op === 'create' && this.raft.inspect().lead === 0) return this.watches.refuseNoLeader(w.streamId);
    this.watches.handle(w);
  }

  watcherCount(): number {
    return this.watches.size;
  }

  private proposeLeaseRevoke(leaseId: bigint): boolean {
    const irr: InternalRaftRequest = { header: { ID: this.ids.next() }, leaseRevoke: { ID: leaseId } };
    try {
      this.raft.propose(encodeInternalRaftRequest(irr));
      return true;
    } catch (e) {
      if (e instanceof ErrProposalDropped) return false;
      throw e;
    }
  }

  private header(): ResponseHeader {
    return {
      clusterId: this.cfg.clusterId,
      memberId: this.memberId(),
      revision: this.applier.currentRevision(),
      raftTerm: this.termNow(),
    };
  }

  memberId(): string {
    return this.membership.get(this.cfg.id)?.member.ID ?? memberIdHex(this.cfg.seed, this.cfg.id);
  }

  private statusResponse(): StatusResponse {
    // Sizes must describe the file: commit what the batch tx holds first (etcd does the same).
    this.backend.forceCommit();
    const s = this.raft.inspect();
    const lead = s.lead ? (this.membership.get(s.lead)?.member.ID ?? memberIdHex(this.cfg.seed, s.lead)) : '0000000000000000';
    const size = this.applier.dbSize();
    return {
      header: this.header(),
      version: '3.4.23',
      dbSize: size.sizeBytes,
      dbSizeInUse: size.inUseBytes,
      leader: lead,
      raftIndex: this.storage.lastIndex(),
      raftTerm: s.term,
      raftAppliedIndex: this.appliedIndex,
      errors: s.lead ? [] : ['etcdserver: no leader'],
      isLearner: this.membership.get(this.cfg.id)?.member.isLearner ?? false,
    };
  }

  private proposeMemberChange(reqId: number, creq: MemberChangeRequest): void {
    const change = memberChange(creq, this.membership, this.cfg.seed, (id) => this.learnerReady(id));
    if ('error' in change) return this.respond(reqId, { ok: false, error: change.error });
    // raft's ConfChange.ID is a number here: the id's low 53 bits (etcd uses all 64).
    const id = Number(BigInt.asUintN(53, this.ids.next()));
    try {
      this.raft.proposeConfChange({ ...change.cc, id });
      this.proposedConfChanges.set(id, reqId);
    } catch (e) {
      if (e instanceof ErrProposalDropped) this.respond(reqId, { ok: false, error: etcdErrors.noLeader });
      else throw e;
    }
  }

  /** etcd's isLearnerReady: the learner's match index is within 90% of the leader's commit. */
  private learnerReady(raftId: NodeId): boolean {
    const s = this.raft.inspect();
    if (s.state !== 2) return true; // only the leader knows; a follower forwards and the leader decides
    const pr = s.progress.find((p) => p.id === raftId);
    return pr !== undefined && pr.match >= s.commit * 0.9;
  }

  private applyConfChange(e: Entry): void {
    const cc = decodeConfChange(e.data);
    this.raft.applyConfChange(cc);
    const rec = this.membership.apply(cc);
    if (cc.type === ConfChangeType.RemoveNode && cc.nodeId === this.cfg.id) this.outbox.events.push({ kind: 'removed' });
    const reqId = cc.id !== undefined ? this.proposedConfChanges.get(cc.id) : undefined;
    if (reqId === undefined) return;
    this.proposedConfChanges.delete(cc.id!);
    const header = this.header();
    const members = this.membership.list();
    if (cc.type === ConfChangeType.AddNode || cc.type === ConfChangeType.AddLearnerNode) {
      this.respond(reqId, { ok: true, resp: { header, member: rec?.member, members } });
    } else this.respond(reqId, { ok: true, resp: { header, members } });
  }

  private moveLeader(reqId: number, targetHex: string): void {
    const s = this.raft.inspect();
    const target = this.membership.byMemberId(targetHex);
    if (!target) return this.respond(reqId, { ok: false, error: etcdErrors.memberNotFound });
    if (s.state !== 2) return this.respond(reqId, { ok: false, error: etcdErrors.notLeader });
    if (target.raftId === this.cfg.id) return this.respond(reqId, { ok: true, resp: { header: this.header() } });
    this.pendingTransfer = { reqId, target: target.raftId, ticksLeft: 2 * this.cfg.electionTicks };
    this.raft.transferLeader(target.raftId);
  }

  private checkTransfer(): void {
    const t = this.pendingTransfer;
    if (!t) return;
    const s = this.raft.inspect();
    if (s.lead === t.target) {
      this.pendingTransfer = null;
      this.respond(t.reqId, { ok: true, resp: { header: this.header() } });
    } else if (t.ticksLeft <= 0) {
      // raft aborts a transfer whose target does not take over within an election timeout.
      this.pendingTransfer = null;
      this.respond(t.reqId, { ok: false, error: etcdErrors.transferTimeout });
    }
  }

  private startLinearizableRead(reqId: number, req: RangeRequest): void {
    // etcd's read-index context is a request id as 8 big-endian bytes.
    const ctx = new Uint8Array(8);
    new DataView(ctx.buffer).setBigUint64(0, this.ids.next());
    const key = String.fromCharCode(...ctx);
    this.reads.set(key, { reqId, req, index: null });
    this.raft.readIndex(ctx);
  }

  private onReadState(rs: ReadState): void {
    const key = String.fromCharCode(...rs.requestCtx);
    const pr = this.reads.get(key);
    if (pr) pr.index = rs.index;
  }

  private serveReads(): void {
    for (const [key, pr] of this.reads) {
      if (pr.index === null || pr.index > this.appliedIndex) continue;
      this.reads.delete(key);
      this.respond(pr.reqId, this.applier.range(pr.req, this.termNow()));
    }
  }

  private noteSoftState(): void {
    const s = this.raft.inspect();
    if (s.state !== this.lastRole || s.lead !== this.lastLead || s.term !== this.lastTerm) {
      if (s.state !== this.lastRole || s.lead !== this.lastLead) {
        this.outbox.events.push({ kind: 'role', role: STATE_NAMES[s.state], term: s.term, lead: s.lead });
      }
      if (s.lead === 0 && this.lastLead > 0) this.watches.cancelAllForNoLeader();
      // Only the leader's lessor runs lease clocks; a new leader restarts every TTL (etcd 3.4).
      if (s.state === 2 && this.lastRole !== 2) this.applier.lessor.promote();
      else if (s.state !== 2 && this.lastRole === 2) this.applier.lessor.demote();
      this.lastRole = s.state;
      this.lastLead = s.lead;
      this.lastTerm = s.term;
    }
  }

  /** Client requests waiting on this member, for the UI and for timeouts on crash. */
  pendingRequestCount(): number {
    return this.proposed.size + this.reads.size;
  }
}
