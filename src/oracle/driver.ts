// Drives the asynchronous etcdctl over the synchronous simulator. Each etcdctl invocation is a job
// with its own client; while anything is waited for, the driver steps the cluster's event queue one
// event at a time and, whenever a client call has been answered, lets the promise continuations run
// (one macrotask turn drains every microtask etcdctl queued) before the next event, so etcdctl sees
// answers at the virtual instant they arrive. Every wait is bounded in virtual time: a job past its
// deadline is cut off like `timeout` does (exit 124), and its client goes silent.

import type { EtcdctlFiles } from '../etcdctl/context';
import { RequestClient, endpointMember, type SendRequest } from '../host/etcdClient';
import { runEtcdctl, type EtcdClient, type EtcdctlResult } from '../etcdctl';
import { linkClient } from './jobClient';
import { execProgram, type ExecResult } from './exec';
import type { ClientResult } from '../etcd/etcdNode';
import type { OracleCluster } from './cluster';

/** What `timeout(1)` exits with when it cuts a command off. */
export const TIMEOUT_EXIT = 124;
/** A guard against a runaway loop: events stepped in one wait without virtual time advancing. */
const MAX_EVENTS_AT_ONE_INSTANT = 1_000_000;

export type MakeClient = (send: SendRequest, cluster: OracleCluster) => EtcdClient;
/** runEtcdctl's shape; `io` carries the runner's extra hooks (write, interrupt, clockMs, exec, stdinClosed). */
export type RunEtcdctl = (argv: string[], client: EtcdClient, io: RunnerIO) => Promise<EtcdctlResult>;

/** What the runner hands etcdctl (a superset of EtcdctlIO). */
export interface RunnerIO {
  stdin: Uint8Array;
  env: Record<string, string>;
  now: () => string;
  clockMs: () => number;
  write: (stream: 'stdout' | 'stderr', chunk: string) => void;
  interrupt: Promise<number>;
  exec: (argv: string[], env: Record<string, string>) => Promise<ExecResult | null>;
  /** Resolves when standard input reaches EOF; absent when it is at EOF from the start. */
  stdinClosed?: Promise<void>;
  files?: EtcdctlFiles;
}

export interface DriverHooks {
  /** etcdctl's client over the cluster's request path (tests substitute richer ones). */
  makeClient?: MakeClient;
  /** etcdctl itself (tests substitute probes). */
  run?: RunEtcdctl;
}

export interface JobSpec {
  argv: string[];
  env: Record<string, string>;
  stdin: Uint8Array;
  /** How long stdin stays open after its bytes (a producer still sleeping), in virtual ms. */
  stdinOpenMs?: number;
  /** Virtual ms after the start at which the job is cut off. */
  limitMs: number;
  /** The files etcdctl sees (`snapshot save`/`status`); absent: none. */
  files?: EtcdctlFiles;
}

export class Job {
  result: EtcdctlResult | null = null;
  killed = false;
  /** Output etcdctl has written so far (through io.write), kept when the job is cut off. */
  stdout = '';
  stderr = '';
  /** Resolves etcdctl's io.interrupt (what `timeout` does to the process). */
  interrupt: (code: number) => void = () => {};
  interrupted = false;
  /**
   * Requests sent after the interrupt and not answered yet: a process that handles the signal is
   * cleaning up (etcdctl lock deletes its key before it exits), so it is not cut off meanwhile.
   */
  cleanupInFlight = 0;
  /** Cancels the streams (watch, keep-alive) the job opened. */
  readonly streams: (() => void)[] = [];
  constructor(
    readonly startMs: number,
    readonly deadlineMs: number,
  ) {}
  get settled(): boolean {
    return this.result !== null;
  }
}

export class Driver {
  private readonly jobs = new Set<Job>();
  /** A client call was answered (or a job started) since continuations last ran. */
  private kicked = false;

  constructor(
    readonly cluster: OracleCluster,
    /** Wall-clock text for etcdctl's timestamped log lines, from virtual time. */
    private readonly now: () => string,
    private readonly hooks: DriverHooks = {},
  ) {}

  get nowMs(): number {
    return this.cluster.sim.nowMs;
  }

  start(spec: JobSpec): Job {
    const job = new Job(this.nowMs, this.nowMs + spec.limitMs);
    const send: SendRequest = (creq, opts) =>
      new Promise<ClientResult>((resolve) => {
        // A job that was cut off sends nothing more and hears nothing back (its process is gone).
        if (job.killed) return;
        const cleanup = job.interrupted;
        if (cleanup) job.cleanupInFlight++;
        this.cluster.send(creq, opts, (r) => {
          if (cleanup) job.cleanupInFlight--;
          if (job.killed) return;
          this.kicked = true;
          resolve(r);
        });
      });
    const sim = this.cluster.sim;
    const makeClient =
      this.hooks.makeClient ??
      ((s: SendRequest) =>
        new RequestClient(s, (req, onResponse, o) => sim.openWatch(req, onResponse, endpointMember(o?.endpoint)), {
          timer: (ms, fn) => sim.queue.after(ms, fn),
          nowMs: () => sim.nowMs,
        }));
    const client = linkClient(makeClient(send, this.cluster), {
      kick: () => (this.kicked = true),
      alive: () => !job.killed,
      track: (cancel) => job.streams.push(cancel),
    });
    this.jobs.add(job);
    this.kicked = true;
    // Passed as a RunnerIO, not an EtcdctlIO literal: an etcdctl without write/interrupt/clockMs/exec/stdinClosed ignores them.
    const io: RunnerIO = {
      stdin: spec.stdin,
      env: spec.env,
      now: this.now,
      clockMs: () => this.nowMs,
      write: (stream: 'stdout' | 'stderr', chunk: string) => {
        if (stream === 'stdout') job.stdout += chunk;
        else job.stderr += chunk;
      },
      interrupt: new Promise<number>((resolve) => (job.interrupt = resolve)),
      // a producer still running (`(cat; sleep S) |`) keeps stdin open; without this, it is at EOF already
      stdinClosed:
        (spec.stdinOpenMs ?? 0) > 0
          ? new Promise<void>((resolve) =>
              this.cluster.sim.queue.after(spec.stdinOpenMs!, () => {
                this.kicked = true;
                resolve();
              }),
            )
          : undefined,
      // programs etcdctl runs (lock/watch exec mode), for an etcdctl that asks its host
      exec: async (argv: string[], env: Record<string, string>) => execProgram(argv, env),
      files: spec.files,
    };
    const run: RunEtcdctl = this.hooks.run ?? runEtcdctl;
    run(spec.argv, client, io).then(
      (r) => {
        // timeout(1) reports 124 once it had to stop the command, whatever the command exited with
        if (!job.killed) job.result = job.interrupted ? { ...r, exitCode: TIMEOUT_EXIT } : r;
        this.jobs.delete(job);
      },
      (e: unknown) => {
        if (!job.killed) job.result = { stdout: job.stdout, stderr: `${job.stderr}etcdscope oracle runner: etcdctl threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`, exitCode: 2 };
        this.jobs.delete(job);
      },
    );
    return job;
  }

  /** Waits (in virtual time) for the job to finish or be cut off. */
  async finish(job: Job): Promise<EtcdctlResult> {
    await this.advance(() => job.settled, Infinity);
    return job.result!;
  }

  /** Lets `ms` of virtual time pass, with every running job progressing. */
  async sleep(ms: number): Promise<void> {
    await this.advance(() => false, this.nowMs + ms);
  }

  /**
   * Steps the cluster until `done()` holds or virtual time reaches `untilMs`; true if `done()`.
   * Jobs reaching their deadline on the way are cut off.
   */
  async advance(done: () => boolean, untilMs: number): Promise<boolean> {
    const sim = this.cluster.sim;
    let sameInstant = 0;
    let lastNow = sim.nowMs;
    for (;;) {
      if (this.kicked) {
        this.kicked = false;
        await new Promise<void>((r) => setImmediate(r));
        continue;
      }
      await this.expireJobs();
      if (done()) return true;
      const bound = Math.min(untilMs, this.nextDeadline());
      const next = sim.queue.peekTime();
      if (next !== undefined && next <= bound) {
        sim.stepOnce();
        if (sim.nowMs === lastNow) {
          if (++sameInstant > MAX_EVENTS_AT_ONE_INSTANT) throw new Error(`oracle runner: no progress at ${sim.nowMs} ms`);
        } else {
          sameInstant = 0;
          lastNow = sim.nowMs;
        }
        continue;
      }
      if (bound === Infinity) throw new Error('oracle runner: waiting for a job with no deadline and nothing scheduled');
      if (bound > sim.nowMs) sim.runFor(bound - sim.nowMs);
      await this.expireJobs();
      if (bound >= untilMs) return done();
    }
  }

  private nextDeadline(): number {
    let d = Infinity;
    for (const j of this.jobs) if (!j.settled && !j.killed && !j.interrupted) d = Math.min(d, j.deadlineMs);
    return d;
  }

  /**
   * Jobs at their deadline are interrupted (etcdctl's io.interrupt resolves with 124) and given one
   * turn of continuations to end by themselves; a job still running after that is cut off with the
   * output it wrote so far, and its client goes silent — unless it sent requests after the interrupt
   * that are still unanswered (it handles the signal and is cleaning up: it gets their answers).
   */
  private async expireJobs(): Promise<void> {
    const isDue = (j: Job) => !j.settled && !j.killed && !j.interrupted && j.deadlineMs <= this.nowMs;
    const cleanedUp = (j: Job) => !j.settled && !j.killed && j.interrupted && j.cleanupInFlight === 0;
    if (![...this.jobs].some((j) => isDue(j) || cleanedUp(j))) return;
    // let a job that already has everything it needs finish before judging it
    await new Promise<void>((r) => setImmediate(r));
    const due = [...this.jobs].filter(isDue);
    for (const j of due) {
      j.interrupted = true;
      j.interrupt(TIMEOUT_EXIT);
    }
    await new Promise<void>((r) => setImmediate(r));
    for (const j of [...this.jobs]) {
      if (!cleanedUp(j)) continue;
      j.killed = true;
      for (const cancel of j.streams) cancel();
      j.result = { stdout: j.stdout, stderr: j.stderr, exitCode: TIMEOUT_EXIT };
      this.jobs.delete(j);
    }
  }
}
