// Panels can be moved (dragging a header, the ⠿ menu, Alt+arrow keys), hidden, reset; the layout is
// remembered across a reload and holds in projector mode.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const columns = (page: Page) =>
  Promise.all([0, 1].map(async (c) => (await page.getByTestId(`app-col-${c}`).getAttribute('data-panels')) ?? ''));

test('panels move by menu, keyboard and drag; hiding, reload and reset', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope?.leader());
  expect(await columns(page)).toEqual(['cluster members', 'log side console']);

  // The ⠿ menu: the console to the left column, below the members.
  await page.getByTestId('arrange-console').click();
  await expect(page.getByTestId('arrange-menu-console')).toBeVisible();
  await expect(page.getByTestId('arrange-right')).toBeDisabled();
  await page.getByTestId('arrange-left').click();
  expect(await columns(page)).toEqual(['cluster members console', 'log side']);
  await expect(page.getByTestId('layout-status')).toContainText('Console moved: column 1, position 3');
  // Focus follows the moved panel's handle: Alt+↑ moves it above the members.
  await expect(page.getByTestId('arrange-console')).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  expect(await columns(page)).toEqual(['cluster console members', 'log side']);
  // The console still works where it now is.
  await page.getByTestId('console-input').fill('put moved yes');
  await page.getByTestId('console-input').press('Enter');
  await expect(page.locator('.console-block[data-state="done"]').last()).toHaveAttribute('data-exit-code', '0');

  // Drag the Raft log's header onto the lower half of the Cluster panel: it lands after it.
  const clusterBox = (await page.locator('[data-panel="cluster"]').boundingBox())!;
  await page.locator('[data-panel="log"] .panel-head h2').dragTo(page.locator('[data-panel="cluster"]'), {
    targetPosition: { x: clusterBox.width / 2, y: clusterBox.height - 20 },
  });
  expect(await columns(page)).toEqual(['cluster log console members', 'side']);

  // Hide the members from the Panels menu; the layout survives a reload.
  await page.getByTestId('panels-menu').click();
  await page.getByTestId('main-toggle-members').uncheck();
  await expect(page.locator('[data-panel="members"]')).toHaveCount(0);
  await page.reload();
  await page.waitForFunction(() => window.etcdscope?.leader());
  expect(await columns(page)).toEqual(['cluster log console', 'side']);
  expect(await page.evaluate(() => localStorage.getItem('etcdscope.hiddenPanels'))).toBe('["members"]');

  // Projector mode keeps the arrangement.
  await page.keyboard.press('p');
  await expect(page.getByTestId('app')).toHaveClass(/is-projector/);
  expect(await columns(page)).toEqual(['cluster log console', 'side']);

  // Reset layout from a panel's menu: everything back, all shown.
  await page.getByTestId('arrange-side').click();
  await page.getByTestId('arrange-reset').click();
  expect(await columns(page)).toEqual(['cluster members', 'log side console']);
  await expect(page.locator('[data-panel="members"]')).toHaveCount(1);
});

test('a column emptied by moves gives its width to the other; the last shown panel cannot be hidden', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope?.leader());
  for (const id of ['cluster', 'members']) {
    await page.getByTestId(`arrange-${id}`).focus();
    await page.keyboard.press('Alt+ArrowRight');
  }
  expect(await columns(page)).toEqual(['', 'members cluster log side console']);
  await expect(page.getByTestId('app-main')).toHaveClass(/is-one-column/);
  const main = (await page.getByTestId('app-main').boundingBox())!;
  const side = (await page.locator('[data-panel="side"]').boundingBox())!;
  expect(side.width).toBeGreaterThan(main.width * 0.9);

  await page.getByTestId('panels-menu').click();
  for (const id of ['cluster', 'members', 'log', 'side']) await page.getByTestId(`main-toggle-${id}`).uncheck();
  await expect(page.getByTestId('main-toggle-console')).toBeDisabled();
  await expect(page.locator('[data-panel="console"]')).toBeVisible();
});
