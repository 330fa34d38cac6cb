// Every lesson runs to its end in the page, in both languages, with each checkpoint verified on the
// live cluster (real workers, real IndexedDB).
import { test, expect } from './fixtures';
import { SCENARIOS } from '../src/scenario/library';

test.describe.configure({ timeout: 180_000 });

for (const lang of ['en', 'zh-CN'] as const) {
  for (const s of SCENARIOS) {
    test(`lesson ${s.number} ${s.id} (${lang}) runs to its end`, async ({ page }) => {
      await page.goto(`/?scenario=${s.id}&lang=${lang}`);
      const dock = page.getByTestId('lesson-dock');
      await expect(dock).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
      await expect(dock).toHaveAttribute('data-position', '-1');
      await expect(page.getByTestId('lesson-narration')).toContainText(s.summary[lang]);
      // Lessons run in lockstep on the hub's virtual clock; a high speed only removes idle gaps between ticks.
      await page.evaluate(() => window.etcdscope!.setSpeed(32));
      for (let i = 0; i < s.steps.length; i++) {
        await page.getByTestId('lesson-next').click();
        await expect(dock).toHaveAttribute('data-position', String(i), { timeout: 120_000 });
        await expect(dock).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
        await expect(page.getByTestId('lesson-narration')).toContainText(s.steps[i]!.title[lang]);
        const checks = page.getByTestId('lesson-checks').locator('li');
        const n = s.steps[i]!.checkpoints.length;
        if (n > 0) {
          await expect(checks).toHaveCount(n);
          const bad = await page.getByTestId('lesson-checks').locator('li[data-ok="false"]').allTextContents();
          expect(bad, `step ${i + 1} ${s.steps[i]!.id}`).toEqual([]);
        }
        await expect(page.locator('.lesson-error')).toHaveCount(0);
      }
      await expect(page.getByTestId('lesson-next')).toBeDisabled();
    });
  }
}

test('the lesson index lists every scenario by topic, and "try it yourself" keeps the cluster', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('lesson-open').click();
  for (const s of SCENARIOS) await expect(page.getByTestId(`lesson-item-${s.id}`)).toBeVisible();
  await page.getByTestId(`lesson-item-${SCENARIOS[0]!.id}`).click();
  const dock = page.getByTestId('lesson-dock');
  await expect(dock).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.evaluate(() => window.etcdscope!.setSpeed(32));
  await page.getByTestId('lesson-next').click();
  await expect(dock).toHaveAttribute('data-position', '0', { timeout: 60_000 });
  await expect(dock).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('lesson-try').click();
  await expect(dock).toHaveAttribute('data-state', 'free');
  await expect(page.getByTestId('lesson-next')).toBeDisabled();
  // The cluster the lesson built is still there, and the console works on it.
  const r = await page.evaluate(() => window.etcdscope!.run('get color'));
  expect(r.stdout).toContain('blue');
});

test('a lesson in lockstep replays the same run: same state at the same virtual time after every step', async ({ page }) => {
  const s = SCENARIOS.find((x) => x.id === 'raft-election-replication')!;
  const runs: string[][] = [];
  for (let run = 0; run < 2; run++) {
    await page.goto(`/?scenario=${s.id}&lang=en`);
    const dock = page.getByTestId('lesson-dock');
    await expect(dock).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await page.evaluate(() => window.etcdscope!.setSpeed(32));
    const trace: string[] = [];
    for (let i = 0; i < s.steps.length; i++) {
      await page.getByTestId('lesson-next').click();
      await expect(dock).toHaveAttribute('data-position', String(i), { timeout: 120_000 });
      await expect(dock).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
      trace.push(
        await page.evaluate(() => {
          const api = window.etcdscope!;
          const members = api.status().map((m) => `${m.id}:${m.role}:t${m.term}:c${m.commitIndex}:a${m.appliedIndex}:r${m.revision}`);
          return `${api.clockMode()} @${api.now().toFixed(3)} ${members.join(' ')}`;
        }),
      );
    }
    runs.push(trace);
  }
  expect(runs[0]![0]).toContain('lockstep');
  expect(runs[1]).toEqual(runs[0]);
});
