// DEV ONLY: with prefers-reduced-motion, message dots must hold still (they jump, not glide).
import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
for (const reducedMotion of ['reduce', 'no-preference']) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion });
  const page = await ctx.newPage();
  await page.goto('http://localhost:5180/src/ui/dev/preview.html?ff=4000&speed=0.25');
  await page.waitForSelector('.msg');
  const sample = () => page.evaluate(() => [...document.querySelectorAll('.msg-layer .msg')].map((g) => [g.getAttribute('data-id'), g.style.transform]));
  let moved = 0;
  let same = 0;
  for (let i = 0; i < 10; i++) {
    const a = await sample();
    await page.waitForTimeout(50);
    const b = await sample();
    const before = new Map(a);
    for (const [id, tr] of b) if (before.has(id)) (before.get(id) === tr ? same++ : moved++);
  }
  const pressed = await page.getByRole('button', { name: /Reduced motion/ }).getAttribute('aria-pressed');
  console.log(reducedMotion, { moved, same, togglePressed: pressed });
  await ctx.close();
}
await browser.close();
