// The fault model in real Chromium with real workers and IndexedDB: one-way cuts causing a leader
// change, link latency on the messages in flight, a slow disk in the metrics, a crash point firing
// and the member recovering, and a slow disk in lockstep mode (virtual time, no hang).
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

type Status = { id: string; role: string; term: number; appliedIndex: number; commitIndex: number; alive: boolean };
const status = (page: Page) => page.evaluate(() => window.etcdscope!.status()) as Promise<Status[]>;
const leader = (page: Page) => page.evaluate(() => window.etcdscope!.leader());

async function openFresh(page: Page, seed = 21): Promise<string> {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate((s) => window.etcdscope!.reset({ seed: s }), seed);
  await expect.poll(() => leader(page), { timeout: 20_000 }).not.toBeNull();
  return (await leader(page))!;
}

test('API: one-way cuts from both followers to the leader make it step down; a new leader is elected', async ({ page }) => {
  const old = await openFresh(page);
  const term = (await status(page)).find((s) => s.id === old)!.term;
  const followers = (await status(page)).filter((s) => s.id !== old).map((s) => s.id);
  await page.evaluate(([l, fs]) => Promise.all((fs as string[]).map((f) => window.etcdscope!.cutLink(f, l as string))), [old, followers] as const);
  const faults = await page.evaluate(() => window.etcdscope!.faults());
  expect(faults.cuts).toHaveLength(2);
  await expect.poll(async () => { const l = await leader(page); return l !== null && l !== old; }, { timeout: 30_000 }).toBe(true);
  const now = (await status(page)).find((s) => s.role === 'leader')!;
  expect(now.term).toBeGreaterThan(term);
  await page.evaluate(() => window.etcdscope!.heal());
  expect((await page.evaluate(() => window.etcdscope!.faults())).cuts).toEqual([]);
});

test('API: per-link latency shows on the messages in flight; bad input is refused', async ({ page }) => {
  const l = await openFresh(page);
  const f = (await status(page)).find((s) => s.id !== l)!.id;
  await page.evaluate(([a, b]) => window.etcdscope!.setLink(a, b, { latencyMs: 400, jitterMs: 0 }, { both: true }), [l, f]);
  await expect
    .poll(async () => {
      const ms = await page.evaluate(() => window.etcdscope!.messages());
      return ms.some((m) => `n${m.from}` === l && `n${m.to}` === f && m.deliverAtMs - m.sentAtMs >= 400);
    }, { timeout: 10_000 })
    .toBe(true);
  const err = await page.evaluate(([a, b]) => window.etcdscope!.setLink(a, b, { lossPct: 300 }).then(() => 'ok', (e: Error) => e.message), [l, f]);
  expect(err).toMatch(/lossPct must be between 0 and 100/);
  const links = (await page.evaluate(() => window.etcdscope!.faults())).links;
  expect(links).toHaveLength(2);
  expect(links[0]!.latencyMs).toBe(400);
});

test('API: a slow disk shows in the metrics; a crash point fires once and restart recovers the member', async ({ page }) => {
  const l = await openFresh(page);
  const f = (await status(page)).find((s) => s.id !== l)!.id;
  await page.evaluate((m) => window.etcdscope!.setDiskLatency(m, 250), f);
  expect((await page.evaluate(() => window.etcdscope!.run('put slow 1'))).exitCode).toBe(0);
  await expect
    .poll(async () => (await page.evaluate((m) => window.etcdscope!.inspect(m, 'metrics'), f))?.walFsync.maxMs ?? 0, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(250);
  await page.evaluate((m) => window.etcdscope!.setDiskLatency(m, 0), f);

  await page.evaluate((m) => window.etcdscope!.armCrashPoint(m, 'wal-after-fsync'), f);
  expect((await page.evaluate(() => window.etcdscope!.run('put crash 1'))).exitCode).toBe(0);
  await expect.poll(async () => (await status(page)).find((s) => s.id === f)!.alive, { timeout: 15_000 }).toBe(false);
  expect((await page.evaluate(() => window.etcdscope!.faults())).disks).toEqual([]);
  await page.evaluate((m) => window.etcdscope!.restart(m), f);
  await expect
    .poll(async () => {
      const s = await status(page);
      const lead = s.find((x) => x.role === 'leader');
      const me = s.find((x) => x.id === f)!;
      return me.alive && lead !== undefined && me.appliedIndex === lead.commitIndex;
    }, { timeout: 20_000 })
    .toBe(true);
  expect((await page.evaluate(() => window.etcdscope!.run('get crash --consistency=s'))).stdout).toContain('crash');
});

test('API: in lockstep a slow leader disk follows virtual time (no hang) and costs it leadership', async ({ page }) => {
  const l = await openFresh(page, 22);
  await page.evaluate(() => window.etcdscope!.setClockMode('lockstep'));
  await page.evaluate(() => window.etcdscope!.setSpeed(8));
  const t0 = await page.evaluate(() => window.etcdscope!.now());
  await page.evaluate((m) => window.etcdscope!.setDiskLatency(m, 2500), l);
  const r = await page.evaluate(() => window.etcdscope!.run('put k v'));
  expect(r.exitCode === 0 || /deadline|timed out|leader/i.test(r.stderr)).toBe(true);
  await expect.poll(async () => { const x = await leader(page); return x !== null && x !== l; }, { timeout: 30_000 }).toBe(true);
  expect(await page.evaluate(() => window.etcdscope!.now())).toBeGreaterThan(t0 + 1000);
});
