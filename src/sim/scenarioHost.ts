// The scenario host in Node: a SimCluster (the same member code as the page's workers) on virtual
// time. etcdctl lines run through the same etcdctl and RequestClient as the page's console; while
// one is in flight, the simulator steps its event queue.
import { SimCluster } from './simCluster';
import { engineFields } from '../backend/engineStats';
import { utf8 } from '../lib/bytes';
import { runEtcdctl, tokenize, TokenizeError } from '../etcdctl';
import { execProgram } from '../oracle/exec';
import { RequestClient, endpointMember } from '../host/etcdClient';
import { clientURL, memberIdHex, peerURL } from '../etcd/ids';
import type { MemberListResponse } from '../etcd/api';
import type { ClientRequest, ClientResult } from '../etcd/etcdNode';
import type { CommandResult, ServerFlags, ServerLogLine } from '../protocol/controller';
import type { MemberFiles, MetricsInspect, PagesInspect } from '../protocol/inspect';
import { isToolCall, parseToolLine } from '../tools/cli';
import type { ClusterShape, ScenarioHost, ScenarioMember, ScenarioWatch, ScenarioWatchResponse, ScenarioWatchSpec } from '../scenario/host';
import { scenarioWatch, scenarioWatchResponse, watchCreateRequest } from '../host/scenarioWatch';
import type { NodeId } from '../raft/types';
import type { WriteTraceView } from '../protocol/writePath';
import type { CrashPoint, LinkFault } from '../protocol/faults';
import { timingError } from '../protocol/controller';

/** Steps between yields to the microtask queue (etcdctl continuations, watch callbacks). */
const STEPS_PER_YIELD = 64;

const yieldToPromises = () => new Promise<void>((r) => setImmediate(r));

export class SimScenarioHost implements ScenarioHost {
  sim!: SimCluster;
  private seed = 1;

  async reset(seed: number, members: number, raft: { preVote?: boolean; checkQuorum?: boolean; heartbeatMs?: number; electionMs?: number } = {}, cluster: ClusterShape = {}): Promise<void> {
    this.seed = seed;
    const hb = raft.heartbeatMs ?? 100;
    const el = raft.electionMs ?? 1000;
    const err = timingError(hb, el);
    if (err) throw new Error(err);
    this.sim = new SimCluster({ seed, members, preVote: raft.preVote ?? false, checkQuorum: raft.checkQuorum ?? true, netLatencyMs: 2, netJitterMs: 2, tickMs: hb, electionTicks: Math.round(el / hb), backendEngine: cluster.backendEngine, serverFlags: cluster.flags });
  }

  nowMs(): number {
    return this.sim.nowMs;
  }

  members(): ScenarioMember[] {
    const isolated = new Set(this.sim.partitions.isolated());
    return [...this.sim.members.values()].map((m) => {
      const s = this.sim.inspect(m.id);
      const name = `n${m.id}`;
      if (!s) {
        return {
          name, role: 'stopped', alive: false, isolated: isolated.has(m.id), lead: null, term: 0, commitIndex: 0, appliedIndex: 0, lastIndex: 0, revision: 0, keys: 0, dbSizeBytes: 0, dbSizeInUseBytes: 0, leaseCount: 0,
          watchersSynced: 0, watchersUnsynced: 0, watchersVictim: 0, firstIndex: 0, snapshotsSent: 0, snapshotsInstalled: 0, ...engineFields(undefined),
        };
      }
      return {
        name,
        role: s.role,
        alive: true,
        isolated: isolated.has(m.id),
        lead: s.lead ? `n${s.lead}` : null,
        term: s.term,
        commitIndex: s.commitIndex,
        appliedIndex: s.appliedIndex,
        lastIndex: s.lastIndex,
        revision: s.revision,
        keys: s.keys,
        dbSizeBytes: s.dbSizeBytes,
        dbSizeInUseBytes: s.dbSizeInUseBytes,
        leaseCount: s.leaseCount,
        watchersSynced: s.watcherGroups?.synced ?? 0,
        watchersUnsynced: s.watcherGroups?.unsynced ?? 0,
        watchersVictim: s.watcherGroups?.victim ?? 0,
        firstIndex: s.firstIndex,
        snapshotsSent: s.snapshots?.sent ?? 0,
        snapshotsInstalled: s.snapshots?.installed ?? 0,
        ...engineFields(s.engine),
      };
    });
  }

  private request(req: ClientRequest, target?: NodeId): Promise<ClientResult> {
    return new Promise((resolve) => this.sim.request(req, resolve, target));
  }

  /** Steps the simulator until the promise settles. */
  private async until<T>(p: Promise<T>): Promise<T> {
    let settled = false;
    const watched = p.finally(() => (settled = true));
    for (;;) {
      await yieldToPromises();
      if (settled) return watched;
      for (let i = 0; i < STEPS_PER_YIELD && !settled; i++) {
        if (!this.sim.stepOnce()) throw new Error('simulator idle while a scenario action waits');
      }
    }
  }

  run(line: string, stdin?: string, interrupt?: Promise<number>): Promise<CommandResult> {
    let argv: string[];
    try {
      argv = tokenize(line);
    } catch (e) {
      if (e instanceof TokenizeError) return Promise.resolve({ stdout: '', stderr: `Error: ${e.message}\n`, exitCode: 1 });
      throw e;
    }
    if (argv[0] === 'etcdctl') argv = argv.slice(1);
    const tool = parseToolLine(argv);
    if (tool) return Promise.resolve(isToolCall(tool) ? tool.run(this.files(tool.member)) : tool);
    const client = new RequestClient(
      (req, opts) => this.request(req, endpointMember(opts?.endpoint)),
      (req, onResponse, opts) => this.sim.openWatch(req, onResponse, endpointMember(opts?.endpoint) ?? this.sim.pickTarget()),
      { timer: (ms, fn) => this.sim.queue.after(ms, fn), nowMs: () => this.sim.nowMs },
    );
    const exec = async (cmd: string[], env: Record<string, string>) => execProgram(cmd, env);
    const running = runEtcdctl(argv, client, { exec, ...(stdin !== undefined ? { stdin: utf8(stdin) } : {}), ...(interrupt ? { interrupt } : {}) });
    // A background command must not step the simulator itself: the lesson's other actions do.
    return interrupt ? running : this.until(running);
  }

  /** A member's data dir as its SimDisk holds it (what survives a crash: durable records only). */
  files(member: string): MemberFiles | null {
    const m = this.sim.members.get(this.id(member));
    if (!m?.driver) return null;
    const node = m.driver.node;
    return {
      walRecords: m.disk.durable.slice(),
      dbFile: m.disk.dbFile(),
      snapFiles: m.disk.snapshots.map((s) => ({ index: s.index, term: s.term, snapFile: s.snapFile })),
      metadata: { nodeIdHex: node.memberId(), clusterIdHex: node.cfg.clusterId },
    };
  }

  async pages(member: string): Promise<PagesInspect | null> {
    return this.sim.inspectDetail(this.id(member), 'pages') ?? null;
  }
  async metrics(member: string): Promise<MetricsInspect | null> {
    return this.sim.inspectDetail(this.id(member), 'metrics') ?? null;
  }


  endpointOf(member: string): string {
    return clientURL(this.id(member)).replace(/^https?:\/\//, '');
  }

  private id(member: string): NodeId {
    return Number(member.replace(/^n/, ''));
  }

  async kill(member: string): Promise<void> {
    this.sim.kill(this.id(member));
  }

  async restart(member: string): Promise<void> {
    this.sim.restart(this.id(member));
  }

  async isolate(member: string): Promise<void> {
    this.sim.isolate(this.id(member));
  }

  async heal(): Promise<void> {
    this.sim.heal();
  }

  /** The simulator's clock only moves while an action or checkpoint waits on it. */
  hold(_on: boolean): void {}

  /** The simulator's state is read live: nothing to wait for. */
  async settle(): Promise<void> {}

  async wait(ms: number): Promise<void> {
    await this.waitUntil(() => false, ms);
  }

  async waitUntil(pred: () => boolean, limitMs: number): Promise<boolean> {
    const end = this.sim.nowMs + limitMs;
    for (;;) {
      await yieldToPromises();
      if (pred()) return true;
      for (let i = 0; i < STEPS_PER_YIELD; i++) {
        const t = this.sim.queue.peekTime();
        if (t === undefined || t > end) {
          this.sim.runFor(Math.max(0, end - this.sim.nowMs));
          await yieldToPromises();
          return pred();
        }
        this.sim.stepOnce();
      }
    }
  }

  async setRaftOptions(o: { preVote?: boolean; checkQuorum?: boolean; heartbeatMs?: number; electionMs?: number }): Promise<void> {
    if (o.heartbeatMs !== undefined || o.electionMs !== undefined) {
      // etcd's --heartbeat-interval is the raft tick; --election-timeout counts ticks.
      const hb = o.heartbeatMs ?? this.sim.opts.tickMs;
      const el = o.electionMs ?? this.sim.opts.tickMs * this.sim.opts.electionTicks;
      const err = timingError(hb, el);
      if (err) throw new Error(err);
      this.sim.opts.tickMs = hb;
      this.sim.opts.electionTicks = Math.round(el / hb);
    }
    // As in etcd (and the page), new raft flags take a restart of every member.
    for (const m of this.sim.members.values()) {
      m.cfg = { ...m.cfg, preVote: o.preVote ?? m.cfg.preVote, checkQuorum: o.checkQuorum ?? m.cfg.checkQuorum, electionTicks: this.sim.opts.electionTicks };
      if (!m.driver) continue;
      this.sim.kill(m.id);
      this.sim.restart(m.id);
    }
  }

  async setServerFlags(flags: ServerFlags): Promise<void> {
    // As in etcd (and the page), new server flags take a restart of every member.
    for (const m of this.sim.members.values()) {
      m.cfg = { ...m.cfg, ...flags };
      if (!m.driver) continue;
      this.sim.kill(m.id);
      this.sim.restart(m.id);
    }
  }

  writeTraces(): WriteTraceView[] {
    return this.sim.writeTraces.list();
  }

  serverLogs(): ServerLogLine[] {
    return this.sim.serverLogs;
  }

  async partition(groups: string[][]): Promise<void> {
    this.sim.partition(groups.map((g) => g.map((m) => this.id(m))));
  }

  async cutLink(from: string, to: string, both: boolean): Promise<void> {
    this.sim.cutLink(this.id(from), this.id(to), both);
  }

  async restoreLink(from: string, to: string, both: boolean): Promise<void> {
    this.sim.restoreLink(this.id(from), this.id(to), both);
  }

  async setLink(from: string, to: string, fault: Partial<LinkFault> | null, both: boolean): Promise<void> {
    this.sim.setLink(this.id(from), this.id(to), fault, both);
  }

  async setDiskLatency(member: string, fsyncMs: number): Promise<void> {
    this.sim.setDiskLatency(this.id(member), fsyncMs);
  }

  async armCrashPoint(member: string, point: CrashPoint | null): Promise<void> {
    this.sim.armCrashPoint(this.id(member), point);
  }

  async addMember(learner: boolean): Promise<string> {
    const guess = Math.max(...this.sim.members.keys()) + 1;
    const r = await this.until(this.request({ op: 'memberAdd', req: { peerURLs: [peerURL(guess)], isLearner: learner, name: `n${guess}` } }));
    if (!r.ok) throw new Error(r.error.message);
    // The cluster gives the next raft id, the one guessed here (its peer URL says so).
    this.sim.startAddedMember(guess);
    return `n${guess}`;
  }

  /** etcd's member id of `nI`, from the member list: ids of members added at run time are etcd's hash of URL and time. */
  private async memberHex(member: string): Promise<string> {
    const id = this.id(member);
    const r = await this.until(this.request({ op: 'memberList' }));
    const found = r.ok ? (r.resp as MemberListResponse).members.find((m) => m.peerURLs.includes(peerURL(id))) : undefined;
    return found?.ID ?? memberIdHex(this.seed, id);
  }

  private async call(req: ClientRequest): Promise<void> {
    const r = await this.until(this.request(req));
    if (!r.ok) throw new Error(r.error.message);
  }

  async promote(member: string): Promise<void> {
    return this.call({ op: 'memberPromote', id: await this.memberHex(member) });
  }

  async removeMember(member: string): Promise<void> {
    return this.call({ op: 'memberRemove', id: await this.memberHex(member) });
  }

  async moveLeader(member: string): Promise<void> {
    return this.call({ op: 'moveLeader', targetId: await this.memberHex(member) });
  }

  openWatch(spec: ScenarioWatchSpec, onResponse: (r: ScenarioWatchResponse) => void, member?: string): ScenarioWatch {
    const h = this.sim.openWatch(watchCreateRequest(spec), (r) => onResponse(scenarioWatchResponse(r)), member === undefined ? this.sim.pickTarget() : this.id(member));
    return scenarioWatch(h);
  }

  async setSnapshotCount(count: number, catchUpEntries?: number): Promise<void> {
    // As in etcd (and the page), a new --snapshot-count takes a restart of every member.
    for (const m of this.sim.members.values()) {
      m.cfg = { ...m.cfg, snapshotCount: count, snapshotCatchUpEntries: catchUpEntries ?? m.cfg.snapshotCatchUpEntries };
      if (!m.driver) continue;
      this.sim.kill(m.id);
      this.sim.restart(m.id);
    }
  }
}
