// Size as etcd reports it: dbSize = the file (high-water mark) never shrinks on delete/compact;
// dbSizeInUse drops as pages go to the freelist; defrag copies into a fresh file and shrinks it.
// Also the quota rule built on dbSize.

import { describe, expect, test } from 'vitest';
import { utf8 } from '../lib/bytes';
import { KVStore, MemBackend, rangeRequest } from '../mvcc';
import { Backend } from './backend';
import { BoltMvccBackend } from './mvccBackend';
import { MemPageStore } from './pageStore';
import { DEFAULT_QUOTA_BYTES, costLeaseGrant, costPut, costTxn, wouldExceedQuota } from './quota';
import { dump } from './workload.testkit';

describe('size, compaction, defrag', () => {
  test('10 MB written, all deleted, compacted: sizeBytes unchanged, inUseBytes drops; defrag shrinks; reopen after defrag', () => {
    const disk = new MemPageStore();
    const be = Backend.create();
    const kv = new KVStore({ backend: new BoltMvccBackend(be) });
    const value = new Uint8Array(1000).fill(0x78);
    for (let i = 0; i < 10_000; i++) {
      kv.put({ key: utf8(`key-${String(i).padStart(5, '0')}`), value, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
      if (i % 500 === 0) be.onTick();
    }
    be.forceCommit();
    disk.persistAll(be.takeBatches());
    const full = be.stats();
    expect(full.sizeBytes).toBeGreaterThan(10_000_000);
    expect(full.keyBucketKeys).toBe(10_000);

    kv.deleteRange({ key: utf8('key-'), rangeEnd: utf8('key.'), prevKv: false });
    kv.compact(kv.rev());
    be.forceCommit();
    // Pages freed by a commit are pending until the next write tx begins (no reader holds them):
    // etcd's dbSizeInUse lags by one commit the same way.
    be.setConsistentIndex(1);
    be.forceCommit();
    disk.persistAll(be.takeBatches());
    const emptied = be.stats();
    expect(emptied.keyBucketKeys).toBe(0);
    expect(emptied.sizeBytes).toBeGreaterThanOrEqual(full.sizeBytes);
    expect(emptied.inUseBytes).toBeLessThan(200_000);
    expect(emptied.freePages).toBeGreaterThan(2000);
    expect(be.check()).toEqual([]);

    const r = be.defrag();
    expect(r.rewrite).toBe(true);
    expect(r.before.sizeBytes).toBe(emptied.sizeBytes);
    expect(r.after.sizeBytes).toBeLessThan(100_000);
    expect(r.after.freePages).toBeLessThanOrEqual(2);
    const batches = be.takeBatches();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.replacesFile).toBe(true);
    expect(batches[0]!.highWaterPgid * 4096).toBe(r.after.sizeBytes);
    disk.persistAll(batches);
    expect(disk.file().length).toBe(r.after.sizeBytes);
    const re = Backend.open(disk.file());
    expect(re.check()).toEqual([]);
    const kv2 = new KVStore({ backend: new BoltMvccBackend(re) });
    expect(kv2.rev()).toBe(kv.rev());
    expect(kv2.range(rangeRequest(utf8('key-'), utf8('key.'))).count).toBe(0);
    expect(re.consistentIndex()).toBe(1);
  }, 60_000);

  test('defrag keeps every record; writes after it go on normally', () => {
    const be = Backend.create();
    const mem = new MemBackend();
    const a = new KVStore({ backend: new BoltMvccBackend(be) });
    const b = new KVStore({ backend: mem });
    for (let i = 0; i < 3000; i++) {
      for (const s of [a, b]) s.put({ key: utf8(`k${i % 700}`), value: new Uint8Array(i % 5 === 0 ? 5000 : 50).fill(i & 0xff), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
      if (i === 2000) for (const s of [a, b]) s.compact(1500);
    }
    be.defrag();
    expect(dump(a.backend)).toEqual(dump(mem));
    for (const s of [a, b]) s.put({ key: utf8('after'), value: utf8('x'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
    be.forceCommit();
    const re = new KVStore({ backend: new BoltMvccBackend(Backend.open(be.fileBytes())) });
    expect(dump(re.backend)).toEqual(dump(mem));
    expect(re.hashKV()).toEqual(b.hashKV());
  }, 60_000);
});

describe('quota (etcd 3.4 quota.go)', () => {
  test('size + cost < quota is allowed; 0 means the 2 GiB default; negative means none', () => {
    expect(wouldExceedQuota(1000, 2000, 999)).toBe(false);
    expect(wouldExceedQuota(1000, 2000, 1000)).toBe(true); // strictly less than, as etcd
    expect(wouldExceedQuota(DEFAULT_QUOTA_BYTES - 300, 0, 299)).toBe(false);
    expect(wouldExceedQuota(DEFAULT_QUOTA_BYTES - 300, 0, 300)).toBe(true);
    expect(wouldExceedQuota(1e12, -1, 1e12)).toBe(false);
  });

  test('costs: 256 + key + value per put; the larger txn branch, top-level puts only; 64 per lease', () => {
    const p = { key: utf8('abc'), value: new Uint8Array(10), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false };
    expect(costPut(p)).toBe(269);
    const nested = { requestTxn: { compare: [], success: [{ requestPut: p }], failure: [] } };
    expect(costTxn({ success: [{ requestPut: p }, { requestPut: p }, nested], failure: [{ requestPut: p }] })).toBe(538);
    expect(costLeaseGrant()).toBe(64);
  });

  test('the backend checks its committed file size', () => {
    const be = Backend.create();
    const size = be.stats().sizeBytes;
    expect(be.wouldExceedQuota(size + 300, 299)).toBe(false);
    expect(be.wouldExceedQuota(size + 300, 300)).toBe(true);
  });
});
