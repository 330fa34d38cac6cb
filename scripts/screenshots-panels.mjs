// Screenshots of the side panel's tabs — MVCC, Leases, Write path, Watch, Txn builder, Metrics — (called
// by screenshots.mjs): each in English and 简体中文, at 1280×720, at 1920×1080 and in projector mode
// (1280×720, large type), with the side panel expanded, on a fresh cluster (seed 7) driven into a
// state worth showing.
export const PANEL_SHOTS = ['mvcc', 'leases', 'writepath', 'watch', 'txn', 'metrics'];
export const PANEL_SIZES = [
  { width: 1280, height: 720, projector: false },
  { width: 1920, height: 1080, projector: false },
  { width: 1280, height: 720, projector: true },
];

async function setup(page, panel) {
  const run = (l) => page.evaluate((x) => window.etcdscope.run(x), l);
  for (const l of ['put foo bar', 'put foo baz', 'put /registry/pods/default/web-0 running']) await run(l);
  await page.getByTestId(`tab-${panel}`).click();
  if (panel === 'writepath') {
    await page.getByTestId('writepath-follow').click();
    await run('put greeting hello');
    await page.locator('[data-testid="writepath-steps"] li[data-step="backend-commit"].is-done').waitFor({ timeout: 10000 });
  } else if (panel === 'watch') {
    await run('compact 3');
    await page.getByTestId('watch-key').fill('foo');
    await page.getByTestId('watch-rev').fill('2');
    await page.getByTestId('watch-open').click();
    await page.getByTestId('watch-rev').fill('3');
    await page.getByTestId('watch-open').click();
    await page.getByTestId('watch-prefix').check();
    await page.getByTestId('watch-key').fill('/registry/');
    await page.getByTestId('watch-rev').fill('');
    await page.getByTestId('watch-open').click();
    await run('put foo qux');
    await run('put /registry/pods/default/web-1 pending');
    await page.locator('[data-testid="watcher-row"]').nth(1).waitFor();
    await page.waitForTimeout(800);
  } else if (panel === 'txn') {
    await page.getByTestId('txn-run').click();
    await page.getByTestId('txn-result').waitFor();
    await page.getByTestId('txn-race-run').click();
    await page.getByTestId('txn-race-result').waitFor();
    await page.getByTestId('txn-panel').evaluate((e) => (e.scrollTop = e.scrollHeight));
  } else if (panel === 'mvcc') {
    for (const l of ['del foo', 'put foo again', 'put /registry/pods/default/web-1 pending', 'compact 3']) await run(l);
    await page.getByTestId('readat-key').selectOption('foo');
    await page.getByTestId('readat-rev').fill('5');
    await page.getByTestId('readat-rev').press('Enter');
    await page.getByTestId('readat-result').waitFor();
  } else if (panel === 'leases') {
    for (const ttl of [600, 90]) {
      const id = /lease ([0-9a-f]+) granted/.exec((await run(`lease grant ${ttl}`)).stdout)[1];
      await run(`put --lease=${id} /registry/leases/kube-node-lease/node-${ttl} renewed`);
      await run(`put --lease=${id} /registry/events/default/web-${ttl} scheduled`);
    }
    await page.waitForTimeout(2500);
  } else if (panel === 'metrics') {
    for (let i = 0; i < 8; i++) await run(`put key${i % 4} value${i}`);
    await page.waitForTimeout(2500);
  }
}

export async function takePanelShots(browser, url, outDir, log = console.log, only = null) {
  for (const panel of PANEL_SHOTS) {
    if (only && !only.includes(panel)) continue;
    for (const lang of ['en', 'zh-CN']) {
      for (const { width, height, projector } of PANEL_SIZES) {
        const page = await browser.newPage({ viewport: { width, height } });
        await page.addInitScript(
          ([lang, projector]) => {
            localStorage.setItem('etcdscope.lang', lang);
            localStorage.setItem('etcdscope.projector', projector ? 'on' : 'off');
            localStorage.setItem('etcdscope.sideExpanded', 'on');
          },
          [lang, projector],
        );
        await page.goto(url);
        await page.waitForFunction(() => window.etcdscope !== undefined);
        await page.evaluate(() => window.etcdscope.reset({ seed: 7 }));
        await page.waitForFunction(() => window.etcdscope.leader() !== null, null, { timeout: 20000 });
        await setup(page, panel);
        await page.evaluate(() => window.etcdscope.pause());
        await page.waitForTimeout(400);
        const name = `panel-${panel}-${width}x${height}${projector ? '-projector' : ''}${lang === 'zh-CN' ? '-zh' : ''}.png`;
        await page.screenshot({ path: `${outDir}/${name}` });
        await page.close();
        log(`wrote ${outDir}/${name}`);
      }
    }
  }
}
