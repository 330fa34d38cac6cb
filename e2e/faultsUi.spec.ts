// The Cluster panel's fault controls, driven as a user would: drag a member into a new group with the
// mouse, move one with the G key, and check the cluster's partition (window.etcdscope.faults()) and
// the effect (the cut-off member stops learning new writes).
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const groups = (page: Page) => page.evaluate(() => window.etcdscope!.faults().groups);

test('drag a member into a new group partitions it; G moves it on; Heal all joins the groups again', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate(() => window.etcdscope!.reset({ seed: 21 }));
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
  expect(await groups(page)).toEqual([]);

  // Mouse: n3's chip dropped on "new group".
  const chip = page.getByTestId('chip-n3');
  const target = page.getByTestId('group-new');
  const from = (await chip.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => groups(page)).toEqual([[1, 2], [3]]);
  await expect(page.getByTestId('group-2').getByTestId('chip-n3')).toBeVisible();

  // n3 no longer hears from the others: a write it does not see.
  await page.evaluate(() => window.etcdscope!.run('put behind-the-cut 1'));
  const onN3 = await page.evaluate(() => window.etcdscope!.run('get behind-the-cut --consistency=s --endpoints=127.0.0.1:23793'));
  expect(onN3.stdout).toBe('');

  // Keyboard: G on n2's chip moves it to the next group (n3's).
  await page.getByTestId('chip-n2').focus();
  await page.keyboard.press('g');
  await expect.poll(() => groups(page)).toEqual([[1], [2, 3]]);

  await page.getByRole('button', { name: /heal all/i }).click();
  await expect.poll(() => groups(page)).toEqual([]);
});
