// The state of one script run: variables, the current endpoint, the per-command timeout, the
// previous command's output (for captures), pending stdin, background jobs, and how one command
// line becomes an etcdctl job with the oracle wrapper's conventions.

import type { ClientResult } from '../etcd/etcdNode';
import { parseCommand } from './command';
import type { OracleCluster } from './cluster';
import type { Driver, Job } from './driver';
import { commandBlock, skippedBlock, type CommandOutput } from './transcript';
import { runShellRecipe } from './shellRecipes';
import { MemFiles } from './memFiles';

/** run-script.mjs's per-command safety timeout before any `#@ timeout`. */
export const DEFAULT_SCRIPT_TIMEOUT_S = 20;
/** Virtual time between two commands: a new etcdctl process starting and dialling. */
export const COMMAND_GAP_MS = 5;

interface Background {
  cmd: string;
  job: Job | null;
  /** Why the command was not replayed (then there is no job). */
  skipped: string | null;
}

export interface Skip {
  n: number;
  cmd: string;
  reason: string;
}

export class RunState {
  readonly vars: Record<string, string> = {};
  currentEndpoint: string;
  timeoutS = DEFAULT_SCRIPT_TIMEOUT_S;
  last: CommandOutput = { exitCode: 0, stdout: '', stderr: '' };
  nextStdin: Uint8Array | null = null;
  readonly background = new Map<string, Background>();
  /** Number of the last command block written. */
  n = 0;
  readonly warnings: string[] = [];
  readonly skipped: Skip[] = [];
  /** The run's file system (what `snapshot save` writes in /tmp), shared by every command. */
  readonly files = new MemFiles();

  constructor(
    readonly cluster: OracleCluster,
    readonly driver: Driver,
  ) {
    const eps = cluster.endpoints();
    eps.forEach((ep, k) => (this.vars[`EP${k + 1}`] = ep));
    this.vars.ENDPOINTS = eps.join(',');
    this.currentEndpoint = eps[0]!;
  }

  warn(msg: string): void {
    this.warnings.push(msg);
  }

  /** Runs one foreground command line and returns its transcript block. */
  async runCommand(text: string, shell: boolean): Promise<string> {
    const n = ++this.n;
    const stdin = this.nextStdin;
    this.nextStdin = null;
    if (shell) {
      const r = await runShellRecipe({ etcdctl: (argv, stdin, env) => this.etcdctl(argv, stdin, env), files: this.files, vars: this.vars }, text);
      if (!r) return this.skip(n, text, 'marked "# shell" (other shell syntax)');
      this.last = r;
      return commandBlock(n, text, r);
    }
    const job = await this.startJob(text, stdin);
    if (typeof job === 'string') return this.skip(n, text, job);
    const r = await this.driver.finish(job);
    this.last = r;
    return commandBlock(n, text, r);
  }

  async startBackground(name: string, cmd: string): Promise<void> {
    const job = await this.startJob(cmd, null);
    this.background.set(name, typeof job === 'string' ? { cmd, job: null, skipped: job } : { cmd, job, skipped: null });
  }

  /** Waits for background job `name` and returns its block (numbered like a command). */
  async finishBackground(name: string): Promise<string> {
    const b = this.background.get(name)!;
    this.background.delete(name);
    const n = ++this.n;
    const cmd = `(bg ${name}) ${b.cmd}`;
    if (!b.job) return this.skip(n, cmd, b.skipped!);
    return commandBlock(n, cmd, await this.driver.finish(b.job));
  }

  /** cluster.sh's wait_healthy for one member: linearizable reads through it until one succeeds. */
  async waitHealthy(id: number, limitMs = 30_000): Promise<void> {
    const end = this.driver.nowMs + limitMs;
    while (this.driver.nowMs < end) {
      let answer: boolean | null = null;
      this.cluster.healthProbe(id, 2000, (ok) => (answer = ok));
      await this.driver.advance(() => answer !== null, end);
      if (answer) return;
      await this.driver.sleep(200);
    }
    throw new Error(`member m${id} not healthy after ${limitMs / 1000}s`);
  }

  /**
   * etcd's TransferLeadership on a graceful stop: when member `id` leads a cluster with other
   * voters, it moves leadership to the most caught-up one (etcd: the longest connected) and waits
   * for that, at most etcd's request timeout; a follower just stops.
   */
  async handOverLeadership(id: number): Promise<void> {
    const sim = this.cluster.sim;
    const s = sim.inspect(id);
    if (!s || s.role !== 'leader') return;
    const peers = s.progress.filter((p) => !p.isLearner && sim.alive().includes(p.id)).sort((a, b) => b.match - a.match || a.id - b.id);
    const target = peers[0];
    if (!target) return;
    let answered = false;
    this.cluster.send({ op: 'moveLeader', targetId: this.cluster.memberId(target.id) }, { endpoint: this.cluster.endpoint(id), timeoutMs: 7000 }, () => (answered = true));
    await this.driver.advance(() => answered, this.driver.nowMs + 7000);
  }

  /** The Maintenance.Snapshot stream of the current endpoint's member (db file + SHA-256 trailer). */
  async snapshot(): Promise<Uint8Array> {
    let result: ClientResult | null = null;
    this.cluster.send({ op: 'snapshot' }, { endpoint: this.currentEndpoint, timeoutMs: 30_000 }, (r) => (result = r));
    await this.driver.advance(() => result !== null, this.driver.nowMs + 30_000);
    const r = result as ClientResult | null;
    if (!r) throw new Error('snapshot: no answer');
    if (!r.ok) throw new Error(`snapshot from ${this.currentEndpoint}: ${r.error.message}`);
    const blob = (r.resp as { blob?: unknown }).blob;
    if (!(blob instanceof Uint8Array)) throw new Error('snapshot: the member sent no file');
    return blob;
  }

  private skip(n: number, cmd: string, reason: string): string {
    this.skipped.push({ n, cmd, reason });
    this.last = { exitCode: 0, stdout: '', stderr: '' };
    return skippedBlock(n, cmd, reason);
  }

  /** One etcdctl process inside a shell line: the wrapper's --endpoints, the exported variables. */
  private async etcdctl(args: string[], stdin: Uint8Array, env: Readonly<Record<string, string>> = {}): Promise<CommandOutput> {
    const setsEndpoints = args.some((a) => a === '--endpoints' || a.startsWith('--endpoints='));
    const argv = setsEndpoints ? args : [`--endpoints=${this.currentEndpoint}`, ...args];
    await this.driver.sleep(COMMAND_GAP_MS);
    return this.driver.finish(this.driver.start({ argv, env: { ...this.vars, ETCDCTL_API: '3', ...env }, stdin, limitMs: this.timeoutS * 1000, files: this.files }));
  }

  /** A job for one command line, or the reason it cannot be replayed. */
  private async startJob(text: string, pendingStdin: Uint8Array | null): Promise<Job | string> {
    const p = parseCommand(text, this.vars);
    if (!p.ok) return p.reason;
    const inv = p.inv;
    // the oracle's etcdctl wrapper: --endpoints=<current member> unless the line sets it
    const setsEndpoints = inv.argv.some((a) => a === '--endpoints' || a.startsWith('--endpoints='));
    const argv = setsEndpoints ? inv.argv : [`--endpoints=${this.currentEndpoint}`, ...inv.argv];
    const stdin = inv.stdin !== null ? new TextEncoder().encode(inv.stdin) : (pendingStdin ?? new Uint8Array(0));
    const limitS = Math.min(inv.timeoutS ?? Infinity, this.timeoutS);
    await this.driver.sleep(COMMAND_GAP_MS);
    // run-script.mjs exports $EPn, $ENDPOINTS and captured variables to every command
    const env = { ...this.vars, ETCDCTL_API: '3', ...inv.env };
    return this.driver.start({ argv, env, stdin, stdinOpenMs: inv.stdinHoldMs, limitMs: limitS * 1000, files: this.files });
  }
}
