// Every e2e test runs in a persistent Chromium profile on disk: Playwright's default contexts are
// incognito-like and keep IndexedDB in memory, where a 'strict' WAL would never reach the disk.
import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const test = base.extend<{ context: BrowserContext; page: Page }>({
  context: async ({ baseURL, viewport }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'etcdscope-e2e-'));
    const ctx = await chromium.launchPersistentContext(dir, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      baseURL,
      viewport: viewport ?? { width: 1280, height: 720 },
    });
    try {
      await use(ctx);
    } finally {
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
  page: async ({ context }, use) => {
    await use(context.pages()[0] ?? (await context.newPage()));
  },
});

export { expect };
