// Keeps the shape honest: imports point inward (ui → platform → host → cores), and the cores use
// no clock, no randomness and no I/O of their own (a seed must replay a run exactly).
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const CORES = ['src/lib', 'src/raft', 'src/pb', 'src/wal', 'src/mvcc', 'src/lease', 'src/backend', 'src/bolt', 'src/lsm', 'src/etcd', 'src/etcdctl', 'src/auth', 'src/tools', 'src/v2store'];

function files(dir: string): string[] {
  const abs = join(ROOT, dir);
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  for (const e of entries) {
    const p = join(abs, e);
    if (statSync(p).isDirectory()) out = out.concat(files(relative(ROOT, p)));
    else if (/\.tsx?$/.test(e) && !/\.test\.tsx?$/.test(e) && !p.includes('/testing/') && !p.includes('/dev/')) out.push(relative(ROOT, p));
  }
  return out;
}

/** Non-type relative imports of a file, resolved to repo paths. */
function imports(file: string): string[] {
  const src = readFileSync(join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    if (m[1]) continue; // `import type` carries no code
    out.push(relative(ROOT, resolve(dirname(join(ROOT, file)), m[2]!)));
  }
  return out;
}

const within = (p: string, dirs: string[]) => dirs.some((d) => p === d || p.startsWith(d + '/'));

describe('import direction', () => {
  test('cores never import hosts, environments or the UI', () => {
    const bad: string[] = [];
    for (const dir of CORES) for (const f of files(dir)) for (const i of imports(f)) {
      if (within(i, ['src/host', 'src/platform', 'src/sim', 'src/ui', 'workers'])) bad.push(`${f} → ${i}`);
    }
    expect(bad).toEqual([]);
  });

  test('the host never imports environments or the UI', () => {
    const bad = files('src/host').flatMap((f) => imports(f).filter((i) => within(i, ['src/platform', 'src/sim', 'src/ui'])).map((i) => `${f} → ${i}`));
    expect(bad).toEqual([]);
  });

  test('scenarios are data over the protocol: no cores, hosts, environments or UI', () => {
    const bad = files('src/scenario').flatMap((f) =>
      imports(f).filter((i) => within(i, [...CORES, 'src/host', 'src/platform', 'src/sim', 'src/ui', 'workers'])).map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  test('the UI renders protocol snapshots and never imports cores, hosts or environments', () => {
    const bad = files('src/ui').flatMap((f) =>
      imports(f).filter((i) => within(i, [...CORES, 'src/host', 'src/platform', 'src/sim', 'workers'])).map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });
});

describe('cores are deterministic and do no I/O', () => {
  const banned: Array<[string, RegExp]> = [
    ['Date', /\bDate\.now\b|\bnew Date\b/],
    ['Math.random', /\bMath\.random\b/],
    ['setTimeout', /\bsetTimeout\b|\bsetInterval\b/],
    ['console', /\bconsole\./],
    ['performance', /\bperformance\.now\b/],
    ['indexedDB', /\bindexedDB\b/],
    ['postMessage', /\bpostMessage\b/],
    ['crypto', /\bcrypto\./],
  ];
  test.each(CORES)('%s uses no clock, randomness or I/O', (dir) => {
    const bad: string[] = [];
    for (const f of files(dir)) {
      const code = readFileSync(join(ROOT, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
      for (const [name, re] of banned) if (re.test(code)) bad.push(`${f}: ${name}`);
    }
    expect(bad).toEqual([]);
  });
});
