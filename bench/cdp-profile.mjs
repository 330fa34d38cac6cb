// CPU profile of the page's main thread and of every dedicated worker (the etcd members) while a
// workload runs, through the Chrome DevTools Protocol: Profiler.start/stop on the page session, and on
// each worker through Target.setAutoAttach (non-flattened sessions, messages wrapped in
// Target.sendMessageToTarget). Positions in the minified bundles are mapped back to src/ files with
// the build's source maps, then self time is summed per function and per area of the code.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const SAMPLING_US = 250;

export async function profileDuring(page, fn, { distDir } = {}) {
  const session = await page.context().newCDPSession(page);
  const workers = new Map(); // sessionId → { name, pending }
  let nextId = 1;
  session.on('Target.attachedToTarget', (ev) => {
    if (ev.targetInfo.type === 'worker') workers.set(ev.sessionId, { name: ev.targetInfo.title || ev.targetInfo.url, pending: new Map() });
  });
  session.on('Target.receivedMessageFromTarget', (ev) => {
    const w = workers.get(ev.sessionId);
    if (!w) return;
    const msg = JSON.parse(ev.message);
    const p = msg.id !== undefined ? w.pending.get(msg.id) : undefined;
    if (!p) return;
    w.pending.delete(msg.id);
    if (msg.error) p.reject(new Error(`${msg.error.message} (${p.method})`));
    else p.resolve(msg.result);
  });
  const sendTo = (sessionId, method, params = {}) =>
    new Promise((resolve, reject) => {
      const w = workers.get(sessionId);
      const id = nextId++;
      w.pending.set(id, { resolve, reject, method });
      session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      setTimeout(() => {
        if (w.pending.delete(id)) reject(new Error(`${method} to worker timed out`));
      }, 30_000);
    });

  await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  // Attach events for existing workers arrive right after setAutoAttach; give them a moment (bounded).
  for (let i = 0; i < 40 && workers.size < 3; i++) await new Promise((r) => setTimeout(r, 50));

  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  const ws = [...workers.keys()];
  for (const sid of ws) {
    await sendTo(sid, 'Profiler.enable');
    await sendTo(sid, 'Profiler.setSamplingInterval', { interval: SAMPLING_US });
  }
  await session.send('Profiler.start');
  for (const sid of ws) await sendTo(sid, 'Profiler.start');
  let result;
  let main;
  const wprofiles = [];
  try {
    result = await fn();
  } finally {
    main = (await session.send('Profiler.stop')).profile;
    for (const sid of ws) {
      try {
        wprofiles.push({ name: workers.get(sid).name, profile: (await sendTo(sid, 'Profiler.stop')).profile });
      } catch (e) {
        wprofiles.push({ name: workers.get(sid).name, error: String(e.message ?? e) });
      }
    }
    await session.detach().catch(() => {});
  }
  const mapper = await sourceMapper(page, distDir);
  const threads = [{ name: 'main thread (hub, load generator, UI)', ...(await analyze(main, mapper)) }];
  for (const w of wprofiles) threads.push(w.profile ? { name: `worker ${w.name}`, ...(await analyze(w.profile, mapper)) } : { name: `worker ${w.name}`, error: w.error, busyMs: 0, wallMs: 0, categories: [], top: [] });
  return { result, threads };
}

/** Maps (bundle url, line, column) to "src/file.ts:line" using the .map files next to the bundles. */
async function sourceMapper(page, distDir) {
  let SourceMapConsumer = null;
  try {
    ({ SourceMapConsumer } = await import('source-map-js'));
  } catch {
    return (cf) => ({ source: cf.url ? cf.url.replace(/^.*\//, '') : '', line: cf.lineNumber + 1 });
  }
  const consumers = new Map();
  const consumerFor = async (url) => {
    if (consumers.has(url)) return consumers.get(url);
    let c = null;
    try {
      let text;
      if (distDir && existsSync(join(distDir, new URL(url).pathname + '.map'))) text = readFileSync(join(distDir, new URL(url).pathname + '.map'), 'utf8');
      else {
        const r = await fetch(`${url}.map`, { signal: AbortSignal.timeout(5000) });
        text = r.ok ? await r.text() : null;
      }
      if (text) c = new SourceMapConsumer(JSON.parse(text));
    } catch {
      c = null;
    }
    consumers.set(url, c);
    return c;
  };
  const cache = new Map();
  return async (cf) => {
    const k = `${cf.url}:${cf.lineNumber}:${cf.columnNumber}`;
    if (cache.has(k)) return cache.get(k);
    let out = { source: cf.url ? cf.url.replace(/^.*\//, '') : '', line: cf.lineNumber + 1 };
    if (/^https?:/.test(cf.url)) {
      const c = await consumerFor(cf.url);
      if (c) {
        const p = c.originalPositionFor({ line: cf.lineNumber + 1, column: Math.max(0, cf.columnNumber) });
        if (p.source) out = { source: normalizeSource(p.source), line: p.line, name: p.name };
      }
    }
    cache.set(k, out);
    return out;
  };
}

/** "../../src/raft/raft.ts" or "/abs/path/node_modules/idb/build/x.js" → "src/raft/raft.ts", "node_modules/idb/build/x.js". */
function normalizeSource(src) {
  const nm = src.lastIndexOf('node_modules/');
  if (nm >= 0) return src.slice(nm);
  const m = /(?:^|\/)((?:src|workers)\/.*)$/.exec(src);
  return m ? m[1] : src.replace(/^(\.\.\/)+/, '');
}

const CATEGORIES = [
  [/^\(garbage collector\)$/, 'GC'],
  [/^\(program\)$/, 'native / browser internals'],
  [/^src\/(pb|wal)\//, 'encoding (protobuf, WAL framing, CRC)'],
  [/^src\/raft\//, 'raft'],
  [/^src\/(mvcc|bolt)\//, 'apply: MVCC + bolt backend'],
  [/^src\/etcd\//, 'etcd node (request, apply)'],
  [/^src\/host\//, 'node driver'],
  [/^src\/platform\/browser\/(hub|memberWorker)\.ts/, 'hub (routing, postMessage)'],
  [/^src\/platform\/browser\/(nodeHost)\.ts/, 'worker host (postMessage, status)'],
  [/^src\/platform\/browser\/idbDisk\.ts/, 'IndexedDB WAL'],
  [/^src\/platform\/browser\/loadGen\.ts/, 'load generator'],
  [/^node_modules\/idb\//, 'IndexedDB WAL'],
  [/^node_modules\/comlink\//, 'comlink'],
  [/^(src\/ui\/|node_modules\/(react|react-dom|scheduler|d3|zustand|d3-))/, 'UI rendering'],
  [/^src\/lib\//, 'lib (crc, prng, bytes)'],
];

function categorize(fnName, source) {
  if (/^\((garbage collector|program)\)$/.test(fnName)) return CATEGORIES.find(([re]) => re.test(fnName))[1];
  for (const [re, name] of CATEGORIES) if (re.test(source)) return name;
  if (!source) return 'native / browser internals';
  return `other (${source.split('/').slice(0, 2).join('/')})`;
}

async function analyze(profile, mapper) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0) / 1000;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const fnTime = new Map();
  const catTime = new Map();
  let idle = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    if (cf.functionName === '(idle)' || cf.functionName === '(root)') {
      idle += ms;
      continue;
    }
    const pos = await mapper(cf);
    const fn = cf.functionName || '(anonymous)';
    const where = pos.source ? `${pos.source}:${pos.line}` : '';
    const k = `${fn}\t${where}`;
    fnTime.set(k, (fnTime.get(k) ?? 0) + ms);
    const cat = categorize(fn, pos.source ?? '');
    catTime.set(cat, (catTime.get(cat) ?? 0) + ms);
  }
  const busyMs = [...fnTime.values()].reduce((a, b) => a + b, 0);
  const pct = (ms) => (busyMs > 0 ? (100 * ms) / busyMs : 0);
  const top = [...fnTime.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([k, ms]) => {
      const [fn, where] = k.split('\t');
      return { fn, where, selfMs: +ms.toFixed(1), selfPct: +pct(ms).toFixed(1) };
    });
  const categories = [...catTime.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([category, ms]) => ({ category, ms: +ms.toFixed(1), pct: +pct(ms).toFixed(1) }));
  return { wallMs, busyMs, idleMs: idle, samples: samples.length, categories, top };
}
