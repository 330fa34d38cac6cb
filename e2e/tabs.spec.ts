// Two tabs must never drive the same members' databases: the second tab says so and changes nothing.
import { test, expect } from './fixtures';

test('a second tab on the same cluster gets a clear message and leaves the cluster untouched', async ({ context }) => {
  const first = await context.newPage();
  await first.goto('/');
  await first.waitForFunction(() => window.etcdscope !== undefined);
  await first.evaluate(() => window.etcdscope!.reset({ seed: 14 }));
  await expect.poll(() => first.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
  expect((await first.evaluate(() => window.etcdscope!.run('put tab one'))).exitCode).toBe(0);

  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByRole('alert')).toContainText('already open in another tab');
  expect(await second.evaluate(() => window.etcdscope === undefined)).toBe(true);

  const r = await first.evaluate(() => window.etcdscope!.run('get tab --print-value-only'));
  expect(r.stdout).toBe('one\n');
});
