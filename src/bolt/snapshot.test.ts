// Tx.snapshotBytes(): bbolt's Tx.WriteTo layout (meta0 = T, meta1 = T-1), the file etcd streams for
// `etcdctl snapshot save`. Checked here, by real bbolt, and by `etcdctl snapshot status` when present.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { concat, fromUtf8, utf8 } from '../lib/bytes';
import { check } from './check';
import { DB } from './db';
import { ETCD_BUCKET_NAMES, encodeRevision, u64ToBytes } from './etcdSchema';

const BBOLT = join(process.env.ORACLE_BIN ?? join(homedir(), '.cache', 'etcd-oracle-tools'), 'bbolt');
const ETCDCTL = '/usr/bin/etcdctl';
const dir = mkdtempSync(join(tmpdir(), 'bolt-snap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Minimal mvccpb.KeyValue encoder (fields 1 key, 2 create_revision, 3 mod_revision, 4 version, 5 value).
const varint = (n: number): Uint8Array => {
  const o: number[] = [];
  while (n > 127) {
    o.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  o.push(n);
  return Uint8Array.from(o);
};
const bytesField = (tag: number, b: Uint8Array): Uint8Array => concat([Uint8Array.of(tag), varint(b.length), b]);
const keyValue = (key: string, rev: number, value: string): Uint8Array =>
  concat([bytesField(0x0a, utf8(key)), Uint8Array.of(0x10), varint(rev), Uint8Array.of(0x18), varint(rev), Uint8Array.of(0x20), varint(1), bytesField(0x2a, utf8(value))]);

function etcdLikeDb(): { db: DB; lastRev: number } {
  const db = DB.create({ noFreelistSync: true });
  db.update((tx) => {
    for (const n of ETCD_BUCKET_NAMES) tx.createBucket(n);
    tx.bucket('meta')!.put('consistent_index', u64ToBytes(5000));
    tx.bucket('cluster')!.put('clusterVersion', '3.4.0');
  });
  let rev = 2;
  for (let r = 0; r < 3; r++) {
    db.update((tx) => {
      const b = tx.bucket('key')!;
      b.fillPercent = 0.9;
      for (let i = 0; i < 1000; i++, rev++) {
        b.put(encodeRevision({ main: rev, sub: 0 }), keyValue(`key${rev}`, rev, `value-${rev}${rev % 500 === 0 ? 'x'.repeat(9000) : ''}`));
      }
    });
  }
  return { db, lastRev: rev - 1 };
}

describe('snapshotBytes (Tx.WriteTo layout)', () => {
  const { db, lastRev } = etcdLikeDb();
  const reader = db.begin(false);
  const T = reader.id;
  db.update((tx) => tx.bucket('key')!.put(encodeRevision({ main: lastRev + 1, sub: 0 }), keyValue('late', lastRev + 1, 'after the snapshot')));
  const snap = reader.snapshotBytes();
  reader.rollback();
  const file = join(dir, 'snapshot.db');
  writeFileSync(file, concat([snap, createHash('sha256').update(snap).digest()])); // + etcd's sha256 trailer

  test('meta 0 = txid T, meta 1 = T-1, the reader snapshot, and a clean check', () => {
    const s = DB.open(snap);
    const [m0, m1] = s.metaPages();
    expect(m0!.txid).toBe(T);
    expect(m1!.txid).toBe(T - 1);
    expect(m0!.root).toEqual(m1!.root);
    expect(check(s)).toEqual([]);
    s.view((tx) => {
      let n = 0;
      tx.bucket('key')!.forEach(() => n++);
      expect(n).toBe(lastRev - 1);
    });
    const w = db.begin(true);
    expect(() => w.snapshotBytes()).toThrow(/read-only/);
    w.rollback();
  });

  test('opens with the trailer appended (readers use the high-water mark, not the file size)', () => {
    const s = DB.open(concat([snap, new Uint8Array(32).fill(7)]));
    expect(s.meta().txid).toBe(T);
    expect(fromUtf8(s.view((tx) => tx.bucket('cluster')!.get('clusterVersion')!))).toBe('3.4.0');
  });

  test.skipIf(!existsSync(BBOLT))('real bbolt check / check-strict accept the snapshot', () => {
    expect(spawnSync(BBOLT, ['check', file], { encoding: 'utf8' }).stdout.trim()).toBe('OK');
    expect(spawnSync(BBOLT, ['check-strict', file], { encoding: 'utf8' }).stdout).toContain('OK (strict)');
  });

  test.skipIf(!existsSync(ETCDCTL))('etcdctl 3.4 snapshot status reads revision and key count', () => {
    const r = spawnSync(ETCDCTL, ['snapshot', 'status', file, '-w', 'json'], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
    const status = JSON.parse(r.stdout) as { revision: number; totalKey: number; totalSize: number };
    expect(status.revision).toBe(lastRev);
    expect(status.totalKey).toBe(lastRev - 1 + 2); // key revisions + consistent_index + clusterVersion
    expect(status.totalSize).toBe(snap.length);
  });
});
