// Record and replay. The recorder wraps the hub's ClusterController in a Proxy: a call of any method
// listed in RECORDED_METHODS is, while recording, deferred to the start of the next lockstep step
// (hub.atNextStep) and logged with that step's number and virtual time. Replay resets a cluster with
// the run's seed and settings in lockstep and, at the end of step N − 1, queues the actions of step N
// the same way, so each reaches the cluster at the same point of the same deterministic run.
// Everything else passes straight through; methods a later controller grows become recordable by
// adding them to RECORDED_METHODS and to RUN_OPS (src/protocol/run.ts).
import type { ResetRequest } from '../../protocol/controller';
import {
  RUN_FORMAT,
  RUN_VERSION,
  decodeArgs,
  encodeArgs,
  type RecorderState,
  type RunAction,
  type RunConfig,
  type RunFile,
  type RunRecorder,
} from '../../protocol/run';
import type { WatchHandle } from '../../etcdctl/client';
import { decodeRunLink, runLinkURL } from './runLink';

/** The ClusterController methods whose calls make up a run (each has an entry in RUN_OPS). */
export const RECORDED_METHODS = [
  'run',
  'kill',
  'restart',
  'isolate',
  'heal',
  'addMember',
  'promote',
  'removeMember',
  'moveLeader',
  'setRaftOptions',
  'txn',
  'openWatch',
  'setNetwork',
] as const;

/** Calls that replace the cluster: they end a recording or a replay (the run cannot go on). */
const ENDS_RUN = new Set(['reset', 'restoreSnapshot']);

/** What the recorder needs of the hub (the Hub implements it; the unit tests fake it). */
export interface RecorderHub {
  snapshot(): { nowMs: number; seed: number };
  stepCount(): number;
  /** Changes whenever the cluster is stopped for a reset. */
  resetEpoch(): number;
  atNextStep(f: () => void): void;
  readonly timers: { onStep(l: () => void): () => void };
  setClockMode(mode: 'realtime' | 'lockstep'): void;
  reset(request?: ResetRequest): Promise<void>;
  runConfig(): RunConfig;
  setNetwork(n: { latencyMs: number; jitterMs: number }): void;
  pause(): void;
  resume(): void;
  settled(): Promise<void>;
}

interface Recording {
  seed: number;
  config: RunConfig;
  actions: RunAction[];
  watches: number;
  closed: boolean;
}

interface Replay {
  run: RunFile;
  next: number;
  handles: Array<WatchHandle | undefined>;
  diverged?: { action: number; expectedMs: number; gotMs: number };
  lastStep: number;
}

type Fn = (...args: unknown[]) => unknown;

export class Recorder<H extends RecorderHub> implements RunRecorder {
  /** The controller to hand to the UI and window.etcdscope: the hub, with recorded calls logged. */
  readonly controller: H & { readonly recorder: RunRecorder };
  private rec: Recording | null = null;
  private play: Replay | null = null;
  private done: Extract<RecorderState, { mode: 'replayed' }> | null = null;
  private last: RunFile | null = null;
  private readonly listeners = new Set<(s: RecorderState) => void>();
  private offStep: (() => void) | null = null;
  /** The hub's reset epoch of the run being recorded or replayed: another one means someone reset the cluster. */
  private epoch = -1;

  constructor(
    private readonly hub: H,
    private readonly baseURL: () => string = () => location.href,
  ) {
    const recorded = new Set<string>(RECORDED_METHODS);
    this.controller = new Proxy(hub, {
      get: (target, prop, receiver) => {
        if (prop === 'recorder') return this;
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function' || typeof prop !== 'string') return v;
        const f = v as Fn;
        if (recorded.has(prop)) return (...args: unknown[]) => this.call(prop, f, args);
        if (ENDS_RUN.has(prop)) {
          return (...args: unknown[]) => {
            this.interrupt();
            return f.apply(target, args);
          };
        }
        return f.bind(target);
      },
    }) as H & { readonly recorder: RunRecorder };
  }

  // ---- RunRecorder ----

  state(): RecorderState {
    if (this.rec) return { mode: 'recording', seed: this.rec.seed, actions: this.rec.actions.length };
    if (this.play) {
      const p = this.play;
      return {
        mode: 'replaying',
        seed: p.run.seed,
        step: Math.min(this.hub.stepCount(), p.run.end.step),
        endStep: p.run.end.step,
        issued: p.next,
        total: p.run.actions.length,
        ...(p.diverged ? { diverged: p.diverged } : {}),
      };
    }
    return this.done ?? { mode: 'idle' };
  }

  subscribe(listener: (s: RecorderState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state());
    return () => this.listeners.delete(listener);
  }

  lastRun(): RunFile | null {
    return this.last;
  }

  async startRecording(): Promise<void> {
    this.interrupt();
    const seed = this.hub.snapshot().seed;
    const config = this.hub.runConfig();
    await this.resetTo(seed, config);
    this.rec = { seed, config, actions: [], watches: 0, closed: false };
    this.watchSteps();
    this.notify();
  }

  async stopRecording(): Promise<RunFile> {
    const rec = this.rec;
    if (!rec) throw new Error('not recording');
    // The run ends at a step boundary: no step may be half done when its end is read.
    this.hub.pause();
    await this.hub.settled();
    rec.closed = true;
    this.rec = null;
    this.unwatchSteps();
    const run = this.finish(rec);
    this.notify();
    return run;
  }

  async replay(run: RunFile): Promise<void> {
    this.interrupt();
    this.done = null;
    this.hub.setNetwork(run.config.network);
    await this.resetTo(run.seed, run.config);
    this.last = run;
    this.play = { run, next: 0, handles: [], lastStep: 0 };
    this.watchSteps();
    this.afterStep();
    this.hub.resume();
    this.notify();
  }

  stopReplay(): void {
    if (!this.play) return;
    this.play = null;
    this.unwatchSteps();
    this.notify();
  }

  link(run: RunFile): Promise<string> {
    return runLinkURL(run, this.baseURL());
  }

  fromLink(code: string): Promise<RunFile> {
    return decodeRunLink(code);
  }

  // ---- recording ----

  private call(op: string, f: Fn, args: unknown[]): unknown {
    const rec = this.rec;
    if (!rec) return f.apply(this.hub, args);
    if (op === 'openWatch') return this.recordWatch(rec, f, args);
    return new Promise((resolve, reject) => {
      this.hub.atNextStep(() => {
        this.log(rec, op, args);
        try {
          Promise.resolve(f.apply(this.hub, args)).then(resolve, reject);
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  private log(rec: Recording, op: string, args: unknown[]): void {
    if (rec.closed) return;
    rec.actions.push({ step: this.hub.stepCount(), atMs: this.hub.snapshot().nowMs, op, args: encodeArgs(args) });
    this.notifySoon();
  }

  /** A watch opens at the next step; its handle's cancel is recorded as cancelWatch(n). */
  private recordWatch(rec: Recording, f: Fn, args: unknown[]): WatchHandle {
    const n = rec.watches++;
    let real: WatchHandle | null = null;
    let canceled = false;
    this.hub.atNextStep(() => {
      this.log(rec, 'openWatch', args);
      real = f.apply(this.hub, args) as WatchHandle;
      if (canceled) {
        this.log(rec, 'cancelWatch', [n]);
        real.cancel();
      }
    });
    return {
      cancel: () => {
        if (canceled) return;
        canceled = true;
        if (!real) return; // cancelled before it opened: its open step cancels it (and logs that)
        this.hub.atNextStep(() => {
          this.log(rec, 'cancelWatch', [n]);
          real!.cancel();
        });
      },
      requestProgress: () => (real as WatchHandle | null)?.requestProgress?.(),
    };
  }

  private finish(rec: Recording): RunFile {
    const run: RunFile = {
      format: RUN_FORMAT,
      version: RUN_VERSION,
      seed: rec.seed,
      config: rec.config,
      actions: rec.actions,
      end: { step: this.hub.stepCount(), atMs: this.hub.snapshot().nowMs },
      createdAt: new Date().toISOString(),
    };
    this.last = run;
    return run;
  }

  // ---- replay ----

  /** End of a step (and once at the start): queue the actions of the next step; pause at the run's end. */
  private afterStep(): void {
    const step = this.hub.stepCount();
    if (this.hub.resetEpoch() !== this.epoch) {
      // The cluster was reset by someone else (a lesson): the run cannot go on.
      this.interrupt();
      return;
    }
    const p = this.play;
    if (!p) return;
    if (p.lastStep !== step) {
      p.lastStep = step;
      this.notifySoon();
    }
    if (step >= p.run.end.step) {
      this.hub.pause();
      this.play = null;
      this.unwatchSteps();
      this.done = { mode: 'replayed', seed: p.run.seed, endStep: p.run.end.step, endMs: this.hub.snapshot().nowMs, total: p.run.actions.length, ...(p.diverged ? { diverged: p.diverged } : {}) };
      this.notify();
      return;
    }
    const due: RunAction[] = [];
    let i = p.next;
    while (i < p.run.actions.length && p.run.actions[i]!.step <= step + 1) due.push(p.run.actions[i++]!);
    if (!due.length) return;
    const first = p.next;
    p.next = i;
    this.hub.atNextStep(() => due.forEach((a, k) => this.issue(p, a, first + k)));
  }

  private issue(p: Replay, a: RunAction, index: number): void {
    if (this.play !== p) return;
    const now = this.hub.snapshot().nowMs;
    if ((now !== a.atMs || this.hub.stepCount() !== a.step) && !p.diverged) p.diverged = { action: index + 1, expectedMs: a.atMs, gotMs: now };
    const args = decodeArgs(a.args, () => {});
    let r: unknown;
    try {
      if (a.op === 'cancelWatch') {
        p.handles[args[0] as number]?.cancel();
        return;
      }
      const f = (this.hub as unknown as Record<string, Fn>)[a.op];
      if (typeof f !== 'function') throw new Error(`this cluster cannot ${a.op}`);
      r = f.apply(this.hub, args);
      if (a.op === 'openWatch') p.handles.push(r as WatchHandle);
    } catch (e) {
      // A failure is part of the run (the recording saw it fail too); the replay goes on.
      console.warn(`replay: action ${index + 1} (${a.op}) failed:`, e);
    }
    if (r instanceof Promise) r.catch((e: unknown) => console.warn(`replay: action ${index + 1} (${a.op}) failed:`, e));
  }

  // ---- shared ----

  private async resetTo(seed: number, config: RunConfig): Promise<void> {
    this.hub.setClockMode('lockstep');
    const request: ResetRequest = {
      seed,
      members: config.members,
      raft: config.raft,
      timing: { tickMs: config.tickMs, electionTicks: config.electionTicks, heartbeatTicks: config.heartbeatTicks },
    };
    if (config.quotaBackendBytes !== undefined) request.quotaBackendBytes = config.quotaBackendBytes;
    await this.hub.reset(request);
    this.epoch = this.hub.resetEpoch();
  }

  /** A reset or restore from outside ends the recording (keeping what it has) or the replay. */
  private interrupt(): void {
    if (this.rec) {
      const rec = this.rec;
      rec.closed = true;
      this.rec = null;
      this.finish(rec);
    }
    this.play = null;
    this.done = null;
    this.unwatchSteps();
    this.notify();
  }

  private watchSteps(): void {
    if (!this.offStep) this.offStep = this.hub.timers.onStep(() => this.afterStep());
  }

  private unwatchSteps(): void {
    this.offStep?.();
    this.offStep = null;
  }

  private notifyQueued = false;

  /** Progress (steps, actions) reaches listeners at most once per macrotask. */
  private notifySoon(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    setTimeout(() => {
      this.notifyQueued = false;
      this.notify();
    }, 0);
  }

  private notify(): void {
    const s = this.state();
    for (const l of this.listeners) l(s);
  }
}
