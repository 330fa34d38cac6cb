// DEV ONLY: screenshots of the preview page with Debian Chromium.
// Usage: node src/ui/dev/screenshot.mjs [outDir=/tmp/es-shots]   (vite must serve on :5180)
import { chromium } from '@playwright/test';

const out = process.argv[2] ?? '/tmp/es-shots';
const base = 'http://localhost:5180/src/ui/dev/preview.html';
const shots = [
  { name: 'en-1280', w: 1280, h: 720, q: 'ff=9000' },
  { name: 'en-1920', w: 1920, h: 1080, q: 'ff=13500' },
  { name: 'zh-1280', w: 1280, h: 720, q: 'ff=13500&lang=zh-CN' },
  { name: 'zh-1920', w: 1920, h: 1080, q: 'ff=9000&lang=zh-CN' },
  { name: 'proj-1280', w: 1280, h: 720, q: 'ff=13500&projector=1' },
  { name: 'proj-1920', w: 1920, h: 1080, q: 'ff=9000&projector=1&lang=zh-CN' },
  { name: 'en-1280-3m', w: 1280, h: 720, q: 'ff=6000&members=3&scene=calm' },
  { name: 'en-1280-7m', w: 1280, h: 720, q: 'ff=13500&members=7' },
  { name: 'en-1366', w: 1366, h: 768, q: 'ff=13500' },
  { name: 'busy-1280', w: 1280, h: 720, q: 'ff=14500&scene=busy' },
  { name: 'busy-1920', w: 1920, h: 1080, q: 'ff=14500&scene=busy&lang=zh-CN' },
  { name: 'zh-1280-inspect', w: 1280, h: 720, q: 'ff=13500&lang=zh-CN&select=4&keyOnly=1' },
  { name: 'proj-1920-inspect', w: 1920, h: 1080, q: 'ff=13500&projector=1&select=5' },
  { name: 'zh-1536', w: 1536, h: 864, q: 'ff=13500&lang=zh-CN' },
  { name: 'en-1920-1m', w: 1920, h: 1080, q: 'ff=3000&members=1&scene=calm' },
  { name: 'en-1600-2m', w: 1600, h: 900, q: 'ff=3000&members=2&scene=calm' },
];
const only = process.env.ONLY;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const { mkdirSync } = await import('node:fs');
mkdirSync(out, { recursive: true });
for (const s of shots) {
  if (only && !s.name.includes(only)) continue;
  const page = await browser.newPage({ viewport: { width: s.w, height: s.h } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && !m.text().includes('404') && errors.push(m.text()));
  await page.goto(`${base}?${s.q}&paused=${process.env.LIVE ? 0 : 1}`);
  await page.waitForSelector('[data-testid="member-n1"]');
  await page.waitForTimeout(600);
  if (process.env.CONSOLE) {
    await page.getByTestId('console-input').fill('put greeting hello');
    await page.keyboard.press('Enter');
    await page.getByTestId('console-input').fill('frobnicate');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: `${out}/${s.name}.png` });
  // Overflow check: any element wider/taller than its panel or the viewport.
  const overflow = await page.evaluate(() => {
    const bad = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    for (const el of document.querySelectorAll('.app-header, .panel')) {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 0.5 || r.bottom > vh + 0.5 || r.left < -0.5) bad.push(`${el.className} ${JSON.stringify(r)}`);
    }
    const hdr = document.querySelector('.app-header');
    if (hdr && hdr.scrollWidth > hdr.clientWidth + 1) bad.push(`header overflows: ${hdr.scrollWidth} > ${hdr.clientWidth}`);
    return bad;
  });
  console.log(s.name, errors.length ? `ERRORS ${errors.join(' | ')}` : 'ok', overflow.length ? `OVERFLOW ${overflow.join(' | ')}` : '');
  await page.close();
}
await browser.close();
