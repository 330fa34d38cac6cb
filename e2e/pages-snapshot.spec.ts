// Snapshot import / export from the page's own controls: the Export button downloads the selected
// member's snapshot.db; importing it (file button) restarts the cluster restored from it; a broken
// file (dropped on the page, or picked) is refused with a clear message in English and 简体中文 and
// the running cluster keeps its keys.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

async function freshCluster(page: Page, seed: number) {
  await page.goto('/');
  await page.waitForFunction(() => window.etcdscope !== undefined);
  await page.evaluate((s) => window.etcdscope!.reset({ seed: s }), seed);
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
}

const getJson = (page: Page, line: string) => page.evaluate(async (l) => (await window.etcdscope!.run(l)).stdout, line);
const kvs = (s: string) => (JSON.parse(s).kvs ?? []) as Array<{ key: string; value: string; mod_revision: number }>;

test('export snapshot.db from the page, change the cluster, import the file: the exported keys and revisions come back', async ({ page }) => {
  await freshCluster(page, 31);
  await page.evaluate(async () => {
    const e = window.etcdscope!;
    for (let i = 0; i < 30; i++) await e.run(`put exp/${i} value-${i}`);
    await e.run('put exp/7 changed');
    await e.run('del exp/8');
  });
  const before = await getJson(page, 'get exp/ --prefix -w json');
  await page.getByTestId('tab-pages').click();
  const downloadP = page.waitForEvent('download');
  await page.getByTestId('snapshot-export').click();
  const download = await downloadP;
  expect(download.suggestedFilename()).toBe('snapshot.db');
  const path = await download.path();
  const bytes = readFileSync(path!);
  expect(bytes.length % 4096).toBe(32); // bolt pages + etcd's SHA-256 trailer
  await expect(page.getByTestId('snapshot-result')).toHaveAttribute('data-state', 'ok');

  // Changes after the export are not in the file.
  await page.evaluate(() => window.etcdscope!.run('put after-export yes'));
  await page.getByTestId('snapshot-file').setInputFiles({ name: 'snapshot.db', mimeType: 'application/octet-stream', buffer: bytes });
  await expect(page.getByTestId('snapshot-result')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  await expect(page.getByTestId('snapshot-result')).toContainText('Restored the cluster from snapshot.db');
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 20_000 }).not.toBeNull();
  const after = await getJson(page, 'get exp/ --prefix -w json');
  expect(kvs(after)).toEqual(kvs(before));
  expect(kvs(after).find((k) => atob(k.key) === 'exp/7')!.value).toBe(btoa('changed'));
  expect(await getJson(page, 'get after-export -w json')).not.toContain('kvs');
});

test('a broken snapshot is refused with a clear message (English and 中文) and the cluster keeps its keys', async ({ page }) => {
  await freshCluster(page, 32);
  await page.evaluate(async () => {
    for (let i = 0; i < 10; i++) await window.etcdscope!.run(`put keep/${i} v${i}`);
  });
  const file = await page.evaluate(async () => Array.from(await window.etcdscope!.saveSnapshot(window.etcdscope!.leader()!)));
  const before = await getJson(page, 'get keep/ --prefix -w json');

  // 1. One flipped byte in the body: the SHA-256 trailer no longer matches. Dropped on the page.
  const flipped = file.slice();
  flipped[5000] = flipped[5000]! ^ 0xff;
  await page.evaluate((b) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(b)], 'snapshot.db'));
    for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, flipped);
  const result = page.getByTestId('snapshot-result');
  await expect(result).toHaveAttribute('data-state', 'error');
  await expect(result).toHaveAttribute('data-code', 'bad-hash');
  await expect(result).toHaveAttribute('role', 'alert');
  await expect(result).toContainText('snapshot.db was refused');
  await expect(result).toContainText('SHA-256');
  await expect(result).toContainText('The running cluster was not changed.');
  // The same message in 简体中文 (the language switch re-renders it).
  await page.getByRole('button', { name: '中文' }).click();
  await expect(result).toContainText('被拒绝');
  await expect(result).toContainText('正在运行的集群没有改变');
  await page.getByRole('button', { name: 'EN' }).click();

  // 2. Truncated (no trailer), and 3. not bolt at all: picked with the file button.
  await page.getByTestId('tab-pages').click();
  await page.getByTestId('snapshot-file').setInputFiles({ name: 'cut.db', mimeType: 'application/octet-stream', buffer: Buffer.from(file.slice(0, 10_000)) });
  await expect(result).toHaveAttribute('data-code', 'missing-hash');
  await expect(result).toContainText('cut.db was refused');
  // Whole sectors with a correct SHA-256 trailer, but text inside: not a bbolt file.
  const body = Buffer.alloc(8192, 'hello, this is not a database\n');
  const notBolt = Buffer.concat([body, createHash('sha256').update(body).digest()]);
  await page.getByTestId('snapshot-file').setInputFiles({ name: 'notes.db', mimeType: 'application/octet-stream', buffer: notBolt });
  await expect(result).toHaveAttribute('data-code', 'not-bolt');
  await expect(result).toContainText('notes.db was refused: it is not a bbolt database');

  // The cluster never stopped: same keys, and it still takes writes.
  expect(await getJson(page, 'get keep/ --prefix -w json')).toBe(before);
  expect((await page.evaluate(() => window.etcdscope!.run('put keep/new 1'))).stdout).toBe('OK\n');
});

test('a snapshot.db saved by a real etcd 3.4.23 (etcdctl snapshot save) imports through the file button', async ({ page }) => {
  await freshCluster(page, 33);
  await page.getByTestId('tab-pages').click();
  // Fixture from src/bolt/testdata/README.md: put foo bar / foo bar2 / hello world, del hello, a
  // leased key, key0001..key0150, big (20,000 bytes), deletes, compact 50.
  const real = readFileSync(new URL('../src/bolt/testdata/etcd-3.4.23-snapshot.db', import.meta.url));
  await page.getByTestId('snapshot-file').setInputFiles({ name: 'etcd-3.4.23-snapshot.db', mimeType: 'application/octet-stream', buffer: real });
  await expect(page.getByTestId('snapshot-result')).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
  await expect.poll(() => page.evaluate(() => window.etcdscope!.leader()), { timeout: 30_000 }).not.toBeNull();
  const got = await page.evaluate(async () => {
    const e = window.etcdscope!;
    return {
      foo: (await e.run('get foo --print-value-only')).stdout,
      hello: (await e.run('get hello')).stdout,
      big: (await e.run('get big --print-value-only')).stdout.length,
      leased: (await e.run('get leased --print-value-only')).stdout,
      leases: (await e.run('lease list')).stdout,
      keys: (await e.run('get key --prefix --keys-only')).stdout.split('\n').filter((l) => l !== '').length,
    };
  });
  expect(got.foo).toBe('bar2\n');
  expect(got.hello).toBe('');
  expect(got.big).toBe(20_001);
  expect(got.leased).toBe('v\n');
  expect(got.leases).toMatch(/found 1 leases/);
  expect(got.keys).toBeGreaterThan(100);
  // The panel now shows the restored member's file.
  await expect(page.getByTestId('page-grid')).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId('page-grid').getAttribute('data-pages'))).toBeGreaterThanOrEqual(real.length >> 12);
});
