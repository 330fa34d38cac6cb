// Test helper (imported by interop tests only): the real tools — Debian's etcd 3.4.23 and etcdctl,
// and bbolt built by ../shared/oracle-tools/build-oracle-tools.sh (scripts/ensure-oracle.mjs
// installs both) — and a real single-member etcd on 127.0.0.1 with free ports, data in a temp dir,
// stopped by pid. Tests skip, naming the missing binary, when a tool is absent.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const ORACLE_BIN = process.env.ORACLE_BIN ?? join(homedir(), '.cache', 'etcd-oracle-tools');
export const BBOLT = join(ORACLE_BIN, 'bbolt');
export const ETCD = '/usr/bin/etcd';
export const ETCDCTL = '/usr/bin/etcdctl';
export const haveBbolt = existsSync(BBOLT);
export const haveEtcd = existsSync(ETCD) && existsSync(ETCDCTL);
const missing = [!haveBbolt && BBOLT, !haveEtcd && `${ETCD}/${ETCDCTL}`].filter(Boolean).join(', ');
/** Appended to a test's name: why it is skipped (empty when it runs). */
export const skipNote = (need: boolean): string => (need ? '' : ` (SKIPPED: ${missing} not installed; see scripts/ensure-oracle.mjs)`);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export function etcdctl(endpoint: string | null, args: string[]): { code: number; out: string; err: string } {
  const full = endpoint ? ['--endpoints', endpoint, ...args] : args;
  const r = spawnSync(ETCDCTL, full, { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' }, timeout: 60_000, maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, out: r.stdout ?? '', err: r.stderr ?? '' };
}

export function bbolt(args: string[]): { code: number; out: string } {
  const r = spawnSync(BBOLT, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

export interface Etcd {
  proc: ChildProcess;
  client: string;
  peer: string;
  log: string;
}

const running = new Set<ChildProcess>();

/** Starts a one-member etcd on `dataDir` and waits (bounded) until /health says true. */
export async function startEtcd(dataDir: string, name: string, logDir: string, ports?: { client: number; peer: number }, extra: string[] = []): Promise<Etcd> {
  const clientPort = ports?.client ?? (await freePort());
  const peerPort = ports?.peer ?? (await freePort());
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const log = join(logDir, `${name}-${clientPort}.log`);
  const fd = openSync(log, 'w');
  const proc = spawn(
    ETCD,
    [
      '--name', name, '--data-dir', dataDir,
      '--listen-client-urls', client, '--advertise-client-urls', client,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
      '--initial-cluster', `${name}=${peer}`, ...extra,
    ],
    { stdio: ['ignore', fd, fd] },
  );
  running.add(proc);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`etcd exited (${proc.exitCode}); log:\n${readFileSync(log, 'utf8').slice(-3000)}`);
    try {
      const r = await fetch(`${client}/health`);
      if (r.ok && ((await r.json()) as { health: string }).health === 'true') break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`etcd not healthy after 30 s; log:\n${readFileSync(log, 'utf8').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, client, peer, log };
}

/** SIGTERM by pid, SIGKILL if it has not exited 10 s later. */
export async function stopEtcd(p: ChildProcess): Promise<void> {
  running.delete(p);
  if (p.exitCode !== null || p.pid === undefined) return;
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  process.kill(p.pid, 'SIGTERM');
  const timer = setTimeout(() => p.pid !== undefined && p.exitCode === null && process.kill(p.pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Every etcd still running (for afterAll). */
export async function stopAllEtcd(): Promise<void> {
  for (const p of [...running]) await stopEtcd(p);
}

export const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/** A call to etcd's v3 JSON gateway. */
export async function gw<T>(e: Etcd, path: string, body: object): Promise<T> {
  const r = await fetch(`${e.client}/v3/${path}`, { method: 'POST', body: JSON.stringify(body) });
  const j = (await r.json()) as T & { error?: string };
  if (!r.ok || j.error) throw new Error(`${path}: ${r.status} ${JSON.stringify(j).slice(0, 300)}`);
  return j;
}

export interface GwKv {
  key: string;
  value?: string;
  create_revision?: string;
  mod_revision?: string;
  version?: string;
  lease?: string;
}

/** A kv from the gateway's JSON as comparable plain data (hex key and value). */
export const theirs = (kv: GwKv) => ({
  key: Buffer.from(kv.key, 'base64').toString('hex'),
  value: Buffer.from(kv.value ?? '', 'base64').toString('hex'),
  create: Number(kv.create_revision ?? 0),
  mod: Number(kv.mod_revision ?? 0),
  version: Number(kv.version ?? 0),
  lease: BigInt(kv.lease ?? 0),
});
export type PlainKv = ReturnType<typeof theirs>;

export const ALL_KEYS = { key: b64(new Uint8Array([0])), range_end: b64(new Uint8Array([0])) };

/** The whole key space at `revision` (0 = now), as the real etcd serves it. */
export async function rangeAll(e: Etcd, revision: number): Promise<PlainKv[]> {
  const r = await gw<{ kvs?: GwKv[] }>(e, 'kv/range', { ...ALL_KEYS, revision: String(revision) });
  return (r.kvs ?? []).map(theirs);
}

/** `endpoint status` through the gateway: the file size and the part of it in use. */
export async function realStatus(e: Etcd): Promise<{ dbSize: number; dbSizeInUse: number; revision: number }> {
  const s = await gw<{ dbSize: string; dbSizeInUse: string; header: { revision: string } }>(e, 'maintenance/status', {});
  return { dbSize: Number(s.dbSize), dbSizeInUse: Number(s.dbSizeInUse), revision: Number(s.header.revision) };
}
