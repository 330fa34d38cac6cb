// The player the dock, the embed widget and presenter mode share, on the simulator host: events in
// order, back/goto replaying from the seed, autoplay with fake timers, bad commands refused.
import { describe, expect, it } from 'vitest';
import { SimScenarioHost } from '../../sim/scenarioHost';
import { scenarioById } from '../../scenario/library';
import { LessonPlayer, type LessonEvent } from './lessonPlayer';

const scenario = scenarioById('mvcc-inside')!;

function fakeTimers() {
  const queue: Array<() => void> = [];
  return {
    queue,
    setTimer: (f: () => void) => {
      queue.push(f);
      return queue.length;
    },
    clearTimer: () => {},
  };
}

describe('LessonPlayer', () => {
  it('reports opened, ready, each step started and finished with its checkpoints, then done', async () => {
    const host = new SimScenarioHost();
    const p = new LessonPlayer(host);
    const events: LessonEvent[] = [];
    p.on((e) => events.push(e));
    await p.open(scenario);
    expect(p.state).toMatchObject({ phase: 'ready', position: -1, error: null });
    for (let i = 0; i < scenario.steps.length; i++) await p.next();
    expect(p.state.position).toBe(scenario.steps.length - 1);
    expect(p.done).toBe(true);
    const types = events.map((e) => (e.type === 'stepStarted' || e.type === 'stepFinished' ? `${e.type}:${e.type === 'stepStarted' ? e.index : e.outcome.index}` : e.type));
    expect(types).toEqual(['opened', 'ready', ...scenario.steps.flatMap((_, i) => [`stepStarted:${i}`, `stepFinished:${i}`]), 'done']);
    const finished = events.filter((e): e is Extract<LessonEvent, { type: 'stepFinished' }> => e.type === 'stepFinished');
    expect(finished.every((e) => e.outcome.ok)).toBe(true);
    await expect(p.next()).rejects.toThrow(/no step after/);
  });

  it('back and goto replay from the seed to the same state', async () => {
    const host = new SimScenarioHost();
    const p = new LessonPlayer(host);
    await p.open(scenario);
    await p.goto(1);
    const forward = `${host.sim.hash()} @ ${host.nowMs()}`;
    await p.next();
    await p.back();
    expect(p.state.position).toBe(1);
    expect(`${host.sim.hash()} @ ${host.nowMs()}`).toBe(forward);
    await p.goto(-1);
    expect(p.state.position).toBe(-1);
    await expect(p.goto(99)).rejects.toThrow(/has no step 100/);
    expect(p.state.error).toMatch(/has no step 100/);
  });

  it('autoplay runs the next step after the reading time, and stops at the end', async () => {
    const host = new SimScenarioHost();
    const t = fakeTimers();
    const reads: number[] = [];
    const p = new LessonPlayer(host, { ...t, dwellMs: (_s, pos) => (reads.push(pos), 1000) });
    await p.open(scenario);
    p.play();
    expect(p.state.playing).toBe(true);
    // Each timer fires one step; the player schedules the next once the step is done.
    for (let i = 0; i < scenario.steps.length; i++) {
      const f = t.queue.shift();
      expect(f, `a timer for step ${i + 1}`).toBeDefined();
      f!();
      await new Promise<void>((resolve) => {
        const off = p.store.subscribe((s) => {
          if (s.phase === 'ready' && s.position === i) {
            off();
            resolve();
          }
        });
      });
    }
    expect(p.done).toBe(true);
    expect(p.state.playing).toBe(false);
    expect(reads).toEqual(scenario.steps.slice(0, -1).map((_, i) => i));
  });

  it('refuses a step command while one runs, and after "try it yourself"', async () => {
    const host = new SimScenarioHost();
    const p = new LessonPlayer(host);
    await expect(p.next()).rejects.toThrow(/no lesson is open/);
    await p.open(scenario);
    const running = p.next();
    await expect(p.next()).rejects.toThrow(/busy/);
    await running;
    p.release();
    expect(p.state.phase).toBe('free');
    await expect(p.next()).rejects.toThrow(/try it yourself/);
  });
});
