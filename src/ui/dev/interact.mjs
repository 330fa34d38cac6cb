// DEV ONLY: drive the preview like a user (keyboard, console, dialog) and take screenshots.
// Usage: node src/ui/dev/interact.mjs [outDir=/tmp/es-shots]   (vite must serve on :5180)
import { chromium } from '@playwright/test';

const out = process.argv[2] ?? '/tmp/es-shots';
const base = 'http://localhost:5180/src/ui/dev/preview.html';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto(`${base}?ff=4000&speed=0.5`);
await page.waitForSelector('[data-testid="member-n1"]');

// Frame budget: how long do our frames take while the cluster runs?
const perf = await page.evaluate(
  () =>
    new Promise((resolve) => {
      const times = [];
      let last = performance.now();
      const start = last;
      const f = (ts) => {
        times.push(ts - last);
        last = ts;
        if (ts - start < 2000) requestAnimationFrame(f);
        else resolve({ frames: times.length, worst: Math.max(...times.slice(2)).toFixed(1) });
      };
      requestAnimationFrame(f);
    }),
);
console.log('frames in 2 s:', perf);
await page.screenshot({ path: `${out}/live-1.png` });

// Console: run a good and a bad command, browse history.
const input = page.getByTestId('console-input');
await input.click();
await input.fill('put greeting hello');
await input.press('Enter');
await page.waitForFunction(() => !document.querySelector('[data-testid="console-output"] [data-state="running"]'), null, { timeout: 15000 });
await input.fill('get greeting');
await input.press('Enter');
await input.fill('frobnicate');
await input.press('Enter');
await page.waitForTimeout(500);
await input.press('ArrowUp');
const recalled = await input.inputValue();
console.log('ArrowUp recalls:', recalled);
await input.press('ArrowDown');
console.log('console output:', JSON.stringify(await page.getByTestId('console-output').innerText()));
await page.screenshot({ path: `${out}/console.png` });

// Shortcuts from the page body.
await page.locator('body').click({ position: { x: 5, y: 890 } });
await page.keyboard.press('Space');
await page.waitForTimeout(200);
console.log('paused after Space:', await page.locator('.run-state').innerText());
await page.keyboard.press('l');
await page.waitForTimeout(200);
console.log('lang after l:', await page.locator('.es-app').getAttribute('lang'), await page.evaluate(() => localStorage.getItem('etcdscope.lang')));
await page.keyboard.press('?');
await page.waitForTimeout(200);
console.log('dialog open:', await page.locator('dialog.help-dialog').evaluate((d) => d.open));
await page.screenshot({ path: `${out}/help.png` });
await page.keyboard.press('Escape');
await page.keyboard.press('l');

// Tab order: list the first stops.
await page.locator('body').click({ position: { x: 5, y: 890 } });
const stops = [];
for (let i = 0; i < 16; i++) {
  await page.keyboard.press('Tab');
  stops.push(
    await page.evaluate(() => {
      const a = document.activeElement;
      return a ? `${a.tagName.toLowerCase()}${a.getAttribute('aria-label') ? `[${a.getAttribute('aria-label')}]` : ''}:${(a.textContent ?? '').trim().slice(0, 18)}` : 'none';
    }),
  );
}
console.log('tab order:', stops.join(' → '));
await page.screenshot({ path: `${out}/focus.png` });

// Raft log keyboard navigation.
await page.locator('.raftlog-grid').focus();
await page.keyboard.press('ArrowLeft');
await page.keyboard.press('ArrowDown');
console.log('log detail:', await page.locator('.raftlog-detail').innerText());
console.log('log activedescendant:', await page.locator('.raftlog-grid').getAttribute('aria-activedescendant'));
await page.screenshot({ path: `${out}/logfocus.png` });

// Member controls by accessible name.
await page.getByRole('button', { name: 'Kill n2' }).click();
await page.getByRole('button', { name: 'Isolate n3' }).click();
await page.waitForTimeout(300);
console.log('role-n2:', await page.getByTestId('role-n2').innerText(), 'term-n1:', await page.getByTestId('term-n1').innerText(), 'commit-n1:', await page.getByTestId('commit-n1').innerText());
console.log('narration:', await page.getByTestId('narration').innerText());
await page.getByRole('button', { name: 'Restart n2' }).click();
await page.getByRole('button', { name: 'Heal all' }).click();
await page.waitForTimeout(300);
console.log('narration:', await page.getByTestId('narration').innerText());
// Hover a message in flight: its raft fields appear.
if (!(await page.locator('.run-state').innerText()).includes('running')) await page.getByTestId('pause-toggle').click();
await page.waitForFunction(() => document.querySelectorAll('.msg-layer .msg').length >= 2, null, { timeout: 20000 });
await page.getByTestId('pause-toggle').click();
await page.waitForTimeout(300);
const box = await page.locator('.msg-layer .msg').first().boundingBox({ timeout: 5000 }).catch(() => null);
if (box) {
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForTimeout(200);
  console.log('message tip:', await page.locator('.msg-tip').innerText().catch(() => 'none'));
  await page.screenshot({ path: `${out}/msgtip.png` });
}
console.log(errors.length ? `ERRORS ${errors.join(' | ')}` : 'no page errors');
await browser.close();
