// Everything a node worker does, as a class the worker exposes through comlink:
// open IndexedDB, recover or bootstrap the EtcdNode, and run the NodeDriver on port messages.
import { EtcdNode, type ClientResult } from '../../etcd/etcdNode';
import { NodeDriver } from '../../host/nodeDriver';
import { encodeMessages, decodeMessages } from '../../pb/raftpb';
import type { ClientToMember, HubToWorker, MemberToClient, MessageMeta, PeerToPeer, StartOptions, StartResult, WorkerToHub } from '../../protocol/worker';
import { PROTOCOL_VERSION } from '../../protocol/worker';
import type { CrashPoint } from '../../protocol/faults';
import type { InspectArgMap, InspectKind, InspectResultMap, MemberFiles } from '../../protocol/inspect';
import { type IdbDisk, StorageError, openIdbStore } from './idbDisk';
import { WorkerClock } from './workerClock';
import { FaultyDisk } from '../../host/faultyDisk';
import { DiskTimers } from './diskTimers';

/** Status is published at most this often (real ms): enough for 60 fps panels, cheap for the worker. */
const STATUS_INTERVAL_MS = 33;
/** How long a starting member waits for its store's lock (held by a worker that is going away). */
const STORE_LOCK_WAIT_MS = 5000;
/** Requests from client ports get driver request ids from here up, apart from the hub's (which count from 1). */
const CLIENT_REQ_ID_BASE = 2 ** 40;

export class NodeHost {
  private port: MessagePort | null = null;
  private driver: NodeDriver | null = null;
  private disk: IdbDisk | null = null;
  private readBack: (() => Promise<MemberFiles>) | null = null;
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  private tornTail: string | undefined;
  /** Lockstep: the hub's sync waiting for this worker to be idle. */
  private pendingSync: number | null = null;
  /** The hub's virtual time as this worker sees it (stamps write-path steps, times the disk). */
  private readonly clock = new WorkerClock();
  /** The member's disk faults (slow fsync, crash points) around the IndexedDB disk. */
  private faulty: FaultyDisk | null = null;
  private readonly diskTimers = new DiskTimers(this.clock);
  /** Ports straight to peers' workers, used while the hub says `direct` (free-run, nothing to show). */
  private readonly peerPorts = new Map<number, MessagePort>();
  private direct = false;
  /** Requests that came in on a client port: driver request id → where to answer. */
  private readonly clientRequests = new Map<number, { port: MessagePort; reqId: number }>();
  private nextClientReqId = CLIENT_REQ_ID_BASE;

  async start(opts: StartOptions, port: MessagePort): Promise<StartResult> {
    if (opts.protocolVersion !== PROTOCOL_VERSION) {
      throw new Error(`protocol mismatch: page ${opts.protocolVersion}, worker ${PROTOCOL_VERSION}; reload the page`);
    }
    this.port = port;
    // The member's Web Lock: a worker of a crashed (terminated) member lets go as it dies, so wait a
    // little for that; a store still held after it belongs to another live worker or tab.
    const store = await openIdbStore(opts.dbName, { onFatal: (err) => this.fatal(err), lockWaitMs: STORE_LOCK_WAIT_MS });
    const disk = store.disk;
    this.disk = disk;
    this.readBack = store.readBack;
    const records = store.walRecords;
    let node: EtcdNode;
    // etcd seeds its request/lease id generator with the wall clock at start.
    const cfg = { ...opts.cfg, startUnixMs: opts.cfg.startUnixMs ?? Date.now() };
    if (records.length === 0) node = EtcdNode.bootstrap(cfg, opts.snapshot);
    else {
      const r = EtcdNode.restart(cfg, [...records], store.dbFile, [...store.snapshots]);
      node = r.node;
      this.tornTail = r.tornTail;
      if (r.tornRecordIndex !== undefined) await store.truncateWal(r.tornRecordIndex);
    }
    this.faulty = new FaultyDisk(disk, this.diskTimers, (point) => this.crashPoint(point), opts.diskFault ?? {}, () => this.answerSync());
    this.driver = new NodeDriver(
      node,
      this.faulty,
      { send: (msgs) => this.sendMessages(msgs) },
      {
        respond: (reqId, result) => this.respond(reqId, result),
        watch: (streamId, response) => this.post({ t: 'watchResp', streamId, response }),
        events: (events) => this.post({ t: 'events', events }),
        changed: () => {
          this.scheduleStatus();
          this.answerSync();
        },
      },
      () => this.clock.now(),
    );
    port.onmessage = (e: MessageEvent<HubToWorker>) => this.onPortMessage(e.data);
    this.driver.onStart(opts.activePeers ?? 0);
    this.scheduleStatus();
    return { recoveredRecords: records.length, tornTail: this.tornTail };
  }

  private onPortMessage(m: HubToWorker): void {
    const d = this.driver;
    if (!d) return;
    if (m.t === 'tick') {
      if (m.atMs !== undefined) {
        this.clock.tick(m.atMs);
        this.diskTimers.reached(m.atMs);
      }
      d.onTick();
    } else if (m.t === 'clock') {
      this.clock.setPace(m);
      this.diskTimers.lockstep = m.lockstep ?? false;
      this.diskTimers.speed = m.speed;
      this.diskTimers.paused = m.paused;
      this.diskTimers.reached(m.atMs);
    } else if (m.t === 'wake') {
      this.clock.tick(m.atMs);
      this.diskTimers.reached(m.atMs);
    } else if (m.t === 'diskFault') this.faulty?.set(m.fault);
    else if (m.t === 'msg') for (const msg of decodeMessages(new Uint8Array(m.buf))) d.onMessage(msg);
    else if (m.t === 'req') d.onClientRequest(m.reqId, m.req);
    else if (m.t === 'watch') d.onWatch(m.w);
    else if (m.t === 'walDurability') this.disk?.setWalDurability(m.durability);
    else if (m.t === 'sync') {
      this.pendingSync = m.seq;
      this.answerSync();
    } else if (m.t === 'peerPort') this.addPeerPort(m.peer, m.port as MessagePort);
    else if (m.t === 'direct') this.direct = m.on;
    else if (m.t === 'clientPort') this.addClientPort(m.port as MessagePort);
  }

  private addPeerPort(peer: number, port: MessagePort): void {
    this.peerPorts.get(peer)?.close();
    this.peerPorts.set(peer, port);
    // A peer sends here only while the hub has both of us in direct mode.
    port.onmessage = (e: MessageEvent<PeerToPeer>) => {
      const d = this.driver;
      if (!d) return;
      for (const buf of e.data.bufs) for (const msg of decodeMessages(new Uint8Array(buf))) d.onMessage(msg);
    };
  }

  private addClientPort(port: MessagePort): void {
    port.onmessage = (e: MessageEvent<ClientToMember>) => {
      const d = this.driver;
      if (!d || e.data.t !== 'req') return;
      const id = this.nextClientReqId++;
      this.clientRequests.set(id, { port, reqId: e.data.reqId });
      d.onClientRequest(id, e.data.req);
    };
  }

  private respond(reqId: number, result: ClientResult): void {
    const c = this.clientRequests.get(reqId);
    if (!c) {
      this.post({ t: 'resp', reqId, result });
      return;
    }
    this.clientRequests.delete(reqId);
    const m: MemberToClient = { t: 'resp', reqId: c.reqId, result };
    c.port.postMessage(m);
  }

  /**
   * Idle = every input handled and no WAL record in flight (or one written whose slow-disk latency
   * only waits for virtual time: the hub wakes the worker then); the status rides along so the
   * hub's view is exact.
   */
  private answerSync(): void {
    const d = this.driver;
    const f = this.faulty;
    if (this.pendingSync === null || !d || (d.busy && !f?.waitingOnlyForTime)) return;
    const seq = this.pendingSync;
    this.pendingSync = null;
    const wakeAtMs = f ? Math.min(f.nextDueMs(), this.diskTimers.nextMs()) : Infinity;
    this.post({ t: 'idle', seq, status: d.node.inspect(), ...(wakeAtMs < Infinity ? { wakeAtMs } : {}) });
  }

  /** An armed crash point fired: stop right here (nothing more is written or sent) and tell the hub. */
  private crashPoint(point: CrashPoint): void {
    this.driver?.stop();
    this.post({ t: 'crashPoint', point });
  }

  private sendMessages(msgs: Parameters<NodeDriver['onMessage']>[0][]): void {
    const bufs: ArrayBuffer[] = [];
    const metas: MessageMeta[] = [];
    // Direct mode: one postMessage per peer per Ready, straight to its worker.
    let direct: Map<number, ArrayBuffer[]> | null = null;
    for (const m of msgs) {
      const bytes = encodeMessages([m]);
      const buf = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
      if (this.direct && this.peerPorts.has(m.to)) {
        direct ??= new Map();
        const list = direct.get(m.to);
        if (list) list.push(buf as ArrayBuffer);
        else direct.set(m.to, [buf as ArrayBuffer]);
        continue;
      }
      bufs.push(buf as ArrayBuffer);
      metas.push({
        to: m.to,
        type: m.type,
        term: m.term,
        logTerm: m.logTerm,
        index: m.index,
        commit: m.commit,
        entries: m.entries.length,
        reject: m.reject,
      });
    }
    if (direct) {
      for (const [to, list] of direct) {
        const msg: PeerToPeer = { t: 'msgs', bufs: list };
        this.peerPorts.get(to)!.postMessage(msg, list);
      }
    }
    if (bufs.length) this.post({ t: 'msgs', bufs, metas }, bufs);
  }

  private scheduleStatus(): void {
    if (this.statusTimer !== null) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.publishStatus();
    }, STATUS_INTERVAL_MS);
  }

  private publishStatus(): void {
    if (!this.driver || !this.disk) return;
    this.post({
      t: 'status',
      status: this.driver.node.inspect(),
      storage: {
        walRecords: this.disk.walRecordsWritten,
        walDurability: this.disk.lastWalDurability,
        tornTail: this.tornTail,
      },
    });
  }

  inspect() {
    return this.driver?.node.inspect();
  }

  inspectDetail<K extends InspectKind>(kind: K, arg?: InspectArgMap[K]): InspectResultMap[K] | null {
    if (!this.driver) return null;
    // Metrics include the latencies the driver measured on this worker's disk.
    return kind === 'metrics' ? (this.driver.metrics() as InspectResultMap[K]) : this.driver.node.inspectDetail(kind, arg);
  }

  /** The member's data dir as stored now (etcd-dump-logs / etcd-dump-db); null before it started. */
  async files(): Promise<MemberFiles | null> {
    if (!this.readBack || !this.driver) return null;
    const node = this.driver.node;
    return { ...(await this.readBack()), metadata: { nodeIdHex: node.memberId(), clusterIdHex: node.cfg.clusterId } };
  }

  private fatal(err: StorageError): void {
    this.driver?.stop();
    this.post({ t: 'fatal', error: err.message });
  }

  private post(m: WorkerToHub, transfer: Transferable[] = []): void {
    this.port?.postMessage(m, transfer);
  }
}
