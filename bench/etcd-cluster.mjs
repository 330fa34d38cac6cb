// Starts and stops a real etcd 3.4 cluster on 127.0.0.1 for the benchmark, data on disk in a temp dir.
// Every process is tracked by pid and stopped by pid (SIGTERM, then SIGKILL), also when the caller fails.
//
//   node bench/etcd-cluster.mjs start 3 DIR   → prints the client endpoints, leaves the members running
//   node bench/etcd-cluster.mjs stop DIR      → stops the pids recorded in DIR/pids
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ETCD = process.env.ETCD_BIN || '/usr/bin/etcd';

/** The etcd binary's version line, or null when it is not installed. */
export function etcdVersion() {
  if (!existsSync(ETCD)) return null;
  const r = spawnSync(ETCD, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const m = /etcd Version: (\S+)/.exec(r.stdout || '');
  return m ? m[1] : null;
}

/** Installs Debian's etcd-server and etcd-client (as root) when the binary is missing. */
export function ensureEtcd(log = console.log) {
  if (etcdVersion()) return etcdVersion();
  log('etcd is not installed: apt-get install -y etcd-server etcd-client');
  const asRoot = process.getuid && process.getuid() === 0 ? [] : ['sudo', '-n'];
  const run = (args) => {
    const [cmd, ...rest] = [...asRoot, ...args];
    const r = spawnSync(cmd, rest, { stdio: 'inherit', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status})`);
  };
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', 'etcd-server', 'etcd-client']);
  const v = etcdVersion();
  if (!v) throw new Error(`etcd still missing at ${ETCD} after apt-get install`);
  return v;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops the given pids: SIGTERM, wait up to 5 s (bounded), then SIGKILL. */
export async function stopPids(pids) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/**
 * Starts `members` etcd members on 127.0.0.1 with empty data dirs under `dir` (a fresh temp dir on
 * disk by default). Resolves once every member answers /health; rejects (after stopping them) otherwise.
 */
export async function startEtcdCluster({ members = 3, dir, token } = {}) {
  const base = dir ?? mkdtempSync(join(tmpdir(), 'etcdscope-bench-etcd-'));
  mkdirSync(base, { recursive: true });
  const names = Array.from({ length: members }, (_, i) => `m${i + 1}`);
  const ports = [];
  for (let i = 0; i < members * 2; i++) ports.push(await freePort());
  const client = names.map((_, i) => `http://127.0.0.1:${ports[2 * i]}`);
  const peer = names.map((_, i) => `http://127.0.0.1:${ports[2 * i + 1]}`);
  const initialCluster = names.map((n, i) => `${n}=${peer[i]}`).join(',');
  const clusterToken = token ?? `etcdscope-bench-${process.pid}-${Date.now()}`;
  const pids = [];
  const procs = [];
  const cluster = {
    dir: base,
    endpoints: client,
    pids,
    async stop({ keepData = false } = {}) {
      await stopPids(pids);
      if (!keepData && !dir) rmSync(base, { recursive: true, force: true });
    },
  };
  try {
    for (let i = 0; i < members; i++) {
      const log = openSync(join(base, `${names[i]}.log`), 'a');
      const p = spawn(
        ETCD,
        [
          '--name', names[i],
          '--data-dir', join(base, names[i]),
          '--listen-client-urls', client[i],
          '--advertise-client-urls', client[i],
          '--listen-peer-urls', peer[i],
          '--initial-advertise-peer-urls', peer[i],
          '--initial-cluster', initialCluster,
          '--initial-cluster-state', 'new',
          '--initial-cluster-token', clusterToken,
          '--logger', 'zap',
          '--log-level', 'warn',
        ],
        { stdio: ['ignore', log, log] },
      );
      closeSync(log);
      procs.push(p);
      pids.push(p.pid);
    }
    writeFileSync(join(base, 'pids'), pids.join('\n') + '\n');
    const deadline = Date.now() + 30_000;
    for (const ep of client) {
      for (;;) {
        if (procs.some((p) => p.exitCode !== null)) throw new Error(`an etcd member exited during start; see ${base}/*.log`);
        try {
          const r = await fetch(`${ep}/health`, { signal: AbortSignal.timeout(1000) });
          const body = await r.json();
          if (body.health === 'true' || body.health === true) break;
        } catch {
          /* not up yet */
        }
        if (Date.now() > deadline) throw new Error(`etcd at ${ep} not healthy after 30 s; see ${base}/*.log`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return cluster;
  } catch (e) {
    await cluster.stop({ keepData: true });
    throw e;
  }
}

async function cli() {
  const [cmd, a, b] = process.argv.slice(2);
  if (cmd === 'start') {
    ensureEtcd();
    const c = await startEtcdCluster({ members: Number(a || 3), dir: b });
    console.log(JSON.stringify({ dir: c.dir, endpoints: c.endpoints, pids: c.pids }));
    process.exit(0);
  } else if (cmd === 'stop') {
    const pids = readFileSync(join(a, 'pids'), 'utf8').split(/\s+/).filter(Boolean).map(Number);
    await stopPids(pids);
    console.log(`stopped ${pids.join(' ')}`);
  } else {
    console.error('usage: node bench/etcd-cluster.mjs start N [DIR] | stop DIR');
    process.exit(2);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await cli();
