// NOSPACE in the page: a cluster started with a small --quota-backend-bytes fills up, the member
// that hit the quota shows the alarm in the members table, and puts are refused until disarm.
import { test, expect } from './fixtures';

test('a full backend raises NOSPACE: badge in the members table, puts refused, alarm list shows it', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate(() => window.etcdscope!.reset({ seed: 21, quotaBackendBytes: 400_000 }));
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
  let refused = '';
  for (let i = 1; i <= 12 && !refused; i++) {
    const r = await page.evaluate((k) => window.etcdscope!.run(`put big${k} ${'q'.repeat(60_000)}`), i);
    if (r.exitCode !== 0) refused = r.stderr;
    await page.waitForTimeout(150); // let the backend batch commit, so the quota sees the grown file
  }
  expect(refused).toContain('etcdserver: mvcc: database space exceeded');
  await expect(page.locator('[data-testid^="alarm-"]').first()).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('[data-testid^="alarm-"]').first()).toContainText('NOSPACE');
  const list = await page.evaluate(() => window.etcdscope!.run('alarm list'));
  expect(list.stdout).toMatch(/^memberID:\d+ alarm:NOSPACE \n/);
  await page.screenshot({ path: 'test-results/alarm-nospace.png' });
  expect((await page.evaluate(() => window.etcdscope!.run('put small x'))).exitCode).not.toBe(0);
});
