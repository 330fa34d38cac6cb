// snapshot save / restore from the page: the saved file restores into a new cluster with every key,
// revision and lease; a file that is not a snapshot is refused and the running cluster keeps going.
import { test, expect } from './fixtures';

test('a saved snapshot restores into a new cluster; a broken file is refused without harm', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate(() => window.etcdscope!.reset({ seed: 15 }));
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
  const before = await page.evaluate(async () => {
    const e = window.etcdscope!;
    for (let i = 0; i < 20; i++) await e.run(`put snap/${i} value-${i}`);
    await e.run('put snap/3 changed');
    await e.run('del snap/4');
    const lease = (await e.run('lease grant 600')).stdout.split(' ')[1]!;
    await e.run(`put leased x --lease=${lease}`);
    return { get: (await e.run('get snap/ --prefix -w json')).stdout, lease, rev3: (await e.run('get snap/3 --rev=5 --print-value-only')).stdout };
  });
  expect(before.rev3).toBe('value-3\n'); // snap/0 was written at revision 2

  const sizes = await page.evaluate(async () => {
    const e = window.etcdscope!;
    const file = await e.saveSnapshot(e.leader()!);
    // A broken file: refused with a clear message; the cluster is untouched.
    let refused = '';
    try {
      await e.restoreSnapshot(file.slice(0, 1000));
    } catch (err) {
      refused = String(err);
    }
    const stillThere = (await e.run('get snap/3 --print-value-only')).stdout;
    (window as unknown as { saved: Uint8Array }).saved = file;
    return { length: file.length, refused, stillThere };
  });
  expect(sizes.length % 4096).toBe(32); // bolt pages + etcd's 32-byte SHA-256 trailer
  expect(sizes.refused).toMatch(/not a usable etcd snapshot/);
  expect(sizes.stillThere).toBe('changed\n');

  await page.evaluate(() => window.etcdscope!.restoreSnapshot((window as unknown as { saved: Uint8Array }).saved));
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
  const after = await page.evaluate(async (lease) => {
    const e = window.etcdscope!;
    return {
      get: (await e.run('get snap/ --prefix -w json')).stdout,
      leases: (await e.run('lease list')).stdout,
      leased: (await e.run('get leased --print-value-only')).stdout,
      lease,
    };
  }, before.lease);
  // Same keys, values and revisions (only the header's cluster/member ids and term differ).
  const kvs = (s: string) => JSON.parse(s).kvs;
  expect(kvs(after.get)).toEqual(kvs(before.get));
  expect(after.leases).toContain(before.lease);
  expect(after.leased).toBe('x\n');
});
