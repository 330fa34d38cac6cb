// One lesson being played: the ScenarioRunner plus what the page shows about it (phase, position,
// the last step's outcome) and a play/pause loop. The lesson dock, the embed widget and presenter
// mode all drive the same player, and its events are what the embed's postMessage API reports.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ScenarioHost } from '../../scenario/host';
import { ScenarioRunner, type StepOutcome } from '../../scenario/runner';
import type { Scenario } from '../../scenario/types';

export type LessonPhase = 'index' | 'starting' | 'busy' | 'ready' | 'free' | 'closed';

export interface LessonState {
  phase: LessonPhase;
  scenario: Scenario | null;
  /** Index of the last step run; -1 at the introduction. */
  position: number;
  /** The outcome of the step at `position`. */
  outcome: StepOutcome | null;
  error: string | null;
  /** Autoplay: the next step starts by itself once the viewer has had time to read this one. */
  playing: boolean;
}

export type LessonEvent =
  | { type: 'opened'; scenario: string; steps: number }
  | { type: 'ready'; scenario: string; position: number }
  | { type: 'stepStarted'; scenario: string; index: number; stepId: string }
  | { type: 'stepFinished'; scenario: string; outcome: StepOutcome }
  | { type: 'done'; scenario: string; ok: boolean }
  | { type: 'error'; scenario: string | null; message: string }
  | { type: 'playing'; playing: boolean };

export interface LessonPlayerOptions {
  /** Real milliseconds autoplay leaves a finished step on screen before the next one (reading time). */
  dwellMs?: (s: Scenario, position: number) => number;
  /** Timers for the autoplay pause (tests pass fakes). */
  setTimer?: (f: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Reading time: a base plus a little per character of the step's narration, capped. */
export function defaultDwellMs(s: Scenario, position: number): number {
  const step = position >= 0 ? s.steps[position] : undefined;
  const chars = step ? step.narration.en.length : s.summary.en.length;
  return Math.min(12_000, 2_500 + chars * 35);
}

export class BusyError extends Error {
  constructor() {
    super('the lesson is busy running a step');
  }
}

export class LessonPlayer {
  readonly store: StoreApi<LessonState>;
  private runner: ScenarioRunner | null = null;
  private readonly listeners = new Set<(e: LessonEvent) => void>();
  private timer: unknown = null;
  /** Bumped by open(): an old run's continuation must not touch a newer one. */
  private generation = 0;
  private readonly opts: Required<LessonPlayerOptions>;

  constructor(
    private readonly host: ScenarioHost,
    opts: LessonPlayerOptions = {},
    initialPhase: LessonPhase = 'closed',
  ) {
    this.opts = {
      dwellMs: opts.dwellMs ?? defaultDwellMs,
      setTimer: opts.setTimer ?? ((f, ms) => setTimeout(f, ms)),
      clearTimer: opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)),
    };
    this.store = createStore<LessonState>()(() => ({ phase: initialPhase, scenario: null, position: -1, outcome: null, error: null, playing: false }));
  }

  get state(): LessonState {
    return this.store.getState();
  }

  on(listener: (e: LessonEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: LessonEvent): void {
    for (const l of this.listeners) l(e);
  }

  get busy(): boolean {
    const p = this.state.phase;
    return p === 'starting' || p === 'busy';
  }

  get done(): boolean {
    const s = this.state;
    return !!s.scenario && s.position >= s.scenario.steps.length - 1;
  }

  showIndex(error: string | null = null): void {
    this.pause();
    this.store.setState({ phase: 'index', scenario: null, position: -1, outcome: null, error });
  }

  close(): void {
    this.pause();
    this.store.setState({ phase: 'closed' });
  }

  /** A fresh cluster from the scenario's seed; runs on to step `toStep` (1-based) if given. */
  async open(s: Scenario, toStep?: number): Promise<void> {
    this.pause();
    const gen = ++this.generation;
    this.runner = new ScenarioRunner(s, this.host);
    this.store.setState({ scenario: s, position: -1, outcome: null });
    this.emit({ type: 'opened', scenario: s.id, steps: s.steps.length });
    await this.guard('starting', gen, async () => {
      await this.runner!.start();
      if (toStep !== undefined && toStep > 0) await this.runTo(Math.min(toStep, s.steps.length) - 1, gen);
    });
    if (gen === this.generation && !this.state.error) this.emit({ type: 'ready', scenario: s.id, position: this.state.position });
  }

  /** Runs the next step. */
  next(): Promise<void> {
    return this.command(async (gen) => {
      await this.runTo(this.runner!.position + 1, gen);
    });
  }

  /** One step back (replayed from the seed: a live cluster cannot be rewound). */
  back(): Promise<void> {
    return this.command(async (gen) => {
      const to = this.runner!.position - 1;
      await this.runner!.start();
      this.store.setState({ position: -1, outcome: null });
      if (to >= 0) await this.runTo(to, gen);
    });
  }

  /** Runs to step `index` (0-based; -1 = the introduction), replaying from the seed if it is behind. */
  goto(index: number): Promise<void> {
    return this.command(async (gen) => {
      const s = this.state.scenario!;
      if (!Number.isInteger(index) || index < -1 || index >= s.steps.length) throw new RangeError(`scenario ${s.id} has no step ${index + 1}`);
      if (index <= this.runner!.position) {
        await this.runner!.start();
        this.store.setState({ position: -1, outcome: null });
      }
      await this.runTo(index, gen);
    });
  }

  restart(): Promise<void> {
    const s = this.state.scenario;
    if (!s) return Promise.reject(new Error('no lesson is open'));
    return this.open(s);
  }

  /** "Try it yourself": the script lets go and the clock runs freely. */
  release(): void {
    this.pause();
    this.runner?.release();
    if (this.state.scenario) this.store.setState({ phase: 'free' });
  }

  /** Leaves the lesson for the index; the cluster keeps running. */
  exit(): void {
    this.runner?.release();
    this.showIndex();
  }

  play(): void {
    if (!this.state.scenario || this.state.phase === 'free' || this.state.playing) return;
    this.store.setState({ playing: true });
    this.emit({ type: 'playing', playing: true });
    if (!this.busy) this.scheduleAutoplay(0);
  }

  pause(): void {
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = null;
    if (!this.state.playing) return;
    this.store.setState({ playing: false });
    this.emit({ type: 'playing', playing: false });
  }

  private scheduleAutoplay(delayMs: number): void {
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = this.opts.setTimer(() => {
      this.timer = null;
      if (!this.state.playing || this.busy) return;
      if (this.done || this.state.phase === 'free') {
        this.pause();
        return;
      }
      void this.next().catch(() => this.pause());
    }, delayMs);
  }

  private async command(work: (gen: number) => Promise<void>): Promise<void> {
    if (!this.runner || !this.state.scenario) throw new Error('no lesson is open');
    if (this.busy) throw new BusyError();
    if (this.state.phase === 'free') throw new Error('the lesson was left for "try it yourself"; restart it to go on');
    const failure = await this.guard('busy', this.generation, work);
    if (failure) throw new Error(failure);
  }

  private async runTo(index: number, gen: number): Promise<void> {
    const r = this.runner!;
    const s = r.scenario;
    if (index >= s.steps.length) throw new Error(`scenario ${s.id} has no step after ${r.position + 1}`);
    while (r.position < index && gen === this.generation) {
      const i = r.position + 1;
      this.emit({ type: 'stepStarted', scenario: s.id, index: i, stepId: s.steps[i]!.id });
      const o = await r.next();
      if (gen !== this.generation) return;
      this.store.setState({ position: r.position, outcome: o });
      this.emit({ type: 'stepFinished', scenario: s.id, outcome: o });
      if (!o.ok) {
        this.pause();
        break;
      }
      if (r.done) this.emit({ type: 'done', scenario: s.id, ok: true });
    }
  }

  /** Runs `work` as `phase`; the failure (also kept in the state as `error`) or null. */
  private async guard(phase: LessonPhase, gen: number, work: (gen: number) => Promise<void>): Promise<string | null> {
    this.store.setState({ phase, error: null });
    let failure: string | null = null;
    try {
      await work(gen);
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    }
    if (gen !== this.generation) return failure;
    const r = this.runner;
    this.store.setState({
      phase: 'ready',
      error: failure,
      position: r ? r.position : -1,
      outcome: r && r.position >= 0 ? (r.outcomes[r.position] ?? null) : null,
    });
    if (failure) {
      this.pause();
      this.emit({ type: 'error', scenario: this.state.scenario?.id ?? null, message: failure });
      return failure;
    }
    if (this.state.playing) {
      if (this.done) this.pause();
      else this.scheduleAutoplay(this.opts.dwellMs(this.state.scenario!, this.state.position));
    }
    return null;
  }
}
