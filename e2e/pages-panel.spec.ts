// The B+tree / pages panel against the real page (hub + member workers + IndexedDB): the page map's
// size follows the member's db file through write / delete / compact / defrag and always equals
// what `endpoint status` reports; the grid is keyboard operable and decodes `key` bucket pages.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const N1 = '127.0.0.1:23791'; // member n1's client URL

async function freshCluster(page: Page, seed: number) {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate((s) => window.etcdscope!.reset({ seed: s }), seed);
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
}

async function n1Status(page: Page): Promise<{ dbSize: number; dbSizeInUse: number }> {
  const out = await page.evaluate(async (ep) => (await window.etcdscope!.run(`endpoint status --endpoints=${ep} -w json`)).stdout, N1);
  const s = JSON.parse(out)[0].Status;
  return { dbSize: s.dbSize, dbSizeInUse: s.dbSizeInUse };
}

async function panelSize(page: Page) {
  const size = page.getByTestId('pages-size');
  const grid = page.getByTestId('page-grid');
  return {
    sizeBytes: Number(await size.getAttribute('data-size-bytes')),
    inUseBytes: Number(await size.getAttribute('data-in-use-bytes')),
    gridPages: Number(await grid.getAttribute('data-pages')),
    gridBytes: Number(await grid.getAttribute('data-file-bytes')),
  };
}

/** Waits until the panel shows exactly what n1 reports (the panel polls at 4 Hz). */
async function expectPanelMatchesStatus(page: Page) {
  let last = { status: { dbSize: 0, dbSizeInUse: 0 }, panel: await panelSize(page) };
  await expect
    .poll(async () => {
      last = { status: await n1Status(page), panel: await panelSize(page) };
      return (
        last.panel.sizeBytes === last.status.dbSize &&
        last.panel.gridBytes === last.status.dbSize &&
        last.panel.inUseBytes === last.status.dbSizeInUse
      );
    }, { timeout: 60_000 })
    .toBe(true);
  return last;
}

test('10 MB written, deleted, compacted and defragged: the page map keeps its size, then shrinks, always equal to the reported db size', async ({ page }) => {
  test.setTimeout(480_000); // 10 MB through raft, the WAL in IndexedDB and the page store, on a shared machine
  await freshCluster(page, 21);
  await page.getByTestId('tab-pages').click();
  await page.getByTestId('pages-panel').getByTestId('inspect-member').selectOption('1');
  await expect(page.getByTestId('page-grid')).toBeVisible();
  const fresh = await expectPanelMatchesStatus(page);
  expect(fresh.panel.gridPages).toBeLessThan(10);

  await page.evaluate(async () => {
    const v = 'v'.repeat(100_000);
    for (let i = 0; i < 100; i++) await window.etcdscope!.run(`put big/${String(i).padStart(3, '0')} ${v}`);
  });
  const full = await expectPanelMatchesStatus(page);
  expect(full.status.dbSize).toBeGreaterThan(10_000_000);
  const overflow = Number(await page.locator('[data-testid=pages-legend] li[data-kind=overflow]').getAttribute('data-count'));
  expect(overflow).toBeGreaterThan(2000);

  // Delete everything and compact: the file keeps its pages, the freed ones become free.
  const rev = await page.evaluate(async () => {
    const e = window.etcdscope!;
    await e.run('del big/ --prefix');
    const r = JSON.parse((await e.run('get nothing -w json')).stdout).header.revision as number;
    await e.run(`compaction ${r}`);
    return r;
  });
  // Pages freed by a commit stay pending until the next write transaction (as in bbolt/etcd).
  await page.waitForTimeout(500);
  await page.evaluate(() => window.etcdscope!.run('put small x'));
  await expect
    .poll(async () => (await page.locator('[data-testid=pages-effects] li[data-kind=compact]').getAttribute('data-settled')) ?? '', { timeout: 60_000 })
    .toBe('true');
  const compacted = await expectPanelMatchesStatus(page);
  // The file never shrinks; the delete's tombstones may take a page or two past the old high-water
  // mark while the freed pages are still pending.
  expect(compacted.panel.gridPages).toBeGreaterThanOrEqual(full.panel.gridPages);
  expect(compacted.panel.gridPages).toBeLessThanOrEqual(full.panel.gridPages + 8);
  expect(compacted.status.dbSizeInUse).toBeLessThan(full.status.dbSizeInUse / 10);
  await expect(page.locator('[data-testid=pages-effects] li[data-kind=compact]')).toContainText(`rev ${rev}`);

  // Defrag n1: the file is rewritten, and the map shrinks to what the data needs.
  const out = await page.evaluate(async (ep) => (await window.etcdscope!.run(`defrag --endpoints=${ep}`)).stdout, N1);
  expect(out).toContain('Finished defragmenting');
  await expect.poll(async () => (await panelSize(page)).gridPages, { timeout: 60_000 }).toBeLessThan(full.panel.gridPages / 10);
  const defragged = await expectPanelMatchesStatus(page);
  expect(defragged.status.dbSize).toBeLessThan(full.status.dbSize / 10);
  const effect = page.locator('[data-testid=pages-effects] li[data-kind=defrag]');
  await expect(effect).toHaveAttribute('data-before-pages', String(compacted.panel.gridPages));
  await expect(effect).toHaveAttribute('data-after-pages', String(defragged.panel.gridPages));
  const free = Number(await page.locator('[data-testid=pages-legend] li[data-kind=free]').getAttribute('data-count'));
  expect(free).toBe(0);
});

test('the page grid is keyboard operable and shows page headers, metas and key bucket revisions', async ({ page }) => {
  test.setTimeout(240_000);
  await freshCluster(page, 22);
  await page.evaluate(async () => {
    for (let i = 0; i < 80; i++) await window.etcdscope!.run(`put k/${String(i).padStart(3, '0')} ${'x'.repeat(200)}`);
  });
  await page.getByTestId('tab-pages').click();
  const grid = page.getByTestId('page-grid');
  await expect(grid).toBeVisible();
  await expect.poll(async () => Number(await grid.getAttribute('data-pages'))).toBeGreaterThan(6);
  const n = Number(await grid.getAttribute('data-pages'));
  const cols = Number(await grid.getAttribute('data-cols'));

  await grid.focus();
  await page.keyboard.press('Home');
  await expect(grid).toHaveAttribute('data-selected', '0');
  await expect(page.getByTestId('pages-summary')).toContainText('Page 0: meta');
  await expect(page.getByTestId('page-detail')).toHaveAttribute('data-kind', 'meta');
  await page.keyboard.press('ArrowRight');
  await expect(grid).toHaveAttribute('data-selected', '1');
  await page.keyboard.press('ArrowLeft');
  await expect(grid).toHaveAttribute('data-selected', '0');
  if (n > cols) {
    await page.keyboard.press('ArrowDown');
    await expect(grid).toHaveAttribute('data-selected', String(cols));
    await page.keyboard.press('ArrowUp');
  }
  await page.keyboard.press('End');
  await expect(grid).toHaveAttribute('data-selected', String(n - 1));
  // Exactly one meta is current, and it is the newer txid.
  const metas = await page.evaluate(() =>
    [0, 1].map((i) => {
      const el = document.querySelector(`.pages-metas [data-testid=pages-meta-${i}]`)!;
      return { current: el.getAttribute('data-current') === 'true', txid: Number(el.getAttribute('data-txid')) };
    }),
  );
  expect(metas.filter((m) => m.current).length).toBe(1);
  expect(metas.find((m) => m.current)!.txid).toBe(Math.max(metas[0]!.txid, metas[1]!.txid));

  // Walk right until a leaf of the `key` bucket: its items are decoded revisions with their user keys.
  await page.keyboard.press('Home');
  let found = false;
  for (let i = 0; i < n && !found; i++) {
    await page.keyboard.press('ArrowRight');
    const summary = (await page.getByTestId('pages-summary').textContent()) ?? '';
    found = /leaf, bucket key,/.test(summary);
  }
  expect(found).toBe(true);
  const items = page.getByTestId('page-items');
  await expect(items).toContainText('k/0');
  await expect(items.locator('tbody tr').first()).toContainText(/\d+\.0/);

  // The bucket tree: selecting `key` marks it pressed; keys counted as etcd stores them (one per revision).
  const keyBucket = page.locator('[data-testid=pages-buckets] button[data-bucket=key]');
  await keyBucket.click();
  await expect(keyBucket).toHaveAttribute('aria-pressed', 'true');
  await expect(keyBucket).toContainText('80 keys');
});
