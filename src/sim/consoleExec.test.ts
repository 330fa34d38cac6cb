// `lock NAME CMD…` runs its command while holding the lock, in the lessons' host as in the page's
// console (both pass etcdctl the runner's programs, src/oracle/exec.ts).
import { describe, expect, test } from 'vitest';
import { SimScenarioHost } from './scenarioHost';

describe('etcdctl programs in the console', () => {
  test('lock runs its command with ETCD_LOCK_KEY set, then releases the lock; an unknown program is not found', async () => {
    const h = new SimScenarioHost();
    await h.reset(5, 3);
    await h.waitUntil(() => h.members().some((m) => m.role === 'leader'), 15_000);
    const r = await h.run(`lock jobs -- sh -c 'echo "holding $ETCD_LOCK_KEY"'`);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^holding jobs\/[0-9a-f]+\n$/);
    // released: nobody holds a key under the lock's prefix any more
    const left = await h.run('get jobs/ --prefix --keys-only');
    expect(left.stdout).toBe('');
    const missing = await h.run('lock jobs no-such-program');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('exec: "no-such-program": executable file not found in $PATH');
  });
});
