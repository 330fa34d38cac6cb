// Our auth buckets against etcd 3.4's own tools:
//  - etcd-dump-db decodes the auth, authUsers and authRoles buckets of a db we wrote the way it
//    decodes etcd's (authpb.User / authpb.Role, authEnabled, authRevision);
//  - a real etcd 3.4 restored from our snapshot serves our users, roles and permissions, and our
//    bcrypt hashes log in;
//  - a snapshot of a real etcd with auth imports, and its Go bcrypt hashes check here.
// Each part is skipped (and says so) when the tools or etcd are not installed.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Backend } from '../backend';
import { Prng } from '../lib/prng';
import { utf8 } from '../lib/bytes';
import { AuthStore } from './store';
import { PermType } from './types';

const BIN = process.env.ORACLE_BIN ?? join(homedir(), '.cache', 'etcd-oracle-tools');
const DUMP_DB = join(BIN, 'etcd-dump-db');
const ETCD = '/usr/bin/etcd';
const ETCDCTL = '/usr/bin/etcdctl';
const haveDumpDb = existsSync(DUMP_DB);
const haveEtcd = existsSync(ETCD) && existsSync(ETCDCTL);
const note = (have: boolean, what: string) => (have ? '' : ` (SKIPPED: ${what} not installed)`);

const dir = mkdtempSync(join(tmpdir(), 'auth-interop-'));
const running = new Set<ChildProcess>();
afterAll(async () => {
  for (const p of running) await stop(p);
  rmSync(dir, { recursive: true, force: true });
});

/** A backend with the 10-auth case's setup: root, alice (reader), nopass; auth enabled. */
function ourAuthDb(): { backend: Backend; store: AuthStore } {
  const backend = Backend.create();
  const prng = new Prng(11);
  const store = new AuthStore(backend, { nowMs: () => 0, random: () => prng.next() });
  store.userAdd('root', 'rootpw', { noPassword: false });
  store.userAdd('alice', 'alicepw', { noPassword: false });
  store.userAdd('nopass', '', { noPassword: true });
  store.roleAdd('reader');
  store.roleGrantPermission('reader', { permType: PermType.READ, key: utf8('foo'), rangeEnd: new Uint8Array(0) });
  store.roleGrantPermission('reader', { permType: PermType.READWRITE, key: utf8('rw/'), rangeEnd: utf8('rw0') });
  store.roleGrantPermission('reader', { permType: PermType.WRITE, key: utf8('from'), rangeEnd: Uint8Array.of(0) });
  store.userGrantRole('alice', 'reader');
  store.roleAdd('root');
  store.userGrantRole('root', 'root');
  store.authEnable();
  backend.forceCommit();
  return { backend, store };
}

function run(cmd: string, args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' }, timeout: 30_000 });
  return { code: r.status ?? -1, out: r.stdout ?? '', err: r.stderr ?? '' };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function start(dataDir: string, name: string, cp: number, pp: number): Promise<{ proc: ChildProcess; client: string }> {
  const client = `http://127.0.0.1:${cp}`;
  const peer = `http://127.0.0.1:${pp}`;
  const log = join(dir, `${name}.log`);
  const proc = spawn(ETCD, ['--name', name, '--data-dir', dataDir, '--listen-client-urls', client, '--advertise-client-urls', client, '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `${name}=${peer}`], {
    stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')],
  });
  running.add(proc);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`etcd exited (${proc.exitCode}); log:\n${readFileSync(log, 'utf8').slice(-3000)}`);
    // with auth on, /health says false until a user asks; a TCP answer on /version is enough
    const ok = await fetch(`${client}/version`).then((r) => r.ok, () => false);
    if (ok) return { proc, client };
    if (Date.now() > deadline) throw new Error(`etcd did not come up; log:\n${readFileSync(log, 'utf8').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(p: ChildProcess): Promise<void> {
  running.delete(p);
  if (p.exitCode !== null || p.pid === undefined) return;
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  p.kill('SIGTERM');
  await exited;
}

describe('auth buckets interop with etcd 3.4', () => {
  test.skipIf(!haveDumpDb)(`etcd-dump-db decodes our auth buckets like etcd's${note(haveDumpDb, DUMP_DB)}`, () => {
    const { backend, store } = ourAuthDb();
    const db = join(dir, 'ours.db');
    writeFileSync(db, backend.fileBytes());
    const dump = (bucket: string) => {
      const r = run(DUMP_DB, ['iterate-bucket', db, bucket, '--decode=true']);
      expect(r.code, r.err).toBe(0);
      return r.out.trim().split('\n');
    };
    // iterate-bucket lists in reverse key order
    expect(dump('auth')).toEqual([`key="authRevision", value=${store.revision()}`, 'key="authEnabled", value=[1]']);
    const users = dump('authUsers');
    expect(users).toHaveLength(3);
    expect(users[0]).toMatch(/^user="root", roles=\["root"\], password="\$2a\$10\$[./A-Za-z0-9]{53}", option=$/);
    expect(users[1]).toBe('user="nopass", roles=[], password="", option=no_password:true ');
    expect(users[2]).toMatch(/^user="alice", roles=\["reader"\], password="\$2a\$10\$/);
    expect(dump('authRoles')).toEqual([
      'role="root", keyPermission=[]',
      'role="reader", keyPermission=[key:"foo"  permType:WRITE key:"from" range_end:"\\000"  permType:READWRITE key:"rw/" range_end:"rw0" ]',
    ]);
  });

  test.skipIf(!haveEtcd)(`real etcd restored from our snapshot serves our users, roles, permissions and passwords${note(haveEtcd, ETCD)}`, async () => {
    const { backend } = ourAuthDb();
    const snap = join(dir, 'ours.snapshot.db');
    writeFileSync(snap, backend.snapshotFile());
    const [cp, pp] = [await freePort(), await freePort()];
    const peer = `http://127.0.0.1:${pp}`;
    const dataDir = join(dir, 'restored');
    const rr = run(ETCDCTL, ['snapshot', 'restore', snap, '--data-dir', dataDir, '--name', 'r1', '--initial-cluster', `r1=${peer}`, '--initial-advertise-peer-urls', peer]);
    expect(rr.code, rr.err).toBe(0);
    const e = await start(dataDir, 'r1', cp, pp);
    const ctl = (...args: string[]) => run(ETCDCTL, ['--endpoints', e.client, ...args]);
    try {
      expect(ctl('user', 'list').err).toContain('user name is empty'); // auth is on
      expect(ctl('--user=root:rootpw', 'user', 'list').out).toBe('alice\nnopass\nroot\n');
      expect(ctl('--user=root:wrong', 'user', 'list').err).toContain('authentication failed');
      expect(ctl('--user=root:rootpw', 'role', 'get', 'reader').out).toBe('Role reader\nKV Read:\n\tfoo\n\t[rw/, rw0) (prefix rw/)\nKV Write:\n\t[from, <open ended>\n\t[rw/, rw0) (prefix rw/)\n');
      expect(ctl('--user=alice:alicepw', 'put', 'rw/1', 'x').code).toBe(0);
      expect(ctl('--user=alice:alicepw', 'put', 'foo', 'x').err).toContain('permission denied');
      expect(ctl('--user=nopass:x', 'get', 'foo').err).toContain('password was given for no password user');
    } finally {
      await stop(e.proc);
    }
  }, 60_000);

  test.skipIf(!haveEtcd)(`a real etcd's auth imports and its Go bcrypt hashes check here${note(haveEtcd, ETCD)}`, async () => {
    const [cp, pp] = [await freePort(), await freePort()];
    const e = await start(join(dir, 'source'), 's1', cp, pp);
    const ctl = (...args: string[]) => run(ETCDCTL, ['--endpoints', e.client, ...args]);
    const snap = join(dir, 'theirs.snapshot.db');
    try {
      for (const a of [['user', 'add', 'root:rootpw'], ['user', 'add', 'bob:bobpw'], ['role', 'add', 'r'], ['role', 'grant-permission', 'r', 'readwrite', 'a/', '--prefix'], ['user', 'grant-role', 'bob', 'r'], ['auth', 'enable']]) {
        const r = ctl(...a);
        expect(r.code, `${a.join(' ')}: ${r.err}`).toBe(0);
      }
      expect(ctl('--user=root:rootpw', 'snapshot', 'save', snap).code).toBe(0);
    } finally {
      await stop(e.proc);
    }
    const { backend } = Backend.fromSnapshot(new Uint8Array(readFileSync(snap)));
    const store = new AuthStore(backend, { nowMs: () => 0, random: () => 0.5 });
    expect(store.isAuthEnabled()).toBe(true);
    expect(store.userList()).toEqual(['bob', 'root']);
    expect(store.roleList()).toEqual(['r', 'root']);
    expect(store.userGet('bob')).toEqual(['r']);
    expect(store.checkPassword('bob', 'bobpw')).toBe(store.revision());
    expect(() => store.checkPassword('bob', 'nope')).toThrow(/authentication failed/);
    const ai = store.authInfoFromToken(store.authenticate('bob', 'x', 1))!;
    expect(() => store.isPutPermitted(ai, utf8('a/1'))).not.toThrow();
    expect(() => store.isPutPermitted(ai, utf8('b'))).toThrow(/permission denied/);
  }, 60_000);
});
