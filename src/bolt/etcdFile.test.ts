// Reading real etcd 3.4.23 bolt files (testdata/README.md): every key must match what the real
// bbolt tool printed; then we keep writing to the file the way etcd would, and real bbolt still
// accepts it.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fromUtf8, toHex } from '../lib/bytes';
import { check } from './check';
import { DB } from './db';
import { ETCD_BUCKET_NAMES, decodeRevision, encodeRevision, isTombstone } from './etcdSchema';

const here = join(__dirname, 'testdata');
const expected = JSON.parse(readFileSync(join(here, 'etcd-3.4.23.expected.json'), 'utf8')) as {
  buckets: Record<string, Record<string, string>>;
};
const BBOLT = join(process.env.ORACLE_BIN ?? join(homedir(), '.cache', 'etcd-oracle-tools'), 'bbolt');
const haveBbolt = existsSync(BBOLT);
const dir = mkdtempSync(join(tmpdir(), 'bolt-etcd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dumpTop(db: DB): Record<string, Record<string, string>> {
  return db.view((tx) => {
    const out: Record<string, Record<string, string>> = {};
    tx.forEach((name, b) => {
      const m: Record<string, string> = {};
      b.forEach((k, v) => {
        m[toHex(k)] = v === null ? '<bucket>' : toHex(v);
      });
      out[fromUtf8(name)] = m;
    });
    return out;
  });
}

describe.each(['etcd-3.4.23-member.db', 'etcd-3.4.23-snapshot.db'])('real etcd file %s', (name) => {
  const bytes = new Uint8Array(readFileSync(join(here, name)));

  test('opens, passes check(), and every bucket/key/value equals real bbolt output', () => {
    const db = DB.open(bytes);
    expect(check(db)).toEqual([]);
    expect(db.meta().freelist).toBeNull(); // etcd on Linux: NoFreelistSync
    expect(dumpTop(db)).toEqual(expected.buckets);
    expect(Object.keys(expected.buckets)).toEqual([...ETCD_BUCKET_NAMES]);
  });

  test('metas: the snapshot has meta0 = T, meta1 = T-1; the member db alternates', () => {
    const db = DB.open(bytes);
    const [m0, m1] = db.metaPages();
    if (name.includes('snapshot')) {
      expect(m0!.txid).toBe(m1!.txid + 1);
      expect(db.meta()).toBe(m0);
    } else {
      expect(db.meta().txid % 2).toBe(db.meta() === m0 ? 0 : 1);
    }
  });

  test('key bucket: revision keys decode, tombstones marked, values are KeyValue protos', () => {
    const db = DB.open(bytes);
    db.view((tx) => {
      const revs: number[] = [];
      let tombstones = 0;
      let overflowValues = 0;
      tx.bucket('key')!.forEach((k, v) => {
        const r = decodeRevision(k);
        revs.push(r.main);
        if (isTombstone(k)) tombstones++;
        if (v!.length > 4096) overflowValues++; // `put big` (20,000 bytes) lives on overflow pages
        expect(v![0]).toBe(0x0a); // field 1 (key), wire type 2
      });
      expect(revs).toEqual([...revs].sort((a, b) => a - b));
      expect(tombstones).toBeGreaterThan(0);
      expect(overflowValues).toBe(1);
      expect(fromUtf8(tx.bucket('cluster')!.get('clusterVersion')!)).toBe('3.4.0');
    });
  });

  test.skipIf(!haveBbolt)(`writing on top of it (as etcd would) keeps real bbolt happy${haveBbolt ? '' : ' (SKIPPED: bbolt not built)'}`, () => {
    const db = DB.open(bytes, { noFreelistSync: true });
    let rev = 1000;
    for (let round = 0; round < 3; round++) {
      db.update((tx) => {
        const kb = tx.bucket('key')!;
        kb.fillPercent = 0.9;
        for (let i = 0; i < 400; i++) kb.put(encodeRevision({ main: rev++, sub: 0 }), new Uint8Array(120).fill(round));
      });
    }
    db.update((tx) => {
      const kb = tx.bucket('key')!;
      for (let r = 1000; r < 1600; r++) kb.delete(encodeRevision({ main: r, sub: 0 }));
    });
    expect(check(db)).toEqual([]);
    const out = join(dir, `${name}.continued`);
    writeFileSync(out, db.fileBytes());
    const r = spawnSync(BBOLT, ['check', out], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('OK');
    const s = spawnSync(BBOLT, ['check-strict', out], { encoding: 'utf8' });
    expect(s.stdout).toContain('OK (strict)');
    const keys = spawnSync(BBOLT, ['keys', '-format', 'hex', out, 'key'], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(keys.length).toBe(Object.keys(expected.buckets.key!).length + 600);
  });
});
