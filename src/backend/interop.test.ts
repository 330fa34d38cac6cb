// Interop with real etcd 3.4.23 and the bbolt CLI (built by /work/shared/oracle-tools/build-oracle-tools.sh):
//  - forward: a snapshot file made here (KVStore on Backend: >1000 keys, overflow values, deletes,
//    txns, a compaction) passes `bbolt check`, `etcdctl snapshot status` (same hash, revision, key
//    count, size), restores with `etcdctl snapshot restore`, and a real etcd started on the restored
//    dir serves the same keys, the same history (`get --rev`) and the same `endpoint hashkv`;
//  - reverse: a snapshot saved from a real etcd imports into Backend + KVStore with every key and
//    revision equal to what that etcd serves.
// Each test is skipped, with the reason in its name, when a binary is missing.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { KeyValue } from '../etcd/api';
import { encodeRevision } from '../bolt';
import { utf8 } from '../lib/bytes';
import { crc32c } from '../lib/crc32c';
import { encodeKeyValue } from '../pb/mvccpb';
import { Prng } from '../lib/prng';
import { KVStore, rangeRequest } from '../mvcc';
import { Backend } from './backend';
import { putLease, readLeases } from './leaseBucket';
import { BoltMvccBackend } from './mvccBackend';
import { verifySnapshotFile } from './snapshot';
import { hex } from './workload.testkit';
import { BBOLT, b64, etcdctl, freePort, gw, haveBbolt, haveEtcd, rangeAll, skipNote, startEtcd, stopAllEtcd, stopEtcd } from '../sim/testing/realEtcd';

const dir = mkdtempSync(join(tmpdir(), 'backend-interop-'));
afterAll(async () => {
  await stopAllEtcd();
  rmSync(dir, { recursive: true, force: true });
});

/** A kv as comparable plain data (the gateway's side is realEtcd's `theirs`). */
const ours = (kv: KeyValue) => ({ key: hex(kv.key), value: hex(kv.value), create: kv.createRevision, mod: kv.modRevision, version: kv.version, lease: kv.lease });
function rangeAllOurs(kv: KVStore, revision: number): ReturnType<typeof ours>[] {
  return kv.range({ ...rangeRequest(new Uint8Array([0]), new Uint8Array([0])), revision }).kvs.map(ours);
}

/**
 * HashKV exactly as etcd 3.4.23 computes it (mvcc/kvstore.go HashByRev): records above the
 * compaction point, plus those at or below it that are in `kvindex.Keep(rev)` — note: rev, the
 * current revision, not the compaction point — i.e. only each live key's latest revision.
 */
function etcd34HashKV(kv: KVStore, rev = kv.rev()): number {
  const compactRev = kv.compactRev();
  const latest = new Map<string, { rev: string; tombstone: boolean }>();
  kv.backend.forEachRevision((r, v, tombstone) => {
    if (r.main > rev) return false;
    latest.set(hex(v.key), { rev: `${r.main}_${r.sub}`, tombstone });
  });
  const keep = new Set([...latest.values()].filter((l) => !l.tombstone).map((l) => l.rev));
  let h = crc32c(utf8('key'));
  kv.backend.forEachRevision((r, v, tombstone) => {
    if (r.main > rev) return false;
    if (r.main <= compactRev && keep.size > 0 && !keep.has(`${r.main}_${r.sub}`)) return;
    h = crc32c(encodeRevision(r, tombstone), h);
    h = crc32c(encodeKeyValue(v), h);
  });
  return h >>> 0;
}

// ---- the workload ----

const LEASE_ID = 0x1234n;

/** >1000 live keys, overflow values, versions, deletes (tombstones), multi-op txns, a compaction. */
function buildStore(): { be: Backend; kv: KVStore; compactAt: number; deleted: string[]; big: string[] } {
  const be = Backend.create();
  const kv = new KVStore({ backend: new BoltMvccBackend(be) });
  const rnd = new Prng(2024);
  const put = (k: string, v: Uint8Array) => kv.put({ key: utf8(k), value: v, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
  const val = (n: number, seed: number) => new Uint8Array(n).map((_, i) => 32 + ((i * 31 + seed) % 95));
  const big: string[] = [];
  let index = 0;
  const tick = () => {
    be.setConsistentIndex(++index);
    if (index % 37 === 0) be.onTick();
  };
  for (let i = 0; i < 1300; i++) {
    const k = `key/${String(i).padStart(4, '0')}`;
    const isBig = i % 40 === 7;
    if (isBig) big.push(k);
    tick();
    put(k, val(isBig ? 4500 + rnd.intn(0, 15000) : rnd.intn(1, 120), i));
  }
  // second versions for some, then txns writing several keys in one revision
  for (let i = 0; i < 1300; i += 3) {
    tick();
    put(`key/${String(i).padStart(4, '0')}`, val(rnd.intn(1, 80), i + 1));
  }
  for (let t = 0; t < 50; t++) {
    tick();
    const ks = [0, 1, 2].map((j) => `txn/${t}/${j}`);
    kv.txn({ compare: [], success: ks.map((k) => ({ requestPut: { key: utf8(k), value: val(10, t), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } })), failure: [] });
  }
  const compactAt = kv.rev() - 100;
  tick();
  kv.compact(compactAt);
  const deleted: string[] = [];
  for (let i = 5; i < 1300; i += 11) {
    const k = `key/${String(i).padStart(4, '0')}`;
    deleted.push(k);
    tick();
    kv.deleteRange({ key: utf8(k), rangeEnd: new Uint8Array(0), prevKv: false });
  }
  tick();
  kv.deleteRange({ key: utf8('txn/4'), rangeEnd: utf8('txn/5'), prevKv: false }); // one revision, several tombstones
  for (let i = 0; i < 60; i++) {
    tick();
    put(`late/${i}`, val(i === 30 ? 9000 : 20, i));
  }
  // a lease (as the lessor would persist a grant) and two keys attached to it
  tick();
  putLease(be.batchTx(), { id: LEASE_ID, ttlSec: 600, remainingTtlSec: 0 });
  be.endWrite();
  for (const k of ['leased/a', 'leased/b']) {
    tick();
    kv.put({ key: utf8(k), value: utf8('l'), lease: LEASE_ID, prevKv: false, ignoreValue: false, ignoreLease: false });
  }
  return { be, kv, compactAt, deleted, big };
}

// ---- tests ----

describe('interop with real etcd 3.4 / bbolt', () => {
  const snapPath = join(dir, 'ours.snapshot.db');
  let built: ReturnType<typeof buildStore> | null = null;
  const store = () => (built ??= buildStore());

  test.skipIf(!haveBbolt)(`bbolt check / check-strict accept our snapshot file${skipNote(haveBbolt)}`, () => {
    const { be } = store();
    writeFileSync(snapPath, be.snapshotFile());
    const body = join(dir, 'ours.body.db');
    writeFileSync(body, be.fileBytes());
    for (const f of [snapPath, body]) {
      const r = spawnSync(BBOLT, ['check', f], { encoding: 'utf8' });
      expect(r.stdout.trim(), r.stderr).toBe('OK');
    }
    const strict = spawnSync(BBOLT, ['check-strict', body], { encoding: 'utf8' });
    expect(strict.stdout, strict.stderr).toContain('OK (strict)');
    const buckets = spawnSync(BBOLT, ['buckets', body], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(buckets).toEqual(['alarm', 'auth', 'authRoles', 'authUsers', 'cluster', 'key', 'lease', 'members', 'members_removed', 'meta']);
  }, 60_000);

  test.skipIf(!haveEtcd)(`etcdctl snapshot status agrees (hash, revision, total keys, size)${skipNote(haveEtcd)}`, () => {
    const { be, kv } = store();
    const file = be.snapshotFile();
    writeFileSync(snapPath, file);
    const ourStatus = verifySnapshotFile(file);
    const r = etcdctl(null, ['snapshot', 'status', snapPath, '-w', 'json']);
    expect(r.code, r.err).toBe(0);
    const st = JSON.parse(r.out) as { hash: number; revision: number; totalKey: number; totalSize: number };
    expect(st.revision).toBe(kv.rev());
    expect(st).toEqual({ hash: ourStatus.hash, revision: ourStatus.revision, totalKey: ourStatus.totalKeys, totalSize: ourStatus.totalSize });
    expect(st.totalKey).toBeGreaterThan(1000);
  }, 60_000);

  test.skipIf(!haveEtcd)(`snapshot restore + real etcd serves our keys, history and hash${skipNote(haveEtcd)}`, async () => {
    const { be, kv, compactAt, deleted, big } = store();
    writeFileSync(snapPath, be.snapshotFile());
    const [cp, pp] = [await freePort(), await freePort()];
    const dataDir = join(dir, 'restored');
    const peer = `http://127.0.0.1:${pp}`;
    const rr = etcdctl(null, ['snapshot', 'restore', snapPath, '--data-dir', dataDir, '--name', 'r1', '--initial-cluster', `r1=${peer}`, '--initial-advertise-peer-urls', peer]);
    expect(rr.code, rr.err + rr.out).toBe(0);
    const e = await startEtcd(dataDir, 'r1', dir, { client: cp, peer: pp });
    try {
      // the whole key space now, and at a few revisions after the compaction point
      expect(await rangeAll(e, 0)).toEqual(rangeAllOurs(kv, 0));
      for (const rev of [compactAt, compactAt + 1, compactAt + 57, kv.rev() - 61, kv.rev() - 1]) {
        expect(await rangeAll(e, rev), `rev ${rev}`).toEqual(rangeAllOurs(kv, rev));
      }
      // etcdctl itself on a sample: big values, deleted keys, get --rev
      const sample = [...big.slice(0, 4), 'key/0000', 'key/0003', 'late/30', 'txn/7/1'];
      for (const k of sample) {
        const g = etcdctl(e.client, ['get', k, '-w', 'json']);
        expect(g.code, g.err).toBe(0);
        const j = JSON.parse(g.out) as { kvs?: Array<{ key: string; value: string; create_revision: number; mod_revision: number; version: number }> };
        const want = kv.range(rangeRequest(utf8(k))).kvs[0]!;
        expect(j.kvs).toHaveLength(1);
        expect(Buffer.from(j.kvs![0]!.value, 'base64').toString('hex'), k).toBe(hex(want.value));
        expect([j.kvs![0]!.create_revision, j.kvs![0]!.mod_revision, j.kvs![0]!.version]).toEqual([want.createRevision, want.modRevision, want.version]);
      }
      for (const k of deleted.slice(0, 5)) expect(etcdctl(e.client, ['get', k]).out.trim(), k).toBe('');
      // get --rev: a deleted key is still there before its delete
      const gone = deleted[3]!;
      const before = kv.range({ ...rangeRequest(utf8(gone)), revision: compactAt + 1 }).kvs[0]!;
      const g = etcdctl(e.client, ['get', gone, `--rev=${compactAt + 1}`, '--print-value-only']);
      expect(g.out.trim()).toBe(Buffer.from(before.value).toString('utf8'));
      expect(etcdctl(e.client, ['get', gone, `--rev=${compactAt - 1}`]).err).toMatch(/required revision has been compacted/);
      // same HashKV (etcd: endpoint hashkv) and the next write gets the next revision
      const hk = JSON.parse(etcdctl(e.client, ['endpoint', 'hashkv', '-w', 'json']).out) as Array<{ HashKV: { hash: number; compact_revision: number } }>;
      expect(hk[0]!.HashKV.hash).toBe(etcd34HashKV(kv));
      expect(hk[0]!.HashKV.compact_revision).toBe(compactAt);
      // the lease came through: etcd's lessor recovered it and re-attached the keys that name it
      expect(etcdctl(e.client, ['lease', 'list']).out).toContain('1234');
      const ttl = etcdctl(e.client, ['lease', 'timetolive', '1234', '--keys']).out;
      expect(ttl).toMatch(/granted with TTL\(600s\)/);
      expect(ttl).toContain('leased/a');
      expect(ttl).toContain('leased/b');
      const p = JSON.parse(etcdctl(e.client, ['put', 'after-restore', 'x', '-w', 'json']).out) as { header: { revision: number } };
      expect(p.header.revision).toBe(kv.rev() + 1);
    } finally {
      await stopEtcd(e.proc);
    }
  }, 120_000);

  test.skipIf(!haveEtcd)(`a fresh real etcd db has what Backend.create() makes: ten buckets, auth/authRevision = 1, 5 pages${skipNote(haveEtcd)}`, async () => {
    const [cp, pp] = [await freePort(), await freePort()];
    const e = await startEtcd(join(dir, 'fresh'), 'f1', dir, { client: cp, peer: pp });
    try {
      const snap = join(dir, 'fresh.snapshot.db');
      expect(etcdctl(e.client, ['snapshot', 'save', snap]).code).toBe(0);
      const real = Backend.fromSnapshot(new Uint8Array(readFileSync(snap))).backend;
      const ours = Backend.create();
      const names = (be: Backend) => be.inspect().bolt.buckets.children.map((b) => b.name);
      expect(names(ours)).toEqual(names(real));
      expect(ours.batchTx().unsafeGet('auth', 'authRevision')).toEqual(real.batchTx().unsafeGet('auth', 'authRevision'));
      // A new backend is 20480 bytes (what `endpoint status` shows for a fresh etcd 3.4). The real
      // member may already have grown its file by a page with its own first writes (cluster
      // version, members), depending on when its batch committed, so it is at least that size.
      expect(ours.stats().sizeBytes).toBe(20480);
      expect(real.stats().sizeBytes).toBeGreaterThanOrEqual(ours.stats().sizeBytes);
      // The member itself then adds cluster/clusterVersion and members/<id> (membership's job).
      expect(real.batchTx().unsafeGet('cluster', 'clusterVersion')).not.toBeNull();
    } finally {
      await stopEtcd(e.proc);
    }
  }, 60_000);

  test.skipIf(!haveEtcd)(`a snapshot saved by real etcd imports with every key and revision equal${skipNote(haveEtcd)}`, async () => {
    const [cp, pp] = [await freePort(), await freePort()];
    const e = await startEtcd(join(dir, 'source'), 's1', dir, { client: cp, peer: pp });
    const rnd = new Prng(77);
    const revs: number[] = [];
    try {
      const put = async (k: string, n: number) => {
        const v = new Uint8Array(n).map((_, i) => 97 + ((i + k.length) % 26));
        const r = await gw<{ header: { revision: string } }>(e, 'kv/put', { key: b64(utf8(k)), value: b64(v) });
        revs.push(Number(r.header.revision));
      };
      for (let i = 0; i < 1100; i++) await put(`k/${String(i).padStart(4, '0')}`, i % 50 === 3 ? 5000 + rnd.intn(0, 10000) : rnd.intn(0, 100));
      for (let i = 0; i < 1100; i += 4) await put(`k/${String(i).padStart(4, '0')}`, rnd.intn(0, 50));
      await gw(e, 'kv/txn', {
        success: [0, 1, 2].map((j) => ({ request_put: { key: b64(utf8(`t/${j}`)), value: b64(utf8(`v${j}`)) } })),
      });
      const compactAt = revs[revs.length - 150]!;
      await gw(e, 'kv/compaction', { revision: String(compactAt), physical: true });
      for (let i = 1; i < 1100; i += 9) await gw(e, 'kv/deleterange', { key: b64(utf8(`k/${String(i).padStart(4, '0')}`)) });
      await gw(e, 'kv/deleterange', { key: b64(utf8('t/')), range_end: b64(utf8('t0')) });
      for (let i = 0; i < 30; i++) await put(`z/${i}`, i === 10 ? 8000 : 10);
      await gw(e, 'lease/grant', { TTL: '900', ID: String(0x4321) });
      await gw(e, 'kv/put', { key: b64(utf8('z/leased')), value: b64(utf8('v')), lease: String(0x4321) });

      const snap = join(dir, 'theirs.snapshot.db');
      const s = etcdctl(e.client, ['snapshot', 'save', snap]);
      expect(s.code, s.err).toBe(0);
      const bytes = new Uint8Array(readFileSync(snap));
      const { backend, status } = Backend.fromSnapshot(bytes);
      expect(status.hasHash).toBe(true);
      const st = JSON.parse(etcdctl(null, ['snapshot', 'status', snap, '-w', 'json']).out) as { hash: number; revision: number; totalKey: number; totalSize: number };
      expect({ hash: status.hash, revision: status.revision, totalKey: status.totalKeys, totalSize: status.totalSize }).toEqual(st);
      const kv = new KVStore({ backend: new BoltMvccBackend(backend) });
      const cur = Number((await gw<{ header: { revision: string } }>(e, 'kv/range', { key: b64(utf8('x')) })).header.revision);
      expect(kv.rev()).toBe(cur);
      expect(kv.compactRev()).toBe(compactAt);
      // every revision from the compaction point on: the whole key space, equal
      for (let rev = compactAt; rev <= cur; rev += rev < cur - 40 ? 7 : 1) {
        expect(rangeAllOurs(kv, rev), `rev ${rev}`).toEqual(await rangeAll(e, rev));
      }
      const hk = JSON.parse(etcdctl(e.client, ['endpoint', 'hashkv', '-w', 'json']).out) as Array<{ HashKV: { hash: number } }>;
      expect(etcd34HashKV(kv)).toBe(hk[0]!.HashKV.hash);
      expect(readLeases(backend.batchTx())).toEqual([{ id: 0x4321n, ttlSec: 900, remainingTtlSec: 0 }]);
      expect(kv.range(rangeRequest(utf8('z/leased'))).kvs[0]!.lease).toBe(0x4321n);
      expect(backend.check()).toEqual([]);
    } finally {
      await stopEtcd(e.proc);
    }
  }, 180_000);
});
