// DEV ONLY: where does frame time go (Layout, Paint, Raster, scripts)? Aggregates a Chrome trace.
import { chromium } from '@playwright/test';
const url = process.env.URL ?? 'http://localhost:5181/src/ui/dev/preview.html?ff=4000';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: Number(process.env.W ?? 1440), height: Number(process.env.H ?? 900) } });
await page.goto(url);
if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
await page.waitForTimeout(1000);
const cdp = await page.context().newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
await page.waitForTimeout(3000);
await new Promise((resolve) => {
  cdp.once('Tracing.tracingComplete', resolve);
  void cdp.send('Tracing.end');
});
const total = new Map();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur) continue;
  total.set(e.name, (total.get(e.name) ?? 0) + e.dur / 1000);
}
const recalcs = events.filter((e) => e.name === 'UpdateLayoutTree' && e.ph === 'X');
const counts = recalcs.map((e) => e.args?.elementCount ?? e.args?.data?.elementCount ?? 0);
console.log('style recalcs:', recalcs.length, 'elements/recalc avg', (counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length)).toFixed(0), 'max', Math.max(0, ...counts));
console.log([...total].sort((a, b) => b[1] - a[1]).slice(0, 18).map(([k, v]) => `${v.toFixed(0).padStart(7)}ms ${k}`).join('\n'));
await browser.close();
