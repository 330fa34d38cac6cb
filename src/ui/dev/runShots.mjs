// DEV ONLY: screenshots of the seed field, size picker and record / replay controls on the real
// page. Serve the build first: `npx vite build && npx vite preview --port 4212 --strictPort`, then
// `node src/ui/dev/runShots.mjs docs/screenshots` (PORT=… to use another port).
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = process.argv[2] ?? '/tmp/es-shots';
const port = process.env.PORT ?? '4212';
const sizes = [
  [1280, 720],
  [1920, 1080],
];
const dir = mkdtempSync(join(tmpdir(), 'es-runshots-'));
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
try {
  for (const lang of ['en', 'zh-CN']) {
    for (const projector of [false, true]) {
      for (const [w, h] of sizes) {
        if (projector && w !== 1280) continue;
        await page.setViewportSize({ width: w, height: h });
        await page.goto(`http://127.0.0.1:${port}/?lang=${lang}`);
        await page.waitForFunction(() => !!window.etcdscope, null, { timeout: 60000 });
        await page.evaluate((p) => localStorage.setItem('etcdscope.projector', p ? 'on' : 'off'), projector);
        await page.reload();
        await page.waitForFunction(() => !!window.etcdscope, null, { timeout: 60000 });
        await page.evaluate(() => window.etcdscope.reset({ seed: 20261125, members: 5 }));
        await page.getByTestId('run-record').click();
        await page.waitForFunction(() => window.etcdscope.record.state().mode === 'recording', null, { timeout: 60000 });
        await page.waitForFunction(() => !!window.etcdscope.leader(), null, { timeout: 60000 });
        await page.evaluate(async () => {
          await window.etcdscope.run('put greeting hello');
          await window.etcdscope.kill(window.etcdscope.leader());
        });
        await page.waitForTimeout(1500);
        const tag = `${w}x${h}${projector ? '-projector' : ''}${lang === 'zh-CN' ? '-zh' : ''}`;
        await page.screenshot({ path: `${out}/record-${tag}.png` });
        await page.getByTestId('run-record').click();
        await page.waitForFunction(() => window.etcdscope.record.state().mode === 'idle', null, { timeout: 60000 });
        await page.getByTestId('run-replay').click();
        await page.waitForFunction(() => window.etcdscope.record.state().mode === 'replaying', null, { timeout: 60000 });
        await page.waitForTimeout(1200);
        await page.screenshot({ path: `${out}/replay-${tag}.png` });
        await page.waitForFunction(() => window.etcdscope.record.state().mode === 'replayed', null, { timeout: 60000 });
        await page.getByTestId('run-link').click();
        await page.waitForSelector('[data-testid="run-result"][data-kind="link"]');
        await page.screenshot({ path: `${out}/replayed-${tag}.png` });
        if (!projector && w === 1280) {
          await page.keyboard.press('?');
          await page.waitForTimeout(300);
          await page.screenshot({ path: `${out}/shortcuts-${tag}.png` });
          await page.keyboard.press('Escape');
        }
      }
    }
  }
} finally {
  console.log(errors.length ? `ERRORS ${errors.slice(0, 5).join(' | ')}` : 'no page errors');
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
}
