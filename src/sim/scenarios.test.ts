// Every scenario runs to its end on the simulator (the same member code as the page) with all its
// checkpoints holding: a scenario that stops being true fails here.
import { describe, expect, test } from 'vitest';
import { SCENARIOS } from '../scenario/library';
import { ScenarioRunner } from '../scenario/runner';
import { SimScenarioHost } from './scenarioHost';

describe('scenarios on the simulator', () => {
  test.each(SCENARIOS.map((s) => [s.id, s] as const))('%s runs to its end with every checkpoint', async (_id, scenario) => {
    const runner = new ScenarioRunner(scenario, new SimScenarioHost());
    const outcomes = await runner.runAll();
    const failed = outcomes.filter((o) => !o.ok).map((o) => `step ${o.index + 1} ${o.step.id}: ${o.error ?? o.checks.filter((c) => !c.ok).map((c) => `${c.check.check} ${c.detail}`).join('; ')}`);
    expect(failed).toEqual([]);
    expect(outcomes).toHaveLength(scenario.steps.length);
  });

  test('a replay from the same seed reaches the same state', async () => {
    const s = SCENARIOS[0]!;
    const runs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const host = new SimScenarioHost();
      await new ScenarioRunner(s, host).runAll();
      runs.push(`${host.sim.hash()} @ ${host.nowMs()}`);
    }
    expect(runs[0]).toBe(runs[1]);
  });

  test('going back replays from the seed and lands on the same step state', async () => {
    const s = SCENARIOS[0]!;
    const host = new SimScenarioHost();
    const runner = new ScenarioRunner(s, host);
    await runner.start();
    await runner.goto(2);
    const forward = JSON.stringify(host.members());
    await runner.goto(1);
    expect(runner.position).toBe(1);
    await runner.next();
    expect(JSON.stringify(host.members())).toBe(forward);
  });

  test('a checkpoint that does not hold fails the step with what was seen', async () => {
    const s = SCENARIOS[0]!;
    const broken = { ...s, steps: [{ ...s.steps[0]!, checkpoints: [{ check: 'output' as const, of: 'put', stdout: 'NOT THERE' }] }] };
    const outcomes = await new ScenarioRunner(broken, new SimScenarioHost()).runAll();
    expect(outcomes[0]!.ok).toBe(false);
    expect(outcomes[0]!.checks[0]!.detail).toContain('stdout lacks');
  });

  test.each(SCENARIOS.map((s) => [s.id, s] as const))('%s speaks both languages', (_id, s) => {
    for (const t of [s.title, s.summary, ...s.steps.flatMap((st) => [st.title, st.narration])]) {
      expect(t.en.trim()).not.toBe('');
      expect(t['zh-CN'].trim()).not.toBe('');
      expect(t['zh-CN']).not.toBe(t.en);
    }
  });
});
