// DEV ONLY: frame times with parts of the page hidden, to find what costs paint time.
import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const measure = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        const times = [];
        let last = performance.now();
        const start = last;
        const f = (ts) => {
          times.push(ts - last);
          last = ts;
          if (ts - start < 3000) requestAnimationFrame(f);
          else {
            times.sort((a, b) => a - b);
            resolve({ frames: times.length, p50: times[times.length >> 1].toFixed(1), p95: times[Math.floor(times.length * 0.95)].toFixed(1) });
          }
        };
        requestAnimationFrame(f);
      }),
  );
const variants = {
  all: '',
  noSvgText: '.cluster-svg text{display:none}',
  noMembers: '.member{display:none}',
  noLinks: '.links{display:none}',
  noBody: '.member .body{display:none}',
  noLegend: '.legend{display:none}',
  noEvents: '.panel-events{display:none}',
};
for (const [name, css] of Object.entries(variants)) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://localhost:5180/src/ui/dev/preview.html?ff=4000${process.env.Q ?? ''}`);
  if (css) await page.addStyleTag({ content: css });
  await page.waitForTimeout(800);
  console.log(name.padEnd(14), JSON.stringify(await measure(page)));
  await page.close();
}
await browser.close();
