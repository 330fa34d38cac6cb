#!/usr/bin/env node
// npm run bench [-- --quick] — etcdscope's in-browser 3-member cluster against real etcd 3.4 on the same
// machine, in one run, with the same closed-loop workloads; prints one table and writes bench/results.json.
//
// Flags:
//   --quick            1 run of 2 s per workload (≈2 minutes) instead of 3 runs of 5 s
//   --runs N           runs per workload (median, min–max are reported)
//   --duration MS      measured window per workload (after --warmup MS, default 1000)
//   --only etcd|browser  one side only (the ratio column stays empty)
//   --no-profile       skip the CPU profile pass
//   --no-ui            pause the visualizer during the etcdscope runs (needs window.etcdscope.setRendering)
//   --out FILE         results file (default bench/results.json)
//   --workloads LIST   only these rows, e.g. put/1,get linearizable/64 (for measuring one change quickly)
//   BENCH_PORTS=4191-4199  serve the built site on the first free port of this range (default: any free
//                      port; avoid 4190, which browsers and fetch refuse as unsafe)
//
// Every process it starts (3 etcd members, vite preview, Chromium) is stopped by pid at the end, also on
// error or Ctrl-C. All servers listen on 127.0.0.1. Every loop is bounded in time and count.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const o = { quick: false, runs: 3, durationMs: 5000, warmupMs: 1000, only: null, profile: true, ui: true, out: join(ROOT, 'bench', 'results.json') };
  let runsSet = false;
  let durSet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--runs') (o.runs = Number(val())), (runsSet = true);
    else if (a === '--duration') (o.durationMs = Number(val())), (durSet = true);
    else if (a === '--warmup') o.warmupMs = Number(val());
    else if (a === '--only') o.only = val();
    else if (a === '--no-profile') o.profile = false;
    else if (a === '--no-ui') o.ui = false;
    else if (a === '--out') o.out = resolve(val());
    else if (a === '--workloads') o.workloads = val().split(',').map((x) => x.trim()).filter(Boolean);
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 15).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown flag ${a} (see --help)`);
  }
  if (o.quick) {
    if (!runsSet) o.runs = 1;
    if (!durSet) o.durationMs = 2000;
  }
  if (!(o.runs >= 1 && o.runs <= 20)) throw new Error('--runs must be 1..20');
  if (!(o.durationMs >= 200 && o.durationMs <= 120_000)) throw new Error('--duration must be 200..120000 ms');
  if (o.only && !['etcd', 'browser'].includes(o.only)) throw new Error('--only etcd|browser');
  if (o.workloads) {
    const known = new Set(WORKLOADS.map((w) => `${w.name}/${w.clients}`));
    for (const w of o.workloads) if (!known.has(w)) throw new Error(`--workloads: unknown row ${w} (known: ${[...known].join(', ')})`);
    WORKLOADS.splice(0, WORKLOADS.length, ...WORKLOADS.filter((w) => o.workloads.includes(`${w.name}/${w.clients}`)));
  }
  return o;
}

const WORKLOADS = [
  { name: 'put', op: 'put', clients: 1 },
  { name: 'put', op: 'put', clients: 16 },
  { name: 'put', op: 'put', clients: 64 },
  { name: 'get linearizable', op: 'getLinearizable', clients: 1 },
  { name: 'get linearizable', op: 'getLinearizable', clients: 64 },
  { name: 'get serializable', op: 'getSerializable', clients: 1 },
  { name: 'get serializable', op: 'getSerializable', clients: 64 },
  { name: 'txn compare-and-swap', op: 'txnCas', clients: 16 },
];
const VALUE_BYTES = 256;
const KEY_SPACE = 1000;

// Goals from ../shared/reference/performance.md ("Ratio goals against real etcd on the same machine").
const GOALS = [
  { id: 'put/1', label: 'put, 1 client: ≥ 150/s, p50 ≤ 7 ms, ratio ≥ 0.6', check: (r) => r.b && r.b.opsPerSec >= 150 && r.b.p50Ms <= 7 && (r.ratio == null || r.ratio >= 0.6) },
  { id: 'put/16', label: 'put, 16 clients: ≥ 500/s, ratio ≥ 0.5', check: (r) => r.b && r.b.opsPerSec >= 500 && (r.ratio == null || r.ratio >= 0.5) },
  { id: 'put/64', label: 'put, 64 clients: ≥ 1,400/s, p99 ≤ 150 ms, ratio ≥ 0.5', check: (r) => r.b && r.b.opsPerSec >= 1400 && r.b.p99Ms <= 150 && (r.ratio == null || r.ratio >= 0.5) },
  { id: 'getLinearizable/64', label: 'linearizable get, 64 clients: ≥ 4,000/s, ratio ≥ 1.0', check: (r) => r.b && r.b.opsPerSec >= 4000 && (r.ratio == null || r.ratio >= 1) },
  { id: 'getSerializable/64', label: 'serializable get, 64 clients: ≥ 8,000/s, ratio ≥ 1.5', check: (r) => r.b && r.b.opsPerSec >= 8000 && (r.ratio == null || r.ratio >= 1.5) },
];

// ---------------------------------------------------------------- processes (tracked by pid)

const owned = new Set(); // { pid, name, stop() }
let cleaningUp = null;

function track(name, stop, pid) {
  const h = { name, stop, pid };
  if (cleaningUp) {
    // Interrupted while this was starting: stop it at once, and let the caller fail.
    Promise.resolve(stop()).catch(() => {});
    throw new Error(`interrupted: stopped ${name} as soon as it started`);
  }
  owned.add(h);
  return () => {
    owned.delete(h);
    return stop();
  };
}

async function cleanup() {
  if (cleaningUp) return cleaningUp;
  cleaningUp = (async () => {
    for (const h of [...owned].reverse()) {
      try {
        await h.stop();
      } catch (e) {
        console.error(`cleanup ${h.name}: ${e?.message ?? e}`);
      }
      owned.delete(h);
    }
  })();
  return cleaningUp;
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping every process this benchmark started...`);
    cleanup().finally(() => process.exit(130));
  });
}

function killPid(pid, signal = 'SIGTERM') {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

async function stopChild(child, name) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  killPid(child.pid, 'SIGTERM');
  const t = setTimeout(() => killPid(child.pid, 'SIGKILL'), 5000);
  await Promise.race([exited, new Promise((r) => setTimeout(r, 8000))]);
  clearTimeout(t);
  if (child.exitCode === null && child.signalCode === null) console.error(`warning: ${name} (pid ${child.pid}) did not exit`);
}

async function freePort() {
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? '');
  if (!range) return tryPort(0);
  for (let p = Number(range[1]); p <= Number(range[2]); p++) {
    const got = await tryPort(p).catch(() => null);
    if (got) return got;
  }
  throw new Error(`no free port in BENCH_PORTS=${process.env.BENCH_PORTS}`);
}

function tryPort(want) {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(want, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- setup (fresh machine)

function ensureNodeModules() {
  const need = ['etcd3', '@playwright/test', 'vite'].filter((m) => !existsSync(join(ROOT, 'node_modules', m, 'package.json')));
  if (!need.length) return;
  console.log(`node_modules lacks ${need.join(', ')}: running npm ci`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit', timeout: 900_000 });
  if (r.status !== 0) throw new Error('npm ci failed');
}

function buildSite(outDir) {
  console.log(`building the site (vite build → ${outDir})...`);
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error('vite build failed');
}

async function startPreview(outDir) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const stop = track('vite preview', () => stopChild(child, 'vite preview'), child.pid);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${log}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`vite preview did not answer on ${url}: ${log}`);
    await sleep(100);
  }
  return { url, stop, pid: child.pid };
}

// ---------------------------------------------------------------- statistics

function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function summarize(runs) {
  const ok = runs.filter((r) => r && Number.isFinite(r.opsPerSec));
  if (!ok.length) return null;
  const ops = ok.map((r) => r.opsPerSec);
  return {
    opsPerSec: median(ops),
    min: Math.min(...ops),
    max: Math.max(...ops),
    p50Ms: median(ok.map((r) => r.p50Ms)),
    p99Ms: median(ok.map((r) => r.p99Ms)),
    errors: ok.reduce((a, r) => a + (r.errors || 0), 0),
    n: ok.length,
    ...(ok.some((r) => r.leaderWal?.records)
      ? {
          leaderWal: {
            recordsPerSec: median(ok.map((r) => r.leaderWal?.recordsPerSec)),
            entriesPerRecord: median(ok.map((r) => r.leaderWal?.entriesPerRecord)),
          },
        }
      : {}),
  };
}

// ---------------------------------------------------------------- real etcd side

async function etcdPhase(opts, results, rep) {
  const { startEtcdCluster } = await import('../bench/etcd-cluster.mjs');
  const { runEtcdLoad, findLeader } = await import('../bench/etcd-load.mjs');
  const cluster = await startEtcdCluster({ members: 3 });
  const stop = track('etcd cluster', () => cluster.stop(), cluster.pids[0]);
  try {
    if (rep === 0) results.env.etcdDataFs = fsType(cluster.dir);
    const leader = await findLeader(cluster.endpoints);
    console.log(`  etcd run ${rep + 1}: 3 members (pids ${cluster.pids.join(' ')}), data in ${cluster.dir}, leader ${leader}`);
    for (const w of WORKLOADS) {
      const spec = { op: w.op, clients: w.clients, warmupMs: opts.warmupMs, durationMs: opts.durationMs, valueBytes: VALUE_BYTES, keySpace: KEY_SPACE };
      const r = await runEtcdLoad(leader, spec);
      results.etcd[key(w)].push(r);
      console.log(`    etcd  ${pad(label(w), 28)} ${fmtRun(r)}`);
    }
  } finally {
    await stop();
  }
}

// ---------------------------------------------------------------- browser side

/**
 * A fresh Chromium with a fresh profile directory on disk. Not browser.newContext(): Playwright's
 * contexts are off-the-record, and an off-the-record profile keeps IndexedDB in memory, so 'strict'
 * would cost nothing (measured: strict 0.69 ms p50 = relaxed 0.62 ms there, 2–4 ms vs 1–1.5 ms on disk).
 */
async function launchBrowser() {
  const { chromium } = await import('@playwright/test');
  const profileDir = mkdtempSync(join(os.tmpdir(), 'etcdscope-bench-profile-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 720 },
    });
  } catch (e) {
    rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
  const stop = track('chromium', async () => {
    await context.close().catch(() => {});
    rmSync(profileDir, { recursive: true, force: true });
  });
  return { context, profileDir, stop };
}

function fsType(dir) {
  const r = spawnSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '?';
}

/** Loads the page in a fresh profile; returns the page and the page-load → first-leader timings. */
async function openCluster(context, url) {
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
  let leaderAtMs;
  try {
    leaderAtMs = await (
      await page.waitForFunction(() => (window.etcdscope && window.etcdscope.leader() ? performance.now() : null), null, { polling: 5, timeout: 60_000 })
    ).jsonValue();
  } catch (e) {
    const status = await page.evaluate(() => (window.etcdscope ? JSON.stringify(window.etcdscope.status()) : 'window.etcdscope missing')).catch(() => '?');
    throw new Error(`no leader within 60 s (${e?.message ?? e}); status: ${status}; page errors: ${pageErrors.slice(0, 3).join(' | ') || 'none'}`);
  }
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { domContentLoadedMs: n?.domContentLoadedEventEnd ?? null, loadMs: n?.loadEventEnd ?? null, crossOriginIsolated: self.crossOriginIsolated, ua: navigator.userAgent };
  });
  return { page, pageErrors, load: { leaderMs: leaderAtMs, ...nav } };
}

const hasBench = (page) => page.evaluate(() => !!(window.etcdscope && window.etcdscope.bench && typeof window.etcdscope.bench.runLoad === 'function'));

/** window.etcdscope.bench.runLoad, or (in builds that lack it) the same loadGen.ts injected through CDP. */
async function ensureBench(page, results) {
  if (await hasBench(page)) return true;
  try {
    const { injectRunLoad } = await import('../bench/inject-loadgen.mjs');
    await injectRunLoad(page);
    note(results, 'this build has no window.etcdscope.bench.runLoad: src/platform/browser/loadGen.ts was bundled and attached to the page\'s hub through CDP (bench/inject-loadgen.mjs)');
    return hasBench(page);
  } catch (e) {
    note(results, `could not inject the load generator: ${e?.message ?? e}`);
    return false;
  }
}

/**
 * Runs one workload in the page. Also reports the leader's WAL records and committed entries over the
 * whole run (warm-up included): entries per record shows how well proposals are grouped.
 */
async function browserLoad(page, spec) {
  return page.evaluate(async (s) => {
    const api = window.etcdscope;
    const snap = () => {
      const l = api.leader();
      const m = api.status().find((x) => x.id === l);
      return m ? { id: l, wal: m.walRecords, commit: m.commitIndex } : null;
    };
    const before = snap();
    const t0 = performance.now();
    const r = await api.bench.runLoad(s);
    const secs = (performance.now() - t0) / 1000;
    await new Promise((res) => setTimeout(res, 100)); // status is published every 33 ms
    const after = snap();
    if (before && after && before.id === after.id) {
      const records = after.wal - before.wal;
      const entries = after.commit - before.commit;
      r.leaderWal = { records, entries, recordsPerSec: +(records / secs).toFixed(1), entriesPerRecord: records > 0 ? +(entries / records).toFixed(2) : null };
    }
    return r;
  }, spec);
}

async function freeRun(page) {
  return page.evaluate(() => {
    const api = window.etcdscope;
    if (typeof api.setNetwork !== 'function') return false;
    api.setNetwork({ latencyMs: 0, jitterMs: 0 });
    return true;
  });
}

async function pauseUi(page, opts, results) {
  if (opts.ui) return;
  const paused = await page.evaluate(() => {
    const api = window.etcdscope;
    if (typeof api.setRendering !== 'function') return false;
    api.setRendering(false);
    return true;
  });
  note(results, paused ? 'the visualizer was paused (--no-ui)' : '--no-ui asked, but window.etcdscope.setRendering is missing: the UI kept rendering');
}

async function setDurability(page, d) {
  return page.evaluate((dd) => {
    const api = window.etcdscope;
    if (typeof api.setDurability !== 'function') return false;
    api.setDurability(dd);
    return true;
  }, d);
}

const walDurabilities = (page) => page.evaluate(() => window.etcdscope.status().map((s) => `${s.id}:${s.walDurability || '?'}`).join(' '));

/** Kill a follower, write while it is down, restart it, time until its commitIndex equals the leader's. */
async function crashRecovery(page, useBench) {
  return page.evaluate(
    async ({ useBench }) => {
      const api = window.etcdscope;
      const wait = (ms) => new Promise((r) => setTimeout(r, ms));
      const byId = (id) => api.status().find((s) => s.id === id);
      const leader = api.leader();
      if (!leader) return { error: 'no leader' };
      const follower = api.status().find((s) => s.id !== leader && s.alive)?.id;
      if (!follower) return { error: 'no live follower' };
      const before = byId(follower).commitIndex;
      await api.kill(follower);
      let written = 0;
      if (useBench) {
        const r = await api.bench.runLoad({ op: 'put', clients: 16, warmupMs: 0, durationMs: 1000, valueBytes: 256, keySpace: 1000 });
        written = r.ops;
      } else {
        for (let i = 0; i < 100; i++) {
          const r = await api.run(`put bench/crash${String(i).padStart(4, '0')} v${i}`);
          if (r.exitCode === 0) written++;
        }
      }
      const cur = api.leader();
      const target = cur ? byId(cur).commitIndex : null;
      const t0 = performance.now();
      await api.restart(follower);
      const tStarted = performance.now();
      let caughtUp = null;
      for (let i = 0; i < 12000; i++) {
        const l = api.leader();
        const f = byId(follower);
        if (l && f && f.alive && f.commitIndex >= byId(l).commitIndex) {
          caughtUp = performance.now();
          break;
        }
        await wait(5);
      }
      return {
        member: follower,
        leader: cur,
        keysWritten: written,
        entriesBehind: target !== null ? target - before : null,
        restartCallMs: tStarted - t0,
        caughtUpMs: caughtUp === null ? null : caughtUp - t0,
        walRecordsAfter: byId(follower).walRecords,
      };
    },
    { useBench },
  );
}

async function browserPhase(opts, results, rep, url) {
  const { context, profileDir, stop } = await launchBrowser();
  try {
    if (rep === 0) results.env.browserProfileFs = fsType(profileDir);
    const { page, pageErrors, load } = await openCluster(context, url);
    results.pageLoad.push(load);
    console.log(`  etcdscope run ${rep + 1}: page load → first leader ${load.leaderMs.toFixed(0)} ms (DOMContentLoaded ${fmtMs(load.domContentLoadedMs)}, crossOriginIsolated ${load.crossOriginIsolated})`);
    if (rep === 0) results.env.chromiumUA = load.ua;
    const bench = await ensureBench(page, results);
    const free = await freeRun(page);
    await pauseUi(page, opts, results);
    results.api = { benchRunLoad: bench, setNetwork: free, setDurability: await page.evaluate(() => typeof window.etcdscope.setDurability === 'function') };
    if (!free) note(results, 'window.etcdscope.setNetwork is missing: messages were held for the animation (25 ms ± 10 ms per hop), figures are not comparable');
    if (!bench) {
      note(results, 'window.etcdscope.bench.runLoad is missing in this build: the etcdscope workload rows are empty');
      console.log('    window.etcdscope.bench.runLoad is missing: skipping the etcdscope workloads');
    } else {
      await setDurability(page, 'strict');
      for (const w of WORKLOADS) {
        const spec = { op: w.op, clients: w.clients, warmupMs: opts.warmupMs, durationMs: opts.durationMs, valueBytes: VALUE_BYTES, keySpace: KEY_SPACE };
        const r = await browserLoad(page, spec);
        results.browser[key(w)].push(r);
        console.log(`    etcdscope ${pad(label(w), 24)} ${fmtRun(r)}`);
        if (w.op === 'put' && w.clients === 1) {
          // Sanity row, right next to the strict run it is compared with.
          r.walDurability = await walDurabilities(page);
          if (await setDurability(page, 'relaxed')) {
            const rr = await browserLoad(page, spec);
            rr.walDurability = await walDurabilities(page);
            await setDurability(page, 'strict');
            results.sanity.relaxed.push(rr);
            results.sanity.strict.push(r);
            console.log(`    etcdscope ${pad('put (relaxed WAL) × 1', 24)} ${fmtRun(rr)}   [${rr.walDurability}]`);
          } else if (rep === 0) note(results, 'window.etcdscope.setDurability is missing: no relaxed-vs-strict sanity row');
        }
      }
    }
    const cr = await crashRecovery(page, bench);
    results.crashRecovery.push(cr);
    console.log(`    crash → caught up: ${cr.error ?? `${fmtMs(cr.caughtUpMs)} (member ${cr.member}, ${cr.entriesBehind} entries behind, restart() ${fmtMs(cr.restartCallMs)})`}`);
    if (pageErrors.length) results.pageErrors.push(...pageErrors.slice(0, 20));
  } finally {
    await stop();
  }
}

// ---------------------------------------------------------------- CPU profile (CDP, page + node workers)

async function profilePhase(opts, results, url, distDir) {
  const { context, stop } = await launchBrowser();
  try {
    const { page } = await openCluster(context, url);
    if (!(await ensureBench(page, results))) {
      results.profileError = 'window.etcdscope.bench.runLoad missing';
      return;
    }
    await freeRun(page);
    await pauseUi(page, opts, results);
    const { profileDuring } = await import('../bench/cdp-profile.mjs');
    results.profiles = [];
    for (const [name, op, clients] of [['put, 64 clients', 'put', 64], ['serializable get, 64 clients', 'getSerializable', 64]]) {
      const spec = { op, clients, warmupMs: 500, durationMs: opts.quick ? 2000 : 4000, valueBytes: VALUE_BYTES, keySpace: KEY_SPACE };
      const prof = await profileDuring(page, () => browserLoad(page, spec), { distDir });
      const leader = await page.evaluate(() => window.etcdscope.leader());
      for (const t of prof.threads) if (leader && t.name === `worker etcd-${leader}`) t.name += ' (leader)';
      results.profiles.push({ workload: name, load: prof.result, threads: prof.threads });
      console.log(`  profile (${name}, ${fmt(prof.result.opsPerSec)}/s while profiling):`);
      for (const t of prof.threads) {
        console.log(`    ${t.name}: ${t.busyMs.toFixed(0)} ms busy of ${t.wallMs.toFixed(0)} ms; ${t.categories.slice(0, 8).map((c) => `${c.category} ${c.pct.toFixed(0)}%`).join(', ')}`);
        for (const f of t.top.slice(0, 6)) console.log(`      ${f.selfPct.toFixed(1).padStart(5)}%  ${f.fn}  ${f.where}`);
      }
    }
  } catch (e) {
    results.profileError = String(e?.message ?? e);
    console.log(`  profile failed: ${e?.message ?? e}`);
  } finally {
    await stop();
  }
}

// ---------------------------------------------------------------- bundle sizes

function bundleSizes(outDir) {
  const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
  const assets = join(outDir, 'assets');
  const files = readdirSync(assets).filter((f) => !f.endsWith('.map'));
  const worker = files.filter((f) => /worker.*\.js$/.test(f));
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  const sum = (list) => list.reduce((a, f) => a + gz(join(outDir, f)), 0);
  const raw = (list) => list.reduce((a, f) => a + statSync(join(outDir, f)).size, 0);
  const initialJs = initial.filter((f) => f.endsWith('.js'));
  return {
    nodeWorker: { files: worker, gzipBytes: sum(worker.map((f) => `assets/${f}`)), rawBytes: raw(worker.map((f) => `assets/${f}`)) },
    initialPage: {
      files: initial,
      gzipBytes: sum(initial) + gz(join(outDir, 'index.html')),
      jsGzipBytes: sum(initialJs),
      rawBytes: raw(initial),
    },
  };
}

// ---------------------------------------------------------------- output

const key = (w) => `${w.op}/${w.clients}`;
const label = (w) => `${w.name} × ${w.clients}`;
const pad = (s, n) => String(s).padEnd(n);
const fmt = (x) => (x == null ? '—' : Math.round(x).toLocaleString('en-US'));
const fmtMs = (x) => (x == null ? '—' : x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`);
const fmtLat = (x) => (x == null ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const fmtRun = (r) =>
  `${fmt(r.opsPerSec).padStart(7)}/s  p50 ${fmtLat(r.p50Ms).padStart(6)} ms  p99 ${fmtLat(r.p99Ms).padStart(6)} ms${r.errors ? `  errors ${r.errors}` : ''}` +
  (r.casSucceeded != null ? `  [swaps ${r.casSucceeded}/${r.ops}]` : '') +
  (r.leaderWal && r.leaderWal.records ? `  [leader: ${r.leaderWal.recordsPerSec} WAL records/s, ${r.leaderWal.entriesPerRecord} entries/record]` : '');
const fmtRange = (s) => (s ? (s.n > 1 ? `${fmt(s.min)}–${fmt(s.max)}` : '') : '');
function note(results, s) {
  if (!results.notes.includes(s)) results.notes.push(s);
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function machine() {
  const cpus = os.cpus();
  let kernel = os.release();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? '?',
    memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    kernel,
    node: process.version,
    hostname: os.hostname(),
  };
}

/** The same summary as a Markdown fragment, for docs/performance.md. */
function markdown(r) {
  const rng = (s) => (s ? (s.n > 1 ? ` (${fmt(s.min)}–${fmt(s.max)})` : '') : '');
  const lines = [
    `Run ${r.date} (${r.mode}: ${r.config.runs} run(s), ${r.config.warmupMs} ms warm-up + ${r.config.durationMs} ms measured; median, min–max).`,
    `Machine: ${r.env.cpus} × ${r.env.cpuModel}, ${r.env.memGiB} GiB, kernel ${r.env.kernel}, Node ${r.env.node}, ${r.env.chromium ?? ''}, etcd ${r.env.etcd ?? '—'};` +
      ` etcd data on ${r.env.etcdDataFs ?? '?'}, Chromium profile on ${r.env.browserProfileFs ?? '?'}; load average ${r.env.loadAvgStart.map((x) => x.toFixed(1)).join('/')} → ${r.env.loadAvgEnd.map((x) => x.toFixed(1)).join('/')}.`,
    '',
    '| workload | etcd ops/s | p50 ms | p99 ms | etcdscope ops/s | p50 ms | p99 ms | ratio |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const w of r.workloads) {
    const e = w.etcd;
    const b = w.etcdscope;
    lines.push(`| ${w.workload} | ${fmt(e?.opsPerSec)}${rng(e)} | ${fmtLat(e?.p50Ms)} | ${fmtLat(e?.p99Ms)} | ${fmt(b?.opsPerSec)}${rng(b)} | ${fmtLat(b?.p50Ms)} | ${fmtLat(b?.p99Ms)} | ${w.ratio == null ? '—' : w.ratio.toFixed(2) + '×'} |`);
  }
  const rel = summarize(r.sanity.relaxed);
  const walRows = r.workloads.filter((w) => w.etcdscope?.leaderWal);
  const walNote = walRows.length
    ? `etcdscope leader WAL: ${walRows.map((w) => `${w.workload} ${w.etcdscope.leaderWal.recordsPerSec} records/s, ${w.etcdscope.leaderWal.entriesPerRecord} entries/record`).join('; ')}.`
    : null;
  if (rel) lines.push(`| put × 1, relaxed WAL (sanity) | | | | ${fmt(rel.opsPerSec)}${rng(rel)} | ${fmtLat(rel.p50Ms)} | ${fmtLat(rel.p99Ms)} | |`);
  lines.push('');
  if (walNote) lines.push(walNote, '');
  if (r.sanityVerdict) lines.push(`Sanity: relaxed/strict = ${r.sanityVerdict.relaxedOverStrict.toFixed(2)}× → strict ${r.sanityVerdict.strictMeasurablySlower ? 'is' : '**is NOT**'} measurably slower.`);
  if (r.pageLoadSummary) lines.push(`Page load → first leader: ${fmtMs(r.pageLoadSummary.leaderMs)} (${fmtMs(r.pageLoadSummary.min)}–${fmtMs(r.pageLoadSummary.max)}, n=${r.pageLoadSummary.n}).`);
  if (r.crashRecoverySummary) lines.push(`Follower crash → restart → caught up: ${fmtMs(r.crashRecoverySummary.caughtUpMs)} (${fmtMs(r.crashRecoverySummary.min)}–${fmtMs(r.crashRecoverySummary.max)}, n=${r.crashRecoverySummary.n}, ~${r.crashRecoverySummary.entriesBehind} entries behind).`);
  if (r.bundles) lines.push(`Bundles, gzip: node worker ${(r.bundles.nodeWorker.gzipBytes / 1024).toFixed(1)} KiB; initial page ${(r.bundles.initialPage.gzipBytes / 1024).toFixed(1)} KiB (JS ${(r.bundles.initialPage.jsGzipBytes / 1024).toFixed(1)} KiB).`);
  lines.push('', 'Goals:', '');
  for (const g of r.goals ?? []) lines.push(`- ${g.met === null ? 'n/a' : g.met ? '**met**' : '**missed**'}: ${g.goal}`);
  for (const prof of r.profiles ?? []) {
    lines.push('', `CPU profile during ${prof.workload} (${fmt(prof.load.opsPerSec)}/s while profiled), self time:`, '');
    for (const t of prof.threads) {
      lines.push(`- **${t.name}**: busy ${fmt(t.busyMs)} of ${fmt(t.wallMs)} ms — ${t.categories.slice(0, 8).map((c) => `${c.category} ${c.pct.toFixed(0)}%`).join(', ')}`);
      lines.push(`  - top: ${t.top.slice(0, 8).map((f) => `\`${f.fn}\`${f.where ? ` (${f.where})` : ''} ${f.selfPct.toFixed(1)}%`).join('; ')}`);
    }
  }
  if (r.notes.length) lines.push('', 'Notes:', '', ...r.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = new Date();
  console.log(`etcdscope benchmark — ${opts.quick ? 'quick' : 'full'}: ${opts.runs} run(s) × ${WORKLOADS.length} workloads, ${opts.warmupMs} ms warm-up + ${opts.durationMs} ms measured`);
  ensureNodeModules();
  const { ensureEtcd } = await import('../bench/etcd-cluster.mjs');
  const etcdVer = opts.only === 'browser' ? null : ensureEtcd();
  if (opts.only !== 'etcd') {
    const { ensureChromium } = await import('./ensure-chromium.mjs');
    ensureChromium();
  }
  const results = {
    date: started.toISOString(),
    mode: opts.quick ? 'quick' : 'full',
    config: { ui: opts.ui, runs: opts.runs, warmupMs: opts.warmupMs, durationMs: opts.durationMs, valueBytes: VALUE_BYTES, keySpace: KEY_SPACE, members: 3, etcdDataDir: 'temp dir on disk', walDurability: 'strict' },
    env: { ...machine(), etcd: etcdVer, chromium: opts.only === 'etcd' ? null : execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(), loadAvgStart: os.loadavg() },
    workloads: [],
    etcd: Object.fromEntries(WORKLOADS.map((w) => [key(w), []])),
    browser: Object.fromEntries(WORKLOADS.map((w) => [key(w), []])),
    sanity: { strict: [], relaxed: [] },
    pageLoad: [],
    crashRecovery: [],
    pageErrors: [],
    notes: [],
  };
  const distDir = mkdtempSync(join(os.tmpdir(), 'etcdscope-bench-dist-'));
  track('build dir', () => rmSync(distDir, { recursive: true, force: true }));
  let preview = null;
  try {
    if (opts.only !== 'etcd') {
      buildSite(distDir);
      results.bundles = bundleSizes(distDir);
      preview = await startPreview(distDir);
      console.log(`serving ${distDir} at ${preview.url} (vite preview, pid ${preview.pid})`);
    }
    // A failed phase is recorded and the run goes on, so that the other side's figures are still written.
    const attempt = async (what, fn) => {
      try {
        await fn();
      } catch (e) {
        if (cleaningUp) throw e;
        console.error(`  ${what} failed: ${e?.message ?? e}`);
        process.exitCode = 1;
        note(results, `${what} failed: ${String(e?.message ?? e).split('\n')[0]}`);
      }
    };
    for (let rep = 0; rep < opts.runs; rep++) {
      if (opts.only !== 'browser') await attempt(`etcd run ${rep + 1}`, () => etcdPhase(opts, results, rep));
      if (opts.only !== 'etcd') await attempt(`etcdscope run ${rep + 1}`, () => browserPhase(opts, results, rep, preview.url));
    }
    if (opts.only !== 'etcd' && opts.profile) await profilePhase(opts, results, preview.url, distDir);
  } finally {
    await cleanup();
  }
  results.env.loadAvgEnd = os.loadavg();
  results.finished = new Date().toISOString();

  // ---- summary
  const rows = [['workload', 'etcd ops/s', 'etcd min–max', 'p50 ms', 'p99 ms', 'etcdscope ops/s', 'min–max', 'p50 ms', 'p99 ms', 'ratio']];
  for (const w of WORKLOADS) {
    const e = summarize(results.etcd[key(w)]);
    const b = summarize(results.browser[key(w)]);
    const ratio = e && b && e.opsPerSec > 0 ? b.opsPerSec / e.opsPerSec : null;
    results.workloads.push({ key: key(w), workload: label(w), op: w.op, clients: w.clients, etcd: e, etcdscope: b, ratio });
    rows.push([label(w), fmt(e?.opsPerSec), fmtRange(e), fmtLat(e?.p50Ms), fmtLat(e?.p99Ms), fmt(b?.opsPerSec), fmtRange(b), fmtLat(b?.p50Ms), fmtLat(b?.p99Ms), ratio == null ? '—' : `${ratio.toFixed(2)}×`]);
  }
  const strict = summarize(results.sanity.strict);
  const relaxed = summarize(results.sanity.relaxed);
  if (relaxed) rows.push(['put × 1, relaxed WAL (sanity)', '', '', '', '', fmt(relaxed.opsPerSec), fmtRange(relaxed), fmtLat(relaxed.p50Ms), fmtLat(relaxed.p99Ms), '']);
  console.log(`\n${table(rows)}\n`);
  console.log('ratio = etcdscope ops/s ÷ etcd ops/s (median of each side); latencies are medians of per-run p50/p99.');

  // sanity verdict
  if (strict && relaxed) {
    const speedup = relaxed.opsPerSec / strict.opsPerSec;
    const slower = speedup >= 1.1 && relaxed.min > strict.max * 0.95;
    results.sanityVerdict = { strictOpsPerSec: strict.opsPerSec, relaxedOpsPerSec: relaxed.opsPerSec, relaxedOverStrict: speedup, strictMeasurablySlower: slower };
    if (slower) console.log(`sanity: strict WAL is measurably slower than relaxed (relaxed/strict = ${speedup.toFixed(2)}×): the WAL really waits for fsync.`);
    else {
      const bar = '!'.repeat(78);
      console.log(`\n${bar}\n!! SANITY CHECK FAILED: the 'strict' WAL is NOT measurably slower than 'relaxed'\n!! (relaxed/strict = ${speedup.toFixed(2)}×, strict ${fmt(strict.opsPerSec)}/s vs relaxed ${fmt(relaxed.opsPerSec)}/s).\n!! Either the WAL is not really fsyncing, or something else (CPU) dominates a put.\n${bar}\n`);
      note(results, `SANITY: strict WAL not measurably slower than relaxed (relaxed/strict ${speedup.toFixed(2)}×)`);
    }
  }
  const pl = results.pageLoad.map((p) => p.leaderMs);
  const cr = results.crashRecovery.map((c) => c.caughtUpMs).filter((x) => x != null);
  results.pageLoadSummary = pl.length ? { leaderMs: median(pl), min: Math.min(...pl), max: Math.max(...pl), n: pl.length } : null;
  results.crashRecoverySummary = cr.length ? { caughtUpMs: median(cr), min: Math.min(...cr), max: Math.max(...cr), n: cr.length, entriesBehind: median(results.crashRecovery.map((c) => c.entriesBehind)) } : null;
  if (results.pageLoadSummary) console.log(`page load → first leader: ${fmtMs(results.pageLoadSummary.leaderMs)} (${fmtMs(results.pageLoadSummary.min)}–${fmtMs(results.pageLoadSummary.max)}, n=${pl.length})`);
  if (results.crashRecoverySummary)
    console.log(`follower crash → restart → caught up: ${fmtMs(results.crashRecoverySummary.caughtUpMs)} (${fmtMs(results.crashRecoverySummary.min)}–${fmtMs(results.crashRecoverySummary.max)}, n=${cr.length}; ~${results.crashRecoverySummary.entriesBehind} entries behind; status is published every 33 ms)`);
  if (results.bundles)
    console.log(`bundles (gzip): node worker ${(results.bundles.nodeWorker.gzipBytes / 1024).toFixed(1)} KiB; initial page ${(results.bundles.initialPage.gzipBytes / 1024).toFixed(1)} KiB (JS ${(results.bundles.initialPage.jsGzipBytes / 1024).toFixed(1)} KiB)`);

  // goals
  results.goals = GOALS.map((g) => {
    const w = results.workloads.find((x) => x.key === g.id);
    const r = { b: w?.etcdscope, ratio: w?.ratio };
    return { goal: g.label, met: r.b ? !!g.check(r) : null };
  });
  results.goals.push({ goal: 'strict WAL measurably slower than relaxed (sanity)', met: results.sanityVerdict ? results.sanityVerdict.strictMeasurablySlower : null });
  console.log('\ngoals (../shared/reference/performance.md):');
  for (const g of results.goals) console.log(`  ${g.met === null ? 'n/a ' : g.met ? 'MET ' : 'MISS'}  ${g.goal}`);
  if (results.notes.length) console.log(`\nnotes:\n${results.notes.map((n) => `  - ${n}`).join('\n')}`);
  console.log(`\nload average ${results.env.loadAvgStart.map((x) => x.toFixed(1)).join(' ')} → ${results.env.loadAvgEnd.map((x) => x.toFixed(1)).join(' ')} on ${results.env.cpus} CPUs (others' work shares the machine: figures are noisy)`);
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(results, null, 2) + '\n');
  const md = opts.out.replace(/\.json$/, '') + '.md';
  writeFileSync(md, markdown(results));
  console.log(`wrote ${opts.out} and ${md}`);
}

main().catch(async (e) => {
  console.error(`bench failed: ${e?.stack ?? e}`);
  await cleanup();
  process.exit(1);
});
