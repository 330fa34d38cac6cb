// The Metrics panel against the real page: per member, proposals committed / applied match the
// members' raft status, WAL fsync and backend commit latencies have samples, db size matches
// `endpoint status`, and the memory estimate counts the keys and revisions in the treeIndex.
// Also: the optional panels can be hidden and shown again from the Panels menu.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

async function freshCluster(page: Page, seed: number) {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate((s) => window.etcdscope!.reset({ seed: s }), seed);
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
}

test('per-member metrics match the cluster', async ({ page }) => {
  await freshCluster(page, 61);
  for (let i = 0; i < 6; i++) expect((await page.evaluate((i) => window.etcdscope!.run(`put m${i % 3} v${i}`), i)).exitCode).toBe(0);
  await page.getByTestId('tab-metrics').click();
  const table = page.getByTestId('metrics-table');
  const leaderId = (await page.evaluate(() => window.etcdscope!.leader()))!.slice(1);
  const cell = (row: string) => table.getByTestId(`metric-${row}`).locator(`td[data-member="${leaderId}"]`);
  // Committed / applied equal the leader's commit / applied index once they settle.
  await expect
    .poll(async () => {
      const s = (await page.evaluate(() => window.etcdscope!.status())).find((m) => m.id === `n${leaderId}`)!;
      return [(await cell('committed').textContent())?.trim(), (await cell('applied').textContent())?.trim(), (await cell('pending').textContent())?.trim()].join(' ') === `${s.commitIndex} ${s.appliedIndex} 0`;
    }, { timeout: 10_000 })
    .toBe(true);
  await expect(cell('wal-fsync')).toContainText('ms');
  await expect(cell('backend-commit')).toContainText('ms');
  await expect(cell('mem-index')).toContainText('3 keys · 6 revs');
  const m = await page.evaluate((id) => window.etcdscope!.inspect(id, 'metrics'), leaderId);
  expect(m!.memory.treeIndexKeys).toBe(3);
  expect(m!.memory.treeIndexRevisions).toBe(6);
  expect(m!.walFsync.count).toBeGreaterThan(0);
  expect(m!.backendCommit.count).toBeGreaterThan(0);
  const st = JSON.parse((await page.evaluate((id) => window.etcdscope!.run(`endpoint status --endpoints=127.0.0.1:2379${id} -w json`), leaderId)).stdout)[0].Status;
  expect(m!.dbSizeBytes).toBe(st.dbSize);
  // Every running member has a column.
  await expect(table.locator('thead th')).toHaveCount(1 + 3);
});

test('panels can be hidden and shown from the Panels menu (remembered), and the side panel expanded', async ({ page }) => {
  await freshCluster(page, 62);
  await expect(page.getByTestId('tab-metrics')).toBeVisible();
  await page.getByTestId('panels-menu').click();
  await page.getByTestId('panel-toggle-metrics').click();
  await expect(page.getByTestId('tab-metrics')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.reload();
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await expect(page.getByTestId('tab-writepath')).toBeVisible();
  await expect(page.getByTestId('tab-metrics')).toHaveCount(0);
  await page.getByTestId('panels-menu').click();
  await page.getByTestId('panel-toggle-metrics').check();
  await expect(page.getByTestId('tab-metrics')).toBeVisible();
  const expand = page.getByTestId('side-expand');
  await expand.click();
  await expect(expand).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.panel-log')).toBeHidden();
  await expand.click();
  await expect(page.locator('.panel-log')).toBeVisible();
});

test('a mixed cluster (--backend-engine per member): the engine rows measure bbolt and the LSM tree, and an lsm member recovers from IndexedDB', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  // A bad engine name is refused and the cluster is left as it was.
  const bad = await page.evaluate(() => window.etcdscope!.reset({ seed: 63, backendEngine: 'rocksdb' as never }).then(() => 'ok', (e: Error) => e.message));
  expect(bad).toContain('--backend-engine must be bbolt or lsm');
  await page.evaluate(() => window.etcdscope!.reset({ seed: 63, backendEngine: ['bbolt', 'lsm', 'bbolt'] }));
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
  for (let i = 0; i < 12; i++) expect((await page.evaluate((i) => window.etcdscope!.run(`put e${String(i).padStart(2, '0')} value-${i}`), i)).exitCode).toBe(0);
  for (const ep of ['127.0.0.1:23791', '127.0.0.1:23792']) {
    await expect.poll(async () => (await page.evaluate((ep) => window.etcdscope!.run(`get e11 --consistency=s --endpoints=${ep}`), ep)).stdout, { timeout: 10_000 }).toContain('value-11');
  }
  await page.getByTestId('tab-metrics').click();
  const table = page.getByTestId('metrics-table');
  const cell = (row: string, id: number) => table.getByTestId(`metric-${row}`).locator(`td[data-member="${id}"]`);
  await expect(cell('engine', 1)).toHaveText('bbolt B+tree');
  await expect(cell('engine', 2)).toHaveText('LSM tree');
  await expect(cell('engine-read', 1)).toContainText('pages/get', { timeout: 5_000 });
  await expect(cell('engine-read', 2)).toContainText('blocks/get');
  await expect(cell('engine-levels', 2)).toContainText('flushes', { timeout: 5_000 });
  await expect(cell('engine-levels', 1)).toHaveText('—');
  const m2 = await page.evaluate(() => window.etcdscope!.inspect(2, 'metrics'));
  expect(m2!.engine!.engine).toBe('lsm');
  expect(m2!.engine!.userBytes).toBeGreaterThan(0);
  expect(m2!.engine!.writtenBytes).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('engines-metrics.png') });
  // The lsm member's tables are in its IndexedDB page store: a crash and restart keep every key.
  await page.evaluate(() => window.etcdscope!.kill('n2'));
  await page.evaluate(() => window.etcdscope!.restart('n2'));
  await expect.poll(async () => (await page.evaluate(() => window.etcdscope!.run('get e --prefix --keys-only --consistency=s --endpoints=127.0.0.1:23792'))).stdout.split('\n').filter(Boolean).length, { timeout: 20_000 }).toBe(12);
  await expect(cell('engine', 2)).toHaveText('LSM tree', { timeout: 5_000 });
});
