// Makes sure the real tools the interop tests check our files with are installed:
//   - Debian's etcd 3.4.23 server and etcdctl (`etcd-server`, `etcd-client`), for `etcdctl snapshot
//     status|restore` and a real etcd started on a restored dir or saving a snapshot;
//   - bbolt, etcd-dump-db and etcd-dump-logs, built from Debian source packages by
//     ../shared/oracle-tools/build-oracle-tools.sh (~2 min once; cached in ~/.cache/etcd-oracle-tools).
// Installs only as root with apt-get; otherwise, or without the shared folder, it says which interop
// tests will be skipped and why (each skipped test also names the missing binary). Idempotent.
// Returns false only when an install was attempted and failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ORACLE_BIN = process.env.ORACLE_BIN || join(homedir(), '.cache', 'etcd-oracle-tools');
const TOOLS = ['bbolt', 'etcd-dump-db', 'etcd-dump-logs'];
const ETCD = ['/usr/bin/etcd', '/usr/bin/etcdctl'];
const LOG = join(REPO, 'test-results', 'ensure-oracle.log');

const say = (msg) => console.log(`[ensure-oracle] ${msg}`);
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const haveApt = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

/** Runs a command quietly into the log; on failure prints the log's tail. */
function quiet(label, cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 << 20 });
  const out = `$ ${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}\n`;
  writeFileSync(LOG, (existsSync(LOG) ? readFileSync(LOG, 'utf8') : '') + out);
  if (r.status !== 0) {
    say(`${label} FAILED (exit ${r.status ?? r.signal}); last lines of ${LOG}:`);
    console.log(out.split('\n').slice(-25).join('\n'));
    return false;
  }
  return true;
}

/** The shared folder: $ETCDSCOPE_SHARED, else `shared` beside the repo (or beside its main tree). */
export function sharedDir() {
  const candidates = [process.env.ETCDSCOPE_SHARED, join(REPO, '..', 'shared')].filter(Boolean);
  return candidates.find((d) => existsSync(join(d, 'oracle-tools', 'build-oracle-tools.sh'))) ?? null;
}

export function ensureOracle() {
  mkdirSync(dirname(LOG), { recursive: true });
  writeFileSync(LOG, '');
  let ok = true;
  const missingEtcd = () => ETCD.filter((p) => !existsSync(p));
  const missingTools = () => TOOLS.filter((t) => !existsSync(join(ORACLE_BIN, t)));

  if (missingEtcd().length > 0) {
    if (isRoot() && haveApt()) {
      say('installing Debian etcd-server and etcd-client (apt-get)...');
      ok = quiet('apt-get update', 'apt-get', ['update', '-qq']) && quiet('apt-get install etcd', 'apt-get', ['install', '-y', '-qq', 'etcd-server', 'etcd-client']) && ok;
    } else {
      say(`${missingEtcd().join(', ')} missing and cannot install (${isRoot() ? 'no apt-get' : 'not root'}): the etcdctl/etcd interop tests will be skipped. Install with: sudo apt-get install -y etcd-server etcd-client`);
    }
  }

  if (missingTools().length > 0) {
    const shared = sharedDir();
    if (!shared) {
      say(`${missingTools().join(', ')} not built in ${ORACLE_BIN} and no shared folder (set ETCDSCOPE_SHARED, or put shared/ beside the repo): the bbolt interop tests will be skipped.`);
    } else if (!isRoot() || !haveApt()) {
      say(`${missingTools().join(', ')} not built and cannot build (${isRoot() ? 'no apt-get' : 'not root'}): the bbolt interop tests will be skipped. Build with: sudo bash ${join(shared, 'oracle-tools', 'build-oracle-tools.sh')}`);
    } else {
      say(`building ${missingTools().join(', ')} from Debian sources into ${ORACLE_BIN} (about 2 minutes, once)...`);
      const t0 = Date.now();
      const built = quiet('build-oracle-tools.sh', 'bash', [join(shared, 'oracle-tools', 'build-oracle-tools.sh')]);
      ok = built && ok;
      if (built) say(`built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      if (built && missingTools().length > 0) {
        say(`the build finished but ${missingTools().join(', ')} are still missing in ${ORACLE_BIN}`);
        ok = false;
      }
    }
  }

  const etcdNow = missingEtcd();
  const toolsNow = missingTools();
  if (etcdNow.length === 0 && toolsNow.length === 0) say(`real tools ready: ${ETCD.join(', ')}, ${TOOLS.map((t) => join(ORACLE_BIN, t)).join(', ')}`);
  else say(`interop runs without: ${[...etcdNow, ...toolsNow.map((t) => join(ORACLE_BIN, t))].join(', ')}`);
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensureOracle() ? 0 : 1);
