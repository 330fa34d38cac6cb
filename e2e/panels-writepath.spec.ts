// The Write path panel against the real page: "follow the next write", then a put — every step of
// its write path is shown, in order, with the revision `get -w json` reports, and the panel agrees
// with window.etcdscope.writeTraces().
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

async function freshCluster(page: Page, seed: number) {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate((s) => window.etcdscope!.reset({ seed: s }), seed);
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
}

test('a put followed from "follow the next write" shows every step in order, and the revision it made', async ({ page }) => {
  await freshCluster(page, 31);
  await page.getByTestId('tab-writepath').click();
  const follow = page.getByTestId('writepath-follow');
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  expect((await page.evaluate(() => window.etcdscope!.run('put path-key v1'))).exitCode).toBe(0);
  const steps = page.getByTestId('writepath-steps');
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('writepath-panel').locator('.writepath-title')).toContainText('put path-key=v1');
  // Wait until the last step (the leader's backend batch commit, once a tick) has happened.
  await expect(steps.locator('li[data-step="backend-commit"]')).toHaveClass(/is-done/);
  const shown = await steps.locator('li').evaluateAll((els) =>
    els.map((e) => ({ step: e.getAttribute('data-step')!, peer: e.getAttribute('data-peer'), at: Number(e.getAttribute('data-at')), rev: e.getAttribute('data-revision') })),
  );
  // Every step, each once per follower for replication, in time order, and the leader's own path in the write path's order.
  const leaderPath = shown.filter((s) => s.step !== 'replicate').map((s) => s.step);
  expect(leaderPath).toEqual(['propose', 'wal-append', 'wal-fsync', 'commit', 'apply', 'backend-commit']);
  const leader = await page.evaluate(() => window.etcdscope!.leader());
  const followers = (await page.evaluate(() => window.etcdscope!.status())).map((m) => m.id).filter((id) => id !== leader);
  expect(shown.filter((s) => s.step === 'replicate').map((s) => `n${s.peer}`).sort()).toEqual(followers.sort());
  for (let i = 1; i < shown.length; i++) expect(shown[i]!.at).toBeGreaterThanOrEqual(shown[i - 1]!.at);
  // A quorum (the leader and one follower) had it before the commit.
  const commitAt = shown.find((s) => s.step === 'commit')!.at;
  expect(Math.min(...shown.filter((s) => s.step === 'replicate').map((s) => s.at))).toBeLessThanOrEqual(commitAt);
  // The revision shown at apply is the key's mod revision.
  const kv = JSON.parse((await page.evaluate(() => window.etcdscope!.run('get path-key -w json'))).stdout).kvs[0];
  expect(Number(shown.find((s) => s.step === 'apply')!.rev)).toBe(kv.mod_revision);
  // The panel shows what the controller reports.
  const index = Number(await steps.getAttribute('data-index'));
  const trace = (await page.evaluate(() => window.etcdscope!.writeTraces())).find((t) => t.index === index)!;
  expect(trace.summary).toBe('put path-key=v1');
  expect(`n${trace.leader}`).toBe(leader);
  // Each follower's own append / fsync / commit / apply are shown too.
  for (const f of followers) {
    const row = page.getByTestId('writepath-followers').locator(`tr[data-member="${f.slice(1)}"]`);
    await expect(row.locator('td[data-step="apply"]')).toHaveText(/^\+\d/);
  }
  await expect(page.getByTestId('writepath-narration')).toContainText(`revision ${kv.mod_revision}`);
});

test('a write can be picked from the recent writes list with the keyboard', async ({ page }) => {
  await freshCluster(page, 32);
  for (const l of ['put a 1', 'put b 2']) expect((await page.evaluate((x) => window.etcdscope!.run(x), l)).exitCode).toBe(0);
  await page.getByTestId('tab-writepath').click();
  const item = page.getByTestId('writepath-list').locator('button', { hasText: 'put a=1' });
  await item.focus();
  await page.keyboard.press('Enter');
  await expect(item).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('writepath-panel').locator('.writepath-title')).toContainText('put a=1');
  await expect(page.getByTestId('writepath-steps').locator('li[data-step="apply"]')).toHaveClass(/is-done/);
});
