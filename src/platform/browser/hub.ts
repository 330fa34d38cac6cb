// The main-thread hub: the cluster's network and clock. It starts one Web Worker per member, ticks
// them on virtual time, holds every raft message in flight (visible, partitionable) and routes
// client requests. It implements ClusterController for the UI, window.etcdscope and the tests.
import { type EngineChoice, checkEngineChoice, engineFor } from '../../backend/engineStats';
import type { RaftSettings } from '../../protocol/controller';
import { timingError } from '../../protocol/controller';
import { DEFAULT_SNAPSHOT_CATCH_UP_ENTRIES, DEFAULT_SNAPSHOT_COUNT } from '../../etcd/nodeTypes';
import type { ClusterController, ClusterSnapshot, CommandResult, ResetRequest, ServerFlags, ServerLogLine } from '../../protocol/controller';
import { checkServerFlags } from '../../host/serverFlags';
import type { ClusterEvent, MemberInspect } from '../../protocol/view';
import type { ClientRequest, ClientResult, EtcdNodeConfig, NodeEvent } from '../../etcd/etcdNode';
import type { NodeId } from '../../raft/types';
import type { MessageMeta, StorageStatus, WorkerToHub } from '../../protocol/worker';
import { PROTOCOL_VERSION } from '../../protocol/worker';
import { HubFaults } from './hubFaults';
import type { CrashPoint, FaultsView, LinkFault } from '../../protocol/faults';
import { PeerLinks } from './peerLinks';
import { clusterIdHex, makeInitialCluster, memberIdHex, peerURL } from '../../etcd/ids';
import type { MemberListResponse } from '../../etcd/api';
import { etcdErrors } from '../../etcd/errors';
import { Prng } from '../../lib/prng';
import { MemberWorker } from './memberWorker';
import { LinkQueue } from './linkQueue';
import { verifySnapshotFile } from '../../backend';
import type { WatchCreateRequest, WatchHandle, WatchResponse } from '../../etcdctl/client';
import type { InspectArgMap, InspectKind, InspectResultMap, MemberFiles } from '../../protocol/inspect';
import { deleteMemberDb } from './idbDisk';
import { ClusterStore, type ClusterConfig } from './clusterConfig';
import { runConsoleLine } from './console';
import { StepBarrier, VirtualTimers } from './lockstep';
import { WriteTraces } from '../../host/writeTraces';
import type { WriteTraceView } from '../../protocol/writePath';
import type { TxnOutcome, TxnSpec } from '../../protocol/txn';
import { buildTxn, txnOutcome } from '../../host/txnSpec';
import type { TxnResponse } from '../../etcd/api';
import type { RunConfig } from '../../protocol/run';

export interface HubOptions {
  tickMs: number;
  electionTicks: number;
  heartbeatTicks: number;
  /** One-way network latency (virtual ms) and random extra. */
  netLatencyMs: number;
  netJitterMs: number;
  requestTimeoutMs: number;
  speed: number;
  /**
   * Keeps this cluster's saved config, tab lock and databases apart from the page's own ('' = the
   * page). Embedded widgets each take a free slot ("embed-0", "embed-1" …) so several on one docs
   * page, or one next to an open etcdscope tab, never contend for the same members' stores.
   */
  namespace?: string;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
  tickMs: 100,
  electionTicks: 10,
  heartbeatTicks: 1,
  netLatencyMs: 25,
  netJitterMs: 10,
  requestTimeoutMs: 5000,
  speed: 1,
};

interface Member {
  id: NodeId;
  cfg: EtcdNodeConfig;
  worker: MemberWorker | null;
  status: MemberInspect | null;
  lastStatus?: MemberInspect | null;
  storage: StorageStatus | null;
  nextTickAtMs: number;
  fatal?: string;
  /** Its worker is opening IndexedDB and recovering; lockstep does not step it (or anyone) meanwhile. */
  starting?: boolean;
  /** Lockstep: its slow disk holds a write until this virtual time (from its idle report). */
  wakeAtMs?: number;
}

/**
 * 'realtime': virtual time follows real time × speed and workers run as fast as they can.
 * 'lockstep': the hub advances virtual time only when every worker is idle and durable, feeding
 * inputs in a fixed order, so a seed replays the same run (lessons, recordings, embeds).
 */
export type ClockMode = 'realtime' | 'lockstep';


interface PendingRequest {
  resolve: (r: ClientResult) => void;
  deadlineMs: number;
}

const EVENT_KEEP = 500;
/** Lockstep's stand-in for wall-clock time at virtual time 0 (the simulator uses the same epoch). */
const LOCKSTEP_EPOCH_UNIX_MS = 1_700_000_000_000;
/** In free-run the UI gets at most 10 snapshots a second. */
const FREE_RUN_SNAPSHOT_MS = 100;
const MAX_REALTIME_SPEED = 8;
/** Lockstep waits for the workers anyway; a high speed only removes the idle gaps between ticks. */
const MAX_LOCKSTEP_SPEED = 64;

export class Hub implements ClusterController {
  readonly opts: HubOptions;
  /** Partitions, per-link latency/loss and disk faults (the fault model shared with the simulator). */
  private readonly faults: HubFaults;
  private members = new Map<NodeId, Member>();
  private readonly links = new LinkQueue();
  /** Worker-to-worker channels that carry raft messages while the hub has nothing to do with them. */
  private readonly peerLinks = new PeerLinks();
  /** Raft messages that came through the hub (not straight from worker to worker). */
  private relayedMessages = 0;
  private pending = new Map<number, PendingRequest>();
  private snapshotListeners = new Set<(s: ClusterSnapshot) => void>();
  private eventListeners = new Set<(e: ClusterEvent[]) => void>();
  private events: ClusterEvent[] = [];
  private config!: ClusterConfig;
  private nowMs = 0;
  private lastRealMs = 0;
  private paused = false;
  private nextReqId = 1;
  private nextEventSeq = 1;
  private timer: ReturnType<typeof setInterval> | null = null;
  private frame: number | null = null;
  private dirty = true;
  private lastClockPublishMs = 0;
  /** false: no snapshots reach the UI at all (the benchmark's --no-ui). */
  private rendering = true;
  private lastSnapshotMs = 0;
  private readonly configStore: ClusterStore;
  private walDurability: 'strict' | 'relaxed' = 'strict';
  /** Members being started together by start(): peers of one another before their workers answer. */
  private readonly starting = new Set<NodeId>();
  /** Set while a cluster restored from a snapshot file starts: every new member bootstraps from it. */
  private restoreFile: Uint8Array | null = null;
  private mode: ClockMode = 'realtime';
  private readonly barrier = new StepBarrier();
  readonly timers = new VirtualTimers();
  /** Lockstep: inputs and control actions wait here for the start of the next step. */
  private inbox: Array<() => void> = [];
  /** Lockstep: messages the workers sent during this step, held once every worker is idle. */
  private stepOutbox: Array<{ from: NodeId; meta: MessageMeta; buf: ArrayBuffer }> = [];
  /** Lockstep: how far virtual time may run ahead (real time × speed). */
  private paceMs = 0;
  private stepping = false;
  /** Bumped by every stop: a lockstep turn of a cluster that was reset meanwhile must not touch the new one. */
  private epoch = 0;
  /** Every proposed entry's write path, from the members' step events (the Write path panel). */
  private readonly traces = new WriteTraces();
  /** The members' server log lines (NodeEvent 'log'), oldest first. */
  private logs: ServerLogLine[] = [];
  /** Lockstep: calls made at the very start of the next step, before its inputs (recording and replay). */
  private stepStart: Array<() => void> = [];
  /** Lockstep steps since the cluster was started (1 = the first). */
  private stepNo = 0;
  /** The lockstep turn in progress (resolved when it has stopped stepping). */
  private turn: Promise<void> = Promise.resolve();

  constructor(opts: Partial<HubOptions> = {}) {
    this.opts = { ...DEFAULT_HUB_OPTIONS, ...opts };
    this.faults = new HubFaults(
      {
        emit: (e) => this.emit(e),
        dropUndeliverable: () => this.links.dropWhere((v) => !this.faults.network.canDeliver(v.from, v.to)),
        post: (id, msg) => this.members.get(id)?.worker?.post(msg),
        control: (f) => this.control(f),
        memberIds: () => [...this.members.keys()],
        changed: () => this.syncDirect(),
      },
      { latencyMs: this.opts.netLatencyMs, jitterMs: this.opts.netJitterMs },
    );
    this.configStore = new ClusterStore(this.opts.namespace ?? '');
  }

  private get partitions() {
    return this.faults.network.partitions;
  }

  /** Opens the saved cluster (recovering every member from IndexedDB) or creates a new one. */
  async start(request: ResetRequest = {}): Promise<void> {
    await this.configStore.lock();
    const saved = this.configStore.load();
    const fresh = !saved || (request.seed !== undefined && request.seed !== saved.seed);
    if (fresh && saved) await this.wipe(saved);
    this.config = fresh ? this.configStore.create(request.seed, request.members ?? 3) : saved!;
    if (fresh && request.quotaBackendBytes !== undefined) {
      this.config.quotaBackendBytes = request.quotaBackendBytes;
      this.configStore.save(this.config);
    }
    if (fresh && request.flags && Object.keys(request.flags).length > 0) {
      const { snapshotCount, quotaBackendBytes, ...rest } = checkServerFlags(request.flags);
      if (snapshotCount !== undefined) this.config.snapshotCount = snapshotCount;
      if (quotaBackendBytes !== undefined) this.config.quotaBackendBytes = quotaBackendBytes;
      this.config.serverFlags = rest;
      this.configStore.save(this.config);
    }
    if (fresh && request.raft) {
      Object.assign(this.config, request.raft);
      this.configStore.save(this.config);
    }
    if (fresh && request.backendEngine !== undefined) {
      this.config.backendEngine = request.backendEngine;
      this.configStore.save(this.config);
    }
    this.faults.reset(this.config.seed);
    this.applyTiming();
    this.nowMs = 0;
    this.stepNo = 0;
    this.paceMs = 0;
    this.lastRealMs = performance.now();
    const removed = new Set(this.config.removed ?? []);
    const initialIds = Array.from({ length: this.config.members }, (_, i) => i + 1);
    const ids = [...initialIds.filter((id) => !removed.has(id)), ...(this.config.joined ?? []).filter((id) => !removed.has(id))];
    for (const id of ids) this.addMemberSlot(id, !initialIds.includes(id));
    // They start together: each counts the others as connected peers (etcd's adjustTicks).
    for (const id of ids) this.starting.add(id);
    try {
      await Promise.all(ids.map((id) => this.startMember(id)));
    } finally {
      this.starting.clear();
    }
    this.timer = setInterval(() => this.loop(), 4);
    this.emit({ kind: fresh ? 'reset' : 'restarted', detail: fresh ? `seed ${this.config.seed}` : 'recovered from IndexedDB' });
  }

  private memberConfig(id: NodeId, join: boolean): EtcdNodeConfig {
    return {
      id,
      name: `n${id}`,
      initialCluster: makeInitialCluster(this.config.seed, this.config.members),
      join,
      clusterId: clusterIdHex(this.config.seed),
      electionTicks: this.opts.electionTicks,
      heartbeatTicks: this.opts.heartbeatTicks,
      seed: this.config.seed,
      preVote: this.config.preVote ?? false,
      checkQuorum: this.config.checkQuorum ?? true,
      snapshotCount: this.config.snapshotCount,
      snapshotCatchUpEntries: this.config.snapshotCatchUpEntries,
      quotaBackendBytes: this.config.quotaBackendBytes,
      ...this.config.serverFlags,
      backendEngine: engineFor(this.config.backendEngine, id),
    };
  }

  private addMemberSlot(id: NodeId, join: boolean): Member {
    const m: Member = { id, cfg: this.memberConfig(id, join), worker: null, status: null, storage: null, nextTickAtMs: 0 };
    this.members.set(id, m);
    return m;
  }

  /** The raft id the next `member add` gets (ids are never reused, as in etcd). */
  nextMemberId(): NodeId {
    const used = [...this.members.keys(), ...(this.config.removed ?? []), ...(this.config.joined ?? []), this.config.members];
    return Math.max(...used) + 1;
  }

  /** Starts a member that `member add` put into the cluster (etcd: --initial-cluster-state=existing). */
  async startAddedMember(id: NodeId): Promise<void> {
    if (this.members.get(id)?.worker) return;
    if (!this.members.has(id)) this.addMemberSlot(id, true);
    this.config.joined = [...new Set([...(this.config.joined ?? []), id])];
    this.configStore.save(this.config);
    await this.startMember(id);
    this.emit({ kind: 'restarted', member: id, detail: 'joined' });
  }

  /**
   * etcd's --heartbeat-interval is the raft tick; --election-timeout is counted in ticks. Only when
   * set through setRaftOptions (a reset's `timing` sets the ticks directly).
   */
  private applyTiming(): void {
    if (this.config.heartbeatMs === undefined && this.config.electionMs === undefined) return;
    const hb = this.config.heartbeatMs ?? this.opts.tickMs;
    const el = this.config.electionMs ?? this.opts.tickMs * this.opts.electionTicks;
    this.opts.tickMs = hb;
    this.opts.electionTicks = Math.round(el / hb);
    this.opts.heartbeatTicks = 1;
  }

  /** Changes --pre-vote / CheckQuorum / --snapshot-count / timing: like etcd, it takes a restart of every member. */
  async setRaftOptions(o: Partial<RaftSettings>): Promise<void> {
    if (o.heartbeatMs !== undefined || o.electionMs !== undefined) {
      const cur = this.raftOptions();
      const err = timingError(o.heartbeatMs ?? cur.heartbeatMs!, o.electionMs ?? cur.electionMs!);
      if (err) throw new Error(err);
      this.config.heartbeatMs = o.heartbeatMs ?? cur.heartbeatMs;
      this.config.electionMs = o.electionMs ?? cur.electionMs;
      this.applyTiming();
      this.postPace();
    }
    for (const [k, v] of [['snapshotCount', o.snapshotCount], ['snapshotCatchUpEntries', o.snapshotCatchUpEntries]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < (k === 'snapshotCount' ? 1 : 0))) throw new Error(`${k} must be a whole number${k === 'snapshotCount' ? ' ≥ 1' : ' ≥ 0'}, got ${v}`);
    }
    if (o.preVote !== undefined) this.config.preVote = o.preVote;
    if (o.checkQuorum !== undefined) this.config.checkQuorum = o.checkQuorum;
    if (o.snapshotCount !== undefined) this.config.snapshotCount = o.snapshotCount;
    if (o.snapshotCatchUpEntries !== undefined) this.config.snapshotCatchUpEntries = o.snapshotCatchUpEntries;
    this.configStore.save(this.config);
    for (const m of this.members.values()) {
      m.cfg = {
        ...m.cfg,
        preVote: this.config.preVote ?? false,
        checkQuorum: this.config.checkQuorum ?? true,
        snapshotCount: this.config.snapshotCount,
        snapshotCatchUpEntries: this.config.snapshotCatchUpEntries,
        electionTicks: this.opts.electionTicks,
        heartbeatTicks: this.opts.heartbeatTicks,
      };
      if (!m.worker) continue;
      await this.kill(m.id);
      await this.restart(m.id);
    }
  }

  /** Changes server flags (checked first: a bad value changes nothing); like etcd, every member restarts. */
  async setServerFlags(flags: ServerFlags): Promise<void> {
    checkServerFlags(flags);
    // The two flags the page already keeps on their own (the members panel shows the snapshot count).
    const { snapshotCount, quotaBackendBytes, ...rest } = flags;
    if (snapshotCount !== undefined) this.config.snapshotCount = snapshotCount;
    if (quotaBackendBytes !== undefined) this.config.quotaBackendBytes = quotaBackendBytes;
    this.config.serverFlags = { ...this.config.serverFlags, ...rest };
    this.configStore.save(this.config);
    for (const m of this.members.values()) {
      m.cfg = { ...m.cfg, snapshotCount: this.config.snapshotCount, quotaBackendBytes: this.config.quotaBackendBytes, ...this.config.serverFlags };
      if (!m.worker) continue;
      await this.kill(m.id);
      await this.restart(m.id);
    }
  }

  serverFlags(): ServerFlags {
    return { quotaBackendBytes: this.config.quotaBackendBytes, snapshotCount: this.config.snapshotCount, ...this.config.serverFlags };
  }

  serverLogs(): ServerLogLine[] {
    return this.logs;
  }

  /** The settings a recorded run starts from: the initial size, raft flags, network and clock timing. */
  runConfig(): RunConfig {
    const c: RunConfig = {
      members: this.config.members,
      raft: this.raftOptions(),
      network: { latencyMs: this.opts.netLatencyMs, jitterMs: this.opts.netJitterMs },
      tickMs: this.opts.tickMs,
      electionTicks: this.opts.electionTicks,
      heartbeatTicks: this.opts.heartbeatTicks,
    };
    if (this.config.quotaBackendBytes !== undefined) c.quotaBackendBytes = this.config.quotaBackendBytes;
    return c;
  }

  raftOptions(): RaftSettings {
    return {
      preVote: this.config.preVote ?? false,
      checkQuorum: this.config.checkQuorum ?? true,
      snapshotCount: this.config.snapshotCount ?? DEFAULT_SNAPSHOT_COUNT,
      snapshotCatchUpEntries: this.config.snapshotCatchUpEntries ?? DEFAULT_SNAPSHOT_CATCH_UP_ENTRIES,
      heartbeatMs: this.config.heartbeatMs ?? this.opts.tickMs,
      electionMs: this.config.electionMs ?? this.opts.tickMs * this.opts.electionTicks,
    };
  }

  private dbName(id: NodeId): string {
    return `etcdscope-${this.config.name}-n${id}`;
  }

  private async startMember(id: NodeId): Promise<void> {
    const m = this.members.get(id)!;
    const worker = new MemberWorker(`etcd-n${id}`, (msg) => this.onWorkerMessage(id, msg));
    m.worker = worker;
    m.fatal = undefined;
    const phase = new Prng(this.config.seed).fork(`phase-${id}`).intn(0, this.opts.tickMs);
    m.nextTickAtMs = this.nowMs + phase;
    m.starting = true;
    try {
      const activePeers = [...this.members.values()].filter(
        (o) => o.id !== id && (o.worker !== null || this.starting.has(o.id)) && this.partitions.canDeliver(id, o.id),
      ).length;
      // Lockstep: the member's wall clock at start (etcd's idutil generator: lease and request ids)
      // is a fixed epoch plus virtual time, so a seed replays the same ids.
      const cfg = this.mode === 'lockstep' ? { ...m.cfg, startUnixMs: LOCKSTEP_EPOCH_UNIX_MS + Math.round(this.nowMs) } : m.cfg;
      const diskFault = this.faults.diskFault(id);
      await worker.start({ cfg, dbName: this.dbName(id), protocolVersion: PROTOCOL_VERSION, snapshot: this.restoreFile ?? undefined, activePeers, ...(diskFault ? { diskFault } : {}) });
      worker.post(this.paceMessage());
      if (this.walDurability !== 'strict') worker.post({ t: 'walDurability', durability: this.walDurability });
      const peers: Array<[NodeId, MemberWorker]> = [];
      for (const o of this.members.values()) if (o.id !== id && o.worker) peers.push([o.id, o.worker]);
      this.peerLinks.connect(id, worker, peers);
    } catch (e) {
      m.fatal = e instanceof Error ? e.message : String(e);
      worker.terminate();
      m.worker = null;
      this.emit({ kind: 'crashed', member: id, detail: m.fatal });
    } finally {
      m.starting = false;
    }
    this.dirty = true;
  }

  private onWorkerMessage(from: NodeId, msg: WorkerToHub): void {
    switch (msg.t) {
      case 'msgs':
        this.relayedMessages += msg.bufs.length;
        for (let i = 0; i < msg.bufs.length; i++) this.enqueueMessage(from, msg.metas[i]!, msg.bufs[i]!);
        break;
      case 'resp': {
        const p = this.pending.get(msg.reqId);
        if (p) {
          this.pending.delete(msg.reqId);
          p.resolve(msg.result);
        }
        break;
      }
      case 'events':
        this.onNodeEvents(from, msg.events);
        break;
      case 'watchResp': {
        const s = this.watchStreams.get(msg.streamId);
        if (s) {
          if (msg.response.canceled) this.watchStreams.delete(msg.streamId);
          s(msg.response);
        }
        break;
      }
      case 'idle': {
        const m = this.members.get(from);
        if (m?.worker) {
          m.status = msg.status;
          m.wakeAtMs = msg.wakeAtMs;
        }
        this.barrier.idle(from, msg.seq);
        break;
      }
      case 'status': {
        const m = this.members.get(from);
        if (m?.worker) {
          m.status = msg.status;
          m.storage = msg.storage;
          this.dirty = true;
        }
        break;
      }
      case 'crashPoint':
        this.faults.fired(from, msg.point);
        this.crash(from);
        break;
      case 'fatal': {
        const m = this.members.get(from);
        if (m) m.fatal = msg.error;
        this.emit({ kind: 'crashed', member: from, detail: msg.error });
        this.crash(from);
        break;
      }
    }
  }

  private enqueueMessage(from: NodeId, meta: MessageMeta, buf: ArrayBuffer): void {
    if (!this.partitions.canDeliver(from, meta.to)) return;
    if (this.mode === 'lockstep') {
      this.stepOutbox.push({ from, meta, buf });
      return;
    }
    const link = this.faults.network.link(from, meta.to);
    if (this.freeRun() && link.latencyMs === 0 && link.jitterMs === 0 && link.lossPct === 0) {
      // Free-run network: relay at once instead of holding the message for the animation.
      this.members.get(meta.to)?.worker?.post({ t: 'msg', buf }, [buf]);
      return;
    }
    this.holdMessage(from, meta, buf);
  }

  /** The network decides: dropped (cut or lost) or held on its link for the link's latency. */
  private holdMessage(from: NodeId, meta: MessageMeta, buf: ArrayBuffer): void {
    const delayMs = this.faults.network.route(from, meta.to);
    if (delayMs === null) return;
    this.links.hold(from, meta, buf, this.nowMs, delayMs);
    this.dirty = true;
  }

  private onNodeEvents(from: NodeId, events: NodeEvent[]): void {
    for (const e of events) {
      if (e.kind === 'write') {
        this.traces.add(from, e);
        continue;
      }
      if (e.kind === 'log') {
        this.logs.push({ atMs: Math.round(this.nowMs), member: from, level: e.level, msg: e.msg });
        if (this.logs.length > EVENT_KEEP) this.logs.splice(0, this.logs.length - EVENT_KEEP);
        this.emit({ kind: 'log', member: from, detail: e.msg });
        continue;
      }
      if (e.kind === 'removed') {
        // etcd exits once it applies its own removal; the page forgets the member for good.
        this.config.removed = [...new Set([...(this.config.removed ?? []), from])];
        this.configStore.save(this.config);
        this.emit({ kind: 'crashed', member: from, detail: 'removed from the cluster' });
        this.crash(from);
        this.members.delete(from);
        continue;
      }
      if (e.kind !== 'role') continue;
      const kind = e.role === 'leader' ? 'became-leader' : e.role === 'candidate' ? 'became-candidate' : e.role === 'pre-candidate' ? 'became-pre-candidate' : 'became-follower';
      this.emit({ kind, member: from, term: e.term });
    }
  }

  private emit(e: Omit<ClusterEvent, 'seq' | 'tMs'>): void {
    const ev: ClusterEvent = { ...e, seq: this.nextEventSeq++, tMs: Math.round(this.nowMs) };
    this.events.push(ev);
    if (this.events.length > EVENT_KEEP) this.events.splice(0, this.events.length - EVENT_KEEP);
    for (const l of this.eventListeners) l([ev]);
    this.dirty = true;
  }

  /** Advances virtual time by real time × speed; ticks members, delivers due messages, expires requests. */
  private loop(): void {
    this.syncDirect();
    const real = performance.now();
    const delta = real - this.lastRealMs;
    this.lastRealMs = real;
    if (this.paused) return;
    if (this.mode === 'lockstep') {
      this.paceMs = Math.min(this.paceMs + Math.min(delta, 250) * this.opts.speed, this.nowMs + 500);
      void this.lockstepTurn();
      return;
    }
    // Cap a step so a throttled background tab does not fire a burst of elections on return.
    // Real-time mode cannot outrun the workers safely: above 8× elections fire before messages land.
    this.nowMs += Math.min(delta, 250) * Math.min(this.opts.speed, MAX_REALTIME_SPEED);
    // The clock alone needs no new snapshot every 4 ms (the UI interpolates); refresh it at 10 Hz.
    if (real - this.lastClockPublishMs >= 100) {
      this.lastClockPublishMs = real;
      this.dirty = true;
    }
    for (const m of this.members.values()) {
      while (m.worker && m.nextTickAtMs <= this.nowMs) {
        m.worker.post({ t: 'tick', atMs: m.nextTickAtMs });
        m.nextTickAtMs += this.opts.tickMs;
      }
    }
    if (this.links.size) this.deliverDue();
    this.expireRequests();
    this.timers.fire(this.nowMs);
  }

  private expireRequests(): void {
    for (const [id, p] of this.pending) {
      if (p.deadlineMs <= this.nowMs) {
        this.pending.delete(id);
        p.resolve({ ok: false, error: etcdErrors.deadlineExceeded });
      }
    }
  }

  /** Lockstep: runs the steps that real time × speed allows, one at a time. */
  private lockstepTurn(): Promise<void> {
    if (this.stepping) return this.turn;
    this.turn = this.runTurn();
    return this.turn;
  }

  private async runTurn(): Promise<void> {
    this.stepping = true;
    const epoch = this.epoch;
    try {
      for (let n = 0; n < 500 && epoch === this.epoch && !this.paused && this.mode === 'lockstep' && !this.anyStarting(); n++) {
        const t = this.nextEventMs();
        if (t > this.paceMs) break;
        await this.step(t);
      }
    } finally {
      this.stepping = false;
    }
  }

  private anyStarting(): boolean {
    for (const m of this.members.values()) if (m.starting) return true;
    return false;
  }

  private nextEventMs(): number {
    let t = this.inbox.length || this.stepStart.length ? this.nowMs : Infinity;
    for (const m of this.members.values()) if (m.worker) t = Math.min(t, m.nextTickAtMs, m.wakeAtMs ?? Infinity);
    t = Math.min(t, this.links.nextDueMs(), this.timers.nextMs());
    for (const p of this.pending.values()) t = Math.min(t, p.deadlineMs);
    return Math.max(t, this.nowMs);
  }

  /**
   * One lockstep step at virtual time t: control actions and client inputs queued since the last
   * step, ticks due (members in id order), messages due (in delivery order); then wait until every
   * worker is idle and hold what they sent, in member order.
   */
  private async step(t: number): Promise<void> {
    this.nowMs = t;
    // Slow disks follow virtual time exactly: each such worker hears the step's time first.
    for (const m of this.members.values()) {
      if (!m.worker || m.starting || !((m.wakeAtMs ?? Infinity) <= t || this.faults.slowDisk(m.id))) continue;
      m.wakeAtMs = undefined;
      m.worker.post({ t: 'wake', atMs: t });
    }
    this.stepNo++;
    const starts = this.stepStart;
    this.stepStart = [];
    for (const f of starts) f();
    const inbox = this.inbox;
    this.inbox = [];
    for (const f of inbox) f();
    const live = [...this.members.values()].filter((m) => m.worker && !m.starting).sort((a, b) => a.id - b.id);
    for (const m of live) {
      while (m.nextTickAtMs <= t) {
        m.worker!.post({ t: 'tick', atMs: m.nextTickAtMs });
        m.nextTickAtMs += this.opts.tickMs;
      }
    }
    if (this.links.size) this.deliverDue();
    const epoch = this.epoch;
    const stuck = await this.barrier.sync(live.filter((m) => m.worker).map((m) => [m.id, m.worker!]));
    if (epoch !== this.epoch) return;
    for (const id of stuck) this.emit({ kind: 'crashed', member: id, detail: 'did not report idle (lockstep)' });
    const out = this.stepOutbox;
    this.stepOutbox = [];
    out.sort((a, b) => a.from - b.from);
    for (const o of out) this.holdMessage(o.from, o.meta, o.buf);
    this.expireRequests();
    this.timers.fire(this.nowMs);
    this.dirty = true;
  }

  /** Lockstep queues an input for the next step; real time posts it now. */
  private toMember(id: NodeId | undefined, f: (w: MemberWorker) => void): void {
    const run = () => {
      const w = id !== undefined ? this.members.get(id)?.worker : undefined;
      if (w) f(w);
    };
    if (this.mode === 'lockstep') this.inbox.push(run);
    else run();
  }

  /** Lockstep runs a control action (kill, isolate …) at the start of the next step. */
  private control<T>(f: () => T | Promise<T>): Promise<T> {
    if (this.mode !== 'lockstep') return Promise.resolve(f());
    return new Promise<T>((resolve, reject) => this.inbox.push(() => void Promise.resolve().then(f).then(resolve, reject)));
  }

  /** Switches the clock; lockstep starts from the current virtual time. */
  setClockMode(mode: ClockMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.syncDirect();
    this.paceMs = this.nowMs;
    this.lastRealMs = performance.now();
    this.postPace();
    // Whatever was waiting for a step goes out now in real-time mode.
    if (mode === 'realtime') {
      const inbox = this.inbox;
      this.inbox = [];
      for (const f of inbox) f();
    }
    this.dirty = true;
  }

  clockMode(): ClockMode {
    return this.mode;
  }

  /**
   * Lockstep: `f` runs at the start of the next step, before that step's queued inputs, so what it
   * sends belongs to that step whenever it was asked for (a recorded action replays at the same
   * step). Real time: runs now.
   */
  atNextStep(f: () => void): void {
    if (this.mode !== 'lockstep') {
      f();
      return;
    }
    this.stepStart.push(f);
    this.dirty = true;
  }

  /** Bumped by every stop of the cluster (reset, restore): who holds an older value holds a stale run. */
  resetEpoch(): number {
    return this.epoch;
  }

  /** Lockstep steps taken since the cluster started. */
  stepCount(): number {
    return this.stepNo;
  }

  /** Resolves once no lockstep step is running (after pause(), the clock then stands still). */
  settled(): Promise<void> {
    return this.turn;
  }

  /** Resolves after `ms` of virtual time. */
  afterVirtual(ms: number): Promise<void> {
    return this.timers.after(this.nowMs, ms);
  }

  private deliverDue(): void {
    const due = this.links.takeDue(this.nowMs);
    if (!due.length) return;
    this.dirty = true;
    for (const f of due) {
      const target = this.members.get(f.view.to);
      if (!target?.worker || !this.partitions.canDeliver(f.view.from, f.view.to)) continue;
      target.worker.post({ t: 'msg', buf: f.buf }, [f.buf]);
    }
  }

  // ---- ClusterController ----

  subscribe(onSnapshot: (s: ClusterSnapshot) => void, onEvents: (e: ClusterEvent[]) => void): () => void {
    this.snapshotListeners.add(onSnapshot);
    this.eventListeners.add(onEvents);
    if (this.events.length) onEvents([...this.events]);
    onSnapshot(this.snapshot());
    this.ensureFrameLoop();
    return () => {
      this.snapshotListeners.delete(onSnapshot);
      this.eventListeners.delete(onEvents);
    };
  }

  private ensureFrameLoop(): void {
    if (this.frame !== null || typeof requestAnimationFrame === 'undefined') return;
    const frame = () => {
      this.frame = requestAnimationFrame(frame);
      if (!this.dirty || !this.rendering || this.snapshotListeners.size === 0) return;
      // Free-run has no messages in flight to animate: a snapshot every frame would only make the UI
      // re-render 60 times a second while it competes with the relays for this thread.
      const now = performance.now();
      if (this.freeRun() && now - this.lastSnapshotMs < FREE_RUN_SNAPSHOT_MS) return;
      this.lastSnapshotMs = now;
      this.dirty = false;
      const s = this.snapshot();
      for (const l of this.snapshotListeners) l(s);
    };
    this.frame = requestAnimationFrame(frame);
  }

  snapshot(): ClusterSnapshot {
    const members: MemberInspect[] = [];
    for (const m of this.members.values()) members.push(this.memberView(m));
    return {
      nowMs: this.nowMs,
      tickMs: this.opts.tickMs,
      paused: this.paused,
      speed: this.opts.speed,
      seed: this.config?.seed ?? 0,
      members,
      isolated: this.partitions.isolated(),
      messages: this.links.views(),
      faults: this.faults.view(),
    };
  }

  private memberView(m: Member): MemberInspect {
    if (m.status && m.worker) return m.status;
    const base: MemberInspect = m.status ?? m.lastStatus ?? {
      id: m.id, name: m.cfg.name, alive: false, role: 'follower', term: 0, vote: 0, lead: 0,
      commitIndex: 0, appliedIndex: 0, firstIndex: 1, lastIndex: 0, electionElapsed: 0, electionTimeout: 10,
      heartbeatElapsed: 0, heartbeatTimeout: 1, progress: [], revision: 1, keys: 0, log: [],
      dbSizeBytes: 0, dbSizeInUseBytes: 0, leaseCount: 0, watcherCount: 0, alarms: [],
    };
    return { ...base, alive: false, role: 'follower', lead: 0, progress: [] };
  }

  /** A member's files as its data dir holds them now; null when it is not running. */
  async memberFiles(id: NodeId): Promise<MemberFiles | null> {
    const w = this.members.get(id)?.worker;
    return w ? w.files() : null;
  }

  /** A member's detailed state for a panel; null when it is not running. */
  async inspectMember<K extends InspectKind>(id: NodeId, kind: K, arg?: InspectArgMap[K]): Promise<InspectResultMap[K] | null> {
    const w = this.members.get(id)?.worker;
    return w ? w.inspectDetail(kind, arg) : null;
  }

  writeTraces(): WriteTraceView[] {
    return this.traces.list();
  }

  /** Runs a Txn builder transaction through `member` (the leader unless named). */
  async txn(spec: TxnSpec, member?: NodeId): Promise<TxnOutcome> {
    const to = member ?? this.leader() ?? 0;
    let req;
    try {
      req = buildTxn(spec);
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e), member: to };
    }
    this.emit({ kind: 'request', detail: `txn (builder) via n${to}` });
    const r = await this.request({ op: 'txn', req }, member);
    return r.ok ? txnOutcome(spec, r.resp as TxnResponse, to) : { ok: false, error: r.error.message, member: to };
  }

  /** Tells every worker the clock's pace (their write-path time stamps follow it). */
  private postPace(): void {
    const msg = this.paceMessage();
    for (const m of this.members.values()) m.worker?.post(msg);
  }

  private paceMessage() {
    return { t: 'clock' as const, atMs: this.nowMs, speed: this.opts.speed, paused: this.paused, tickMs: this.opts.tickMs, lockstep: this.mode === 'lockstep' };
  }

  /** Why a member could not start or had to stop (corrupt WAL, storage failure), if it did. */
  memberError(id: NodeId): string | undefined {
    return this.members.get(id)?.fatal;
  }

  dbNameOf(id: NodeId): string {
    return this.dbName(id);
  }

  storage(id: NodeId): StorageStatus | null {
    return this.members.get(id)?.storage ?? null;
  }

  leader(): NodeId | undefined {
    let best: MemberInspect | null = null;
    for (const m of this.members.values()) {
      const s = m.worker ? m.status : null;
      if (s?.role === 'leader' && (!best || s.term > best.term)) best = s;
    }
    return best?.id;
  }

  /** Where a client's request goes: the member named, else the leader, else any live member. */
  private clientTarget(target?: NodeId): NodeId | undefined {
    return target ?? this.leader() ?? [...this.members.values()].find((m) => m.worker)?.id;
  }

  /** Sends a request to the leader (or any live member), resolving with its result or a deadline error. */
  request(req: ClientRequest, target?: NodeId, timeoutMs = this.opts.requestTimeoutMs): Promise<ClientResult> {
    const to = this.clientTarget(target);
    const m = to !== undefined ? this.members.get(to) : undefined;
    const reqId = this.nextReqId++;
    return new Promise((resolve) => {
      this.pending.set(reqId, { resolve, deadlineMs: this.nowMs + timeoutMs });
      this.toMember(m?.id, (w) => w.post({ t: 'req', reqId, req }));
    });
  }

  /**
   * A connection for a client of its own (the benchmark's load worker) straight to a member's worker
   * (the leader unless named): the other end of the returned port takes requests (src/platform/browser/clientPort.ts).
   */
  openClientPort(target?: NodeId): MessagePort | null {
    const to = this.clientTarget(target);
    const w = to !== undefined ? this.members.get(to)?.worker : null;
    if (!w) return null;
    const ch = new MessageChannel();
    w.post({ t: 'clientPort', port: ch.port1 }, [ch.port1]);
    return ch.port2;
  }

  private readonly watchStreams = new Map<number, (r: WatchResponse) => void>();
  private nextStreamId = 1;

  /** Opens a watch stream on a member (the leader unless one is named). */
  openWatch(req: WatchCreateRequest, onResponse: (r: WatchResponse) => void, target?: NodeId): WatchHandle {
    const to = this.clientTarget(target);
    const m = to !== undefined ? this.members.get(to) : undefined;
    const streamId = this.nextStreamId++;
    this.watchStreams.set(streamId, onResponse);
    this.toMember(m?.id, (w) => w.post({ t: 'watch', w: { op: 'create', streamId, req } }));
    return {
      cancel: () => {
        this.watchStreams.delete(streamId);
        this.toMember(m?.id, (w) => w.post({ t: 'watch', w: { op: 'cancel', streamId } }));
      },
      requestProgress: () => this.toMember(m?.id, (w) => w.post({ t: 'watch', w: { op: 'progress', streamId } })),
      setReadsPerTick: (readsPerTick, bufferResponses) => this.toMember(m?.id, (w) => w.post({ t: 'watch', w: { op: 'slowClient', streamId, readsPerTick, bufferResponses } })),
    };
  }

  /** With `interrupt`, a long-running line (watch) ends when it resolves (Ctrl-C: 130). */
  run(line: string, stdin?: string, interrupt?: Promise<number>): Promise<CommandResult> {
    this.emit({ kind: 'request', detail: line });
    return runConsoleLine(this, line, stdin, interrupt);
  }

  kill(member: NodeId): Promise<void> {
    return this.control(() => this.crash(member));
  }

  private crash(member: NodeId): void {
    const m = this.members.get(member);
    if (!m?.worker) return;
    m.worker.terminate();
    m.worker = null;
    this.barrier.forget(member);
    // Its last status is history now (shown greyed); a restarted member reports afresh, so a stale
    // "leader" never attracts client requests.
    m.lastStatus = m.status;
    m.status = null;
    this.links.dropFor(member, false);
    this.emit({ kind: 'crashed', member });
  }

  restart(member: NodeId): Promise<void> {
    return this.control(async () => {
      const m = this.members.get(member);
      if (!m || m.worker) return;
      await this.startMember(member);
      this.emit({ kind: 'restarted', member });
    });
  }

  isolate(member: NodeId): Promise<void> {
    return this.control(() => {
      this.partitions.isolate(member);
      this.syncDirect();
      this.links.dropFor(member, true);
      this.emit({ kind: 'isolated', member });
    });
  }

  heal(): Promise<void> {
    return this.control(() => {
      this.partitions.heal();
      this.syncDirect();
      this.emit({ kind: 'healed' });
    });
  }

  // Faults (src/platform/browser/hubFaults.ts): plain-data arguments, errors thrown before anything changes.
  partition(groups: NodeId[][]): Promise<void> {
    return this.faults.partition(groups);
  }

  cutLink(from: NodeId, to: NodeId, opts?: { both?: boolean }): Promise<void> {
    return this.faults.cutLink(from, to, opts);
  }

  restoreLink(from: NodeId, to: NodeId, opts?: { both?: boolean }): Promise<void> {
    return this.faults.restoreLink(from, to, opts);
  }

  setLink(from: NodeId, to: NodeId, fault: Partial<LinkFault> | null, opts?: { both?: boolean }): Promise<void> {
    return this.faults.setLink(from, to, fault, opts);
  }

  setDiskLatency(member: NodeId, fsyncMs: number): Promise<void> {
    return this.faults.setDiskLatency(member, fsyncMs);
  }

  armCrashPoint(member: NodeId, point: CrashPoint | null): Promise<void> {
    return this.faults.armCrashPoint(member, point);
  }

  faultsView(): FaultsView {
    return this.faults.view();
  }

  /** `member add` (a learner unless told otherwise) and start the new member's worker; its name. */
  async addMember(opts: { learner?: boolean } = {}): Promise<string> {
    const guess = this.nextMemberId();
    const r = await this.request({ op: 'memberAdd', req: { peerURLs: [peerURL(guess)], isLearner: opts.learner ?? true, name: `n${guess}` } });
    if (!r.ok) throw new Error(r.error.message);
    // The cluster gives the next raft id, the one the page guessed (its peer URL says so); the
    // member id is etcd's hash of that URL and the second it was added in.
    await this.startAddedMember(guess);
    return `n${guess}`;
  }

  private async memberCall(req: ClientRequest): Promise<void> {
    const r = await this.request(req);
    if (!r.ok) throw new Error(r.error.message);
  }

  /**
   * The etcd member id of member `n<member>`: from the cluster's member list (every member of the
   * page has peer URL peerURL(raft id)); ids of members added at run time are not derivable.
   */
  private async memberHex(member: NodeId): Promise<string> {
    const r = await this.request({ op: 'memberList' });
    const found = r.ok ? (r.resp as MemberListResponse).members.find((m) => m.peerURLs.includes(peerURL(member))) : undefined;
    return found?.ID ?? memberIdHex(this.config.seed, member);
  }

  async promote(member: NodeId): Promise<void> {
    return this.memberCall({ op: 'memberPromote', id: await this.memberHex(member) });
  }

  async removeMember(member: NodeId): Promise<void> {
    return this.memberCall({ op: 'memberRemove', id: await this.memberHex(member) });
  }

  async moveLeader(member: NodeId): Promise<void> {
    return this.memberCall({ op: 'moveLeader', targetId: await this.memberHex(member) });
  }

  /** `etcdctl snapshot save` from one member: its db file with etcd's SHA-256 trailer. */
  async saveSnapshot(member: NodeId): Promise<Uint8Array> {
    const r = await this.request({ op: 'snapshot' }, member);
    if (!r.ok) throw new Error(r.error.message);
    return (r.resp as { blob: Uint8Array }).blob;
  }

  /**
   * `etcdctl snapshot restore`, then start: a new cluster whose members all begin from the file.
   * The file is checked first; a bad one is refused with a clear message and the running cluster is
   * not touched.
   */
  async restoreSnapshot(file: Uint8Array): Promise<void> {
    try {
      verifySnapshotFile(file);
    } catch (e) {
      // code = the BackendError code (not-bolt, corrupt, missing-hash, bad-hash, missing-bucket) for the UI's message.
      const err = new Error(`not a usable etcd snapshot: ${e instanceof Error ? e.message : String(e)}`);
      (err as Error & { code?: string }).code = (e as { code?: string }).code ?? 'corrupt';
      throw err;
    }
    this.restoreFile = file;
    try {
      await this.reset({ members: this.config.members });
    } finally {
      this.restoreFile = null;
    }
    this.emit({ kind: 'reset', detail: `restored from a snapshot (${file.length} bytes)` });
  }

  async reset(request: ResetRequest = {}): Promise<void> {
    const backendEngine = checkEngineChoice(request.backendEngine);
    this.stopAll();
    await this.wipe(this.config);
    this.configStore.clear();
    this.members = new Map();
    this.links.clear();
    this.events = [];
    this.traces.clear();
    this.logs = [];
    if (request.timing) Object.assign(this.opts, request.timing);
    await this.start({
      seed: request.seed ?? Math.floor(Math.random() * 2 ** 31),
      members: request.members ?? this.config.members,
      quotaBackendBytes: request.quotaBackendBytes,
      raft: request.raft,
      flags: request.flags,
      backendEngine,
    });
  }

  pause(): void {
    this.paused = true;
    this.syncDirect();
    this.dirty = true;
    this.postPace();
  }

  resume(): void {
    this.paused = false;
    this.syncDirect();
    this.lastRealMs = performance.now();
    this.dirty = true;
    this.postPace();
  }

  setSpeed(speed: number): void {
    this.opts.speed = Math.min(MAX_LOCKSTEP_SPEED, Math.max(0.02, speed));
    this.dirty = true;
    this.postPace();
  }

  /** One-way latency of every link, virtual ms; 0/0 is free-run (no animation, full speed). */
  setNetwork(n: { latencyMs: number; jitterMs: number }): void {
    this.opts.netLatencyMs = Math.max(0, n.latencyMs);
    this.opts.netJitterMs = Math.max(0, n.jitterMs);
    this.faults.network.setDefaultLink({ latencyMs: this.opts.netLatencyMs, jitterMs: this.opts.netJitterMs });
    this.syncDirect();
  }

  /** Pauses (false) or resumes the UI's snapshots; the cluster runs on either way. */
  setRendering(on: boolean): void {
    this.rendering = on;
    this.dirty = true;
  }

  /**
   * Raft messages go worker to worker (src/platform/browser/peerLinks.ts) only while the hub would
   * relay them untouched: free-run and no partition. Called at every loop and at once by anything
   * that changes either, so a cut takes effect before the next message.
   */
  private syncDirect(): void {
    const on = this.freeRun() && this.partitions.isEmpty() && !this.faults.network.hasLinkFaults();
    if (on === this.peerLinks.direct) return;
    const workers: MemberWorker[] = [];
    for (const m of this.members.values()) if (m.worker) workers.push(m.worker);
    this.peerLinks.set(on, workers);
  }

  /** Whether raft messages currently go worker to worker, and how many came through the hub so far. */
  routing(): { direct: boolean; relayedMessages: number } {
    return { direct: this.peerLinks.direct, relayedMessages: this.relayedMessages };
  }

  /** Latency 0/0 and not paused: messages are relayed as they arrive, nothing is held to animate. */
  private freeRun(): boolean {
    return this.mode !== 'lockstep' && this.opts.netLatencyMs === 0 && this.opts.netJitterMs === 0 && !this.paused;
  }

  /** For the benchmark's sanity row only: the WAL is 'strict' unless this says otherwise. */
  setWalDurability(d: 'strict' | 'relaxed'): void {
    this.walDurability = d;
    for (const m of this.members.values()) m.worker?.post({ t: 'walDurability', durability: d });
  }

  private stopAll(): void {
    this.epoch++;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const m of this.members.values()) {
      m.worker?.terminate();
      this.barrier.forget(m.id);
    }
    this.inbox = [];
    this.stepOutbox = [];
    this.stepStart = [];
    for (const p of this.pending.values()) p.resolve({ ok: false, error: etcdErrors.deadlineExceeded });
    this.pending.clear();
  }

  private async wipe(cfg: ClusterConfig): Promise<void> {
    const ids = new Set([...Array.from({ length: cfg.members }, (_, i) => i + 1), ...(cfg.joined ?? [])]);
    for (const id of ids) await deleteMemberDb(`etcdscope-${cfg.name}-n${id}`);
  }
}
