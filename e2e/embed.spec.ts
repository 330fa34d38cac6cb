// The embed widget inside a documentation page served from another origin: both iframes load and
// run their own clusters, the page drives one lesson with postMessage commands, and the widget's
// events reach the page. The widget comes from the app's server (port E2E_PORT, with COOP/COEP);
// the docs page from a second server on another port: another origin of the same site. (Across
// sites, this Chromium gives frames no storage at all; the last test checks the widget says so.)
import type { Server } from 'node:http';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { serveStatic } from './staticServer';
import { SCENARIOS } from '../src/scenario/library';

const DOCS_PORT = Number(process.env.E2E_DOCS_PORT || 4223);
let docs: Server;

test.beforeAll(async () => {
  docs = await serveStatic(join(process.cwd(), 'dist'), DOCS_PORT, '127.0.0.1');
});
test.afterAll(async () => {
  await new Promise((r) => docs.close(r));
});

test.describe.configure({ timeout: 240_000 });

for (const variant of ['plain', 'isolated'] as const) {
  test(`the embed demo on another origin (${variant} docs site) loads both lessons, drives one by postMessage and hears its events`, async ({ page, baseURL }) => {
    const widget = `${baseURL!}/embed.html`;
    const docsURL = `http://127.0.0.1:${DOCS_PORT}${variant === 'isolated' ? '/isolated' : ''}/embed-demo.html`;
    expect(new URL(widget).origin).not.toBe(new URL(docsURL).origin);
    await page.goto(`${docsURL}?widget=${encodeURIComponent(widget)}&extra=${encodeURIComponent('speed=32&dwell=0')}`);

    const log = page.getByTestId('demo-log');
    // The driven widget announces itself to the page once its lesson's cluster is up.
    await expect(log.locator('li[data-type="ready"]')).toHaveCount(1, { timeout: 120_000 });
    await expect(log.locator('li[data-type="ready"]')).toContainText('"scenario":"linearizable-vs-serializable"');
    const a = page.frameLocator('#lesson-a');
    const b = page.frameLocator('#lesson-b');
    await expect(a.getByTestId('embed')).toHaveAttribute('data-position', '-1');
    await expect(a.locator('.panel-cluster')).toBeVisible();
    await expect(a.locator('.panel-console')).toBeVisible();
    if (variant === 'isolated') {
      // A cross-origin isolated docs page passes isolation on (allow="cross-origin-isolated").
      const isolated = await page.frame({ url: /embed\.html.*linearizable/ })!.evaluate(() => crossOriginIsolated);
      expect(isolated).toBe(true);
    }

    // The second widget plays by itself (autoplay) on its own cluster.
    await expect(b.getByTestId('embed')).not.toHaveAttribute('data-position', '-1', { timeout: 180_000 });
    await expect(b.locator('.panel-mvcc')).toBeVisible();

    // A command from the page advances the first lesson, and the step's events come back.
    await page.getByRole('button', { name: 'Next ▶' }).click();
    await expect(a.getByTestId('embed')).toHaveAttribute('data-position', '0', { timeout: 120_000 });
    const first = SCENARIOS.find((s) => s.id === 'linearizable-vs-serializable')!.steps[0]!;
    await expect(log.locator('li[data-type="stepStarted"]')).toContainText(`"stepId":"${first.id}"`);
    const finished = log.locator('li[data-type="stepFinished"]');
    await expect(finished).toHaveCount(1, { timeout: 60_000 });
    await expect(finished).toContainText('"ok":true');
    await expect(finished).toContainText('"checks":[{"ok":true');
    await expect(log.locator('li[data-type="result"]').first()).toContainText('"ok":true');
    // Cluster events are narrated to the page too.
    await expect(log.locator('li[data-type="narration"]').first()).toBeAttached();

    // An etcdctl command runs on the widget's cluster; its output comes back as the result.
    await page.locator('#run-line').fill('put embed hello');
    await page.getByRole('button', { name: 'Run etcdctl' }).click();
    await expect(log.locator('li[data-type="result"]').last()).toContainText('"stdout":"OK\\n"', { timeout: 60_000 });

    // goto and setLang.
    await page.locator('#goto-step').fill('2');
    await page.getByRole('button', { name: 'Go to step' }).click();
    await expect(a.getByTestId('embed')).toHaveAttribute('data-position', '1', { timeout: 120_000 });
    await page.getByRole('button', { name: '中文' }).click();
    await expect(a.getByTestId('lesson-next')).toHaveText('下一步');

    // Bad input gets a clear answer and changes nothing.
    const before = await a.getByTestId('embed').getAttribute('data-position');
    await page.evaluate(() => {
      const f = document.getElementById('lesson-a') as HTMLIFrameElement;
      const origin = new URL(f.src).origin;
      f.contentWindow!.postMessage({ etcdscope: 99, type: 'next', id: 'v99' }, origin);
      f.contentWindow!.postMessage({ etcdscope: 1, type: 'goto', step: -4, id: 'neg' }, origin);
    });
    await expect(log.locator('li[data-type="result"]', { hasText: '"id":"v99"' })).toContainText('unsupported protocol version 99');
    await expect(log.locator('li[data-type="result"]', { hasText: '"id":"neg"' })).toContainText('"ok":false');
    await expect(a.getByTestId('embed')).toHaveAttribute('data-position', before!);
  });
}

test('the widget ignores commands from a window that is not its parent', async ({ page, baseURL }) => {
  const widget = `${baseURL!}/embed.html`;
  await page.goto(`http://127.0.0.1:${DOCS_PORT}/embed-demo.html?widget=${encodeURIComponent(widget)}&extra=${encodeURIComponent('speed=32')}`);
  await expect(page.getByTestId('demo-log').locator('li[data-type="ready"]')).toHaveCount(1, { timeout: 120_000 });
  const a = page.frameLocator('#lesson-a');
  // The second widget (a sibling frame, not the parent) tries to drive the first one.
  const sibling = page.frame({ url: /embed\.html.*mvcc-inside/ })!;
  await sibling.evaluate(() => {
    const target = window.parent.frames[0]!;
    target.postMessage({ etcdscope: 1, type: 'next', id: 'sibling' }, '*');
  });
  // And a message from the right parent but naming no protocol is not ours: ignored too.
  await page.evaluate(() => (document.getElementById('lesson-a') as HTMLIFrameElement).contentWindow!.postMessage({ type: 'next' }, '*'));
  // A real command afterwards is answered; the sibling's never was.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('demo-log').locator('li[data-type="result"]')).toHaveCount(1);
  await expect(page.getByTestId('demo-log').locator('li[data-type="result"]')).not.toContainText('sibling');
  await expect(a.getByTestId('embed')).toHaveAttribute('data-position', '-1');
});

test('framed by another site in a browser that blocks third-party storage, the widget says why and links to the full page', async ({ page, baseURL }) => {
  const widget = `${baseURL!.replace('127.0.0.1', 'localhost')}/embed.html`;
  await page.goto(`http://127.0.0.1:${DOCS_PORT}/embed-demo.html?widget=${encodeURIComponent(widget)}`);
  const a = page.frameLocator('#lesson-a');
  const err = a.getByTestId('embed-error');
  await expect(err).toBeVisible({ timeout: 60_000 });
  await expect(err).toHaveAttribute('data-code', 'storage-denied');
  await expect(err.getByRole('link')).toHaveAttribute('href', /index\.html\?scenario=linearizable-vs-serializable/);
  await expect(page.getByTestId('demo-log').locator('li[data-type="error"]')).toContainText('storage-denied');
});
