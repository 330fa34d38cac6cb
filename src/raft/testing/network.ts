// A deterministic in-memory cluster for tests: every node is a RawNode over a MemoryStorage, and
// messages sit in per-recipient inboxes until the test delivers them. Nothing happens on its own.
import type { Entry, Message, NodeId, Ready, ReadState } from '../types';
import { EntryType, StateType } from '../types';
import { RawNode } from '../rawNode';
import { MemoryStorage } from '../storage';
import type { Config } from '../config';
import { ErrProposalDropped } from '../errors';
import { Prng } from '../../lib/prng';

export interface TestNode {
  id: NodeId;
  storage: MemoryStorage;
  rn: RawNode;
  config: Config;
  /** Every normal entry this node applied, in order (the "state machine"). */
  applied: Entry[];
  appliedIndex: number;
  readStates: ReadState[];
  /** The last snapshot image this node restored from (its state before `applied`). */
  snapshotData?: Uint8Array;
}

export interface NetworkOptions {
  electionTick?: number;
  heartbeatTick?: number;
  preVote?: boolean;
  checkQuorum?: boolean;
  maxSizePerMsg?: number;
  maxInflightMsgs?: number;
  seed?: number;
}

export class TestNetwork {
  readonly nodes = new Map<NodeId, TestNode>();
  /** Messages waiting for their recipient, in send order. */
  readonly inbox = new Map<NodeId, Message[]>();
  /** Node groups that can talk among themselves; null = fully connected. */
  private groups: NodeId[][] | null = null;
  /** Drops messages the test does not want delivered (checked when a message is sent). */
  dropFilter: ((m: Message) => boolean) | null = null;
  /** Told about every message the network drops (partition, unknown recipient, dropFilter). */
  onDrop: ((m: Message) => void) | null = null;
  readonly opts: Required<NetworkOptions>;
  private readonly prng: Prng;

  constructor(opts: NetworkOptions = {}) {
    this.opts = {
      electionTick: 10,
      heartbeatTick: 1,
      preVote: false,
      checkQuorum: false,
      maxSizePerMsg: Infinity,
      maxInflightMsgs: 256,
      seed: 1,
      ...opts,
    };
    this.prng = new Prng(this.opts.seed);
  }

  /** A cluster of fresh voters 1..n. */
  static withVoters(n: number, opts: NetworkOptions = {}): TestNetwork {
    const net = new TestNetwork(opts);
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    for (const id of ids) net.addNode(id, { peers: ids });
    // As a host does at start: persist and apply the bootstrap Ready (the initial conf changes),
    // without which a node will not campaign (it has committed, unapplied conf changes).
    for (const id of ids) while (net.processReady(id));
    return net;
  }

  /** Adds a node; `storage` may be prefilled to model a node with history. */
  addNode(id: NodeId, cfg: Partial<Config> = {}, storage = new MemoryStorage()): TestNode {
    const config: Config = {
      id,
      electionTick: this.opts.electionTick,
      heartbeatTick: this.opts.heartbeatTick,
      preVote: this.opts.preVote,
      checkQuorum: this.opts.checkQuorum,
      maxSizePerMsg: this.opts.maxSizePerMsg,
      maxInflightMsgs: this.opts.maxInflightMsgs,
      prng: this.prng.fork(`node-${id}`),
      ...cfg,
    };
    const rn = new RawNode(config, storage);
    const applied = config.applied ?? storage.firstIndex() - 1;
    const node: TestNode = { id, storage, rn, config, applied: [], appliedIndex: applied, readStates: [] };
    this.nodes.set(id, node);
    this.inbox.set(id, []);
    return node;
  }

  node(id: NodeId): TestNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  ids(): NodeId[] {
    return [...this.nodes.keys()].sort((a, b) => a - b);
  }

  /** Crash and restart `id` from its storage: volatile state and undelivered messages to it are lost. */
  restart(id: NodeId): TestNode {
    const old = this.node(id);
    const config: Config = { ...old.config, peers: undefined, learners: undefined, applied: old.appliedIndex, prng: this.prng.fork(`node-${id}-restart`) };
    const rn = new RawNode(config, old.storage);
    const node: TestNode = { ...old, rn, config, readStates: [] };
    this.nodes.set(id, node);
    this.inbox.set(id, []);
    return node;
  }

  /**
   * Takes a snapshot of `id`'s state machine at its applied index and compacts its log there,
   * as etcd does every snapshot-count entries. The image is the applied payloads, comma-joined.
   */
  compact(id: NodeId, index = this.node(id).appliedIndex): void {
    const n = this.node(id);
    const image = n.applied.filter((e) => e.index <= index).map((e) => Array.from(e.data, (b) => String.fromCharCode(b)).join(''));
    const data = Uint8Array.from(image.join(',').split('').map((c) => c.charCodeAt(0)));
    n.storage.createSnapshot(index, undefined, data);
    n.storage.compact(index);
  }

  partition(...groups: NodeId[][]): void {
    this.groups = groups;
  }

  heal(): void {
    this.groups = null;
  }

  canTalk(from: NodeId, to: NodeId): boolean {
    if (!this.groups) return true;
    return this.groups.some((g) => g.includes(from) && g.includes(to));
  }

  /**
   * Handles one Ready of `id` as a host does: persist snapshot, entries, HardState and ConfState;
   * then send; then apply committed entries; then advance. Returns the Ready (undefined if none).
   */
  processReady(id: NodeId): Ready | undefined {
    const n = this.node(id);
    if (!n.rn.hasReady()) return undefined;
    const rd = n.rn.ready();
    if (rd.snapshot) {
      n.storage.applySnapshot(rd.snapshot);
      n.appliedIndex = rd.snapshot.metadata.index;
      n.snapshotData = rd.snapshot.data;
      // The state machine is replaced by the image: forget what was applied before.
      n.applied = [];
    }
    n.storage.append(rd.entries);
    if (rd.hardState) n.storage.setHardState(rd.hardState);
    if (rd.confState) n.storage.setConfState(rd.confState);
    for (const m of rd.messages) this.route(m);
    for (const e of rd.committedEntries) this.apply(n, e);
    for (const rs of rd.readStates) n.readStates.push(rs);
    n.rn.advance(rd);
    return rd;
  }

  private apply(n: TestNode, e: Entry): void {
    n.appliedIndex = e.index;
    if (e.type === EntryType.ConfChange) {
      n.storage.setConfState(n.rn.applyConfChangeEntry(e));
      return;
    }
    if (e.data.length > 0) n.applied.push(e);
  }

  private route(m: Message): void {
    if (!this.nodes.has(m.to) || !this.canTalk(m.from, m.to) || (this.dropFilter && this.dropFilter(m))) {
      this.onDrop?.(m);
      return;
    }
    this.inbox.get(m.to)!.push(m);
  }

  /** Steps every message waiting for `id` (optionally only those matching `filter`); returns them. */
  deliverMsgs(id: NodeId, filter?: (m: Message) => boolean): Message[] {
    const box = this.inbox.get(id) ?? [];
    const take = filter ? box.filter(filter) : box.slice();
    this.inbox.set(id, filter ? box.filter((m) => !filter(m)) : []);
    const n = this.node(id);
    for (const m of take) {
      try {
        n.rn.step(m);
      } catch (e) {
        // A forwarded proposal that finds no leader is dropped, as over a real network.
        if (!(e instanceof ErrProposalDropped)) throw e;
      }
    }
    return take;
  }

  /** Processes Readys and delivers messages until the cluster is quiet. */
  stabilize(maxRounds = 1000): void {
    for (let round = 0; round < maxRounds; round++) {
      let busy = false;
      for (const id of this.ids()) if (this.processReady(id)) busy = true;
      for (const id of this.ids()) if (this.deliverMsgs(id).length > 0) busy = true;
      if (!busy) return;
    }
    throw new Error('network did not stabilize');
  }

  tick(id: NodeId, n = 1): void {
    for (let i = 0; i < n; i++) this.node(id).rn.tick();
  }

  /**
   * Ticks `id` exactly until its election timeout fires once: a follower or candidate campaigns,
   * a leader runs its CheckQuorum round.
   */
  tickElection(id: NodeId): void {
    const s = this.node(id).rn.inspect();
    const timeout = s.state === StateType.Leader ? this.node(id).rn.raft.electionTimeout : s.randomizedElectionTimeout;
    this.tick(id, Math.max(1, timeout - s.electionElapsed));
  }

  campaign(id: NodeId): void {
    this.node(id).rn.campaign();
  }

  propose(id: NodeId, data: Uint8Array): void {
    this.node(id).rn.propose(data);
  }

  /** The node every node agrees is leader, or 0. */
  leader(): NodeId {
    for (const id of this.ids()) {
      if (this.node(id).rn.inspect().state === StateType.Leader) return id;
    }
    return 0;
  }
}
