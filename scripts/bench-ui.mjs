#!/usr/bin/env node
// npm run bench:ui — the visualizer's main-thread frame time while the cluster works: the built page in
// headless Chromium (a real on-disk profile, so IndexedDB really writes), 5 members, an open-loop load
// of 500 puts/s from the page; prints frame time p50/p95/p99 (requestAnimationFrame deltas), long tasks
// (PerformanceObserver 'longtask') and long animation frames with their scripts, and writes
// bench/ui-results.json. Target: p95 ≤ 16.7 ms (one 60 Hz frame). A benchmark, not a test.
//
// Flags:
//   --members N        cluster size (default 5)
//   --rate N           puts per second (default 500)
//   --duration MS      measured window (default 10000, after --warmup MS, default 3000)
//   --viewport WxH     default 1280x720
//   --projector        projector mode on
//   --lang en|zh-CN    page language (default en)
//   --profile          also a CPU profile of the main thread during a second window (slower)
//   --out FILE         results file (default bench/ui-results.json)
//   --no-build         serve dist/ as it is (after `npx vite build`)
//   --dist DIR         serve this built site (no build)
//   --hide SELECTOR    display:none for these elements (attribution: what does a part of the page cost?)
//   BENCH_PORTS=4208-4208  serve the built site on the first free port of this range (default: any)
//
// Everything it starts (vite preview, Chromium) is stopped by pid at the end, also on error or Ctrl-C.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TARGET_P95_MS = 16.7;

function parseArgs(argv) {
  const o = { members: 5, rate: 500, durationMs: 10_000, warmupMs: 3000, width: 1280, height: 720, projector: false, lang: 'en', profile: false, build: true, hide: null, out: join(ROOT, 'bench', 'ui-results.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--members') o.members = Number(val());
    else if (a === '--rate') o.rate = Number(val());
    else if (a === '--duration') o.durationMs = Number(val());
    else if (a === '--warmup') o.warmupMs = Number(val());
    else if (a === '--viewport') {
      const m = /^(\d+)x(\d+)$/.exec(val());
      if (!m) throw new Error('--viewport WxH, e.g. 1920x1080');
      o.width = Number(m[1]);
      o.height = Number(m[2]);
    } else if (a === '--projector') o.projector = true;
    else if (a === '--lang') o.lang = val();
    else if (a === '--profile') o.profile = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--hide') o.hide = val();
    else if (a === '--dist') (o.dist = resolve(val())), (o.build = false);
    else if (a === '--out') o.out = resolve(val());
    else if (a === '--help' || a === '-h') {
      console.log(
        execFileSync('sed', ['-n', '2,21p', fileURLToPath(import.meta.url)], { encoding: 'utf8' })
          .split('\n')
          .map((l) => l.replace(/^\/\/ ?/, ''))
          .join('\n'),
      );
      process.exit(0);
    } else throw new Error(`unknown flag ${a} (see --help)`);
  }
  if (![1, 3, 5, 7].includes(o.members)) throw new Error('--members must be 1, 3, 5 or 7');
  if (!(o.rate > 0 && o.rate <= 20_000)) throw new Error('--rate must be 1..20000');
  if (!(o.durationMs >= 1000 && o.durationMs <= 120_000)) throw new Error('--duration must be 1000..120000 ms');
  if (!(o.warmupMs >= 0 && o.warmupMs <= 60_000)) throw new Error('--warmup must be 0..60000 ms');
  if (!['en', 'zh-CN'].includes(o.lang)) throw new Error('--lang en|zh-CN');
  return o;
}

// ---------------------------------------------------------------- processes, stopped by pid

const owned = [];
async function cleanup() {
  while (owned.length) {
    const h = owned.pop();
    try {
      await h.stop();
    } catch (e) {
      console.error(`cleanup ${h.name}: ${e?.message ?? e}`);
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping what this benchmark started...`);
    cleanup().finally(() => process.exit(130));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await Promise.race([exited, sleep(8000)]);
  clearTimeout(t);
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

async function freePort() {
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? '');
  if (!range) return tryPort(0);
  for (let p = Number(range[1]); p <= Number(range[2]); p++) {
    const got = await tryPort(p).catch(() => null);
    if (got) return got;
  }
  throw new Error(`no free port in BENCH_PORTS=${process.env.BENCH_PORTS}`);
}

const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

async function startPreview(outDir) {
  const port = await freePort();
  const child = spawn(process.execPath, [vite, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  owned.push({ name: 'vite preview', stop: () => stopChild(child) });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${log}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return url;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`vite preview did not answer on ${url}: ${log}`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------- in the page

/** Starts recording frames (rAF deltas), long tasks and long animation frames into window.__uiBench. */
function startRecording() {
  const rec = { frames: [], longTasks: [], loafs: [], running: true };
  window.__uiBench = rec;
  let last = performance.now();
  const onFrame = (ts) => {
    if (!rec.running) return;
    rec.frames.push(ts - last);
    last = ts;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame((ts) => {
    last = ts;
    requestAnimationFrame(onFrame);
  });
  try {
    new PerformanceObserver((l) => {
      if (rec.running) for (const e of l.getEntries()) rec.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  } catch {
    rec.noLongTask = true;
  }
  try {
    new PerformanceObserver((l) => {
      if (!rec.running) return;
      for (const e of l.getEntries()) {
        rec.loafs.push({
          duration: e.duration,
          blocking: e.blockingDuration,
          render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
          style: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
          scripts: (e.scripts ?? []).map((s) => ({ d: s.duration, inv: `${s.invokerType}:${s.invoker}`, fn: s.sourceFunctionName, src: (s.sourceURL ?? '').replace(/^.*\//, '') })),
        });
      }
    }).observe({ type: 'long-animation-frame' });
  } catch {
    rec.noLoaf = true;
  }
}

function stopRecording() {
  const rec = window.__uiBench;
  rec.running = false;
  return { frames: rec.frames, longTasks: rec.longTasks, loafs: rec.loafs, noLongTask: !!rec.noLongTask, noLoaf: !!rec.noLoaf };
}

// ---------------------------------------------------------------- statistics

function pct(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);

function summarizeFrames(rec, seconds) {
  const f = [...rec.frames].sort((a, b) => a - b);
  const over = (ms) => f.filter((x) => x > ms).length;
  const scripts = new Map();
  for (const l of rec.loafs)
    for (const s of l.scripts) {
      const k = `${s.inv} ${s.fn || '?'} ${s.src}`;
      scripts.set(k, (scripts.get(k) ?? 0) + s.d);
    }
  return {
    frames: f.length,
    fps: r1(f.length / seconds),
    p50Ms: r1(pct(f, 50)),
    p95Ms: r1(pct(f, 95)),
    p99Ms: r1(pct(f, 99)),
    maxMs: r1(f[f.length - 1]),
    framesOver16_7: over(16.7 * 1.05),
    framesOver33: over(33.4),
    longTasks: { count: rec.longTasks.length, totalMs: r1(rec.longTasks.reduce((a, b) => a + b, 0)), maxMs: r1(Math.max(0, ...rec.longTasks)), supported: !rec.noLongTask },
    longAnimationFrames: {
      count: rec.loafs.length,
      supported: !rec.noLoaf,
      renderMs: r1(rec.loafs.reduce((a, l) => a + l.render, 0)),
      styleLayoutMs: r1(rec.loafs.reduce((a, l) => a + l.style, 0)),
      topScripts: [...scripts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, ms]) => ({ script: k, ms: r1(ms) })),
    },
  };
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const loadAvgStart = os.loadavg();
  let outDir = o.dist ?? join(ROOT, 'dist');
  let tmpOut = null;
  if (o.build) {
    tmpOut = mkdtempSync(join(os.tmpdir(), 'etcdscope-bench-ui-dist-'));
    owned.push({ name: 'build dir', stop: () => rmSync(tmpOut, { recursive: true, force: true }) });
    outDir = tmpOut;
    console.log(`building the site (vite build → ${outDir})...`);
    const b = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', timeout: 600_000 });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  const url = await startPreview(outDir);

  const { chromium } = await import('@playwright/test');
  const profileDir = mkdtempSync(join(os.tmpdir(), 'etcdscope-bench-ui-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: o.width, height: o.height },
  });
  owned.push({
    name: 'chromium',
    stop: async () => {
      await context.close().catch(() => {});
      rmSync(profileDir, { recursive: true, force: true });
    },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.addInitScript(
    ({ lang, projector }) => {
      localStorage.setItem('etcdscope.lang', lang);
      localStorage.setItem('etcdscope.projector', projector ? 'on' : 'off');
    },
    { lang: o.lang, projector: o.projector },
  );
  await page.goto(url, { timeout: 60_000 });
  await page.waitForFunction(() => window.etcdscope && window.etcdscope.leader(), null, { timeout: 60_000 });
  await page.evaluate((n) => window.etcdscope.reset({ members: n }), o.members);
  await page.waitForFunction((n) => window.etcdscope.leader() && window.etcdscope.status().filter((s) => s.alive).length === n, o.members, { timeout: 60_000 });
  if (o.hide) await page.addStyleTag({ content: `${o.hide} { display: none !important; }` });
  const projectorOn = await page.evaluate(() => document.querySelector('.es-app')?.classList.contains('is-projector') ?? false);
  console.log(`page ${url}: ${o.members} members, leader ${await page.evaluate(() => window.etcdscope.leader())}, ${o.width}×${o.height}, ${o.lang}${projectorOn ? ', projector' : ''}`);

  const spec = { op: 'put', clients: 64, ratePerSec: o.rate, warmupMs: o.warmupMs, durationMs: o.durationMs, valueBytes: 256, keySpace: 1000 };
  const idle = await measureIdle(page);
  console.log(`idle (no load, 3 s): frame p50 ${idle.p50Ms} ms, p95 ${idle.p95Ms} ms (load average ${os.loadavg()[0].toFixed(2)})`);

  // Main-thread CPU time by kind over the window (CDP Performance metrics): unlike frame times, these
  // barely move with how busy the rest of the machine is, so they compare builds on a shared machine.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  let m0 = null;
  await page.exposeFunction('__uiBenchMark', async () => {
    m0 = await metrics();
  });
  const run = await page.evaluate(
    async ({ spec, start, stop }) => {
      const begin = new Function(`return (${start})`)();
      const end = new Function(`return (${stop})`)();
      const load = window.etcdscope.bench.runLoad(spec);
      await new Promise((r) => setTimeout(r, spec.warmupMs));
      await window.__uiBenchMark();
      begin();
      const t0 = performance.now();
      const result = await load;
      const rec = end();
      return { result, rec, seconds: (performance.now() - t0) / 1000 };
    },
    { spec, start: startRecording.toString(), stop: stopRecording.toString() },
  );
  const m1 = await metrics();
  await cdp.detach().catch(() => {});
  const loadAvgEnd = os.loadavg();
  const perSec = (k, scale = 1000) => r1(((m1[k] - m0[k]) * scale) / run.seconds);
  const mainThread = {
    cpuMsPerSec: perSec('ThreadTime'),
    taskMsPerSec: perSec('TaskDuration'),
    scriptMsPerSec: perSec('ScriptDuration'),
    styleMsPerSec: perSec('RecalcStyleDuration'),
    layoutMsPerSec: perSec('LayoutDuration'),
    styleRecalcsPerSec: perSec('RecalcStyleCount', 1),
    layoutsPerSec: perSec('LayoutCount', 1),
    domNodes: m1.Nodes,
  };
  const frames = summarizeFrames(run.rec, run.seconds);
  const writes = { ratePerSec: o.rate, achievedPerSec: r1(run.result.opsPerSec), p50Ms: r1(run.result.p50Ms), p99Ms: r1(run.result.p99Ms), errors: run.result.errors };

  let profile = null;
  if (o.profile) {
    const { profileDuring } = await import('../bench/cdp-profile.mjs');
    const prof = await profileDuring(page, () => page.evaluate((s) => window.etcdscope.bench.runLoad(s), { ...spec, warmupMs: 500, durationMs: Math.min(o.durationMs, 5000) }), { distDir: outDir });
    const main = prof.threads[0];
    profile = { busyMs: r1(main.busyMs), wallMs: r1(main.wallMs), categories: main.categories.slice(0, 8), top: main.top.slice(0, 15) };
  }

  const results = {
    when: new Date().toISOString(),
    config: { members: o.members, ratePerSec: o.rate, durationMs: o.durationMs, warmupMs: o.warmupMs, viewport: `${o.width}x${o.height}`, lang: o.lang, projector: projectorOn, hidden: o.hide },
    env: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '?',
      chromium: execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
      loadAvgStart: loadAvgStart.map(r1),
      loadAvgEnd: loadAvgEnd.map(r1),
    },
    idle,
    frames,
    mainThread,
    writes,
    targetP95Ms: TARGET_P95_MS,
    metTarget: frames.p95Ms !== null && frames.p95Ms <= TARGET_P95_MS,
    profile,
    pageErrors: pageErrors.slice(0, 10),
  };
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n');

  console.log(`\nunder load (${writes.achievedPerSec} of ${o.rate} puts/s, put p50 ${writes.p50Ms} ms p99 ${writes.p99Ms} ms, ${writes.errors} errors), ${frames.frames} frames in ${run.seconds.toFixed(1)} s:`);
  console.log(`  frame time p50 ${frames.p50Ms} ms · p95 ${frames.p95Ms} ms · p99 ${frames.p99Ms} ms · max ${frames.maxMs} ms   (target p95 ≤ ${TARGET_P95_MS} ms: ${results.metTarget ? 'met' : 'NOT met'})`);
  console.log(`  frames > 16.7 ms: ${frames.framesOver16_7}, > 33 ms: ${frames.framesOver33}; long tasks ${frames.longTasks.count} (${frames.longTasks.totalMs} ms, max ${frames.longTasks.maxMs} ms)`);
  console.log(`  main thread per second: ${mainThread.cpuMsPerSec} ms CPU (tasks ${mainThread.taskMsPerSec} ms: script ${mainThread.scriptMsPerSec}, style ${mainThread.styleMsPerSec} × ${mainThread.styleRecalcsPerSec}, layout ${mainThread.layoutMsPerSec} × ${mainThread.layoutsPerSec}); ${mainThread.domNodes} DOM nodes`);
  console.log(`  long animation frames ${frames.longAnimationFrames.count}: render ${frames.longAnimationFrames.renderMs} ms, style+layout ${frames.longAnimationFrames.styleLayoutMs} ms`);
  for (const s of frames.longAnimationFrames.topScripts) console.log(`    ${String(s.ms).padStart(7)} ms  ${s.script}`);
  if (profile) {
    console.log(`  main thread profile: ${profile.busyMs} ms busy of ${profile.wallMs} ms; ${profile.categories.map((c) => `${c.category} ${c.pct}%`).join(', ')}`);
    for (const f of profile.top) console.log(`    ${String(f.selfPct).padStart(5)}%  ${f.fn}  ${f.where}`);
  }
  console.log(`  load average ${loadAvgStart.map((x) => x.toFixed(2)).join('/')} → ${loadAvgEnd.map((x) => x.toFixed(2)).join('/')} on ${os.cpus().length} cores`);
  if (pageErrors.length) console.log(`  page errors: ${pageErrors.slice(0, 3).join(' | ')}`);
  console.log(`wrote ${o.out}`);
}

async function measureIdle(page) {
  const rec = await page.evaluate(
    async ({ start, stop }) => {
      new Function(`return (${start})`)()();
      await new Promise((r) => setTimeout(r, 3000));
      return new Function(`return (${stop})`)()();
    },
    { start: startRecording.toString(), stop: stopRecording.toString() },
  );
  const s = summarizeFrames(rec, 3);
  return { p50Ms: s.p50Ms, p95Ms: s.p95Ms, frames: s.frames };
}

main()
  .catch((e) => {
    console.error(`bench:ui failed: ${e?.stack ?? e}`);
    process.exitCode = 1;
  })
  .finally(cleanup);
