// Runs a scenario on a ScenarioHost: forward step by step, back, jump to any step (by replaying
// from the seed, since a live cluster cannot be rewound), and "try it yourself" (the host stays).
import type { CommandResult } from '../protocol/controller';
import type { ScenarioHost, ScenarioWatch } from './host';
import { evaluate, resolveMember, resolveNumber, type CheckContext, type CheckResult, type WatchRecord } from './checks';
import type { Action, BoltFact, Check, MetricField, Scenario, Step } from './types';
import type { MetricsInspect, PagesInspect } from '../protocol/inspect';

/** One number from the pages view (see BoltFact). */
export function boltFact(p: PagesInspect, fact: BoltFact): number {
  const meta = p.metas.find((m) => m?.current) ?? null;
  const key = p.buckets.find((b) => b.name === 'key' && b.path.length === 1);
  switch (fact) {
    case 'txid':
      return meta?.txid ?? -1;
    case 'metaPage':
      return meta?.pageId ?? -1;
    case 'highWaterPages':
      return meta?.pgid ?? -1;
    case 'keyBucketLevels':
      return key?.levels ?? -1;
    case 'keyBucketPages':
      return key?.pageCount ?? -1;
    case 'lastCommitPages':
      return (p.commits.at(-1)?.written ?? []).reduce((n, [, count]) => n + count, 0);
    case 'freePages':
      return p.size.freePages;
    case 'pendingPages':
      return p.size.pendingPages;
  }
}

/** How long a checkpoint may take to become true, in virtual ms, unless the step says otherwise. */
export const DEFAULT_CHECK_LIMIT_MS = 10_000;
/** A fresh cluster must elect its first leader within this (virtual ms). */
const FIRST_LEADER_LIMIT_MS = 15_000;

export interface StepOutcome {
  index: number;
  step: Step;
  ok: boolean;
  checks: Array<{ check: Check } & CheckResult>;
  /** Set when an action itself failed (an unknown member, a rejected member change …). */
  error?: string;
  /** Virtual time when the step finished. */
  atMs: number;
}

export class ScenarioError extends Error {}

export class ScenarioRunner {
  /** Index of the last step run; -1 before the first. */
  position = -1;
  readonly outcomes: StepOutcome[] = [];
  private bindings = new Map<string, string>();
  private numbers = new Map<string, number>();
  private strings = new Map<string, string>();
  private outputs = new Map<string, CommandResult>();
  /** Background lines (`watch` actions) still running: their Ctrl-C and their result. */
  private background = new Map<string, { interrupt: (code: number) => void; result: Promise<CommandResult> }>();
  private watches = new Map<string, { handle: ScenarioWatch; record: WatchRecord }>();
  private watchRecords = new Map<string, WatchRecord>();

  constructor(
    readonly scenario: Scenario,
    private readonly host: ScenarioHost,
    private readonly onStep: (o: StepOutcome) => void = () => {},
  ) {}

  /** A fresh cluster from the scenario's seed, with a leader elected. */
  async start(): Promise<void> {
    const s = this.scenario;
    await this.host.reset(s.seed, s.members, s.raft, { backendEngine: s.backendEngine, flags: s.flags });
    this.position = -1;
    this.outcomes.length = 0;
    this.bindings = new Map();
    this.numbers = new Map();
    this.strings = new Map();
    this.outputs = new Map();
    this.stopBackground();
    this.watches = new Map();
    this.watchRecords = new Map();
    this.host.hold(false);
    const ok = await this.host.waitUntil(() => evaluate({ check: 'leader' }, this.context()).ok, FIRST_LEADER_LIMIT_MS);
    this.host.hold(true);
    if (!ok) throw new ScenarioError(`scenario ${s.id}: no leader within ${FIRST_LEADER_LIMIT_MS} ms of virtual time`);
  }

  get done(): boolean {
    return this.position >= this.scenario.steps.length - 1;
  }

  /** Runs the next step: its actions, then waits for its checkpoints. */
  async next(): Promise<StepOutcome> {
    if (this.done) throw new ScenarioError(`scenario ${this.scenario.id} has no step after ${this.position + 1}`);
    const index = this.position + 1;
    const step = this.scenario.steps[index]!;
    let error: string | undefined;
    // The clock runs during a step and holds between steps (see ScenarioHost.hold).
    this.host.hold(false);
    try {
      for (const a of step.actions) await this.act(a);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const checks = error ? [] : await this.awaitCheckpoints(step);
    this.host.hold(true);
    this.position = index;
    const outcome: StepOutcome = { index, step, ok: !error && checks.every((c) => c.ok), checks, error, atMs: this.host.nowMs() };
    this.outcomes[index] = outcome;
    this.onStep(outcome);
    return outcome;
  }

  /** Runs to step `index` (0-based). Going back replays from the seed: the cluster cannot be rewound. */
  async goto(index: number): Promise<StepOutcome | undefined> {
    if (index < -1 || index >= this.scenario.steps.length) throw new ScenarioError(`scenario ${this.scenario.id} has no step ${index + 1}`);
    if (index <= this.position) await this.start();
    let last: StepOutcome | undefined;
    while (this.position < index) {
      last = await this.next();
      if (!last.ok) break;
    }
    return last;
  }

  /** Interrupts every background line of the previous run (its results are dropped). */
  private stopBackground(): void {
    for (const b of this.background.values()) b.interrupt(130);
    this.background = new Map();
  }

  /** Leaves the script: the clock runs freely again and the cluster is the viewer's. */
  release(): void {
    this.host.hold(false);
  }

  /** Every step in order; stops at the first one whose checkpoints fail. */
  async runAll(): Promise<StepOutcome[]> {
    await this.start();
    while (!this.done) {
      const o = await this.next();
      if (!o.ok) break;
    }
    return this.outcomes;
  }

  private context(): CheckContext {
    return { members: this.host.members(), bindings: this.bindings, numbers: this.numbers, outputs: this.outputs, watches: this.watchRecords, logs: this.host.serverLogs(), traces: () => this.host.writeTraces() };
  }

  private member(ref: string): string {
    const name = resolveMember(ref, this.context());
    if (!name) throw new ScenarioError(`no member ${ref} right now`);
    return name;
  }

  /**
   * `--endpoints=$F` (or `=leader`, `=follower`, `=n2`) becomes that member's client URL; any other `$NAME`
   * becomes a bound member name, a captured string or a remembered number; `{NAME+2}` adds to one.
   */
  expand(line: string): string {
    const withEndpoints = line.replace(/--endpoints=(\$\w+|leader|follower|n\d+)\b/g, (_, ref: string) => `--endpoints=${this.host.endpointOf(this.member(ref))}`);
    const withSums = withEndpoints.replace(/\{(\w+)([+-]\d+)\}/g, (whole, name: string, delta: string) => {
      const base = this.numbers.get(name);
      return base === undefined ? whole : String(base + Number(delta));
    });
    return withSums.replace(/\$(\w+)/g, (whole, name: string) => this.bindings.get(name) ?? this.strings.get(name) ?? String(this.numbers.get(name) ?? whole));
  }

  private keep(as: string | undefined, r: CommandResult): void {
    this.outputs.set('last', r);
    if (as) this.outputs.set(as, r);
  }

  private async act(a: Action): Promise<void> {
    const h = this.host;
    switch (a.do) {
      case 'run': {
        const r = await h.run(this.expand(a.line), a.stdin !== undefined ? this.expand(a.stdin) : undefined);
        this.keep(a.as, r);
        if (a.capture) {
          const m = new RegExp(a.capture.pattern).exec(r.stdout);
          if (!m?.[1]) throw new ScenarioError(`nothing to keep as $${a.capture.as}: /${a.capture.pattern}/ not in ${JSON.stringify(r.stdout + r.stderr)}`);
          this.strings.set(a.capture.as, m[1]);
        }
        return;
      }
      case 'fill':
        return this.fill(a.prefix, a.count, a.valueBytes, a.keys);
      case 'repeat':
        return this.repeat(this.expand(a.line), a.count);
      case 'read':
        return this.read(a.prefix, a.count, this.member(a.member), a.from ?? 0);
      case 'runConcurrently': {
        const rs = await Promise.all(a.lines.map((l, i) => h.run(this.expand(l), a.stdins?.[i] !== undefined ? this.expand(a.stdins[i]!) : undefined)));
        rs.forEach((r, i) => this.outputs.set(`${a.as}${i}`, r));
        return;
      }
      case 'kill':
        return h.kill(this.member(a.member));
      case 'restart':
        return h.restart(this.member(a.member));
      case 'isolate':
        return h.isolate(this.member(a.member));
      case 'heal':
        return h.heal();
      case 'wait':
        return h.wait(a.ms);
      case 'pick': {
        await h.settle();
        if (a.role === 'leader') await h.waitUntil(() => evaluate({ check: 'leader' }, this.context()).ok, DEFAULT_CHECK_LIMIT_MS);
        this.bindings.set(a.as, this.member(a.role));
        return;
      }
      case 'remember': {
        await h.settle();
        const name = this.member(a.member);
        this.numbers.set(a.as, h.members().find((m) => m.name === name)![a.field]);
        return;
      }
      case 'setRaftOptions':
        return h.setRaftOptions({ preVote: a.preVote, checkQuorum: a.checkQuorum, heartbeatMs: a.heartbeatMs, electionMs: a.electionMs });
      case 'partition':
        return h.partition(a.groups.map((g) => g.map((r) => this.member(r))));
      case 'cutLink':
        return h.cutLink(this.member(a.from), this.member(a.to), a.both ?? false);
      case 'restoreLink':
        return h.restoreLink(this.member(a.from), this.member(a.to), a.both ?? false);
      case 'setLink': {
        const fault = a.reset ? null : { ...(a.latencyMs !== undefined && { latencyMs: a.latencyMs }), ...(a.jitterMs !== undefined && { jitterMs: a.jitterMs }), ...(a.lossPct !== undefined && { lossPct: a.lossPct }) };
        return h.setLink(this.member(a.from), this.member(a.to), fault, a.both ?? false);
      }
      case 'setDiskLatency':
        return h.setDiskLatency(this.member(a.member), a.fsyncMs);
      case 'armCrashPoint':
        return h.armCrashPoint(this.member(a.member), a.point);
      case 'addMember': {
        const name = await h.addMember(a.learner);
        if (a.as) this.bindings.set(a.as, name);
        return;
      }
      case 'promote':
        return h.promote(this.member(a.member));
      case 'removeMember':
        return h.removeMember(this.member(a.member));
      case 'moveLeader':
        return h.moveLeader(this.member(a.member));
      case 'setServerFlags':
        return h.setServerFlags(a.flags);
      case 'background': {
        if (this.background.has(a.as)) throw new ScenarioError(`a background line is already kept as ${a.as}`);
        let interrupt!: (code: number) => void;
        const interrupted = new Promise<number>((r) => (interrupt = r));
        this.background.set(a.as, { interrupt, result: h.run(this.expand(a.line), undefined, interrupted) });
        // Let the watch reach its member before the next action writes.
        return h.settle();
      }
      case 'stopBackground': {
        const b = this.background.get(a.as);
        if (!b) throw new ScenarioError(`no background line kept as ${a.as}`);
        // Events already sent reach the client within a step or two of the clock.
        await h.wait(50);
        b.interrupt(130);
        this.background.delete(a.as);
        this.keep(a.as, await b.result);
        return;
      }
      case 'fillTxn':
        return this.fillTxn(a.prefix, a.count, a.perTxn, a.value);
      case 'rememberBolt': {
        await h.settle();
        const name = this.member(a.member);
        const p = await h.pages(name);
        if (!p) throw new ScenarioError(`${name} is not running: no db file to read`);
        this.numbers.set(a.as, boltFact(p, a.fact));
        return;
      }
      case 'rememberMetric': {
        await h.settle();
        const name = this.member(a.member);
        const m = await h.metrics(name);
        if (!m?.reads) throw new ScenarioError(`${name} is not running: no metrics to read`);
        this.numbers.set(a.as, m.reads[a.metric]);
        return;
      }
      case 'watch':
        return this.openWatch(a);
      case 'slowWatch':
        return this.watchNamed(a.watch).handle.setReadsPerTick(a.readsPerTick, a.bufferResponses);
      case 'cancelWatch':
        this.watchNamed(a.watch).handle.cancel();
        return;
      case 'measure': {
        await h.settle();
        // the clock holds while the member is asked, so the figure belongs to this moment
        h.hold(true);
        const m = await h.metrics(this.member(a.member)).finally(() => h.hold(false));
        if (!m) throw new ScenarioError(`no metrics from ${a.member}: it is down`);
        this.numbers.set(a.as, metricValue(m, a.metric));
        return;
      }
      case 'stamp': {
        await h.settle();
        const now = h.nowMs();
        if (a.since === undefined) this.numbers.set(a.as, now);
        else {
          const t0 = this.numbers.get(a.since.replace(/^\$/, ''));
          if (t0 === undefined) throw new ScenarioError(`nothing remembered as ${a.since}`);
          this.numbers.set(a.as, now - t0);
        }
        return;
      }
      case 'setSnapshotCount':
        return h.setSnapshotCount(a.count, a.catchUpEntries);
    }
  }

  private watchNamed(name: string): { handle: ScenarioWatch; record: WatchRecord } {
    const w = this.watches.get(name);
    if (!w) throw new ScenarioError(`no watch ${name} opened`);
    return w;
  }

  private openWatch(a: Extract<Action, { do: 'watch' }>): void {
    const start = a.startRevision === undefined ? 0 : resolveNumber(a.startRevision, this.numbers);
    if (start === undefined) throw new ScenarioError(`nothing remembered as ${JSON.stringify(a.startRevision)}`);
    const record: WatchRecord = { events: 0, inOrder: true, lastRevision: 0, canceled: false, compactRevision: 0, cancelReason: '' };
    const handle = this.host.openWatch(
      { key: this.expand(a.key), prefix: a.prefix ?? false, startRevision: start },
      (r) => {
        for (const rev of r.revisions) {
          if (rev <= record.lastRevision) record.inOrder = false;
          record.lastRevision = rev;
        }
        record.events += r.revisions.length;
        if (r.canceled) Object.assign(record, { canceled: true, compactRevision: r.compactRevision, cancelReason: r.cancelReason });
      },
      a.member === undefined ? undefined : this.member(a.member),
    );
    if (a.readsPerTick !== undefined) handle.setReadsPerTick(a.readsPerTick, a.bufferResponses);
    this.watches.get(a.as)?.handle.cancel();
    this.watches.set(a.as, { handle, record });
    this.watchRecords.set(a.as, record);
  }

  private async repeat(line: string, count: number): Promise<void> {
    let next = 0;
    const client = async () => {
      while (next < count) {
        next++;
        const r = await this.host.run(line);
        if (r.exitCode !== 0) throw new ScenarioError(`${line} failed: ${r.stderr.trim()}`);
        this.keep(undefined, r);
      }
    };
    await Promise.all(Array.from({ length: 16 }, client));
  }

  /** Puts in transactions of `perTxn`, eight clients at a time, keys numbered from 0 (6 digits). */
  private async fillTxn(prefix: string, count: number, perTxn: number, value: string): Promise<void> {
    if (/\s/.test(value)) throw new ScenarioError('fillTxn: the value may not contain spaces');
    const CLIENTS = 8;
    let next = 0;
    const client = async () => {
      while (next < count) {
        const from = next;
        const to = Math.min(count, from + perTxn);
        next = to;
        const puts: string[] = [];
        for (let i = from; i < to; i++) puts.push(`put ${prefix}${String(i).padStart(6, '0')} ${value.replace(/\{i(?:%(\d+))?\}/g, (_, mod?: string) => String(mod ? i % Number(mod) : i))}`);
        const r = await this.host.run('txn', `\n${puts.join('\n')}\n\n\n`);
        if (r.exitCode !== 0 || !r.stdout.startsWith('SUCCESS')) throw new ScenarioError(`fillTxn: txn of ${prefix}${from}… failed: ${(r.stderr || r.stdout).trim().slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
  }

  private async fill(prefix: string, count: number, valueBytes: number, keys?: number): Promise<void> {
    const value = 'x'.repeat(valueBytes);
    const CLIENTS = 16;
    let next = 0;
    const client = async () => {
      while (next < count) {
        const i = next++;
        const r = await this.host.run(`put ${prefix}${String(keys ? i % keys : i).padStart(6, '0')} ${value}`);
        if (r.exitCode !== 0) throw new ScenarioError(`fill: put ${prefix}${i} failed: ${r.stderr.trim()}`);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
  }

  private async read(prefix: string, count: number, member: string, from: number): Promise<void> {
    const endpoint = this.host.endpointOf(member);
    for (let i = from; i < from + count; i++) {
      const r = await this.host.run(`get ${prefix}${String(i).padStart(6, '0')} --consistency=s --endpoints=${endpoint}`);
      if (r.exitCode !== 0) throw new ScenarioError(`read: get ${prefix}${i} on ${member} failed: ${r.stderr.trim()}`);
    }
  }

  private async awaitCheckpoints(step: Step): Promise<StepOutcome['checks']> {
    if (step.checkpoints.length === 0) return [];
    // Text a checkpoint looks for may name bound members or kept values ("$DEAD").
    const checks = step.checkpoints.map((c): Check =>
      c.check === 'output'
        ? { ...c, stdout: c.stdout && this.expand(c.stdout), notStdout: c.notStdout && this.expand(c.notStdout), stderr: c.stderr && this.expand(c.stderr) }
        : c.check === 'log'
          ? { ...c, contains: this.expand(c.contains) }
          : c,
    );
    const all = () => checks.map((c) => ({ check: c, ...evaluate(c, this.context()) }));
    await this.host.waitUntil(() => all().every((r) => r.ok), step.limitMs ?? DEFAULT_CHECK_LIMIT_MS);
    return all();
  }
}

function metricValue(m: MetricsInspect, f: MetricField): number {
  switch (f) {
    case 'walFsyncCount':
      return m.walFsync.total;
    case 'walFsyncP99Ms':
      return m.walFsync.p99Ms;
    case 'backendCommitCount':
      return m.backendCommit.total;
    case 'backendCommitP99Ms':
      return m.backendCommit.p99Ms;
    case 'proposalsCommitted':
      return m.proposalsCommitted;
    case 'watchPendingEvents':
      return m.memory.watchPendingEvents ?? 0;
    default:
      return m.memory[f];
  }
}
