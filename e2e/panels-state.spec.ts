// Each core panel driven through window.etcdscope and the UI, checked against what the cluster reports:
// Cluster + Members (an isolated follower's term with PreVote off), Raft log (the leader's match/next),
// MVCC (keyIndex generations after delete + put), Leases (TTL counting down, expiry deleting keys),
// Events (a crash and a restart).
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

type Status = { id: string; role: string; term: number; commitIndex: number; alive: boolean };
const status = (page: Page) => page.evaluate(() => window.etcdscope!.status()) as Promise<Status[]>;
const leader = (page: Page) => page.evaluate(() => window.etcdscope!.leader());
const run = (page: Page, line: string) => page.evaluate((l) => window.etcdscope!.run(l), line);

async function fresh(page: Page, seed: number): Promise<string> {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate((s) => window.etcdscope!.reset({ seed: s }), seed);
  if ((await page.evaluate(() => window.etcdscope!.raftOptions())).preVote) await page.evaluate(() => window.etcdscope!.setRaftOptions({ preVote: false }));
  await expect.poll(() => leader(page), { timeout: 30_000 }).not.toBeNull();
  // A first write through raft: the leader is settled when it commits.
  await expect.poll(async () => (await run(page, 'put warm up')).exitCode, { timeout: 30_000 }).toBe(0);
  return (await leader(page))!;
}

test('Cluster and Members: with PreVote off an isolated follower’s term climbs on screen past the leader’s', async ({ page }) => {
  const l = await fresh(page, 51);
  expect((await page.evaluate(() => window.etcdscope!.raftOptions())).preVote).toBe(false);
  await expect(page.getByTestId('raft-preVote')).toHaveAttribute('aria-pressed', 'false');
  const follower = (await status(page)).find((s) => s.id !== l)!.id;
  const leaderTerm = (await status(page)).find((s) => s.id === l)!.term;
  // Before: the ring and the table show the cluster's terms.
  await expect(page.getByTestId(`node-${follower}`)).toHaveAttribute('data-term', String(leaderTerm));
  await expect(page.getByTestId(`term-${follower}`)).toHaveText(String(leaderTerm));

  await page.getByRole('button', { name: `Isolate ${follower}`, exact: true }).click();
  await expect.poll(async () => Number(await page.getByTestId(`node-${follower}`).getAttribute('data-term')), { timeout: 30_000 }).toBeGreaterThan(leaderTerm + 1);
  // The ring, the table and the member agree (the member may have moved on by one election since).
  const shown = Number(await page.getByTestId(`term-${follower}`).textContent());
  const actual = (await status(page)).find((s) => s.id === follower)!.term;
  expect(shown).toBeGreaterThan(leaderTerm + 1);
  expect(actual - shown).toBeGreaterThanOrEqual(0);
  expect(actual - shown).toBeLessThanOrEqual(1);
  await expect(page.getByTestId(`role-${follower}`)).toHaveAttribute('data-role', /candidate/);
  // The leader keeps its term while the follower is cut off.
  await expect(page.getByTestId(`term-${l}`)).toHaveText(String(leaderTerm));
  await expect(page.getByTestId('narration')).not.toBeEmpty();
});

test('Raft log: each follower row shows the leader’s match and next for it', async ({ page }) => {
  const l = await fresh(page, 52);
  for (let i = 0; i < 3; i++) expect((await run(page, `put rl${i} v${i}`)).exitCode).toBe(0);
  // Settled: every follower has matched the leader's last index.
  await expect
    .poll(async () => {
      const p = await page.evaluate(() => window.etcdscope!.progress());
      const last = Number(await page.getByTestId(`log-row-${l}`).getAttribute('data-last-index'));
      return p.filter((x) => x.id !== l).every((x) => x.match === last && x.next === last + 1);
    }, { timeout: 20_000 })
    .toBe(true);
  const progress = await page.evaluate(() => window.etcdscope!.progress());
  for (const p of progress.filter((x) => x.id !== l)) {
    const row = page.getByTestId(`log-row-${p.id}`);
    await expect(row).toHaveAttribute('data-match', String(p.match));
    await expect(row).toHaveAttribute('data-next', String(p.next));
    await expect(row).toHaveAttribute('data-match-shown', 'true');
    await expect(row.locator('.match-mark')).toHaveAttribute('title', new RegExp(`${p.match}$`));
    await expect(row.locator('.next-mark')).toHaveAttribute('title', new RegExp(`${p.next}$`));
  }
  // The leader's own row has no match/next.
  await expect(page.getByTestId(`log-row-${l}`)).not.toHaveAttribute('data-match', /.*/);

  // A stopped follower falls behind: its match stays while the leader's log grows.
  const f = progress.find((x) => x.id !== l)!;
  await page.evaluate((id) => window.etcdscope!.kill(id), f.id);
  for (let i = 0; i < 3; i++) expect((await run(page, `put behind${i} x`)).exitCode).toBe(0);
  const leaderLast = Number(await page.getByTestId(`log-row-${l}`).getAttribute('data-last-index'));
  await expect(page.getByTestId(`log-row-${f.id}`)).toHaveAttribute('data-match', String(f.match));
  expect(leaderLast).toBeGreaterThan(f.match);
  const now = (await page.evaluate(() => window.etcdscope!.progress())).find((x) => x.id === f.id)!;
  await expect(page.getByTestId(`log-row-${f.id}`)).toHaveAttribute('data-next', String(now.next));
});

test('MVCC: delete then put gives the key a new generation, with the tombstone closing the old one', async ({ page }) => {
  const l = await fresh(page, 53);
  expect((await run(page, 'put gen a')).exitCode).toBe(0);
  expect((await run(page, 'put gen b')).exitCode).toBe(0);
  expect((await run(page, 'del gen')).exitCode).toBe(0);
  expect((await run(page, 'put gen c')).exitCode).toBe(0);
  const revs = JSON.parse((await run(page, 'get gen -w json')).stdout).kvs[0];
  const created = Number(revs.create_revision);
  // put a = created-3, put b = created-2, del = created-1 (tombstone), put c = created.
  await page.getByTestId('tab-mvcc').click();
  await page.getByTestId('mvcc-panel').getByTestId('inspect-member').selectOption(l.slice(1));
  const row = page.getByTestId('keyindex-row').and(page.locator('[data-key="gen"]'));
  const expected = `${created - 3}.0,${created - 2}.0,✝${created - 1}.0 | ${created}.0`;
  await expect(row).toHaveAttribute('data-generations', expected);
  // What the member reports.
  const m = await page.evaluate((id) => window.etcdscope!.inspect(id, 'mvcc'), l);
  const ki = m!.keys.find((k) => k.key === 'gen')!;
  expect(ki.generations.map((g) => g.revs.map((r) => `${r.main}.${r.sub}`))).toEqual([
    [`${created - 3}.0`, `${created - 2}.0`, `${created - 1}.0`],
    [`${created}.0`],
  ]);
  await expect(row.locator('.rev.is-tomb')).toHaveCount(1);
  // Read at the tombstone's revision: deleted; at the one before: a value.
  await page.getByTestId('readat-key').selectOption('gen');
  await page.getByTestId('readat-rev').fill(String(created - 1));
  await page.getByTestId('readat-rev').press('Enter');
  await expect(page.getByTestId('readat-result')).toHaveAttribute('data-kind', 'deleted');
  await page.getByTestId('readat-rev').fill(String(created - 2));
  await page.getByTestId('readat-rev').press('Enter');
  await expect(page.getByTestId('readat-result')).toHaveAttribute('data-kind', 'value');
});

test('Leases: the TTL counts down on screen and expiry deletes the attached keys', async ({ page }) => {
  const l = await fresh(page, 54);
  const grant = await run(page, 'lease grant 8');
  const id = /lease ([0-9a-f]+) granted/.exec(grant.stdout)![1];
  expect((await run(page, `put --lease=${id} leased/a 1`)).exitCode).toBe(0);
  expect((await run(page, `put --lease=${id} leased/b 2`)).exitCode).toBe(0);
  await page.getByTestId('tab-leases').click();
  await page.getByTestId('leases-panel').getByTestId('inspect-member').selectOption(l.slice(1));
  const row = page.getByTestId('lease-row').and(page.locator(`[data-id="${id}"]`));
  await expect(row).toHaveAttribute('data-ttl', '8');
  await expect(row).toHaveAttribute('data-keys', 'leased/a leased/b');
  const first = Number(await row.getAttribute('data-remaining'));
  expect(first).toBeLessThanOrEqual(8);
  await expect.poll(async () => Number(await row.getAttribute('data-remaining')), { timeout: 20_000 }).toBeLessThan(first);
  // The member's own view agrees with the row (within a second of polling).
  const leases = await page.evaluate((m) => window.etcdscope!.inspect(m, 'leases'), l);
  const lease = leases!.leases.find((x) => x.id === id)!;
  expect(lease.keys).toEqual(['leased/a', 'leased/b']);
  // Expiry: the leader revokes the lease, the keys are deleted, the row leaves the panel.
  await expect(row).toHaveCount(0, { timeout: 30_000 });
  const left = await run(page, 'get leased/ --prefix --keys-only');
  expect(left.stdout.trim()).toBe('');
  expect((await run(page, `lease timetolive ${id}`)).stdout).toContain('already expired');
});

test('Events: a crash and a restart appear with the member, in order', async ({ page }) => {
  const l = await fresh(page, 55);
  const follower = (await status(page)).find((s) => s.id !== l)!.id;
  await page.getByTestId('tab-events').click();
  await page.getByRole('button', { name: `Kill ${follower}`, exact: true }).click();
  await expect(page.locator(`.event[data-kind="crashed"][data-member="${follower}"]`).first()).toBeVisible();
  await expect.poll(async () => (await status(page)).find((s) => s.id === follower)!.alive).toBe(false);
  await expect(page.getByTestId(`role-${follower}`)).toHaveAttribute('data-role', 'stopped');
  await page.getByRole('button', { name: `Restart ${follower}`, exact: true }).click();
  await expect(page.locator(`.event[data-kind="restarted"][data-member="${follower}"]`).first()).toBeVisible();
  // Newest first: the restart is listed above the crash.
  const kinds = await page.locator(`.event[data-member="${follower}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  expect(kinds.indexOf('restarted')).toBeLessThan(kinds.indexOf('crashed'));
  await expect.poll(async () => (await status(page)).find((s) => s.id === follower)!.alive, { timeout: 30_000 }).toBe(true);
});
