// DEV ONLY: hover a message dot and print the tooltip.
import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto('http://localhost:5180/src/ui/dev/preview.html?ff=4150&paused=1');
await page.waitForSelector('.msg-layer .msg');
await page.waitForTimeout(500);
const boxes = await page.locator('.msg-layer .msg').evaluateAll((els) =>
  els.map((e) => {
    const r = e.getBoundingClientRect();
    return { id: e.getAttribute('data-id'), vis: e.getAttribute('visibility'), x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }),
);
console.log(boxes.slice(0, 3));
const b = boxes.find((x) => x.vis === 'visible');
if (b) {
  await page.mouse.move(b.x - 3, b.y - 3);
  await page.mouse.move(b.x, b.y);
  await page.waitForTimeout(200);
  console.log('at point:', await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.outerHTML.slice(0, 80), b));
  console.log('tip:', await page.locator('.msg-tip').innerText().catch(() => 'none'));
  await page.screenshot({ path: '/tmp/es-shots/msgtip.png' });
}
await browser.close();
