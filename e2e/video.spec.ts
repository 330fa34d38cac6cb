// Video export: a lesson replayed from its seed and encoded (WebCodecs VP8, our WebM muxer) is a
// valid WebM of the timeline's length; Chromium's own demuxer and decoder read it back.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { scenarioById } from '../src/scenario/library';
import { summarizeWebm } from '../src/ui/video/ebml';
import { FRAME_MS, videoTimeline } from '../src/ui/video/timeline';

test.describe.configure({ timeout: 240_000 });

test('a lesson exports as a WebM of the expected length that Chromium plays', async ({ page }, testInfo) => {
  const s = scenarioById('mvcc-inside')!;
  const expected = videoTimeline(s, 'en').durationMs;
  await page.goto(`/?scenario=${s.id}&lang=en`);
  const dock = page.getByTestId('lesson-dock');
  await expect(dock).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.evaluate(() => window.etcdscope!.setSpeed(32));
  const download = page.waitForEvent('download', { timeout: 200_000 });
  await page.getByTestId('lesson-export').click();
  const file = testInfo.outputPath(`${s.id}.webm`);
  await (await download).saveAs(file);
  await expect(page.getByTestId('lesson-export-status')).toHaveAttribute('data-state', 'done');
  // The replay ran the whole lesson with every checkpoint.
  await expect(dock).toHaveAttribute('data-position', String(s.steps.length - 1));

  const bytes = new Uint8Array(readFileSync(file));
  expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML magic
  const w = summarizeWebm(bytes);
  expect(w).toMatchObject({ docType: 'webm', codecId: 'V_VP8', width: 1280, height: 720 });
  expect(w.durationMs).toBe(expected);
  expect(w.blocks).toBe(expected / FRAME_MS);
  expect(w.lastBlockMs).toBe(expected - FRAME_MS);
  expect(w.keyframes).toBeGreaterThanOrEqual(s.steps.length + 2);
  expect(w.cuePoints).toBe(w.clusters);

  // Chromium's demuxer and VP8 decoder: the duration it reads, and a decoded picture that is not blank.
  const played = await page.evaluate(async (b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const v = document.createElement('video');
    v.muted = true;
    v.src = URL.createObjectURL(new Blob([data], { type: 'video/webm' }));
    await new Promise((res, rej) => {
      v.onloadeddata = res;
      v.onerror = () => rej(new Error(`video error ${v.error?.code} ${v.error?.message}`));
    });
    const duration = v.duration;
    v.currentTime = 4.2; // inside the first step's picture
    await new Promise((res) => (v.onseeked = res));
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = 180;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(v, 0, 0, 320, 180);
    const px = ctx.getImageData(0, 0, 320, 180).data;
    const colours = new Set<number>();
    for (let i = 0; i < px.length; i += 4 * 7) colours.add((px[i]! >> 4) * 256 + (px[i + 1]! >> 4) * 16 + (px[i + 2]! >> 4));
    return { duration, width: v.videoWidth, height: v.videoHeight, colours: colours.size };
  }, Buffer.from(bytes).toString('base64'));
  expect(played.width).toBe(1280);
  expect(played.height).toBe(720);
  expect(Math.abs(played.duration * 1000 - expected)).toBeLessThan(FRAME_MS + 1);
  expect(played.colours).toBeGreaterThan(8);
});
