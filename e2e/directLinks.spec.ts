// Free-run's fast path: raft messages go worker to worker, and the benchmark's clients run in a
// worker of their own. Checked here: the links really carry the traffic, a crash and restart re-wire
// them, and a partition turns them off at once, so that no message crosses a cut.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

type Status = { id: string; role: string; term: number; commitIndex: number; appliedIndex: number; alive: boolean };

const status = (page: Page) => page.evaluate(() => window.etcdscope!.status()) as Promise<Status[]>;
const leader = (page: Page) => page.evaluate(() => window.etcdscope!.leader());
const routing = (page: Page) => page.evaluate(() => window.etcdscope!.routing());

/** Every live member has applied the leader's commit index. */
async function caughtUp(page: Page): Promise<boolean> {
  const s = await status(page);
  const l = s.find((m) => m.role === 'leader');
  return !!l && s.filter((m) => m.alive).every((m) => m.appliedIndex >= l.commitIndex);
}

test('free-run sends raft messages worker to worker; crash, restart and partition keep the rules', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate(() => window.etcdscope!.reset({ seed: 11 }));
  await expect.poll(() => leader(page), { timeout: 20_000 }).not.toBeNull();
  // The page's default network holds messages for the animation: everything goes through the hub.
  expect((await routing(page)).direct).toBe(false);

  await page.evaluate(() => window.etcdscope!.setNetwork({ latencyMs: 0, jitterMs: 0 }));
  await expect.poll(async () => (await routing(page)).direct).toBe(true);
  const before = (await routing(page)).relayedMessages;
  for (let i = 0; i < 20; i++) expect((await page.evaluate((i) => window.etcdscope!.run(`put direct/${i} v`), i)).exitCode).toBe(0);
  // About 80 MsgApp/MsgAppResp went out for those; at most a handful (a heartbeat racing the switch) through the hub.
  expect((await routing(page)).relayedMessages - before).toBeLessThan(10);
  // The benchmark's clients, in their own worker on a port straight to the leader.
  const load = await page.evaluate(() =>
    window.etcdscope!.bench.runLoad({ op: 'put', clients: 4, warmupMs: 0, durationMs: 3000, valueBytes: 64, keySpace: 100 }),
  );
  expect(load.errors).toBe(0);
  expect(load.ops).toBeGreaterThan(0);
  await expect.poll(() => caughtUp(page), { timeout: 10_000 }).toBe(true);

  // A crashed follower's links die with its worker; the restarted one gets new ones and catches up.
  const l = (await leader(page))!;
  const follower = (await status(page)).find((s) => s.id !== l)!.id;
  await page.evaluate((id) => window.etcdscope!.kill(id), follower);
  const during = await page.evaluate(() => window.etcdscope!.run('put during-crash 1'));
  expect(during.exitCode).toBe(0);
  await page.evaluate((id) => window.etcdscope!.restart(id), follower);
  await expect.poll(() => caughtUp(page), { timeout: 20_000 }).toBe(true);
  const relayedAfterRestart = (await routing(page)).relayedMessages;
  await page.evaluate(() => window.etcdscope!.run('put after-restart 1'));
  await expect.poll(() => caughtUp(page), { timeout: 10_000 }).toBe(true);
  expect((await routing(page)).relayedMessages - relayedAfterRestart).toBeLessThan(10);

  // Isolating a member turns the links off before the next message: the leader handles the switch
  // before the puts that follow it, so nothing they write reaches the isolated follower.
  await page.evaluate((id) => window.etcdscope!.isolate(id), follower);
  expect((await routing(page)).direct).toBe(false);
  for (let i = 0; i < 5; i++) expect((await page.evaluate((i) => window.etcdscope!.run(`put while-cut/${i} v`), i)).exitCode).toBe(0);
  const endpoint = `127.0.0.1:${23790 + Number(String(follower).replace(/^n/, ''))}`;
  const onFollower = await page.evaluate((ep) => window.etcdscope!.run(`get while-cut/ --prefix --keys-only --consistency=s --endpoints=${ep}`), endpoint);
  expect(onFollower.exitCode).toBe(0);
  expect(onFollower.stdout.trim()).toBe('');

  await page.evaluate(() => window.etcdscope!.heal());
  await expect.poll(async () => (await routing(page)).direct).toBe(true);
  await expect.poll(() => caughtUp(page), { timeout: 20_000 }).toBe(true);
  const got = await page.evaluate(() => window.etcdscope!.run("get while-cut/ --prefix --keys-only"));
  expect(got.stdout.trim().split('\n').filter(Boolean)).toHaveLength(5);
});
