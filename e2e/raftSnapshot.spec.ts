// Raft snapshots in the page: with a small --snapshot-count the leader compacts its log while a
// follower is down; the restarted follower is sent MsgSnap with the leader's db (IndexedDB: .snap,
// db and WAL record in one strict transaction), catches up, and recovers from it after a reload.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

type Status = { id: string; alive: boolean; commitIndex: number; appliedIndex: number; firstIndex: number; snapshotIndex: number; snapshots: { created: number; sent: number; installed: number } };
const status = (page: Page) => page.evaluate(() => window.etcdscope!.status()) as Promise<Status[]>;

test('a follower behind the compacted log catches up from a raft snapshot', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate(() => window.etcdscope!.reset({ seed: 31 }));
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
  await page.evaluate(() => window.etcdscope!.setRaftOptions({ snapshotCount: 20, snapshotCatchUpEntries: 5 }));
  expect(await page.evaluate(() => window.etcdscope!.raftOptions().snapshotCount)).toBe(20);
  // The Members panel shows the setting.
  await expect(page.getByTestId('raft-snapshotCount')).toHaveValue('20');
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();

  const leader = (await page.evaluate(() => window.etcdscope!.leader()))!;
  const follower = (await status(page)).find((s) => s.id !== leader)!.id;
  const followerLast = (await status(page)).find((s) => s.id === follower)!.commitIndex;
  await page.evaluate((id) => window.etcdscope!.kill(id), follower);
  await page.evaluate(async () => {
    const e = window.etcdscope!;
    for (let i = 0; i < 80; i++) {
      const r = await e.run(`put snapkey/${i} v${i}`);
      if (r.exitCode !== 0) throw new Error(`put ${i}: ${r.stderr}`);
    }
  });
  // The leader compacted past everything the follower has.
  await expect.poll(async () => (await status(page)).find((s) => s.id === leader)!.firstIndex, { timeout: 20_000 }).toBeGreaterThan(followerLast + 1);
  const l = (await status(page)).find((s) => s.id === leader)!;
  expect(l.snapshotIndex).toBeGreaterThan(followerLast);
  expect(l.snapshots.created).toBeGreaterThan(0);

  await page.evaluate((id) => window.etcdscope!.restart(id), follower);
  await expect.poll(async () => {
    const s = await status(page);
    const me = s.find((x) => x.id === follower)!;
    const others = s.filter((x) => x.id !== follower);
    return me.alive && me.snapshots.installed > 0 && others.every((o) => o.commitIndex === me.commitIndex) && me.appliedIndex === me.commitIndex;
  }, { timeout: 30_000 }).toBe(true);
  expect((await status(page)).find((s) => s.id === leader)!.snapshots.sent).toBeGreaterThan(0);
  // Readable from the follower itself (serializable: its own state machine, restored from the db).
  // The page routes endpoint 127.0.0.1:2379<i> to member n<i> (the oracle's layout).
  const local = await page.evaluate(
    (id) => window.etcdscope!.run(`get snapkey/7 --print-value-only --consistency=s --endpoints=127.0.0.1:2379${id.replace('n', '')}`),
    follower,
  );
  expect(local.stderr).toBe('');
  expect(local.stdout).toBe('v7\n');
  // The Raft log panel marks the compacted prefix.
  await expect(page.getByTestId(`compacted-${follower}`)).toBeVisible();

  // Reload: the follower recovers from its own snapshot + WAL in IndexedDB.
  await page.reload();
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
  await expect.poll(async () => (await status(page)).find((s) => s.id === follower)!.snapshotIndex, { timeout: 20_000 }).toBeGreaterThan(followerLast);
  const after = await page.evaluate(() => window.etcdscope!.run('get snapkey/79 --print-value-only'));
  expect(after.stdout).toBe('v79\n');
});
