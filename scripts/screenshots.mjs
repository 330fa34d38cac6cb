// Takes the README/docs screenshots from the built page in Debian Chromium (docs/screenshots/README.md
// lists them):
//   npm run build && node scripts/screenshots.mjs [outDir] [--panels-only] [--only=mvcc,leases,cluster,pages]
// SCREENSHOT_PORT picks the preview port (default 4175).
// Each shot is a fresh cluster (seed 7) after a few writes, a crash and a restart.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';
import { takePanelShots } from './screenshots-panels.mjs';

const args = process.argv.slice(2);
const panelsOnly = args.includes('--panels-only');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : null;
const want = (group) => !only || only.includes(group);
const outDir = args.find((a) => !a.startsWith('--')) || 'docs/screenshots';
const PORT = Number(process.env.SCREENSHOT_PORT || 4175);
mkdirSync(outDir, { recursive: true });

// vite itself (not through npx), so that server.kill() at the end stops the server and not only a wrapper.
const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--strictPort', '--port', String(PORT), '--host', '127.0.0.1'], { stdio: 'ignore' });
const url = `http://127.0.0.1:${PORT}/`;
async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('preview server did not start');
}

const browser = await chromium.launch({
  executablePath: ensureChromium(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  await waitForServer();
  const shots = [
    { name: 'cluster-1280x720', width: 1280, height: 720, lang: 'en' },
    { name: 'cluster-1920x1080', width: 1920, height: 1080, lang: 'en' },
    { name: 'cluster-1280x720-zh', width: 1280, height: 720, lang: 'zh-CN' },
    { name: 'cluster-1920x1080-zh', width: 1920, height: 1080, lang: 'zh-CN' },
    { name: 'cluster-1280x720-projector', width: 1280, height: 720, lang: 'en', projector: true },
    { name: 'cluster-1280x720-projector-zh', width: 1280, height: 720, lang: 'zh-CN', projector: true },
    { name: 'cluster-1920x1080-projector', width: 1920, height: 1080, lang: 'en', projector: true },
    { name: 'cluster-1920x1080-projector-zh', width: 1920, height: 1080, lang: 'zh-CN', projector: true },
    // Rearranged: the console moved under the ring, the Raft log hidden, five members.
    { name: 'layout-rearranged-1280x720', width: 1280, height: 720, lang: 'en', members: 5, layout: [['cluster', 'console'], ['log', 'side', 'members']], hidden: ['log'] },
    { name: 'layout-rearranged-1280x720-zh', width: 1280, height: 720, lang: 'zh-CN', members: 5, layout: [['cluster', 'console'], ['log', 'side', 'members']], hidden: ['log'] },
  ];
  for (const s of panelsOnly ? [] : shots.filter((x) => want(x.name.startsWith('layout-') ? 'layout' : 'cluster'))) {
    const page = await browser.newPage({ viewport: { width: s.width, height: s.height } });
    await page.addInitScript(
      ([lang, projector, layout, hidden]) => {
        localStorage.setItem('etcdscope.lang', lang);
        localStorage.setItem('etcdscope.projector', projector ? 'on' : 'off');
        localStorage.setItem('etcdscope.layout', JSON.stringify(layout));
        localStorage.setItem('etcdscope.hiddenPanels', JSON.stringify(hidden));
      },
      [s.lang, !!s.projector, s.layout ?? [['cluster', 'members'], ['log', 'side', 'console']], s.hidden ?? []],
    );
    await page.goto(url);
    await page.waitForFunction(() => window.etcdscope !== undefined);
    await page.evaluate((members) => window.etcdscope.reset({ seed: 7, members }), s.members ?? 3);
    await page.waitForFunction(() => window.etcdscope.leader() !== null, null, { timeout: 20000 });
    for (const line of ['put foo bar', 'put /registry/pods/default/web-0 running', 'put foo baz', 'get foo']) {
      await page.getByTestId('console-input').fill(line);
      await page.getByTestId('console-input').press('Enter');
      await page.waitForFunction(() => !document.querySelector('[data-state="running"]'));
    }
    const leader = await page.evaluate(() => window.etcdscope.leader());
    const follower = (await page.evaluate(() => window.etcdscope.status())).find((m) => m.id !== leader).id;
    await page.evaluate((id) => window.etcdscope.kill(id), follower);
    await page.evaluate(() => window.etcdscope.run('put after-crash 1'));
    await page.evaluate(() => window.etcdscope.setSpeed(0.25));
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${outDir}/${s.name}.png` });
    await page.close();
    console.log(`wrote ${outDir}/${s.name}.png`);
  }
  if (!panelsOnly && want('pages')) {
    // The B+tree / pages panel, enlarged: a file with overflow values, a deleted range compacted away
    // (free and pending pages), a leaf of the `key` bucket selected.
    const pageShots = [
      { name: 'pages-1280x720', width: 1280, height: 720, lang: 'en' },
      { name: 'pages-1280x720-zh', width: 1280, height: 720, lang: 'zh-CN' },
      { name: 'pages-1920x1080', width: 1920, height: 1080, lang: 'en' },
      { name: 'pages-1920x1080-zh', width: 1920, height: 1080, lang: 'zh-CN' },
      { name: 'pages-1920x1080-projector', width: 1920, height: 1080, lang: 'en', projector: true },
      { name: 'pages-1920x1080-projector-zh', width: 1920, height: 1080, lang: 'zh-CN', projector: true },
      { name: 'pages-1280x720-projector-zh', width: 1280, height: 720, lang: 'zh-CN', projector: true },
    ];
    for (const s of pageShots) {
      const page = await browser.newPage({ viewport: { width: s.width, height: s.height } });
      await page.addInitScript(
        ([lang, projector]) => {
          localStorage.setItem('etcdscope.lang', lang);
          localStorage.setItem('etcdscope.projector', projector ? 'on' : 'off');
        },
        [s.lang, !!s.projector],
      );
      await page.goto(url);
      await page.waitForFunction(() => window.etcdscope !== undefined);
      await page.evaluate(() => window.etcdscope.reset({ seed: 7 }));
      await page.waitForFunction(() => window.etcdscope.leader() !== null, null, { timeout: 20000 });
      await page.evaluate(async () => {
        const e = window.etcdscope;
        for (let i = 0; i < 40; i++) await e.run(`put /registry/configmaps/big-${i} ${'c'.repeat(12000)}`);
        for (let i = 0; i < 80; i++) await e.run(`put /registry/pods/default/web-${i} ${'x'.repeat(300)}`);
        await e.run('del /registry/configmaps/big-1 --prefix');
        const rev = JSON.parse((await e.run('get x -w json')).stdout).header.revision;
        await e.run(`compaction ${rev}`);
        await e.run('put foo bar');
      });
      await page.getByTestId('tab-pages').click();
      await page.getByTestId('pages-expand').click();
      const grid = page.getByTestId('page-grid');
      await grid.focus();
      await page.keyboard.press('Home');
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('ArrowRight');
        if (/leaf.*bucket key/.test((await page.getByTestId('pages-summary').textContent()) ?? '')) break;
      }
      await page.evaluate(() => window.etcdscope.run('put tick 1'));
      await page.evaluate(() => window.etcdscope.setSpeed(0.25));
      await page.waitForTimeout(1800); // past the copy-on-write flash: its outline stays
      await page.screenshot({ path: `${outDir}/${s.name}.png` });
      await page.close();
      console.log(`wrote ${outDir}/${s.name}.png`);
    }
  }
  await takePanelShots(browser, url, outDir, console.log, only);
} finally {
  await browser.close();
  server.kill();
}
