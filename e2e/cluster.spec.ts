// The first slice end to end, in Debian Chromium with real workers and real IndexedDB:
// election, the console, a leader crash, a restart catching up, and a reload recovering from disk.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

type Status = { id: string; role: string; term: number; commitIndex: number; appliedIndex: number; alive: boolean; walDurability: string; walRecords: number };

const status = (page: Page) => page.evaluate(() => window.etcdscope!.status()) as Promise<Status[]>;
const leader = (page: Page) => page.evaluate(() => window.etcdscope!.leader());

async function openFresh(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  // A clean cluster for this test, independent of what an earlier test left in IndexedDB.
  await page.evaluate(() => window.etcdscope!.reset({ seed: 7 }));
}

async function consoleRun(page: Page, line: string): Promise<string> {
  const input = page.getByTestId('console-input');
  const blocks = page.getByTestId('console-output').locator('.console-block');
  const before = await blocks.count();
  await input.fill(line);
  await input.press('Enter');
  await expect(blocks).toHaveCount(before + 1);
  // The console marks a command's block 'done' once etcdctl has returned.
  const block = blocks.nth(before);
  await expect(block).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
  return (await block.innerText()).trim();
}

test('a leader is elected, writes survive a leader crash, a restart catches up, and a reload recovers', async ({ page }) => {
  await openFresh(page);
  await expect.poll(() => leader(page), { timeout: 20_000 }).not.toBeNull();

  // put then get through the page console, as a user types them.
  const putOut = await consoleRun(page, 'put foo bar');
  expect(putOut).toContain('OK');
  const getOut = await consoleRun(page, 'get foo');
  expect(getOut).toMatch(/foo\s*bar/);

  // Every WAL transaction is opened with durability 'strict', as the browser itself reports.
  await expect.poll(async () => (await status(page)).every((s) => s.walDurability === 'strict' && s.walRecords > 0)).toBe(true);

  // Kill the leader: a new leader with a higher term takes over and foo is still readable.
  const old = (await leader(page))!;
  const oldTerm = (await status(page)).find((s) => s.id === old)!.term;
  await page.evaluate((id) => window.etcdscope!.kill(id), old);
  await expect.poll(async () => {
    const l = await leader(page);
    if (!l || l === old) return 0;
    return (await status(page)).find((s) => s.id === l)!.term;
  }, { timeout: 20_000 }).toBeGreaterThan(oldTerm);
  const afterCrash = await page.evaluate(() => window.etcdscope!.run('get foo'));
  expect(afterCrash.exitCode).toBe(0);
  expect(afterCrash.stdout).toBe('foo\nbar\n');

  // More writes while it is down, then restart it: its commit index comes level with the others.
  const put2 = await page.evaluate(() => window.etcdscope!.run('put k2 v2'));
  expect(put2.stdout).toBe('OK\n');
  await page.evaluate((id) => window.etcdscope!.restart(id), old);
  await expect.poll(async () => {
    const s = await status(page);
    const me = s.find((x) => x.id === old)!;
    const others = s.filter((x) => x.id !== old);
    return me.alive && others.every((o) => o.commitIndex === me.commitIndex) && me.appliedIndex === me.commitIndex;
  }, { timeout: 20_000 }).toBe(true);

  // Reload: every member recovers from IndexedDB and foo is read back through the console.
  await page.reload();
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await expect.poll(() => leader(page), { timeout: 20_000 }).not.toBeNull();
  const reloaded = await consoleRun(page, 'get foo');
  expect(reloaded).toMatch(/foo\s*bar/);
  const k2 = await page.evaluate(() => window.etcdscope!.run('get k2 --print-value-only'));
  expect(k2.stdout).toBe('v2\n');
});

test('an isolated member cannot win an election and rejoins after heal', async ({ page }) => {
  await openFresh(page);
  await expect.poll(() => leader(page), { timeout: 20_000 }).not.toBeNull();
  const l = (await leader(page))!;
  const follower = (await status(page)).find((s) => s.id !== l)!.id;
  await page.evaluate((id) => window.etcdscope!.isolate(id), follower);
  await page.evaluate(() => window.etcdscope!.run('put during partition'));
  // Without PreVote an isolated follower keeps campaigning: its term climbs past the leader's.
  const leaderTerm = (await status(page)).find((s) => s.id === l)!.term;
  await expect.poll(async () => (await status(page)).find((s) => s.id === follower)!.term, { timeout: 20_000 }).toBeGreaterThan(leaderTerm);
  await page.evaluate(() => window.etcdscope!.heal());
  await expect.poll(async () => {
    const s = await status(page);
    const f = s.find((x) => x.id === follower)!;
    const lead = await leader(page);
    return lead !== null && f.commitIndex === s.find((x) => x.id === lead)!.commitIndex;
  }, { timeout: 20_000 }).toBe(true);
  const r = await page.evaluate(() => window.etcdscope!.run('get during --print-value-only'));
  expect(r.stdout).toBe('partition\n');
});
