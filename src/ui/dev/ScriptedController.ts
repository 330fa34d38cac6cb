// DEV ONLY. A ClusterController backed by a tiny scripted raft-like model, so the UI can be seen and
// screenshotted before the real hub exists. It is NOT etcd and NOT used by the product: only
// src/ui/dev/preview.tsx imports it. The model is deliberately small (elections, heartbeats, append +
// commit, kill/restart/isolate) and seeded, so screenshots are repeatable.
import type { ClusterController, ClusterSnapshot, CommandResult } from '../../protocol/controller';
import type { ClusterEvent, ClusterEventKind, LogEntryView, MessageView } from '../../protocol/view';
import type { NodeId, RoleName } from '../../raft/types';
import { Prng } from '../../lib/prng';

interface Member {
  id: NodeId;
  alive: boolean;
  role: RoleName;
  term: number;
  vote: NodeId;
  lead: NodeId;
  log: LogEntryView[];
  commit: number;
  applied: number;
  electionElapsed: number;
  electionTimeout: number;
  heartbeatElapsed: number;
  votes: Set<NodeId>;
  match: Map<NodeId, number>;
  kv: Map<string, string>;
  revision: number;
}

export interface ScriptStep {
  atMs: number;
  do: (c: ScriptedController) => void;
}

export interface ScriptedOptions {
  members?: number;
  seed?: number;
  tickMs?: number;
  speed?: number;
  script?: ScriptStep[];
  /** Message latency range, virtual ms. */
  latencyMs?: [number, number];
}

type Pending = { msg: MessageView; entries: LogEntryView[] };

export class ScriptedController implements ClusterController {
  private members: Member[] = [];
  private isolated = new Set<NodeId>();
  private inflight: Pending[] = [];
  private nowMs = 0;
  private nextTickAt = 0;
  private paused = false;
  private speed: number;
  private readonly tickMs: number;
  private readonly seed: number;
  private rng: Prng;
  private msgId = 1;
  private eventSeq = 1;
  private subs = new Set<{ snap: (s: ClusterSnapshot) => void; ev: (e: ClusterEvent[]) => void }>();
  private pendingEvents: ClusterEvent[] = [];
  private script: ScriptStep[];
  private driver: number | null = null;
  private lastReal = 0;
  private waiters: { index: number; leader: NodeId; resolve: (r: CommandResult) => void; ok: string; deadline: number }[] = [];
  private readonly latency: [number, number];
  private readonly n: number;

  constructor(opts: ScriptedOptions = {}) {
    this.n = opts.members ?? 5;
    this.seed = opts.seed ?? 20261125;
    this.tickMs = opts.tickMs ?? 100;
    this.speed = opts.speed ?? 0.5;
    this.latency = opts.latencyMs ?? [180, 420];
    this.script = [...(opts.script ?? [])].sort((a, b) => a.atMs - b.atMs);
    this.rng = new Prng(this.seed);
    this.boot();
  }

  private boot(): void {
    this.members = [];
    for (let i = 1; i <= this.n; i++) {
      this.members.push({
        id: i,
        alive: true,
        role: 'follower',
        term: 0,
        vote: 0,
        lead: 0,
        log: [],
        commit: 0,
        applied: 0,
        electionElapsed: 0,
        electionTimeout: this.randomTimeout(),
        heartbeatElapsed: 0,
        votes: new Set(),
        match: new Map(),
        kv: new Map(),
        revision: 1,
      });
    }
  }

  private randomTimeout(): number {
    return this.rng.intn(10, 20);
  }

  // ---- driving -------------------------------------------------------------------------------

  /** Run on real time with requestAnimationFrame. */
  start(): void {
    if (this.driver !== null) return;
    this.lastReal = performance.now();
    const loop = (ts: number) => {
      const dt = Math.min(100, ts - this.lastReal);
      this.lastReal = ts;
      if (!this.paused) this.advance(dt * this.speed);
      this.publish();
      this.driver = requestAnimationFrame(loop);
    };
    this.driver = requestAnimationFrame(loop);
  }

  stop(): void {
    if (this.driver !== null) cancelAnimationFrame(this.driver);
    this.driver = null;
  }

  /** Advance virtual time by `ms`, processing ticks, deliveries and script steps in order. */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      const nextMsg = this.inflight.reduce((m, p) => Math.min(m, p.msg.deliverAtMs), Infinity);
      const nextScript = this.script[0]?.atMs ?? Infinity;
      const next = Math.min(nextMsg, this.nextTickAt, nextScript);
      if (next > end) break;
      this.nowMs = Math.max(this.nowMs, next);
      if (next === nextScript) {
        this.script.shift()!.do(this);
      } else if (next === nextMsg) {
        const i = this.inflight.findIndex((p) => p.msg.deliverAtMs === nextMsg);
        const [p] = this.inflight.splice(i, 1);
        this.deliver(p);
      } else {
        this.nextTickAt += this.tickMs;
        for (const m of this.members) if (m.alive) this.tick(m);
      }
    }
    this.nowMs = end;
    this.settleWaiters();
  }

  private publish(): void {
    // Keep events until someone listens, so a fast-forwarded history is not lost.
    if (this.subs.size === 0) return;
    const snap = this.snapshot();
    const evs = this.pendingEvents;
    this.pendingEvents = [];
    for (const s of this.subs) {
      s.snap(snap);
      if (evs.length) s.ev(evs);
    }
  }

  // ---- ClusterController -----------------------------------------------------------------------

  subscribe(onSnapshot: (s: ClusterSnapshot) => void, onEvents: (e: ClusterEvent[]) => void): () => void {
    const sub = { snap: onSnapshot, ev: onEvents };
    this.subs.add(sub);
    return () => this.subs.delete(sub);
  }

  snapshot(): ClusterSnapshot {
    return {
      nowMs: this.nowMs,
      tickMs: this.tickMs,
      paused: this.paused,
      speed: this.speed,
      seed: this.seed,
      isolated: [...this.isolated],
      messages: this.inflight.map((p) => p.msg),
      members: this.members.map((m) => ({
        dbSizeBytes: 20480,
        dbSizeInUseBytes: 16384,
        leaseCount: 0,
        watcherCount: 0,
        alarms: [],
        id: m.id,
        name: `n${m.id}`,
        alive: m.alive,
        role: m.role,
        term: m.term,
        vote: m.vote,
        lead: m.lead,
        commitIndex: m.commit,
        appliedIndex: m.applied,
        firstIndex: m.log[0]?.index ?? 1,
        lastIndex: this.last(m),
        electionElapsed: m.electionElapsed,
        electionTimeout: m.electionTimeout,
        heartbeatElapsed: m.heartbeatElapsed,
        heartbeatTimeout: 3,
        progress:
          m.role === 'leader'
            ? this.peers(m).map((p) => ({
                id: p,
                match: m.match.get(p) ?? 0,
                next: (m.match.get(p) ?? 0) + 1,
                state: 'replicate' as const,
                recentActive: true,
                inflights: 0,
                isLearner: false,
              }))
            : [],
        revision: m.revision,
        keys: m.kv.size,
        log: m.log.slice(-64),
      })),
    };
  }

  async run(line: string): Promise<CommandResult> {
    this.emit('request', undefined, undefined, line);
    const parts = line.trim().split(/\s+/);
    const cmd = parts[0];
    const leader = this.members.find((m) => m.alive && m.role === 'leader' && !this.isolated.has(m.id));
    if (cmd === 'put' || cmd === 'del') {
      if (parts.length < 2 || (cmd === 'put' && parts.length < 3)) {
        return { stdout: '', stderr: `Error: ${cmd} command needs ${cmd === 'put' ? '2 arguments' : '1 argument'}\n`, exitCode: 1 };
      }
      if (!leader) {
        await new Promise((r) => setTimeout(r, 400));
        return { stdout: '', stderr: 'Error: context deadline exceeded\n', exitCode: 1 };
      }
      const summary = cmd === 'put' ? `put ${parts[1]}=${parts.slice(2).join(' ')}` : `del ${parts[1]}`;
      const index = this.appendAtLeader(leader, summary);
      return new Promise((resolve) => {
        this.waiters.push({ index, leader: leader.id, resolve, ok: cmd === 'put' ? 'OK\n' : '1\n', deadline: this.nowMs + 5000 });
      });
    }
    if (cmd === 'get') {
      const m = leader ?? this.members.find((x) => x.alive);
      const v = m?.kv.get(parts[1] ?? '');
      return { stdout: v === undefined ? '' : `${parts[1]}\n${v}\n`, stderr: '', exitCode: 0 };
    }
    if (cmd === 'member' && parts[1] === 'list') {
      const out = this.members
        .map((m) => `${(0x8e9e05c52164694d + m.id).toString(16).slice(0, 16)}, started, n${m.id}, http://n${m.id}:2380, http://n${m.id}:2379, false`)
        .join('\n');
      return { stdout: out + '\n', stderr: '', exitCode: 0 };
    }
    if (cmd === 'endpoint' && parts[1] === 'status') {
      const out = this.members
        .filter((m) => m.alive)
        .map((m) => `n${m.id}:2379, ${m.id}, 3.4.23, 20 kB, ${m.role === 'leader'}, false, ${m.term}, ${m.commit}, ${m.applied}, `)
        .join('\n');
      return { stdout: out + '\n', stderr: '', exitCode: 0 };
    }
    return { stdout: '', stderr: `Error: unknown command "${cmd}" for "etcdctl"\n`, exitCode: 1 };
  }

  async kill(id: NodeId): Promise<void> {
    const m = this.member(id);
    if (!m || !m.alive) return;
    m.alive = false;
    m.role = 'follower';
    m.lead = 0;
    this.inflight = this.inflight.filter((p) => p.msg.from !== id);
    this.emit('crashed', id);
  }

  async restart(id: NodeId): Promise<void> {
    const m = this.member(id);
    if (!m) return;
    if (m.alive) await this.kill(id);
    m.alive = true;
    m.role = 'follower';
    m.electionElapsed = 0;
    m.electionTimeout = this.randomTimeout();
    this.emit('restarted', id, m.term);
  }

  isolate(id: NodeId): void {
    if (this.isolated.has(id)) return;
    this.isolated.add(id);
    this.inflight = this.inflight.filter((p) => p.msg.from !== id && p.msg.to !== id);
    this.emit('isolated', id);
  }

  heal(): void {
    if (this.isolated.size === 0) return;
    for (const id of this.isolated) this.emit('rejoined', id);
    this.isolated.clear();
    this.emit('healed');
  }

  async reset(): Promise<void> {
    this.inflight = [];
    this.isolated.clear();
    this.nowMs = 0;
    this.nextTickAt = 0;
    this.rng = new Prng(this.seed);
    this.boot();
    this.emit('reset');
  }

  pause(): void {
    this.paused = true;
    this.publish();
  }

  resume(): void {
    this.paused = false;
    this.lastReal = performance.now();
    this.publish();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.publish();
  }

  // ---- the model ---------------------------------------------------------------------------------

  private member(id: NodeId): Member | undefined {
    return this.members.find((m) => m.id === id);
  }

  private peers(m: Member): NodeId[] {
    return this.members.filter((p) => p.id !== m.id).map((p) => p.id);
  }

  private last(m: Member): number {
    return m.log.length ? m.log[m.log.length - 1].index : 0;
  }

  private termAt(m: Member, index: number): number {
    if (index === 0) return 0;
    return m.log.find((e) => e.index === index)?.term ?? -1;
  }

  private emit(kind: ClusterEventKind, member?: NodeId, term?: number, detail?: string): void {
    this.pendingEvents.push({ seq: this.eventSeq++, tMs: this.nowMs, kind, member, term, detail });
  }

  private setRole(m: Member, role: RoleName): void {
    if (m.role === role && role !== 'candidate') return;
    m.role = role;
    const kind: ClusterEventKind =
      role === 'leader' ? 'became-leader' : role === 'candidate' ? 'became-candidate' : role === 'pre-candidate' ? 'became-pre-candidate' : 'became-follower';
    this.emit(kind, m.id, m.term);
  }

  private send(from: Member, to: NodeId, type: string, fields: Partial<MessageView>, entries: LogEntryView[] = []): void {
    if (this.isolated.has(from.id) || this.isolated.has(to)) return;
    const lat = this.rng.intn(this.latency[0], this.latency[1]);
    const msg: MessageView = {
      id: this.msgId++,
      from: from.id,
      to,
      type,
      term: from.term,
      logTerm: 0,
      index: 0,
      entries: entries.length,
      commit: 0,
      reject: false,
      sentAtMs: this.nowMs,
      deliverAtMs: this.nowMs + lat,
      ...fields,
    };
    this.inflight.push({ msg, entries });
  }

  private tick(m: Member): void {
    if (m.role === 'leader') {
      m.heartbeatElapsed++;
      if (m.heartbeatElapsed >= 3) {
        m.heartbeatElapsed = 0;
        for (const p of this.peers(m)) {
          const match = m.match.get(p) ?? 0;
          if (match < this.last(m)) this.sendApp(m, p);
          else this.send(m, p, 'MsgHeartbeat', { commit: Math.min(m.commit, match) });
        }
      }
      return;
    }
    m.electionElapsed++;
    if (m.electionElapsed >= m.electionTimeout) this.campaign(m);
  }

  private campaign(m: Member): void {
    m.term++;
    m.vote = m.id;
    m.lead = 0;
    m.votes = new Set([m.id]);
    m.electionElapsed = 0;
    m.electionTimeout = this.randomTimeout();
    this.setRole(m, 'candidate');
    const last = this.last(m);
    for (const p of this.peers(m)) this.send(m, p, 'MsgVote', { index: last, logTerm: this.termAt(m, last) });
  }

  private becomeFollower(m: Member, term: number, lead: NodeId): void {
    if (term > m.term) {
      m.term = term;
      m.vote = 0;
    }
    m.lead = lead;
    if (m.role !== 'follower') this.setRole(m, 'follower');
  }

  private appendAtLeader(m: Member, summary: string, kind: LogEntryView['kind'] = 'normal'): number {
    const index = this.last(m) + 1;
    m.log.push({ index, term: m.term, kind, summary });
    for (const p of this.peers(m)) this.sendApp(m, p);
    return index;
  }

  private sendApp(m: Member, to: NodeId): void {
    const match = m.match.get(to) ?? 0;
    const entries = m.log.filter((e) => e.index > match).slice(0, 8);
    this.send(m, to, 'MsgApp', { index: match, logTerm: this.termAt(m, match), commit: m.commit }, entries);
  }

  private deliver(p: Pending): void {
    const { msg } = p;
    const m = this.member(msg.to);
    if (!m || !m.alive || this.isolated.has(msg.to) || this.isolated.has(msg.from)) return;
    const from = this.member(msg.from)!;
    if (msg.term > m.term) this.becomeFollower(m, msg.term, msg.type === 'MsgVote' ? 0 : msg.from);
    switch (msg.type) {
      case 'MsgVote': {
        const myLast = this.last(m);
        const upToDate = msg.logTerm > this.termAt(m, myLast) || (msg.logTerm === this.termAt(m, myLast) && msg.index >= myLast);
        const grant = msg.term === m.term && (m.vote === 0 || m.vote === msg.from) && upToDate;
        if (grant) {
          m.vote = msg.from;
          m.electionElapsed = 0;
        }
        this.send(m, msg.from, 'MsgVoteResp', { reject: !grant });
        break;
      }
      case 'MsgVoteResp':
        if (m.role === 'candidate' && msg.term === m.term && !msg.reject) {
          m.votes.add(msg.from);
          if (m.votes.size > this.n / 2) {
            m.lead = m.id;
            m.heartbeatElapsed = 0;
            m.match = new Map(this.peers(m).map((id) => [id, 0]));
            this.setRole(m, 'leader');
            this.appendAtLeader(m, '', 'noop');
          }
        }
        break;
      case 'MsgHeartbeat':
        if (msg.term < m.term) break;
        this.becomeFollower(m, msg.term, msg.from);
        m.electionElapsed = 0;
        m.commit = Math.max(m.commit, Math.min(msg.commit, this.last(m)));
        this.applyCommitted(m);
        this.send(m, msg.from, 'MsgHeartbeatResp', {});
        break;
      case 'MsgHeartbeatResp':
        break;
      case 'MsgApp': {
        if (msg.term < m.term) {
          this.send(m, msg.from, 'MsgAppResp', { reject: true, index: this.last(m) });
          break;
        }
        this.becomeFollower(m, msg.term, msg.from);
        m.electionElapsed = 0;
        if (msg.index > 0 && this.termAt(m, msg.index) !== msg.logTerm) {
          this.send(m, msg.from, 'MsgAppResp', { reject: true, index: Math.min(this.last(m), msg.index - 1) });
          break;
        }
        for (const e of p.entries) {
          const have = this.termAt(m, e.index);
          if (have === e.term) continue;
          m.log = m.log.filter((x) => x.index < e.index);
          m.log.push({ ...e });
        }
        const lastNew = msg.index + p.entries.length;
        m.commit = Math.max(m.commit, Math.min(msg.commit, lastNew));
        this.applyCommitted(m);
        this.send(m, msg.from, 'MsgAppResp', { index: lastNew });
        break;
      }
      case 'MsgAppResp': {
        if (m.role !== 'leader' || msg.term !== m.term) break;
        if (msg.reject) {
          m.match.set(msg.from, Math.max(0, msg.index));
          this.sendApp(m, msg.from);
          break;
        }
        m.match.set(msg.from, Math.max(m.match.get(msg.from) ?? 0, msg.index));
        const matches = [this.last(m), ...this.peers(m).map((id) => m.match.get(id) ?? 0)].sort((a, b) => b - a);
        const quorum = matches[Math.floor(this.n / 2)];
        if (quorum > m.commit && this.termAt(m, quorum) === m.term) {
          m.commit = quorum;
          this.applyCommitted(m);
        }
        if ((m.match.get(msg.from) ?? 0) < this.last(m)) this.sendApp(m, msg.from);
        break;
      }
    }
    void from;
  }

  private applyCommitted(m: Member): void {
    while (m.applied < m.commit) {
      m.applied++;
      const e = m.log.find((x) => x.index === m.applied);
      if (!e || e.kind !== 'normal') continue;
      const put = /^put ([^=]+)=(.*)$/.exec(e.summary);
      const del = /^del (.+)$/.exec(e.summary);
      if (put) {
        m.kv.set(put[1], put[2]);
        m.revision++;
      } else if (del && m.kv.delete(del[1])) {
        m.revision++;
      }
    }
  }

  private settleWaiters(): void {
    this.waiters = this.waiters.filter((w) => {
      const l = this.member(w.leader)!;
      if (l.commit >= w.index && l.log.find((e) => e.index === w.index)) {
        w.resolve({ stdout: w.ok, stderr: '', exitCode: 0 });
        return false;
      }
      if (this.nowMs > w.deadline) {
        w.resolve({ stdout: '', stderr: 'Error: context deadline exceeded\n', exitCode: 1 });
        return false;
      }
      return true;
    });
  }

  // ---- helpers for scripts -----------------------------------------------------------------------

  leaderId(): NodeId | undefined {
    return this.members.find((m) => m.alive && m.role === 'leader')?.id;
  }

  /** Fire-and-forget a command from a script step. */
  runDetached(line: string): void {
    void this.run(line);
  }
}
