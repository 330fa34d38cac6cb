// snapshotFile() = `etcdctl snapshot save` output (bolt image + SHA-256 trailer); import verifies it
// as `snapshot status`/`restore` do and rejects bad files with typed, readable errors — never with
// a raw exception, whatever the bytes.

import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { DB, encodeRevision } from '../bolt';
import { utf8 } from '../lib/bytes';
import { Prng } from '../lib/prng';
import { KVStore } from '../mvcc';
import { Backend } from './backend';
import { BackendError } from './errors';
import { BoltMvccBackend } from './mvccBackend';
import { MemPageStore } from './pageStore';
import { appendSnapshotHash, verifySnapshotFile } from './snapshot';
import { Workload, dump, run } from './workload.testkit';

function populated(seed = 5, steps = 600): { be: Backend; kv: KVStore } {
  const be = Backend.create();
  const kv = new KVStore({ backend: new BoltMvccBackend(be) });
  const rnd = new Prng(seed);
  const w = new Workload(rnd, undefined, 0.05);
  for (let i = 1; i <= steps; i++) {
    be.setConsistentIndex(i);
    run(kv, w.next(kv.rev(), kv.compactRev()));
    if (rnd.chance(0.3)) be.onTick();
  }
  return { be, kv };
}

function expectBackendError(fn: () => unknown, code: string, message?: RegExp): BackendError {
  try {
    fn();
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(BackendError);
    const be = e as BackendError;
    expect(be.code, be.message).toBe(code);
    if (message) expect(be.message).toMatch(message);
    return be;
  }
  throw new Error('expected a BackendError');
}

describe('snapshot file', () => {
  test('body is whole pages, trailer is its SHA-256, status matches the store', () => {
    const { be, kv } = populated();
    const file = be.snapshotFile();
    expect(file.length % 512).toBe(32);
    const body = file.subarray(0, file.length - 32);
    expect(Buffer.from(file.subarray(file.length - 32)).toString('hex')).toBe(createHash('sha256').update(body).digest('hex'));
    expect(body.length).toBe(be.stats().sizeBytes);
    const st = verifySnapshotFile(file);
    let last = 0;
    kv.backend.forEachRevision((r) => {
      last = r.main;
    });
    expect(st.revision).toBe(last);
    expect(st.consistentIndex).toBe(600);
    expect(st.hasHash).toBe(true);
    expect(st.totalSize).toBe(body.length);
    // meta 0 carries the current txid T, meta 1 T−1 (bbolt Tx.WriteTo)
    const db = DB.open(body);
    const [m0, m1] = db.metaPages();
    expect(m1!.txid).toBe(m0!.txid - 1);
  });

  test('fromSnapshot: same records, revision, compaction point and consistent_index; queued as a whole file', () => {
    const { be, kv } = populated(6);
    const { backend, status } = Backend.fromSnapshot(be.snapshotFile());
    const kv2 = new KVStore({ backend: new BoltMvccBackend(backend) });
    expect(dump(kv2.backend)).toEqual(dump(kv.backend));
    expect(kv2.rev()).toBe(kv.rev());
    expect(kv2.compactRev()).toBe(kv.compactRev());
    expect(backend.consistentIndex()).toBe(be.consistentIndex());
    expect(status.totalKeys).toBeGreaterThan(0);
    const batches = backend.takeBatches();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.replacesFile).toBe(true);
    // The host can persist it and reopen; the imported db keeps working.
    const disk = new MemPageStore();
    disk.persistAll(batches);
    kv2.put({ key: utf8('new'), value: utf8('v'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
    backend.forceCommit();
    disk.persistAll(backend.takeBatches());
    const re = new KVStore({ backend: new BoltMvccBackend(Backend.open(disk.file())) });
    expect(re.rev()).toBe(kv.rev() + 1);
  });

  test('rejects garbage, truncation, a wrong hash, a bolt file that is not etcd, undecodable records', () => {
    const { be } = populated(7, 200);
    const file = be.snapshotFile();
    expectBackendError(() => verifySnapshotFile(new Uint8Array(0)), 'missing-hash', /snapshot missing hash/);
    expectBackendError(() => verifySnapshotFile(file.subarray(0, file.length - 1)), 'missing-hash', /truncated/);
    expectBackendError(() => verifySnapshotFile(file.subarray(0, file.length - 32)), 'missing-hash');
    const flipped = file.slice();
    flipped[5000] ^= 1;
    expectBackendError(() => verifySnapshotFile(flipped), 'bad-hash', /expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}/);
    // --skip-hash-check: a bare body is accepted.
    expect(verifySnapshotFile(file.subarray(0, file.length - 32), { skipHashCheck: true }).hasHash).toBe(false);
    // Right size, right hash, not bolt.
    const junk = new Uint8Array(8192).fill(0x42);
    expectBackendError(() => verifySnapshotFile(appendSnapshotHash(junk)), 'not-bolt', /not a usable bbolt file/);
    // A bolt file without etcd's buckets.
    const plainBolt = DB.create({ noFreelistSync: true });
    plainBolt.update((tx) => tx.createBucket('stuff').put('a', 'b'));
    expectBackendError(() => verifySnapshotFile(appendSnapshotHash(plainBolt.fileBytes())), 'missing-bucket', /bucket "key" is missing/);
    // The key bucket holding something that is not a revision / not a KeyValue.
    const bad = DB.create({ noFreelistSync: true });
    bad.update((tx) => {
      tx.createBucket('meta');
      tx.createBucket('key').put(encodeRevision({ main: 2, sub: 0 }), new Uint8Array([0xff, 0xff, 0xff]));
    });
    expectBackendError(() => verifySnapshotFile(appendSnapshotHash(bad.fileBytes())), 'corrupt', /not an mvccpb.KeyValue/);
    const badKey = DB.create({ noFreelistSync: true });
    badKey.update((tx) => {
      tx.createBucket('meta').put('consistent_index', new Uint8Array(3));
      tx.createBucket('key');
    });
    expectBackendError(() => verifySnapshotFile(appendSnapshotHash(badKey.fileBytes())), 'corrupt', /consistent_index is 3 bytes/);
    expectBackendError(() => Backend.fromSnapshot(flipped), 'bad-hash');
    expectBackendError(() => Backend.open(junk), 'not-bolt');
  });

  test('fuzz: damaged files (rehashed so the damage reaches the bolt reader) give BackendError or a usable backend', () => {
    const { be } = populated(8, 300);
    const body = be.snapshotFile().subarray(0, be.stats().sizeBytes);
    const rnd = new Prng(99);
    const codes = new Map<string, number>();
    let accepted = 0;
    for (let i = 0; i < 400; i++) {
      const damaged = body.slice();
      const kind = rnd.intn(0, 4);
      if (kind === 0) {
        for (let j = rnd.intn(1, 8); j > 0; j--) damaged[rnd.intn(0, damaged.length)] ^= 1 << rnd.intn(0, 8);
      } else if (kind === 1) {
        // damage inside one data page's header/elements, where the tree structure lives
        const page = rnd.intn(2, damaged.length / 4096);
        for (let j = rnd.intn(1, 6); j > 0; j--) damaged[page * 4096 + rnd.intn(0, 96)] = rnd.intn(0, 256);
      } else if (kind === 2) {
        damaged.fill(rnd.intn(0, 256), rnd.intn(0, damaged.length), damaged.length);
      } else {
        for (let j = 0; j < 64; j++) damaged[rnd.intn(0, damaged.length)] = rnd.intn(0, 256);
      }
      const file = appendSnapshotHash(damaged);
      try {
        const { backend } = Backend.fromSnapshot(file);
        // Whatever was accepted must be usable by the KV store.
        new KVStore({ backend: new BoltMvccBackend(backend) });
        accepted++;
      } catch (e) {
        if (!(e instanceof BackendError)) throw new Error(`iteration ${i} (kind ${kind}): untyped ${String(e)}`);
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      }
    }
    expect(codes.size).toBeGreaterThan(0);
    expect(accepted + [...codes.values()].reduce((a, b) => a + b, 0)).toBe(400);
  }, 60_000);

  test('fuzz: random byte strings of many lengths are refused with a BackendError', () => {
    const rnd = new Prng(3);
    for (let i = 0; i < 300; i++) {
      const len = rnd.chance(0.5) ? rnd.intn(0, 20000) : rnd.intn(1, 6) * 512 + 32;
      const b = new Uint8Array(len);
      for (let j = 0; j < len; j++) b[j] = rnd.intn(0, 256);
      expect(() => Backend.fromSnapshot(b)).toThrow(BackendError);
      expect(() => Backend.fromSnapshot(b, { skipHashCheck: true })).toThrow(BackendError);
      expect(() => Backend.open(b)).toThrow(BackendError);
    }
  });
});
