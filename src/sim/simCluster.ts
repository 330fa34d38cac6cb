// A whole etcd cluster in one thread with a virtual clock: the same EtcdNode and NodeDriver as the
// page's workers, with SimDisk and a seeded network. Used by the sim CLI, tests and the oracle runner.
import { type EngineChoice, engineFor } from '../backend/engineStats';
import type { InspectArgMap, InspectKind, InspectResultMap } from '../protocol/inspect';
import { Prng } from '../lib/prng';
import { fnv1a32, utf8 } from '../lib/bytes';
import { EtcdNode, type ClientRequest, type ClientResult, type EtcdNodeConfig, type NodeEvent } from '../etcd/etcdNode';
import type { ServerFlags, ServerLogLine } from '../etcd/nodeTypes';
import { NodeDriver } from '../host/nodeDriver';
import { WriteTraces } from '../host/writeTraces';
import { Network } from '../host/network';
import { FaultyDisk, type DiskTimer } from '../host/faultyDisk';
import type { Partitions } from '../host/partitions';
import type { CrashPoint, DiskFault, FaultsView, LinkFault } from '../protocol/faults';
import { validFsyncMs, isCrashPoint } from '../protocol/faults';
import { clusterIdHex, makeInitialCluster } from '../etcd/ids';
import { etcdErrors } from '../etcd/errors';
import type { Message, NodeId } from '../raft/types';
import { MESSAGE_TYPE_NAMES, MessageType } from '../raft/types';
import { decodeMessages, encodeMessages } from '../pb/raftpb';
import type { MemberInspect } from '../protocol/view';
import { EventQueue } from './eventQueue';
import type { WatchCreateRequest, WatchHandle, WatchResponse } from '../etcdctl/client';
import { SimDisk } from './simDisk';

export interface SimOptions {
  members: number;
  seed: number;
  tickMs: number;
  electionTicks: number;
  heartbeatTicks: number;
  netLatencyMs: number;
  netJitterMs: number;
  dropRate: number;
  fsyncMs: number;
  fsyncJitterMs: number;
  /** etcdctl's --command-timeout (virtual ms). */
  requestTimeoutMs: number;
  preVote: boolean;
  checkQuorum: boolean;
  /** Member names are `${namePrefix}1` …; the oracle's clusters use "m". */
  namePrefix?: string;
  /** Override the derived etcd member ids (hex) and cluster id, e.g. with the oracle's real ones. */
  memberIdOf?: (raftId: number) => string;
  clusterId?: string;
  /** Server flags (etcd's --max-txn-ops, --max-request-bytes). */
  maxTxnOps?: number;
  maxRequestBytes?: number;
  /** The wall-clock ms virtual time 0 stands for: seeds each member's id generator (request and lease ids). */
  epochUnixMs?: number;
  /** `etcdctl snapshot restore`: every initial member starts from this snapshot file (as the page's restoreSnapshot). */
  snapshotDb?: Uint8Array;
  /** etcd's --snapshot-count and the catch-up entries kept behind a snapshot (defaults 100,000 / 5,000). */
  snapshotCount?: number;
  snapshotCatchUpEntries?: number;
  /** etcd's --quota-backend-bytes (0 or absent: 2 GiB). */
  quotaBackendBytes?: number;
  /** etcd's --bcrypt-cost (default 10). */
  bcryptCost?: number;
  /** Other server flags (--auto-compaction-*, --auth-token …), given to every member as is. */
  serverFlags?: ServerFlags;
  /** etcdscope's --backend-engine: one for all, or per member (src/backend/engineStats.ts). */
  backendEngine?: EngineChoice;
}

/** Server log lines a host keeps (the newest). */
export const SERVER_LOG_KEEP = 500;

/** 2023-11-14T22:13:20Z: a fixed start, so ids are the same in every run of a seed. */
export const DEFAULT_SIM_EPOCH_UNIX_MS = 1_700_000_000_000;

export const DEFAULT_SIM_OPTIONS: SimOptions = {
  members: 3,
  seed: 1,
  tickMs: 100,
  electionTicks: 10,
  heartbeatTicks: 1,
  netLatencyMs: 1,
  netJitterMs: 1,
  dropRate: 0,
  fsyncMs: 1,
  fsyncJitterMs: 1,
  requestTimeoutMs: 5000,
  preVote: false,
  checkQuorum: true,
};

interface SimMember {
  id: NodeId;
  cfg: EtcdNodeConfig;
  disk: SimDisk;
  /** The member's disk faults (they outlive a restart, like a slow device) and this incarnation's wrapper. */
  diskFault: DiskFault;
  faulty: FaultyDisk | null;
  driver: NodeDriver | null;
  /** Restarts bump this so stale ticks and deliveries for a dead incarnation are ignored. */
  incarnation: number;
}

interface PendingClient {
  done: (r: ClientResult) => void;
  member: NodeId;
}

export interface SimCounters {
  messagesSent: number;
  messagesDelivered: number;
  messagesDropped: number;
  walAppends: number;
  crashes: number;
  restarts: number;
  requests: number;
  responsesOk: number;
  responsesErr: number;
  timeouts: number;
  /** Raft snapshots made (every snapshotCount entries), sent in MsgSnap, and installed from one. */
  snapshotsCreated: number;
  snapshotsSent: number;
  snapshotsInstalled: number;
}

export class SimCluster {
  readonly opts: SimOptions;
  readonly queue = new EventQueue();
  /** Partitions and per-link latency/loss: the same fault model as the page's hub. */
  readonly network: Network;
  readonly members = new Map<NodeId, SimMember>();
  readonly counters: SimCounters = {
    messagesSent: 0,
    messagesDelivered: 0,
    messagesDropped: 0,
    walAppends: 0,
    crashes: 0,
    restarts: 0,
    requests: 0,
    responsesOk: 0,
    responsesErr: 0,
    timeouts: 0,
    snapshotsCreated: 0,
    snapshotsSent: 0,
    snapshotsInstalled: 0,
  };
  private readonly pending = new Map<number, PendingClient>();
  private nextReqId = 1;
  private traceHash = 0x811c9dc5;
  /** Role events as text lines, for tests and the CLI. */
  readonly log: string[] = [];
  /** The members' server log lines (etcd's logger), oldest first, at most SERVER_LOG_KEEP. */
  readonly serverLogs: ServerLogLine[] = [];
  /** Every proposed entry's write path across the members (the Write path panel's data). */
  readonly writeTraces = new WriteTraces();
  lastKnownLeader: NodeId = 0;

  constructor(opts: Partial<SimOptions> = {}) {
    this.opts = { ...DEFAULT_SIM_OPTIONS, ...opts };
    const root = new Prng(this.opts.seed);
    this.network = new Network(root.fork('net'), { latencyMs: this.opts.netLatencyMs, jitterMs: this.opts.netJitterMs, lossPct: this.opts.dropRate * 100 });
    this.root = root;
    const peers = Array.from({ length: this.opts.members }, (_, i) => i + 1);
    this.initialCluster = makeInitialCluster(this.opts.seed, this.opts.members, this.opts.namePrefix ?? 'n').map((m) =>
      this.opts.memberIdOf ? { ...m, memberId: this.opts.memberIdOf(m.id) } : m,
    );
    for (const id of peers) this.addMemberSlot(id, false);
    for (const id of peers) this.startMember(id, EtcdNode.bootstrap(this.incarnationCfg(this.members.get(id)!), this.opts.snapshotDb));
  }

  private readonly root: Prng;
  private readonly initialCluster: ReturnType<typeof makeInitialCluster>;

  private addMemberSlot(id: NodeId, join: boolean): SimMember {
    const cfg: EtcdNodeConfig = {
      id,
      name: `${this.opts.namePrefix ?? 'n'}${id}`,
      initialCluster: this.initialCluster,
      join,
      clusterId: this.opts.clusterId ?? clusterIdHex(this.opts.seed),
      maxTxnOps: this.opts.maxTxnOps,
      maxRequestBytes: this.opts.maxRequestBytes,
      snapshotCount: this.opts.snapshotCount,
      snapshotCatchUpEntries: this.opts.snapshotCatchUpEntries,
      quotaBackendBytes: this.opts.quotaBackendBytes,
      bcryptCost: this.opts.bcryptCost,
      backendEngine: engineFor(this.opts.backendEngine, id),
      electionTicks: this.opts.electionTicks,
      heartbeatTicks: this.opts.heartbeatTicks,
      seed: this.opts.seed,
      preVote: this.opts.preVote,
      checkQuorum: this.opts.checkQuorum,
      ...this.opts.serverFlags,
    };
    const disk = new SimDisk(this.queue, this.root.fork(`disk-${id}`), {
      fsyncMs: this.opts.fsyncMs,
      fsyncJitterMs: this.opts.fsyncJitterMs,
    });
    const m: SimMember = { id, cfg, disk, diskFault: { fsyncMs: 0, crashPoint: null }, faulty: null, driver: null, incarnation: 0 };
    this.members.set(id, m);
    return m;
  }

  /** Starts a member that `member add` put into the cluster (etcd: --initial-cluster-state=existing). */
  startAddedMember(id: NodeId): void {
    if (this.members.has(id)) return;
    const m = this.addMemberSlot(id, true);
    this.trace(`${this.nowMs} start-added ${id}`);
    this.startMember(id, EtcdNode.bootstrap(this.incarnationCfg(m)));
  }

  /** A member's config for an incarnation starting now (etcd seeds its id generator with the start time). */
  private incarnationCfg(m: SimMember): EtcdNodeConfig {
    return { ...m.cfg, startUnixMs: (this.opts.epochUnixMs ?? DEFAULT_SIM_EPOCH_UNIX_MS) + this.nowMs };
  }

  get nowMs(): number {
    return this.queue.nowMs;
  }

  /** Folds a line into the trace hash (the run's fingerprint: same seed, same hash). */
  private trace(line: string): void {
    this.traceHash = fnv1a32(utf8(line), this.traceHash);
  }

  hash(): string {
    return this.traceHash.toString(16).padStart(8, '0');
  }

  private startMember(id: NodeId, node: EtcdNode): void {
    const m = this.members.get(id)!;
    const incarnation = ++m.incarnation;
    const faulty = new FaultyDisk(m.disk, this.diskTimer, (point) => this.onCrashPoint(id, point), m.diskFault);
    m.faulty = faulty;
    const driver = new NodeDriver(node, faulty, { send: (msgs) => this.send(id, msgs) }, {
      respond: (reqId, result) => this.onResponse(reqId, result),
      watch: (streamId, response) => this.onWatchResponse(streamId, response),
      events: (events) => this.onNodeEvents(id, events),
      changed: () => {},
    }, () => this.nowMs);
    m.driver = driver;
    // etcd's adjustTicks: peers are "connected" when up (or starting with this one) and reachable.
    const peers = [...this.members.values()].filter((o) => o.id !== id && (o.driver !== null || o.incarnation === 0) && this.partitions.canDeliver(id, o.id));
    driver.onStart(peers.length);
    // Members tick at the same period with a per-member phase, as separate processes would.
    const phase = new Prng(this.opts.seed).fork(`phase-${id}-${incarnation}`).intn(0, this.opts.tickMs);
    const tick = () => {
      if (m.incarnation !== incarnation || !m.driver) return;
      m.driver.onTick();
      this.queue.after(this.opts.tickMs, tick);
    };
    this.queue.after(phase, tick);
  }

  private readonly diskTimer: DiskTimer = { now: () => this.queue.nowMs, at: (atMs, f) => this.queue.at(atMs, f) };

  /** Partitions (isolate, groups, one-way cuts), as the network model holds them. */
  get partitions(): Partitions {
    return this.network.partitions;
  }

  /** An armed crash point fired: the member dies right there; the point is disarmed (it fires once). */
  private onCrashPoint(id: NodeId, point: CrashPoint): void {
    const m = this.members.get(id)!;
    m.diskFault = { ...m.diskFault, crashPoint: null };
    this.log.push(`${this.nowMs.toFixed(0)}ms n${id} crash point ${point}`);
    this.trace(`${this.nowMs} crash-point ${id} ${point}`);
    this.kill(id);
  }

  private send(from: NodeId, msgs: Message[]): void {
    for (const msg of msgs) {
      this.counters.messagesSent++;
      if (msg.type === MessageType.MsgSnap) this.counters.snapshotsSent++;
      const to = msg.to;
      const delay = this.network.route(from, to);
      if (delay === null) {
        this.counters.messagesDropped++;
        continue;
      }
      // Cross the boundary through the wire codec, exactly as between workers.
      const wire = encodeMessages([msg]);
      this.queue.after(delay, () => {
        const target = this.members.get(to);
        if (!target?.driver || !this.partitions.canDeliver(from, to)) {
          this.counters.messagesDropped++;
          return;
        }
        for (const m of decodeMessages(wire)) {
          this.counters.messagesDelivered++;
          this.trace(`${this.nowMs.toFixed(3)} ${from}->${to} ${MESSAGE_TYPE_NAMES[m.type]} t${m.term} i${m.index} c${m.commit}`);
          target.driver.onMessage(m);
        }
      });
    }
  }

  private onNodeEvents(id: NodeId, events: NodeEvent[]): void {
    for (const e of events) {
      if (e.kind === 'removed') {
        // etcd exits once it applies its own removal.
        this.log.push(`${this.nowMs.toFixed(0)}ms n${id} removed from the cluster`);
        this.queue.after(0, () => this.kill(id));
        continue;
      }
      if (e.kind === 'snapshot') {
        if (e.action === 'created') this.counters.snapshotsCreated++;
        else this.counters.snapshotsInstalled++;
        this.log.push(`${this.nowMs.toFixed(0)}ms n${id} snapshot ${e.action} at ${e.index}`);
        continue;
      }
      if (e.kind === 'log') {
        this.serverLogs.push({ atMs: this.nowMs, member: id, level: e.level, msg: e.msg });
        if (this.serverLogs.length > SERVER_LOG_KEEP) this.serverLogs.shift();
        continue;
      }
      if (e.kind === 'write') {
        this.writeTraces.add(id, e);
        continue;
      }
      if (e.kind === 'role') {
        const line = `${this.nowMs.toFixed(0)}ms n${id} ${e.role} term ${e.term}`;
        this.log.push(line);
        this.trace(line);
        if (e.role === 'leader') this.lastKnownLeader = id;
      }
    }
  }

  private onResponse(reqId: number, result: ClientResult): void {
    const p = this.pending.get(reqId);
    if (!p) return;
    this.pending.delete(reqId);
    if (result.ok) this.counters.responsesOk++;
    else this.counters.responsesErr++;
    this.trace(`${this.nowMs.toFixed(3)} resp ${reqId} ${result.ok ? 'ok' : result.error.message}`);
    p.done(result);
  }

  private readonly watchStreams = new Map<number, { member: NodeId; onResponse: (r: WatchResponse) => void }>();
  private nextStreamId = 1;

  /** Opens a watch stream on a member (etcd's Watch service); responses arrive after one network hop. */
  openWatch(req: WatchCreateRequest, onResponse: (r: WatchResponse) => void, target = this.pickTarget()): WatchHandle {
    const streamId = this.nextStreamId++;
    const member = target !== undefined ? this.members.get(target) : undefined;
    if (!member) return { cancel() {} };
    this.watchStreams.set(streamId, { member: member.id, onResponse });
    this.queue.after(this.opts.netLatencyMs, () => member.driver?.onWatch({ op: 'create', streamId, req }));
    return {
      cancel: () => {
        this.watchStreams.delete(streamId);
        this.queue.after(this.opts.netLatencyMs, () => member.driver?.onWatch({ op: 'cancel', streamId }));
      },
      requestProgress: () => {
        this.queue.after(this.opts.netLatencyMs, () => member.driver?.onWatch({ op: 'progress', streamId }));
      },
      setReadsPerTick: (readsPerTick, bufferResponses) => {
        this.queue.after(this.opts.netLatencyMs, () => member.driver?.onWatch({ op: 'slowClient', streamId, readsPerTick, bufferResponses }));
      },
    };
  }

  private onWatchResponse(streamId: number, response: WatchResponse): void {
    const s = this.watchStreams.get(streamId);
    if (!s) return;
    if (response.canceled) this.watchStreams.delete(streamId);
    this.trace(`${this.nowMs.toFixed(3)} watch ${streamId} ${response.events.length} ${response.canceled}`);
    this.queue.after(this.opts.netLatencyMs, () => s.onResponse(response));
  }

  /** Where a client sends: the leader if known and alive, else the lowest alive member (etcdctl's first endpoint). */
  pickTarget(): NodeId | undefined {
    const leader = this.leader();
    if (leader) return leader;
    for (const m of this.members.values()) if (m.driver) return m.id;
    return undefined;
  }

  leader(): NodeId | undefined {
    let best: MemberInspect | undefined;
    for (const m of this.members.values()) {
      if (!m.driver) continue;
      const s = m.driver.node.inspect();
      if (s.role === 'leader' && (!best || s.term > best.term)) best = s;
    }
    return best?.id;
  }

  /** A client request with etcdctl's deadline; `done` is called exactly once. */
  request(creq: ClientRequest, done: (r: ClientResult) => void, target = this.pickTarget()): void {
    this.counters.requests++;
    const reqId = this.nextReqId++;
    const member = target ? this.members.get(target) : undefined;
    if (!member?.driver) {
      this.queue.after(this.opts.requestTimeoutMs, () => done({ ok: false, error: etcdErrors.deadlineExceeded }));
      return;
    }
    this.pending.set(reqId, { done, member: member.id });
    this.queue.after(this.opts.requestTimeoutMs, () => {
      if (!this.pending.has(reqId)) return;
      this.pending.delete(reqId);
      this.counters.timeouts++;
      this.trace(`${this.nowMs.toFixed(3)} timeout ${reqId}`);
      done({ ok: false, error: etcdErrors.deadlineExceeded });
    });
    // The request reaches the member after one network hop.
    this.queue.after(this.opts.netLatencyMs, () => {
      if (member.driver && this.pending.has(reqId)) member.driver.onClientRequest(reqId, creq);
    });
  }

  /** Runs a request to completion in virtual time. */
  requestSync(creq: ClientRequest, target?: NodeId): ClientResult {
    let result: ClientResult | undefined;
    this.request(creq, (r) => (result = r), target);
    this.runUntil(() => result !== undefined, this.opts.requestTimeoutMs * 2);
    if (!result) throw new Error('request neither answered nor timed out');
    return result;
  }

  kill(id: NodeId): void {
    const m = this.members.get(id);
    if (!m?.driver) return;
    m.driver.stop();
    m.driver = null;
    m.faulty?.stop();
    m.faulty = null;
    m.incarnation++;
    m.disk.crash();
    this.counters.crashes++;
    this.trace(`${this.nowMs} kill ${id}`);
    this.log.push(`${this.nowMs.toFixed(0)}ms n${id} crashed`);
  }

  restart(id: NodeId): void {
    const m = this.members.get(id);
    if (!m || m.driver) return;
    const { node } = EtcdNode.restart(this.incarnationCfg(m), m.disk.durable, m.disk.dbFile(), m.disk.snapshots);
    this.counters.restarts++;
    this.trace(`${this.nowMs} restart ${id}`);
    this.log.push(`${this.nowMs.toFixed(0)}ms n${id} restarted`);
    this.startMember(id, node);
  }

  isolate(id: NodeId): void {
    this.partitions.isolate(id);
    this.trace(`${this.nowMs} isolate ${id}`);
  }

  heal(): void {
    this.partitions.heal();
    this.trace(`${this.nowMs} heal`);
  }

  /** Splits the members into groups that cannot reach each other (members in no group form one more). */
  partition(groups: NodeId[][]): void {
    this.partitions.partition(groups);
    this.trace(`${this.nowMs} partition ${JSON.stringify(groups)}`);
  }

  /** Cuts from → to (one way; both with `both`). */
  cutLink(from: NodeId, to: NodeId, both = false): void {
    this.partitions.cutLink(from, to);
    if (both) this.partitions.cutLink(to, from);
    this.trace(`${this.nowMs} cut ${from} ${to} ${both}`);
  }

  restoreLink(from: NodeId, to: NodeId, both = false): void {
    this.partitions.restoreLink(from, to);
    if (both) this.partitions.restoreLink(to, from);
    this.trace(`${this.nowMs} restore ${from} ${to} ${both}`);
  }

  /** Latency, jitter and loss of from → to (both directions with `both`); null returns it to the default. */
  setLink(from: NodeId, to: NodeId, fault: Partial<LinkFault> | null, both = false): void {
    this.network.setLink(from, to, fault);
    if (both) this.network.setLink(to, from, fault);
    this.trace(`${this.nowMs} link ${from} ${to} ${JSON.stringify(fault)} ${both}`);
  }

  /** Extra fsync latency of a member's disk (virtual ms); it outlives restarts, like a slow device. */
  setDiskLatency(id: NodeId, fsyncMs: number): void {
    const m = this.members.get(id);
    if (!m) throw new Error(`no member n${id}`);
    m.diskFault = { ...m.diskFault, fsyncMs: validFsyncMs(fsyncMs) };
    m.faulty?.set({ fsyncMs });
    this.trace(`${this.nowMs} disk ${id} ${fsyncMs}`);
  }

  /** Arms (or with null disarms) a crash point in a member's write path; it fires once. */
  armCrashPoint(id: NodeId, point: CrashPoint | null): void {
    const m = this.members.get(id);
    if (!m) throw new Error(`no member n${id}`);
    if (point !== null && !isCrashPoint(point)) throw new Error(`unknown crash point ${String(point)}`);
    m.diskFault = { ...m.diskFault, crashPoint: point };
    m.faulty?.set({ crashPoint: point });
    this.trace(`${this.nowMs} crash-point-arm ${id} ${point}`);
  }

  /** The fault model as plain data (what the page's snapshot carries). */
  faults(): FaultsView {
    return {
      groups: this.partitions.groups(),
      isolated: this.partitions.isolated(),
      cuts: this.partitions.cuts(),
      links: this.network.linkViews(),
      defaultLink: { ...this.network.defaultLink },
      disks: [...this.members.values()].filter((m) => m.diskFault.fsyncMs > 0 || m.diskFault.crashPoint).map((m) => ({ member: m.id, ...m.diskFault })),
    };
  }

  inspect(id: NodeId): MemberInspect | undefined {
    return this.members.get(id)?.driver?.node.inspect();
  }

  /** A member's detailed view for a panel (the same call the browser's inspectMember makes); undefined when down. */
  inspectDetail<K extends InspectKind>(id: NodeId, kind: K, arg?: InspectArgMap[K]): InspectResultMap[K] | undefined {
    const d = this.members.get(id)?.driver;
    // metrics carry the latencies the driver measured, as the page's NodeHost gives them
    if (kind === 'metrics') return d?.metrics() as InspectResultMap[K] | undefined;
    return d?.node.inspectDetail(kind, arg);
  }

  alive(): NodeId[] {
    return [...this.members.values()].filter((m) => m.driver).map((m) => m.id);
  }

  runFor(ms: number): void {
    const end = this.nowMs + ms;
    while ((this.queue.peekTime() ?? Infinity) <= end) this.queue.step();
    this.queue.nowMs = Math.max(this.queue.nowMs, end);
  }

  /** Steps events until `pred` holds; false if `limitMs` of virtual time passed first. */
  runUntil(pred: () => boolean, limitMs: number): boolean {
    const end = this.nowMs + limitMs;
    while (!pred()) {
      const t = this.queue.peekTime();
      if (t === undefined || t > end) return pred();
      this.queue.step();
    }
    return true;
  }

  /** Steps one event, for async drivers (etcdctl awaiting the client); false when idle. */
  stepOnce(): boolean {
    return this.queue.step();
  }
}
