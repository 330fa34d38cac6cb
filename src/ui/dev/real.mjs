// DEV ONLY: open the real page (hub + workers + IndexedDB) served by vite on :5180 and drive it.
import { chromium } from '@playwright/test';
const out = process.argv[2] ?? '/tmp/es-shots';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: Number(process.env.W ?? 1280), height: Number(process.env.H ?? 720) } });
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
await page.goto('http://localhost:5180/');
await page.waitForSelector('[data-testid="member-n1"]', { timeout: 30000 });
await page.waitForTimeout(Number(process.env.WAIT ?? 3000));
await page.screenshot({ path: `${out}/real-1.png` });
const input = page.getByTestId('console-input');
for (const line of ['put greeting hello', 'get greeting', 'endpoint status', 'nope']) {
  await input.fill(line);
  await input.press('Enter');
  await page.waitForFunction(() => !document.querySelector('[data-testid="console-output"] [data-state="running"]'), null, { timeout: 15000 }).catch(() => {});
}
const leaderRow = page.locator('[data-testid^="member-"]').filter({ has: page.locator('[data-role="leader"]') });
const leaderName = (await leaderRow.count()) ? (await leaderRow.first().getAttribute('data-testid')).slice(7) : null;
console.log('leader:', leaderName);
if (leaderName) {
  await page.getByRole('button', { name: `Inspect ${leaderName}`, exact: true }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/real-inspect.png` });
  console.log('inspector:', (await page.getByTestId('inspector').innerText()).replace(/\n/g, ' | '));
  await page.getByRole('button', { name: `Kill ${leaderName}` }).click();
}
await page.waitForTimeout(Number(process.env.WAIT2 ?? 4000));
await page.screenshot({ path: `${out}/real-2.png` });
console.log('narration:', await page.getByTestId('narration').innerText());
console.log('roles:', await page.locator('[data-role]').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')).join(',')));
console.log(errors.length ? `ERRORS ${errors.slice(0, 5).join(' | ')}` : 'no page errors');
await browser.close();
