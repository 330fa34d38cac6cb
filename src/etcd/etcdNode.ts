// One etcd member as a synchronous state machine: raft + the applied key space, no I/O.
// Inputs: tick, step(message), request(client). Outputs: ready() → one WAL record to persist;
// advance() after it is durable; takeOutbox() → messages to send, client responses, events.
// This is etcdserver's raftNode + apply loop, minus goroutines: the host (NodeDriver) owns the order.
import { Prng } from '../lib/prng';
import { RawNode, MemoryStorage, ErrProposalDropped } from '../raft';
import type { Entry, HardState, Message, NodeId, Ready, ReadState, Snapshot } from '../raft/types';
import { EntryType, STATE_NAMES } from '../raft/types';
import { WalEncoder } from '../wal';
import { encodeInternalRaftRequest } from '../pb/etcdserverpb';
import { varintSize } from '../lib/proto';
import type { InternalRaftRequest, RangeRequest, RangeResponse, ResponseHeader, StatusResponse } from './api';
import { Applier } from './apply';
import { EntryDescriber } from './describe';
import type { LogEntryView, MemberInspect } from '../protocol/view';
import { LOG_WINDOW } from '../protocol/view';
import type { InspectArgMap, InspectKind, InspectResultMap, LatencySummary, MetricsInspect } from '../protocol/inspect';
import { PagesView } from './pagesView';
import { etcdErrors } from './errors';
import { DEFAULT_MAX_REQUEST_BYTES, DEFAULT_SNAPSHOT_COUNT, type ClientRequest, type ClientResult, type EtcdNodeConfig, type Outbox, type RequestMetadata, type SnapshotSave, type StoredSnapshot, type WatchRequest } from './nodeTypes';
import { Membership } from './membership';
import { ConfChangeType } from '../raft/types';
import { decodeConfChange } from '../raft';
import { memberIdHex } from './ids';
import { IdGenerator } from './idGenerator';
import { WatchService } from './watchService';
import { memberChange, type MemberChangeRequest } from './memberChange';
import { LeaseService } from './leaseService';
import { newAutoCompactor, type AutoCompactor } from './autoCompactor';
import { Backend } from '../backend';
import { Snapshots } from './snapshots';
import { recoverMember } from './recover';
import { WriteTracer } from './writeTrace';
import { noSpaceError } from './cappedApplier';
import { quotaCost } from './quota';
import { alarmMemberText } from '../pb/alarmpb';
import { PeerActivity } from './reconfigCheck';
import { saveClusterVersion, saveMember, saveRemovedMember } from './membersBucket';

export type { EtcdNodeConfig, ClientRequest, WatchRequest, ClientResult, NodeEvent, Outbox, SnapshotSave, StoredSnapshot } from './nodeTypes';
export { DEFAULT_MAX_REQUEST_BYTES, DEFAULT_SNAPSHOT_COUNT, DEFAULT_SNAPSHOT_CATCH_UP_ENTRIES } from './nodeTypes';

interface PendingRead {
  reqId: number;
  req: RangeRequest;
  /** The caller's auth token: permissions are checked when the read is served, as etcd does. */
  token?: string;
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
  /** Replaced when a snapshot from the leader is installed. */
  backend: Backend;
  private readonly snapshots: Snapshots;
  /** The pages panel's view of the db file (and what compactions/defrags did to it). */
  private pages: PagesView;
  private readonly watches: WatchService;
  /** Proposals this member made, by InternalRaftRequest id → client request id. */
  private readonly proposed = new Map<bigint, number>();
  /** Requests refused by the quota, answered when the NOSPACE alarm they raised is applied: alarm id → client request id. */
  private readonly quotaRefusals = new Map<bigint, number>();
  /** etcd's v3compactor (--auto-compaction-*), null when off; its proposals in flight → revision. */
  private readonly compactor: AutoCompactor | null;
  private readonly autoCompactions = new Map<bigint, number>();
  /** Reads whose ReadIndex round confirmed leadership, waiting for applied ≥ index. */
  private reads: PendingRead[] = [];
  /** Reads that arrived while a round was in flight: they share the next one. */
  private readBatch: PendingRead[] = [];
  /** The ReadIndex round in flight (etcd's linearizableReadLoop: one at a time). */
  private readRound: { key: string; reads: PendingRead[]; startTick: number } | null = null;
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
  /** When the link to each peer came up (rafthttp's ActiveSince), for the strict reconfig check. */
  private readonly peers: PeerActivity;
  /** A move-leader waiting for the transferee to take over. */
  private pendingTransfer: { reqId: number; target: NodeId; ticksLeft: number } | null = null;
  /** Each entry's write path on this member, as step events for the host to time-stamp. */
  private readonly tracer: WriteTracer;

  private constructor(cfg: EtcdNodeConfig, storage: MemoryStorage, walPrevCrc: number, applied: number, backend: Backend, snapshot?: Snapshot) {
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
    this.snapshots = new Snapshots(cfg, storage, this.wal);
    this.applier = new Applier(cfg, () => this.clockMs(), backend, () => this.memberId());
    // A link counts as down after an election timeout without a message (etcd notices a dead
    // peer's connection failing about as fast).
    this.peers = new PeerActivity(cfg.electionTicks * (cfg.tickMs ?? 100));
    this.pages = new PagesView(backend);
    // A joining member is also told the existing cluster (etcd: --initial-cluster lists them all).
    this.membership = new Membership(cfg.initialCluster);
    if (snapshot) {
      // Restarted from a snapshot: the entries it covers are applied (their effects are in the db)
      // and the membership at that index is its data (etcd 3.4: the v2 store in the .snap file).
      this.membership.restoreSnapshotData(snapshot.data);
      this.appliedIndex = snapshot.metadata.index;
    }
    this.ids = new IdGenerator(this.memberId(), cfg.startUnixMs ?? 0);
    this.compactor = newAutoCompactor(cfg.autoCompactionMode, cfg.autoCompactionRetention, this.applier.currentRevision());
    this.leases = new LeaseService(this.applier.lessor, () => this.header(), (id) => this.proposeLeaseRevoke(id), 3 * cfg.electionTicks);
    this.watches = new WatchService(this.applier.kv, () => this.header(), (streamId, response) => this.outbox.watches.push({ streamId, response }));
    const log = this.raft.raft.raftLog;
    this.tracer = new WriteTracer((e) => this.outbox.events.push(e), { lastIndex: log.lastIndex(), committed: log.committed, applied: backend.consistentIndex() });
  }

  /** A brand-new member with an empty WAL. */
  static bootstrap(cfg: EtcdNodeConfig, snapshotDb?: Uint8Array): EtcdNode {
    return new EtcdNode(cfg, new MemoryStorage(), 0, 0, snapshotDb ? EtcdNode.restoredBackend(snapshotDb, cfg) : Backend.create({ engine: cfg.backendEngine }));
  }

  /**
   * `etcdctl snapshot restore`: a new cluster starts from a saved db file. Its consistent_index
   * belongs to the old cluster's log, so it is reset (etcd sets it to the new log's bootstrap
   * entries) — the new log's entries must all apply. Throws BackendError on a bad file.
   */
  private static restoredBackend(file: Uint8Array, cfg: EtcdNodeConfig): Backend {
    const { backend } = Backend.fromSnapshot(file, { engine: cfg.backendEngine });
    backend.setConsistentIndex(0);
    backend.forceCommit();
    return backend;
  }

  /**
   * A member restarting from what its host persisted (etcd: load the newest usable snapshot,
   * wal.ReadAll after it, replay committed entries): see recover.ts.
   */
  static restart(
    cfg: EtcdNodeConfig,
    walRecords: Uint8Array[],
    dbFile?: Uint8Array,
    snapshots: readonly StoredSnapshot[] = [],
  ): { node: EtcdNode; tornTail?: string; tornRecordIndex?: number; snapshotIndex: number } {
    const r = recoverMember(walRecords, dbFile, snapshots, cfg.backendEngine);
    // The db file holds everything up to its consistent_index; the WAL replay skips those entries.
    const node = new EtcdNode(cfg, r.storage, r.wal.lastCrc, 0, r.backend, r.snapshot);
    // The host must drop records from tornRecordIndex on before appending (etcd's WAL repair).
    return { node, tornTail: r.wal.tornTail?.reason, tornRecordIndex: r.wal.tornTail?.recordIndex, snapshotIndex: r.snapshot?.metadata.index ?? 0 };
  }

  tick(): void {
    this.ticks++;
    this.raft.tick();
    this.snapshots.onTick(() => this.raft.inspect().progress, (to, ok) => this.raft.reportSnapshot(to, ok));
    this.samplePeers();
    this.backend.onTick();
    this.collectBackendBatches();
    this.traceProgress();
    this.leases.revokeExpired(this.ticks);
    this.autoCompact();
    this.watches.syncWatchers();
    this.applier.auth.store.tokens.purgeExpired();
    if (this.pendingTransfer) {
      this.pendingTransfer.ticksLeft--;
      this.checkTransfer();
    }
    this.checkReadRoundTimeout();
  }

  step(m: Message): void {
    if (m.from !== this.cfg.id) this.peers.heard(m.from, this.clockMs());
    // A MsgSnap carries the leader's db after the snapshot data; raft sees only the snapshot.
    const msg = this.snapshots.receive(m);
    if (msg) this.raft.step(msg);
    this.traceProgress();
  }

  /**
   * etcd's adjustTicks (etcdserver/server.go, --initial-election-tick-advance, on by default): a member
   * that starts fast-forwards its election clock so the first election does not wait a whole timeout.
   * A single-member cluster advances electionTicks − 1; otherwise, once more than one peer is
   * connected, electionTicks − 2 (two ticks left so a leader's heartbeat can still arrive first).
   * Only raft's clock moves (etcd's raftNode.advanceTicks), not leases or the backend's. The host calls
   * this once, right after start, with how many peers it can reach.
   */
  adjustTicks(activePeers: number): void {
    const members = this.membership.list().length;
    const advance = members === 1 ? this.cfg.electionTicks - 1 : activePeers > 1 ? this.cfg.electionTicks - 2 : 0;
    for (let i = 0; i < advance; i++) this.raft.tick();
  }

  request(reqId: number, creq: ClientRequest): void {
    const token = (creq as RequestMetadata).token;
    const authed = this.applier.auth.authInfo(token);
    if ('error' in authed) return this.respond(reqId, { ok: false, error: authed.error });
    const denied = this.applier.auth.checkCall(creq, authed.ai);
    if (denied) return this.respond(reqId, { ok: false, error: denied });
    switch (creq.op) {
      case 'memberList':
        this.respond(reqId, { ok: true, resp: { header: this.clusterHeader(), members: this.membership.list() } });
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
        this.pages.noteDefrag(this.backend.defrag());
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
        this.respond(reqId, this.servedRange(creq.req, token));
        return;
      }
      this.startLinearizableRead(reqId, creq.req, token);
      return;
    }
    const irr: InternalRaftRequest = { header: { ID: 0n, username: authed.ai?.username, authRevision: authed.ai?.revision } };
    if (creq.op === 'authenticate') {
      // CheckPassword before proposing (bcrypt); the entry carries a token prefix, never the password
      const refused = this.applier.auth.check(() => this.applier.auth.store.checkPassword(creq.name, creq.password));
      if (refused) return this.respond(reqId, { ok: false, error: refused });
      irr.authenticate = { name: creq.name, password: '', simpleToken: this.applier.auth.store.genTokenPrefix() };
    } else if (creq.op === 'auth') Object.assign(irr, creq.req);
    else if (creq.op === 'put') irr.put = creq.req;
    else if (creq.op === 'deleteRange') irr.deleteRange = creq.req;
    else if (creq.op === 'txn') irr.txn = creq.req;
    else if (creq.op === 'leaseGrant') irr.leaseGrant = { TTL: creq.req.TTL, ID: creq.req.ID };
    else if (creq.op === 'leaseRevoke') irr.leaseRevoke = creq.req;
    else if (creq.op === 'alarm') irr.alarm = creq.req;
    else irr.compaction = creq.req;
    if (this.quotaExceeded(reqId, irr)) return;
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
      this.traceProgress();
    } catch (e) {
      // etcd's raft holds proposals while there is no leader; the client sees its own deadline pass
      // ("context deadline exceeded"), which is what a real 3.4 cluster without quorum answers.
      if (!(e instanceof ErrProposalDropped)) throw e;
    }
  }

  hasReady(): boolean {
    return this.pendingReady === null && this.raft.hasReady();
  }

  /**
   * Take the next Ready; returns the WAL record to write, or null if there is nothing to write.
   * `readyMustSync()` then says whether the record must be durable before advance() (raft's MustSync:
   * new entries, term or vote). A record that only moves the commit index need not be: committed
   * entries are already durable on this member and a quorum, and a commit index lost in a crash is
   * learnt again from the leader (etcd writes it without fsync for the same reason).
   *
   * A leader's messages leave now, before its own record is durable (etcd's raftNode: "the leader can
   * write to its disk in parallel with replicating to the followers", raft thesis §10.2.1). Nothing
   * it answers or applies depends on that record before advance(): entries are applied, clients
   * answered and the commit index sent only from later Readies, taken after this record is durable.
   * Committed entries already durable here are applied at once, the others in advance().
   */
  ready(): Uint8Array | null {
    const rd = this.raft.ready();
    this.pendingReady = rd;
    this.noteSoftState();
    if (this.lastRole === 2 && rd.messages.length) {
      for (const m of rd.messages) this.outbox.messages.push(this.snapshots.outgoing(m, () => this.backend.snapshotImage()));
      rd.messages = [];
    }
    // Installing a snapshot from the leader: the record, the .snap and the db are one write (takeSnapshotSave).
    if (rd.snapshot) return this.snapshots.readyRecord(rd);
    // Committed entries already in stable storage (durable with an earlier record) are applied now,
    // while this record is written, as etcd's apply loop does; the rest wait for advance().
    // Not an index this Ready rewrites: a follower's new entries may replace conflicting old ones.
    const stable = rd.entries.length ? Math.min(this.storage.lastIndex(), rd.entries[0]!.index - 1) : this.storage.lastIndex();
    for (const e of rd.committedEntries) {
      if (e.index > stable) break;
      this.applyEntry(e);
      if (this.backend.hasQueuedBatches()) this.collectBackendBatches();
    }
    this.tracer.flushApplied();
    const needsRecord = rd.entries.length > 0 || rd.hardState !== undefined;
    if (!needsRecord) return null;
    if (rd.entries.length) this.tracer.walAppend(rd.entries[0]!.index, rd.entries[rd.entries.length - 1]!.index);
    return this.wal.encodeReady(rd.hardState, rd.entries);
  }

  /** Whether the record the last ready() returned must be durable before advance() (raft's MustSync). */
  readyMustSync(): boolean {
    return this.pendingReady?.mustSync ?? false;
  }

  /**
   * A snapshot write the host must make durable (Disk.saveSnapshot) instead of a plain WAL append:
   * right after ready(), the one installing the leader's snapshot (its WAL record is ready()'s);
   * otherwise, before taking a new Ready, one this member made after applying. Either way the host
   * calls advance() once it is durable.
   */
  takeSnapshotSave(): SnapshotSave | null {
    return this.snapshots.take();
  }

  /** The last ready() (or snapshot save) is durable: send its messages, apply its committed entries, serve reads. */
  advance(): void {
    // A snapshot this member made is durable: now the log behind it may be compacted.
    if (this.pendingReady === null && this.snapshots.onSaved()) return;
    const rd = this.pendingReady;
    if (!rd) return;
    this.pendingReady = null;
    // Durable now: make it visible to raft's storage (etcd's raftStorage.Append / SetHardState).
    if (rd.snapshot) {
      this.storage.applySnapshot(rd.snapshot);
      this.installSnapshot(rd.snapshot);
    }
    if (rd.hardState) this.storage.setHardState(rd.hardState);
    if (rd.entries.length) this.storage.append(rd.entries);
    if (rd.entries.length) this.tracer.walFsync(rd.entries[0]!.index, rd.entries[rd.entries.length - 1]!.index);
    for (const m of rd.messages) this.outbox.messages.push(this.snapshots.outgoing(m, () => this.backend.snapshotImage()));
    this.traceProgress();
    for (const e of rd.committedEntries) {
      this.applyEntry(e);
      // A batch the apply filled (10,000 writes) is committed mid-Ready: report it at its own index.
      if (this.backend.hasQueuedBatches()) this.collectBackendBatches();
    }
    this.tracer.flushApplied();
    for (const rs of rd.readStates) this.onReadState(rs);
    this.raft.advance(rd);
    this.serveReads();
    this.checkTransfer();
    this.maybeSnapshot();
  }

  /**
   * etcd's applySnapshot: the leader's db file (saved with the Ready's WAL record) replaces the
   * backend; MVCC, the lessor and the membership are restored from it; applying resumes after it.
   * The db may be newer than the snapshot index: entries up to its consistent_index are skipped.
   */
  private installSnapshot(snap: Snapshot): void {
    const db = this.snapshots.takeInstallingDb(snap.metadata.index);
    this.collectBackendBatches();
    // Verified (bolt check, etcd buckets); its image is queued as a replacesFile batch for the page store.
    const { backend } = Backend.fromSnapshot(db, { skipHashCheck: true, engine: this.backend.engine });
    this.backend = backend;
    this.pages = new PagesView(backend);
    this.applier.restore(backend);
    this.membership.restoreSnapshotData(snap.data);
    this.appliedIndex = snap.metadata.index;
    this.snapshots.installed++;
    this.outbox.events.push({ kind: 'snapshot', action: 'installed', index: snap.metadata.index });
    this.outbox.events.push({ kind: 'log', level: 'info', msg: `applied snapshot (incoming-leader-snapshot-index: ${snap.metadata.index})` });
  }

  /** etcd's triggerSnapshot: more than snapshotCount entries applied since the last snapshot. */
  private maybeSnapshot(): void {
    if (!this.snapshots.due(this.appliedIndex)) return;
    // The db file must hold everything up to the snapshot before the snapshot record is durable:
    // commit now; the host writes these pages before the snapshot (Disk.saveSnapshot's order).
    this.backend.forceCommit();
    this.collectBackendBatches();
    this.snapshots.create(this.appliedIndex, this.raft.status().confState, this.membership.toSnapshotData());
    this.outbox.events.push({ kind: 'snapshot', action: 'created', index: this.appliedIndex });
    // etcd's server log for the same moment (etcdserver/server.go triggerSnapshot, snapshot)
    const count = this.cfg.snapshotCount ?? DEFAULT_SNAPSHOT_COUNT;
    this.outbox.events.push({ kind: 'log', level: 'info', msg: `triggering snapshot (local-member-applied-index: ${this.appliedIndex}, local-member-snapshot-count: ${count})` });
    this.outbox.events.push({ kind: 'log', level: 'info', msg: `saved snapshot (snapshot-index: ${this.appliedIndex})` });
  }

  /** Backend commits (bolt WriteBatches) for the host's page store, in order. */
  private collectBackendBatches(): void {
    if (!this.backend.hasQueuedBatches()) return;
    const batches = this.backend.takeBatches();
    for (const b of batches) this.outbox.pages.push(b);
    this.pages.onCommits(batches.length);
    // Everything applied so far is in the batch just committed (batches are collected right after
    // the commit that queued them).
    this.tracer.backendCommitted(this.appliedIndex);
  }

  /** Reports proposals, follower matches and commit advances since the last input. */
  private traceProgress(): void {
    const r = this.raft.raft;
    const isLeader = r.state === 2;
    this.tracer.proposed(isLeader, r.raftLog.lastIndex(), (i) => this.describeIndex(i));
    if (isLeader) this.tracer.matched(progressOf(r.prs.progress), this.cfg.id);
    else this.tracer.resetLeader();
    this.tracer.committed(r.raftLog.committed);
  }

  private describeIndex(index: number): string {
    try {
      const e = this.raft.raft.raftLog.slice(index, index + 1, Infinity)[0];
      return e ? this.describer.describe(e).summary : '';
    } catch {
      return '';
    }
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
      engine: this.backend.engineStats(),
      leaseCount: this.applier.lessor.size(),
      watcherCount: this.watches.size,
      watcherGroups: this.watches.groupCounts(),
      snapshotIndex: this.snapshots.index,
      snapshotTerm: this.snapshots.term,
      snapshots: { created: this.snapshots.created, sent: this.snapshots.sent, installed: this.snapshots.installed },
      alarms: this.alarmNames(),
      log,
    };
  }

  inspectDetail<K extends InspectKind>(kind: K, arg?: InspectArgMap[K]): InspectResultMap[K] {
    let r: InspectResultMap[InspectKind];
    if (kind === 'mvcc') r = this.applier.inspectMvcc();
    else if (kind === 'leases') r = this.applier.inspectLeases();
    else if (kind === 'pages') r = this.pages.inspect();
    else if (kind === 'watch') r = this.watches.inspect(this.applier.currentRevision(), this.applier.kv.compactRev());
    else if (kind === 'metrics') r = this.metrics(NO_SAMPLES, NO_SAMPLES);
    else r = this.pages.page((arg as InspectArgMap['page'] | undefined)?.pgid ?? -1);
    return r as InspectResultMap[K];
  }

  /**
   * etcd's server metrics for this member; the latencies are measured by the host (it owns the
   * clock and the disk). Memory is an estimate from counts of the live structures.
   */
  metrics(walFsync: LatencySummary, backendCommit: LatencySummary): MetricsInspect {
    const s = this.raft.inspect();
    const size = this.backend.stats();
    return {
      proposalsCommitted: s.commit,
      proposalsApplied: this.appliedIndex,
      proposalsPending: this.proposed.size + this.proposedConfChanges.size,
      walFsync,
      backendCommit,
      dbSizeBytes: size.sizeBytes,
      dbSizeInUseBytes: size.inUseBytes,
      reads: { ...this.readStats },
      engine: this.backend.engineStats(),
      memory: { ...this.raftLogMemory(), ...this.applier.indexMemory(), ...this.watches.memory() },
    };
  }

  private raftLogMemory(): { raftLogEntries: number; raftLogBytes: number } {
    const first = this.storage.firstIndex();
    const last = this.raft.raft.raftLog.lastIndex();
    if (last < first) return { raftLogEntries: 0, raftLogBytes: 0 };
    let bytes = 0;
    try {
      for (const e of this.raft.raft.raftLog.slice(first, last + 1, Infinity)) bytes += e.data.length + ENTRY_OVERHEAD_BYTES;
    } catch {
      // compacted meanwhile: count what the indexes say
    }
    return { raftLogEntries: last - first + 1, raftLogBytes: bytes };
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
      // etcd's first leader decides the cluster version right after it takes over
      saveClusterVersion(this.backend);
      this.applier.noteApplied(e.index, 'noop');
      return; // a new leader's empty entry
    }
    const compactedBefore = this.applier.kv.compactRev();
    const sizeBefore = this.backend.stats();
    const { id, result } = this.applier.applyEntry(e.data, this.termNow(), e.index);
    if (this.applier.kv.compactRev() !== compactedBefore) {
      this.pages.noteCompaction(this.applier.kv.compactRev(), sizeBefore);
      this.outbox.events.push({ kind: 'log', level: 'info', msg: `finished scheduled compaction (compact-revision: ${this.applier.kv.compactRev()})` });
    }
    const auto = this.autoCompactions.get(id);
    if (auto !== undefined) {
      this.autoCompactions.delete(id);
      // etcd's compactor logs after Compact returns: success, or ErrCompacted (already compacted there)
      this.outbox.events.push({ kind: 'log', level: 'info', msg: `Finished auto-compaction at revision ${auto}` });
    }
    this.applier.noteApplied(e.index, this.describer.describe(e).summary);
    this.tracer.appliedEntry(e.index, this.applier.currentRevision());
    // etcd's applyEntryNormal: a request refused for space while no NOSPACE alarm is raised (the
    // alarm was disarmed but the file is still full) raises it again, from this member.
    if (!result.ok && result.error.message === noSpaceError.message && this.applier.alarms.get('NOSPACE').length === 0) this.proposeAlarm('ACTIVATE', 'NOSPACE');
    const reqId = this.proposed.get(id);
    if (reqId !== undefined) {
      this.proposed.delete(id);
      this.respond(reqId, result);
    }
    const refused = this.quotaRefusals.get(id);
    if (refused !== undefined) {
      this.quotaRefusals.delete(id);
      this.respond(refused, { ok: false, error: noSpaceError });
    }
  }

  /** Opens, cancels or asks progress of a watch stream (etcd's Watch service on this member). */
  watch(w: WatchRequest): void {
    if (w.op === 'create' && this.raft.inspect().lead === 0) return this.watches.refuseNoLeader(w.streamId);
    if (w.op === 'create' && !this.applier.auth.watchAllowed(w.req)) {
      // isWatchPermitted: the stream is created and canceled at once
      const cancelReason = 'rpc error: code = PermissionDenied desc = etcdserver: permission denied';
      this.outbox.watches.push({ streamId: w.streamId, response: { header: this.header(), events: [], compactRevision: 0, canceled: true, cancelReason } });
      return;
    }
    this.watches.handle(w);
  }

  watcherCount(): number {
    return this.watches.size;
  }

  /**
   * etcd's quotaKVServer / quotaLeaseServer in front of Put, Txn and LeaseGrant: when the backend
   * file plus the request's estimated cost would not fit under --quota-backend-bytes, raise NOSPACE
   * (an AlarmRequest through raft) and refuse the request with "database space exceeded". The
   * client hears back once the alarm is applied, as etcd's quotaAlarmer waits for it.
   */
  private quotaExceeded(reqId: number, irr: InternalRaftRequest): boolean {
    const cost = quotaCost(irr);
    if (cost === null || !this.backend.wouldExceedQuota(this.cfg.quotaBackendBytes ?? 0, cost)) return false;
    const id = this.proposeAlarm('ACTIVATE', 'NOSPACE');
    if (id === null) this.respond(reqId, { ok: false, error: noSpaceError });
    else this.quotaRefusals.set(id, reqId);
    return true;
  }

  /** Proposes an AlarmRequest for this member; its request id, or null when raft dropped it. */
  private proposeAlarm(action: 'ACTIVATE' | 'DEACTIVATE', alarm: 'NOSPACE' | 'CORRUPT'): bigint | null {
    const id = this.ids.next();
    const irr: InternalRaftRequest = { header: { ID: id }, alarm: { action, memberID: this.memberId(), alarm } };
    try {
      this.raft.propose(encodeInternalRaftRequest(irr));
      return id;
    } catch (e) {
      if (e instanceof ErrProposalDropped) return null;
      throw e;
    }
  }

  /** The alarms this member raised, as applied here (for the page's members table). */
  alarmNames(): string[] {
    const me = this.memberId();
    return this.applier.alarms.get('NONE').filter((a) => a.memberID === me).map((a) => a.alarm);
  }

  /** etcd's v3compactor on this member: resumed only while it leads; compacts through raft. */
  private autoCompact(): void {
    if (!this.compactor) return;
    const due = this.compactor.tick(this.cfg.tickMs ?? 100, this.raft.raft.state === 2, this.applier.currentRevision());
    if (!due) return;
    this.outbox.events.push({ kind: 'log', level: 'info', msg: due.log });
    const id = this.ids.next();
    const irr: InternalRaftRequest = { header: { ID: id }, compaction: { revision: due.revision, physical: false } };
    try {
      this.raft.propose(encodeInternalRaftRequest(irr));
      // Accepted by raft counts as done: etcd's Compact would block until applied, here the
      // compactor moves on and the "Finished" line follows when the entry applies.
      this.compactor.done(true);
      this.autoCompactions.set(id, due.revision);
    } catch (e) {
      if (!(e instanceof ErrProposalDropped)) throw e;
      this.compactor.done(false);
      this.outbox.events.push({ kind: 'log', level: 'warn', msg: `Failed auto-compaction at revision ${due.revision} (no leader); retrying` });
    }
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

  /** The Cluster service's header: etcd 3.4 fills cluster, member and term, no revision. */
  private clusterHeader(): ResponseHeader {
    return { ...this.header(), revision: 0 };
  }

  memberId(): string {
    // (also called while the constructor builds the applier, before the membership exists)
    const membership = this.membership as Membership | undefined;
    return membership?.get(this.cfg.id)?.member.ID ?? this.cfg.initialCluster.find((m) => m.id === this.cfg.id)?.memberId ?? memberIdHex(this.cfg.seed, this.cfg.id);
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
      // etcd: "no leader" first, then every raised alarm in its protobuf text form.
      errors: [...(s.lead ? [] : ['etcdserver: no leader']), ...this.applier.alarms.get('NONE').map(alarmMemberText)],
      isLearner: this.membership.get(this.cfg.id)?.member.isLearner ?? false,
    };
  }

  /** This incarnation's clock in virtual ms (ticks × tick length). */
  private clockMs(): number {
    return this.ticks * (this.cfg.tickMs ?? 100);
  }

  /**
   * rafthttp keeps a link to every peer whatever the raft roles; raft traffic here flows only
   * between the leader and each follower. So a follower counts the other started members as
   * connected while its own link to the leader is up (docs/compatibility.md); the leader, and any
   * member about peers it hears from, goes by the messages themselves.
   */
  private samplePeers(): void {
    const now = this.clockMs();
    const s = this.raft.inspect();
    const leaderUp = s.state !== 2 && s.lead !== 0 && this.peers.heardRecently(s.lead, now);
    const peers = this.membership.records().filter((r) => r.raftId !== this.cfg.id);
    const started = new Set(peers.filter((r) => r.member.name !== '').map((r) => r.raftId));
    this.peers.sample(peers.map((r) => r.raftId), now, (p) => leaderUp && started.has(p));
  }

  private proposeMemberChange(reqId: number, creq: MemberChangeRequest): void {
    const change = memberChange(creq, {
      membership: this.membership,
      self: this.cfg.id,
      nowMs: this.clockMs(),
      activeSince: (peer) => this.peers.activeSince(peer),
      learnerReady: (id) => this.learnerReady(id),
    });
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
    const removedId = cc.type === ConfChangeType.RemoveNode ? this.membership.get(cc.nodeId)?.member.ID : undefined;
    const rec = this.membership.apply(cc);
    if (removedId) saveRemovedMember(this.backend, removedId);
    else if (rec) saveMember(this.backend, rec.member);
    if (cc.type === ConfChangeType.RemoveNode && cc.nodeId === this.cfg.id) this.outbox.events.push({ kind: 'removed' });
    const reqId = cc.id !== undefined ? this.proposedConfChanges.get(cc.id) : undefined;
    if (reqId === undefined) return;
    this.proposedConfChanges.delete(cc.id!);
    const header = this.clusterHeader();
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

  /**
   * etcd's linearizableReadLoop: every linearizable read that arrives while a ReadIndex round is in
   * flight waits for the next round, and one round (one heartbeat quorum) serves them all.
   */
  private startLinearizableRead(reqId: number, req: RangeRequest, token?: string): void {
    this.readBatch.push({ reqId, req, token, index: null });
    this.startReadRound();
  }

  private startReadRound(): void {
    if (this.readRound || this.readBatch.length === 0) return;
    // etcd's read-index context is a request id as 8 big-endian bytes.
    const ctx = new Uint8Array(8);
    new DataView(ctx.buffer).setBigUint64(0, this.ids.next());
    const key = String.fromCharCode(...ctx);
    this.readRound = { key, reads: this.readBatch, startTick: this.ticks };
    this.readBatch = [];
    this.raft.readIndex(ctx);
  }

  private onReadState(rs: ReadState): void {
    const round = this.readRound;
    if (!round || String.fromCharCode(...rs.requestCtx) !== round.key) return;
    for (const pr of round.reads) {
      pr.index = rs.index;
      this.reads.push(pr);
    }
    this.readRound = null;
    this.startReadRound();
  }

  /**
   * A round whose ReadState never comes (the leader changed, the request was dropped) fails its reads
   * after etcd's ReqTimeout (5 s + 2 election timeouts) with "request timed out", and the next starts.
   */
  private checkReadRoundTimeout(): void {
    const round = this.readRound;
    if (!round) return;
    const tickMs = this.cfg.tickMs ?? 100;
    const timeoutTicks = Math.ceil(5000 / tickMs) + 2 * this.cfg.electionTicks;
    if (this.ticks - round.startTick < timeoutTicks) return;
    this.readRound = null;
    for (const pr of round.reads) this.respond(pr.reqId, { ok: false, error: etcdErrors.requestTimedOut });
    this.startReadRound();
  }

  private serveReads(): void {
    if (this.reads.length === 0) return;
    const waiting: PendingRead[] = [];
    for (const pr of this.reads) {
      if (pr.index === null || pr.index > this.appliedIndex) waiting.push(pr);
      else this.respond(pr.reqId, this.servedRange(pr.req, pr.token));
    }
    this.reads = waiting;
  }

  /** A range served by this member (doSerialize): the caller's read permission first. */
  private servedRange(req: RangeRequest, token: string | undefined): ClientResult {
    const denied = this.applier.auth.readDenied(token, req.key, req.rangeEnd);
    if (denied) return { ok: false, error: denied };
    const r = this.applier.range(req, this.termNow());
    if (r.ok) this.countRange((r.resp as RangeResponse).kvs);
    return r;
  }

  /** What reads cost this member, for the metrics (see MetricsInspect.reads). */
  private readonly readStats = { ranges: 0, keysReturned: 0, bytesReturned: 0 };

  private countRange(kvs: readonly { key: Uint8Array; value: Uint8Array }[]): void {
    this.readStats.ranges++;
    this.readStats.keysReturned += kvs.length;
    for (const kv of kvs) this.readStats.bytesReturned += kv.key.length + kv.value.length;
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
    return this.proposed.size + this.reads.length + this.readBatch.length + (this.readRound?.reads.length ?? 0) + this.quotaRefusals.size;
  }
}

const NO_SAMPLES: LatencySummary = { count: 0, total: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };

/** An Entry object's fixed cost in a JS heap (index, term, type, the array and its header), roughly. */
const ENTRY_OVERHEAD_BYTES = 64;

function* progressOf(prs: Map<NodeId, { match: number }>): Iterable<{ id: NodeId; match: number }> {
  for (const [id, pr] of prs) yield { id, match: pr.match };
}
