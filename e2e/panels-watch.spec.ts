// The Watch panel against the real page: a watch opened from the panel is listed on its member
// with its key, start revision and group and counts the events it was sent; a watch started at a
// compacted revision shows as canceled with the compact revision; a console watch shows up too.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

async function freshCluster(page: Page, seed: number) {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate((s) => window.etcdscope!.reset({ seed: s }), seed);
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
}

test('watchers with start revision and group; a compacted start revision shows as canceled with the compact revision', async ({ page }) => {
  await freshCluster(page, 41);
  for (let i = 0; i < 4; i++) expect((await page.evaluate((i) => window.etcdscope!.run(`put wk v${i}`), i)).exitCode).toBe(0); // revisions 2..5
  expect((await page.evaluate(() => window.etcdscope!.run('compact 4'))).exitCode).toBe(0);
  await page.getByTestId('tab-watch').click();
  // A watch from the compacted revision 2: canceled, with compact revision 4.
  await page.getByTestId('watch-key').fill('wk');
  await page.getByTestId('watch-rev').fill('2');
  await page.getByTestId('watch-open').click();
  const mine = page.getByTestId('watch-mine').locator('li').first();
  await expect(mine).toHaveAttribute('data-canceled', 'true');
  await expect(mine).toHaveAttribute('data-compact-revision', '4');
  const canceled = page.getByTestId('watch-canceled').locator('li[data-key="wk"]').first();
  await expect(canceled).toHaveAttribute('data-compact-revision', '4');
  await expect(canceled).toHaveAttribute('data-start', '2');
  await expect(canceled).toContainText('compacted at 4');
  await expect(page.getByTestId('watch-narration')).toContainText('compacted at revision 4');
  // A watch from revision 4 (not compacted): history 4..5, synced, then a live event.
  await page.getByTestId('watch-rev').fill('4');
  await page.getByTestId('watch-open').click();
  const row = page.getByTestId('watcher-row').filter({ has: page.locator('td', { hasText: 'wk' }) });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-start', '4');
  await expect(row).toHaveAttribute('data-group', 'synced');
  await expect(row).toHaveAttribute('data-events', '2');
  expect((await page.evaluate(() => window.etcdscope!.run('put wk live'))).exitCode).toBe(0);
  await expect(row).toHaveAttribute('data-events', '3');
  await expect(row).toContainText('wk@6');
  // The panel shows what the member reports.
  const leader = await page.evaluate(() => window.etcdscope!.leader());
  const w = await page.evaluate((l) => window.etcdscope!.inspect(l!, 'watch'), leader);
  expect(w!.compactRevision).toBe(4);
  expect(w!.watchers.map((x) => [x.key, x.startRevision, x.group, x.events])).toEqual([['wk', 4, 'synced', 3]]);
  expect(w!.canceled.map((x) => [x.key, x.startRevision, x.compactRevision])).toContainEqual(['wk', 2, 4]);
  await expect(row).toHaveAttribute('data-member', leader!.slice(1));
  // Cancel from the panel: the watcher leaves the member.
  await page.getByTestId('watch-mine').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('watcher-row')).toHaveCount(0);
});

test('a client that stops reading fills its stream buffer and its watcher becomes a victim, then catches up', async ({ page }) => {
  test.setTimeout(240_000);
  await freshCluster(page, 43);
  await page.getByTestId('tab-watch').click();
  await page.getByTestId('watch-key').fill('vk/');
  await page.getByTestId('watch-prefix').check();
  await page.getByTestId('watch-open').click();
  const row = page.getByTestId('watcher-row').filter({ has: page.locator('td', { hasText: 'vk/' }) });
  await expect(row).toHaveAttribute('data-group', 'synced');
  // Stall the client from the panel: responses wait in the member's buffer (etcd's 128).
  await page.getByTestId('watch-read').selectOption('paused');
  await expect(page.getByTestId('watch-narration')).toContainText('stalled');
  // 130 revisions: 128 fill the buffer, the next is refused and held, the last is missed.
  const failed = await page.evaluate(async () => {
    let next = 0;
    let bad = 0;
    const client = async () => {
      while (next < 130) {
        const i = next++;
        if ((await window.etcdscope!.run(`put vk/${String(i).padStart(3, '0')} v`)).exitCode !== 0) bad++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, client));
    return bad;
  });
  expect(failed).toBe(0);
  await expect(row).toHaveAttribute('data-group', 'victim', { timeout: 30_000 });
  const buffered = row.getByTestId('watcher-buffered');
  await expect(buffered).toHaveAttribute('data-buffered', '128');
  await expect(buffered).toHaveAttribute('data-held', '1');
  await expect(buffered).toContainText('128/128');
  // The memory estimate counts what waits for the slow client (the panel's watch stays open: no tab switch).
  const leader = await page.evaluate(() => window.etcdscope!.leader());
  const m = await page.evaluate((l) => window.etcdscope!.inspect(l!, 'metrics'), leader);
  expect(m!.memory.watchPendingEvents).toBe(129);
  // Read again: the buffer drains, the held response goes out, history replays what it missed.
  await page.getByTestId('watch-read').selectOption('all');
  await expect(row).toHaveAttribute('data-group', 'synced', { timeout: 30_000 });
  await expect(row).toHaveAttribute('data-events', '130');
  await expect(page.getByTestId('watch-mine').locator('li').first()).toHaveAttribute('data-events', '130');
});
