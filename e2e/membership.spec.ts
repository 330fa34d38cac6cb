// Membership and raft settings from the page: a learner joins, catches up and is promoted, the
// leader moves to it, a member is removed, and PreVote is switched on (a restart of every member).
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const api = <T>(page: Page, fn: string, ...args: unknown[]) =>
  page.evaluate(([f, a]) => (window.etcdscope as unknown as Record<string, (...x: unknown[]) => unknown>)[f as string]!(...(a as unknown[])), [fn, args] as const) as Promise<T>;

test('add a learner, promote it, move the leader to it, remove a member', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate(() => window.etcdscope!.reset({ seed: 11 }));
  await expect.poll(() => api<string | null>(page, 'leader'), { timeout: 20_000 }).not.toBeNull();
  for (let i = 0; i < 5; i++) expect((await page.evaluate((k) => window.etcdscope!.run(`put k${k} v`), i)).exitCode).toBe(0);

  // etcd's strict reconfig check refuses a member change until every voter's links are 5 s old.
  let added = '';
  await expect.poll(async () => {
    try {
      added = await api<string>(page, 'addMember', { learner: true });
      return 'added';
    } catch (e) {
      return String(e);
    }
  }, { timeout: 20_000 }).toBe('added');
  expect(added).toBe('n4');
  // The leader tracks the learner's Progress; it reaches replicate state and catches up.
  await expect.poll(async () => {
    const p = (await api<Array<{ id: string; state: string; isLearner: boolean; match: number }>>(page, 'progress')).find((x) => x.id === 'n4');
    return p ? `${p.isLearner}/${p.state}` : 'none';
  }, { timeout: 20_000 }).toBe('true/replicate');
  await expect.poll(async () => {
    try {
      await api(page, 'promote', 'n4');
      return 'promoted';
    } catch (e) {
      return String(e);
    }
  }, { timeout: 20_000 }).toBe('promoted');

  await expect.poll(async () => {
    try {
      await api(page, 'moveLeader', 'n4');
    } catch {
      // n4 may not have applied its own promotion yet; try again.
    }
    return api<string | null>(page, 'leader');
  }, { timeout: 20_000 }).toBe('n4');

  // n4 just took over: its links must be 5 s old before it removes a voter (strict reconfig check)
  await expect.poll(async () => {
    try {
      await api(page, 'removeMember', 'n1');
      return 'removed';
    } catch (e) {
      return String(e);
    }
  }, { timeout: 20_000 }).toBe('removed');
  await expect.poll(async () => (await api<Array<{ id: string }>>(page, 'status')).map((s) => s.id).includes('n1'), { timeout: 20_000 }).toBe(false);
  const r = await page.evaluate(() => window.etcdscope!.run('get k3 --print-value-only'));
  expect(r.stdout).toBe('v\n');
});

test('PreVote can be switched on; it restarts the members and the cluster keeps its data', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate(() => window.etcdscope!.reset({ seed: 12 }));
  await expect.poll(() => api<string | null>(page, 'leader'), { timeout: 20_000 }).not.toBeNull();
  expect((await page.evaluate(() => window.etcdscope!.run('put pv 1'))).exitCode).toBe(0);
  await api(page, 'setRaftOptions', { preVote: true });
  expect(await api<{ preVote: boolean }>(page, 'raftOptions')).toMatchObject({ preVote: true, checkQuorum: true });
  await expect.poll(() => api<string | null>(page, 'leader'), { timeout: 20_000 }).not.toBeNull();
  // With PreVote on, an isolated follower does not inflate its term.
  const leader = (await api<string>(page, 'leader'))!;
  const follower = (await api<Array<{ id: string; term: number }>>(page, 'status')).find((s) => s.id !== leader)!;
  await api(page, 'isolate', follower.id);
  // Right after the restarts leadership may still settle: retry the (idempotent) write until it commits.
  await expect.poll(async () => (await page.evaluate(() => window.etcdscope!.run('put pv 2'))).exitCode, { timeout: 30_000 }).toBe(0);
  const termBefore = follower.term;
  await expect.poll(async () => (await api<Array<{ id: string; role: string }>>(page, 'status')).find((s) => s.id === follower.id)!.role, { timeout: 20_000 }).toBe('pre-candidate');
  const during = (await api<Array<{ id: string; term: number }>>(page, 'status')).find((s) => s.id === follower.id)!;
  expect(during.term).toBeLessThanOrEqual(termBefore + 1);
  await api(page, 'heal');
  await expect.poll(async () => (await page.evaluate(() => window.etcdscope!.run('get pv --print-value-only'))).stdout, { timeout: 20_000 }).toBe('2\n');
});
