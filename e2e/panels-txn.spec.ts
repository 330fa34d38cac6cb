// The Txn builder against the real page: a txn built in the form runs its then or else branch and
// the branch and revision shown are what `get -w json` reports; racing two clients' conflicting CAS
// txns gives exactly one winner, whose value the key holds.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

async function freshCluster(page: Page, seed: number) {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate((s) => window.etcdscope!.reset({ seed: s }), seed);
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
}

const getJson = async (page: Page, key: string) => JSON.parse((await page.evaluate((k) => window.etcdscope!.run(`get ${k} -w json`), key)).stdout);

test('the branch that ran and the revision shown equal what get -w json reports', async ({ page }) => {
  await freshCluster(page, 51);
  await page.getByTestId('tab-txn').click();
  const compares = page.getByTestId('txn-compares');
  await compares.getByTestId('txn-cmp-key').fill('acct');
  await compares.getByTestId('txn-cmp-target').selectOption('version');
  await compares.getByTestId('txn-cmp-op').selectOption('=');
  await compares.getByTestId('txn-cmp-operand').fill('0');
  const then = page.getByTestId('txn-success');
  await then.getByTestId('txn-op-key').fill('acct');
  await then.getByTestId('txn-op-value').fill('opened');
  await page.getByTestId('txn-failure').getByTestId('txn-op-key').fill('acct');
  await page.getByTestId('txn-run').click();
  const result = page.getByTestId('txn-result');
  await expect(result).toHaveAttribute('data-branch', 'then');
  const kv = (await getJson(page, 'acct')).kvs[0];
  expect(Buffer.from(kv.value, 'base64').toString()).toBe('opened');
  await expect(result).toHaveAttribute('data-revision', String(kv.mod_revision));
  await expect(result).toHaveAttribute('data-wrote', 'true');
  await expect(page.getByTestId('txn-narration')).toContainText(`then branch ran, revision ${kv.mod_revision}`);
  // The same txn again: version is 1 now, so the else branch reads the key and nothing is written.
  await page.getByTestId('txn-run').click();
  await expect(result).toHaveAttribute('data-branch', 'else');
  const header = await getJson(page, 'acct');
  await expect(result).toHaveAttribute('data-revision', String(header.header.revision));
  await expect(result).toHaveAttribute('data-wrote', 'false');
  await expect(result).toContainText(`get acct → opened (mod ${kv.mod_revision}, ver 1)`);
  // The etcdctl form of the same txn.
  await page.locator('.txn-etcdctl summary').click();
  await expect(page.getByTestId('txn-etcdctl')).toContainText('version("acct") = "0"');
});

test('racing two clients: exactly one CAS wins, and the key holds the winner’s value at the winner’s revision', async ({ page }) => {
  await freshCluster(page, 52);
  expect((await page.evaluate(() => window.etcdscope!.run('put race start'))).exitCode).toBe(0);
  const base = (await getJson(page, 'race')).kvs[0].mod_revision;
  await page.getByTestId('tab-txn').click();
  await page.getByTestId('txn-race-key').fill('race');
  await page.getByTestId('txn-race-run').click();
  const res = page.getByTestId('txn-race-result');
  await expect(res).toHaveAttribute('data-base', String(base));
  await expect(res.locator('[data-client]')).toHaveCount(2);
  const won = await res.locator('[data-client]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-client'), e.getAttribute('data-won')]));
  const winners = won.filter(([, w]) => w === 'true').map(([c]) => c);
  expect(winners).toHaveLength(1);
  const winner = winners[0]!;
  const kv = (await getJson(page, 'race')).kvs[0];
  expect(Buffer.from(kv.value, 'base64').toString()).toBe(winner);
  expect(kv.mod_revision).toBe(base + 1);
  await expect(page.getByTestId(`txn-race-${winner}`)).toHaveAttribute('data-revision', String(base + 1));
  const loser = winner === 'A' ? 'B' : 'A';
  await expect(page.getByTestId(`txn-race-${loser}`)).toHaveAttribute('data-branch', 'else');
  await expect(page.getByTestId(`txn-race-${loser}`)).toContainText(`get race → ${winner} (mod ${base + 1}, ver 2)`);
});
