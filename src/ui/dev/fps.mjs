import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const measure = (page) => page.evaluate(() => new Promise((resolve) => { const times=[]; let last=performance.now(); const start=last; const f=(ts)=>{times.push(ts-last); last=ts; if (ts-start<3000) requestAnimationFrame(f); else { times.sort((a,b)=>a-b); resolve({frames: times.length, p50: times[times.length>>1].toFixed(1), p95: times[Math.floor(times.length*0.95)].toFixed(1)});} }; requestAnimationFrame(f); }));
const BASE = process.env.BASE ?? 'http://localhost:5180';
for (const url of ['about:blank', BASE + '/src/ui/dev/preview.html?ff=4000&paused=1', BASE + '/src/ui/dev/preview.html?ff=4000', BASE + '/src/ui/dev/preview.html?ff=4000&motion=reduced']) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url); await page.waitForTimeout(1000);
  if (process.env.TRACE && url.includes('ff=4000') && !url.includes('paused')) {
    await page.evaluate(() => { window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true }); });
  }
  console.log(url.slice(-40), JSON.stringify(await measure(page)), process.env.TRACE ? JSON.stringify(await page.evaluate(() => window.__lt ?? [])) : '');
  await page.close();
}
await browser.close();
