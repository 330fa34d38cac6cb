// Record and replay (issue #7, Done-when 2): a run with kills, partitions and Txns, exported, the
// page reloaded, the run imported — every panel's data reaches the same state at the same virtual
// time. Plus the shareable URL round trip and a broken file that changes nothing.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => !!window.etcdscope, null, { timeout: 60_000 });
}

async function leader(page: Page): Promise<string> {
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 60_000 }).not.toBeNull();
  return (await page.evaluate(() => window.etcdscope!.leader()))!;
}

/** Everything the panels show that follows from the run alone (not from real time). */
async function capture(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(async () => {
    const api = window.etcdscope!;
    // walRecords counts IndexedDB transactions completed so far, and commit-index-only records are
    // written without waiting (relaxed): the count at the pause depends on IndexedDB's real timing.
    const status = api.status().map(({ walRecords: _, ...m }) => m);
    const out: Record<string, unknown> = { now: api.now(), step: api.step(), clock: api.clockMode(), status, progress: api.progress() };
    for (const m of api.status()) {
      for (const kind of ['mvcc', 'leases', 'pages', 'watch'] as const) out[`${m.id}.${kind}`] = await api.inspect(m.id, kind);
      // Metrics: the counts follow the run; fsync and commit latencies are IndexedDB's real timing.
      const metrics = await api.inspect(m.id, 'metrics');
      if (metrics) {
        const { walFsync, backendCommit, ...rest } = metrics;
        out[`${m.id}.metrics`] = { ...rest, walFsyncCount: walFsync.count, backendCommitCount: backendCommit.count };
      }
    }
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
  });
}

test('a recorded run with kills, partitions and Txns replays to the same state after export, reload and import', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/?lang=en');
  await ready(page);
  await page.evaluate(() => window.etcdscope!.reset({ seed: 4242, members: 3 }));
  await page.evaluate(async () => {
    await window.etcdscope!.record.start();
    window.etcdscope!.setSpeed(32);
  });
  const first = await leader(page);
  await page.evaluate(async () => {
    const api = window.etcdscope!;
    await api.run('put k1 v1');
    await api.run('lease grant 60');
    await api.txn({ compare: [{ key: 'k1', target: 'value', cmp: '=', operand: 'v1' }], success: [{ op: 'put', key: 'k2', value: 'then' }], failure: [{ op: 'put', key: 'k2', value: 'else' }] });
  });
  await page.evaluate((l) => window.etcdscope!.kill(l), first);
  await expect.poll(() => page.evaluate((l) => { const x = window.etcdscope!.leader(); return x && x !== l ? x : null; }, first), { timeout: 60_000 }).not.toBeNull();
  const second = (await page.evaluate(() => window.etcdscope!.leader()))!;
  const follower = (await page.evaluate(([a, b]) => window.etcdscope!.status().find((m) => m.alive && m.id !== a && m.id !== b)?.id ?? null, [first, second]))!;
  await page.evaluate(async ([f]) => {
    const api = window.etcdscope!;
    await api.isolate(f!);
    await api.run('put k3 v3');
    await api.txn({ compare: [{ key: 'k1', target: 'value', cmp: '=', operand: 'nope' }], success: [], failure: [{ op: 'del', key: 'k2' }] });
    await api.heal();
  }, [follower]);
  await page.evaluate((l) => window.etcdscope!.restart(l), first);
  await page.evaluate(async () => {
    await window.etcdscope!.run('put k4 v4');
    await window.etcdscope!.run('compact 3');
  });
  const run = await page.evaluate(() => window.etcdscope!.record.stop());
  const before = await capture(page);
  expect(run.actions.map((a) => a.op)).toEqual(['run', 'run', 'txn', 'kill', 'isolate', 'run', 'txn', 'heal', 'restart', 'run', 'run']);
  const text = await page.evaluate((r) => window.etcdscope!.record.toText(r), run);
  const dir = mkdtempSync(join(tmpdir(), 'etcdscope-run-'));
  const file = join(dir, 'run.json');
  writeFileSync(file, text);

  await page.reload();
  await ready(page);
  await page.evaluate(async (t) => {
    window.etcdscope!.setSpeed(32);
    await window.etcdscope!.record.replay(t);
  }, readFileSync(file, 'utf8'));
  await expect.poll(() => page.evaluate(() => window.etcdscope!.record.state().mode), { timeout: 120_000 }).toBe('replayed');
  const after = await capture(page);
  expect(await page.evaluate(() => window.etcdscope!.record.state())).not.toHaveProperty('diverged');
  for (const k of Object.keys(before)) expect(after[k], k).toEqual(before[k]);
});

test('a broken or foreign run file is refused with a clear message and the cluster is untouched', async ({ page }) => {
  await page.goto('/?lang=en');
  await ready(page);
  await page.evaluate(() => window.etcdscope!.reset({ seed: 99, members: 3 }));
  await leader(page);
  await page.evaluate(() => window.etcdscope!.run('put keep me'));
  const before = await page.evaluate(() => ({ seed: window.etcdscope!.seed(), members: window.etcdscope!.status().length, now: window.etcdscope!.now() }));
  const cases: Array<[string, string, RegExp]> = [
    ['snapshot.json', '{"hello": "world"}', /not an etcdscope run file/],
    ['cut.json', '{"format": "etcdscope-run", "version": 1, "seed": 1, "config": {', /is not JSON/],
    ['bad.json', JSON.stringify({ format: 'etcdscope-run', version: 1, seed: 1, config: { members: 3 }, actions: [], end: { step: 0, atMs: 0 } }), /is damaged/],
  ];
  for (const [name, body, msg] of cases) {
    await page.getByTestId('run-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(body) });
    const banner = page.getByTestId('run-result');
    await expect(banner).toHaveAttribute('data-state', 'error');
    await expect(banner).toHaveAttribute('role', 'alert');
    await expect(banner).toContainText(name);
    await expect(banner).toContainText(msg);
    await expect(banner).toContainText('The cluster is unchanged.');
  }
  await expect(page.getByTestId('run-result')).toHaveAttribute('data-code', 'invalid');
  const after = await page.evaluate(() => ({ seed: window.etcdscope!.seed(), members: window.etcdscope!.status().length, now: window.etcdscope!.now() }));
  expect(after.seed).toBe(before.seed);
  expect(after.members).toBe(before.members);
  expect(after.now).toBeGreaterThanOrEqual(before.now);
  expect((await page.evaluate(() => window.etcdscope!.run('get keep --print-value-only'))).stdout).toBe('me\n');
});

test('the shareable link opens the page and replays the same run; the seed field and size picker reset the cluster', async ({ page }) => {
  test.setTimeout(360_000);
  await page.goto('/?lang=en');
  await ready(page);
  // Seed field and size picker.
  await page.getByTestId('seed').fill('777');
  await page.getByTestId('seed').press('Enter');
  await expect.poll(() => page.evaluate(() => window.etcdscope!.seed()), { timeout: 60_000 }).toBe(777);
  await page.getByTestId('cluster-size').selectOption('5');
  await expect.poll(() => page.evaluate(() => window.etcdscope!.status().length), { timeout: 60_000 }).toBe(5);
  expect(await page.evaluate(() => window.etcdscope!.seed())).toBe(777);

  // Record with the button and the R shortcut, with a kill and a partition.
  await page.getByTestId('run-record').click();
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-mode', 'recording', { timeout: 60_000 });
  await page.evaluate(() => window.etcdscope!.setSpeed(32));
  const l = await leader(page);
  await page.evaluate(async (x) => {
    const api = window.etcdscope!;
    await api.run('put shared link');
    await api.isolate(x === 'n1' ? 'n2' : 'n1');
    await api.kill(x);
    await api.run('put after kill');
  }, l);
  await page.locator('body').press('r');
  await expect(page.getByTestId('run-controls')).toHaveAttribute('data-mode', 'idle', { timeout: 60_000 });
  const before = await capture(page);
  const run = await page.evaluate(() => window.etcdscope!.record.lastRun()!);
  expect(run.config.members).toBe(5);
  expect(run.seed).toBe(777);
  const url = await page.evaluate((r) => window.etcdscope!.record.link(r), run);
  expect(url).toMatch(/#run=[A-Za-z0-9_-]+$/);
  expect(await page.evaluate((u) => window.etcdscope!.record.fromLink(u), url)).toEqual(run);

  await page.goto('about:blank');
  await page.goto(url);
  await ready(page);
  await page.evaluate(() => window.etcdscope!.setSpeed(32));
  await expect(page.getByTestId('run-result')).toHaveAttribute('data-kind', 'fromLink', { timeout: 60_000 });
  await expect.poll(() => page.evaluate(() => window.etcdscope!.record.state().mode), { timeout: 120_000 }).toBe('replayed');
  await expect(page.getByTestId('run-state')).toContainText('replayed');
  const after = await capture(page);
  for (const k of Object.keys(before)) expect(after[k], k).toEqual(before[k]);

  // A damaged link is refused and the cluster is left alone.
  await page.goto('about:blank');
  await page.goto(url.slice(0, url.length - 40));
  await ready(page);
  await expect(page.getByTestId('run-result')).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(page.getByTestId('run-result')).toContainText('The cluster is unchanged.');
  expect(await page.evaluate(() => window.etcdscope!.record.state().mode)).toBe('idle');
});
