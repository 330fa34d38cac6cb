// The disk contract (src/host/diskContract.ts) against IdbDisk in real Chromium with real IndexedDB
// and Web Locks, on disk (the persistent profile of e2e/fixtures.ts). The contract and its harness
// (src/platform/browser/testing/idbDiskContract.ts) are bundled here by Vite on their own and
// served on the app's origin, so the production bundle never carries them.
import { build, type Rollup } from 'vite';
import { fileURLToPath } from 'node:url';
import { DISK_CONTRACT, type CaseResult } from '../src/host/diskContract';
import { test, expect } from './fixtures';

const ENTRY = fileURLToPath(new URL('../src/platform/browser/testing/idbDiskContract.ts', import.meta.url));

async function bundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry: ENTRY, formats: ['es'], fileName: 'disk-contract' },
    },
  });
  const first = (Array.isArray(out) ? out[0] : out) as Rollup.RollupOutput;
  const chunk = first.output.find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('vite produced no chunk for the disk contract');
  return chunk.code;
}

test('the disk contract holds for IdbDisk in Chromium', async ({ page }) => {
  const code = await bundle();
  await page.route('**/__disk-contract/**', (route) => {
    const url = route.request().url();
    if (url.endsWith('.js')) return route.fulfill({ contentType: 'text/javascript', body: code });
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>disk contract</title><script type="module" src="./contract.js"></script>' });
  });
  await page.goto('/__disk-contract/index.html');
  await page.waitForFunction(() => window.diskContract !== undefined);
  const names = await page.evaluate(() => window.diskContract!.cases);
  expect(names).toEqual(DISK_CONTRACT.map((c) => c.name));
  const results: CaseResult[] = [];
  for (const name of names) {
    await test.step(name, async () => {
      const [r] = await page.evaluate((n) => window.diskContract!.run([n]), name);
      results.push(r!);
      expect.soft(r!.error ?? '', name).toBe('');
    });
  }
  expect(results.map((r) => r.ok)).toEqual(names.map(() => true));
});
