// Interop with the real tools: files written by this package are checked by the real bbolt CLI
// (bbolt 1.3.6 linked, from /work/shared/oracle-tools/build-oracle-tools.sh) — check, check-strict,
// buckets, keys, get, compact — and a file rewritten by real bbolt (`compact`) is read back here.
// Skipped, with the reason in the test name, only when the tool binary is absent.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { Prng } from '../lib/prng';
import { fnv1a32, toHex, utf8 } from '../lib/bytes';
import { check } from './check';
import { describePages } from './describe';
import { DB } from './db';
import { ETCD_BUCKET_NAMES, encodeRevision, u64ToBytes } from './etcdSchema';

const BIN = process.env.ORACLE_BIN ?? join(homedir(), '.cache', 'etcd-oracle-tools');
const BBOLT = join(BIN, 'bbolt');
const haveBbolt = existsSync(BBOLT);
const dir = mkdtempSync(join(tmpdir(), 'bolt-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { code: number; out: string } {
  const r = spawnSync(BBOLT, args, { encoding: 'utf8' });
  return { code: r.status ?? -1, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

/** An etcd-shaped db with everything the format has: overflow values, tombstones, deep trees,
 * nested and deleted buckets, reused free pages. */
function buildDb(noFreelistSync: boolean): { db: DB; keys: Map<string, string> } {
  const rng = new Prng(7);
  const db = DB.create({ noFreelistSync });
  db.update((tx) => {
    for (const name of ETCD_BUCKET_NAMES) tx.createBucket(name);
    tx.bucket('meta')!.put('consistent_index', u64ToBytes(39));
  });
  const keys = new Map<string, string>(); // hex key -> hex value in bucket `key`
  let rev = 2;
  for (let round = 0; round < 8; round++) {
    db.update((tx) => {
      const kb = tx.bucket('key')!;
      kb.fillPercent = 0.9;
      for (let i = 0; i < 600; i++) {
        const big = rng.chance(0.02);
        const v = new Uint8Array(big ? rng.intn(5000, 30000) : rng.intn(10, 200)).map((_, j) => (j * 7 + rev) & 0xff);
        const k = encodeRevision({ main: rev, sub: 0 }, rng.chance(0.05));
        rev++;
        kb.put(k, v);
        keys.set(toHex(k), toHex(v));
      }
      if (round % 3 === 1) {
        const victims = [...keys.keys()].filter(() => rng.chance(0.3));
        for (const h of victims) {
          kb.delete(Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16))));
          keys.delete(h);
        }
      }
      const nest = tx.createBucketIfNotExists('zz-nested');
      const deep = nest.createBucketIfNotExists('level1').createBucketIfNotExists('level2');
      for (let i = 0; i < 300; i++) deep.put(`r${round}-k${i}`, 'v'.repeat(i % 40));
      if (round === 4) tx.createBucket('zz-doomed').put('a', new Uint8Array(20000));
      if (round === 6) tx.deleteBucket('zz-doomed');
    });
  }
  return { db, keys };
}

describe.each([
  ['freelist persisted', false],
  ['no freelist (etcd on Linux)', true],
])('real bbolt on our file: %s', (_label, noFreelistSync) => {
  const { db, keys } = buildDb(noFreelistSync);
  const file = join(dir, `ours-${noFreelistSync ? 'nofl' : 'fl'}.db`);
  writeFileSync(file, db.fileBytes());

  test('our own check() is clean', () => {
    expect(check(db)).toEqual([]);
  });

  test.skipIf(!haveBbolt)(`bbolt check says OK${haveBbolt ? '' : ` (SKIPPED: ${BBOLT} not built)`}`, () => {
    const r = run(['check', file]);
    expect(r.out.trim()).toBe('OK');
    expect(r.code).toBe(0);
  });

  test.skipIf(!haveBbolt)('bbolt check-strict says OK (strict), no warnings', () => {
    const r = run(['check-strict', file]);
    expect(r.out).toContain('OK (strict)');
    expect(r.out).not.toMatch(/warn/i);
    expect(r.code).toBe(0);
  });

  test.skipIf(!haveBbolt)('bbolt buckets / keys / get agree with our contents', () => {
    const buckets = run(['buckets', file]).out.trim().split('\n');
    expect(buckets).toEqual([...ETCD_BUCKET_NAMES, 'zz-nested']);
    const listed = run(['keys', '-format', 'hex', file, 'key']).out.trim().split('\n');
    expect(listed).toEqual([...keys.keys()].sort());
    const bigKey = [...keys].find(([, v]) => v.length > 10000)![0];
    expect(run(['get', '-format', 'hex', file, 'key', `0x${bigKey}`]).out.trim()).toBe(keys.get(bigKey));
    expect(run(['get', '-format', 'hex', file, 'meta', 'consistent_index']).out.trim()).toBe('0000000000000027');
    expect(run(['keys', file, 'zz-nested']).out.trim()).toBe('level1');
  });

  test.skipIf(!haveBbolt)('describePages() prints exactly what `bbolt pages` prints', () => {
    expect(describePages(DB.open(db.fileBytes()))).toBe(run(['pages', file]).out);
    expect(describePages(db)).toBe(run(['pages', file]).out); // live db: pending pages show as free too
  });

  test.skipIf(!haveBbolt)('a file rewritten by real bbolt (compact) opens here with identical contents', () => {
    const out = join(dir, `compacted-${noFreelistSync ? 'nofl' : 'fl'}.db`);
    execFileSync(BBOLT, ['compact', '-o', out, file], { encoding: 'utf8' });
    const theirs = DB.open(new Uint8Array(readFileSync(out)));
    expect(check(theirs)).toEqual([]);
    const dump = (d: DB): string[] => {
      const lines: string[] = [];
      const walk = (b: import('./bucket').Bucket, p: string): void =>
        b.forEach((k, v) => {
          if (v === null) walk(b.bucket(k)!, `${p}/${toHex(k)}`);
          else lines.push(`${p} ${toHex(k)} ${v.length} ${fnv1a32(v)}`);
        });
      d.view((tx) => walk(tx.root, ''));
      return lines;
    };
    expect(dump(theirs)).toEqual(dump(db));
    // and their file is accepted by our writer too: one more commit, still clean for both
    theirs.update((tx) => tx.bucket('key')!.put(utf8('after'), utf8('compact')));
    expect(check(theirs)).toEqual([]);
    const again = join(dir, `again-${noFreelistSync ? 'nofl' : 'fl'}.db`);
    writeFileSync(again, theirs.fileBytes());
    expect(run(['check', again]).out.trim()).toBe('OK');
  });
});

describe.each([
  [21, 4096, false],
  [22, 1024, false],
  [23, 1024, true],
  [24, 4096, true],
])('real bbolt on a random workload: seed %i, page size %i, noFreelistSync %s', (seed, pageSize, noFreelistSync) => {
  test.skipIf(!haveBbolt)('check and check-strict accept the file; keys agree per bucket', () => {
    const rng = new Prng(seed);
    const db = DB.create({ pageSize, noFreelistSync });
    const names = ['alpha', 'beta', 'gamma'];
    for (let c = 0; c < 40; c++) {
      const tx = db.begin(true);
      for (let i = 0; i < 150; i++) {
        const top = tx.createBucketIfNotExists(rng.pick(names));
        const b = rng.chance(0.3) ? top.createBucketIfNotExists(`sub${rng.intn(0, 3)}`) : top;
        const k = `k${rng.intn(0, 800)}`;
        if (b.bucket(k)) continue;
        if (rng.chance(0.35)) b.delete(k);
        else b.put(k, new Uint8Array(rng.chance(0.03) ? rng.intn(2000, 15000) : rng.intn(0, 100)).fill(c));
      }
      const existing = names.filter((n) => tx.bucket(n));
      if (existing.length > 0 && rng.chance(0.05)) tx.deleteBucket(rng.pick(existing));
      if (rng.chance(0.15)) tx.rollback();
      else tx.commit();
    }
    expect(check(db)).toEqual([]);
    const file = join(dir, `random-${seed}.db`);
    writeFileSync(file, db.fileBytes());
    expect(run(['check', file]).out.trim()).toBe('OK');
    const strict = run(['check-strict', file]);
    expect(strict.out).toContain('OK (strict)');
    expect(strict.out).not.toMatch(/warn/i);
    expect(describePages(db)).toBe(run(['pages', file]).out);
    db.view((tx) =>
      tx.forEach((name, b) => {
        let n = 0;
        b.forEach(() => n++);
        const listed = run(['keys', file, new TextDecoder().decode(name)]).out.trim();
        expect(listed === '' ? 0 : listed.split('\n').length).toBe(n);
      }),
    );
  });
});
