// etcd's batching: one open bolt write tx, committed every batch interval (onTick) or as soon as a
// write leaves batchLimit puts/deletes pending; reads see the uncommitted writes.

import { describe, expect, test } from 'vitest';
import { bytesToU64 } from '../bolt';
import { BUCKETS } from './schema';
import { utf8 } from '../lib/bytes';
import { KVStore, rangeRequest } from '../mvcc';
import { Backend } from './backend';
import { BoltMvccBackend } from './mvccBackend';

const put = (kv: KVStore, k: string, v = 'v') => kv.put({ key: utf8(k), value: utf8(v), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });

describe('batch tx', () => {
  test('a new backend holds the ten etcd 3.4 buckets and auth/authRevision = 1, queued as one whole-file batch', () => {
    const be = Backend.create();
    const batches = be.takeBatches();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.replacesFile).toBe(true);
    const tx = be.batchTx();
    for (const name of BUCKETS) expect(tx.hasBucket(name), name).toBe(true);
    expect(bytesToU64(tx.unsafeGet('auth', 'authRevision')!)).toBe(1);
    expect(tx.unsafeGet('meta', 'consistent_index')).toBeNull();
    expect(be.consistentIndex()).toBe(0);
    const s = be.stats();
    expect(s.keyBucketKeys).toBe(0);
    expect(be.check()).toEqual([]);
    // Everything fits inline in one root leaf, as in a fresh etcd db.
    const pages = be.inspect().bolt.pages.filter((p) => p.type === 'leaf');
    expect(pages).toHaveLength(1);
    expect(pages[0]!.count).toBe(10);
  });

  test('writes stay in the open tx until a tick; reads see them before the commit', () => {
    const be = Backend.create({ batchIntervalTicks: 3 });
    be.takeBatches();
    const kv = new KVStore({ backend: new BoltMvccBackend(be) });
    put(kv, 'a', '1');
    expect(kv.range(rangeRequest(utf8('a'))).kvs[0]!.value).toEqual(utf8('1'));
    expect(be.inspect().pendingWrites).toBe(1);
    expect(be.stats().keyBucketKeys).toBe(1);
    expect(be.onTick()).toBe(false);
    expect(be.onTick()).toBe(false);
    expect(be.hasQueuedBatches()).toBe(false);
    expect(be.onTick()).toBe(true); // third tick: the interval elapsed
    const batches = be.takeBatches();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.pages.length).toBeGreaterThan(0);
    expect(be.inspect()).toMatchObject({ pendingWrites: 0, commits: 1, lastCommitTicks: 3, ticks: 3 });
    // Nothing pending: ticks do not produce empty commits.
    for (let i = 0; i < 6; i++) be.onTick();
    expect(be.takeBatches()).toHaveLength(0);
  });

  test('batch limit: the write that reaches it commits at once, at the end of its KV txn', () => {
    const be = Backend.create({ batchLimit: 100 });
    be.takeBatches();
    const kv = new KVStore({ backend: new BoltMvccBackend(be) });
    for (let i = 0; i < 99; i++) put(kv, `k${i}`);
    expect(be.hasQueuedBatches()).toBe(false);
    expect(be.inspect().pendingWrites).toBe(99);
    put(kv, 'k99');
    expect(be.takeBatches()).toHaveLength(1);
    expect(be.inspect().pendingWrites).toBe(0);
    // One delete-range of 150 keys is one write: it is committed whole after it, not in the middle.
    for (let i = 100; i < 150; i++) put(kv, `k${i}`);
    expect(be.takeBatches()).toHaveLength(0);
    kv.deleteRange({ key: utf8('k'), rangeEnd: utf8('l'), prevKv: false });
    const after = be.takeBatches();
    expect(after).toHaveLength(1);
    expect(be.inspect().pendingWrites).toBe(0);
    expect(be.stats().keyBucketKeys).toBe(300);
  });

  test('default limit is 10,000 puts', () => {
    const be = Backend.create();
    be.takeBatches();
    const kv = new KVStore({ backend: new BoltMvccBackend(be) });
    for (let i = 0; i < 9_999; i++) put(kv, `k${i}`);
    expect(be.hasQueuedBatches()).toBe(false);
    put(kv, 'last');
    expect(be.takeBatches()).toHaveLength(1);
  }, 30_000);

  test('forceCommit commits now and reports whether there was anything', () => {
    const be = Backend.create();
    be.takeBatches();
    expect(be.forceCommit()).toBe(false);
    be.batchTx().unsafePut('cluster', 'clusterVersion', utf8('3.4.0'));
    be.endWrite();
    expect(be.forceCommit()).toBe(true);
    const re = Backend.open(be.fileBytes());
    expect(re.batchTx().unsafeGet('cluster', 'clusterVersion')).toEqual(utf8('3.4.0'));
  });

  test('open creates missing etcd buckets (as etcd components do at startup) and commits them with the next batch', () => {
    const be = Backend.create();
    be.batchTx().boltTx().deleteBucket('alarm');
    be.batchTx().touch();
    be.forceCommit();
    const re = Backend.open(be.fileBytes());
    expect(re.batchTx().hasBucket('alarm')).toBe(true);
    expect(re.inspect().dirty).toBe(true);
    expect(re.onTick()).toBe(true);
  });

  test('BatchTx unsafe calls: range [key, end) with limit, single key, delete, forEach skip nothing', () => {
    const be = Backend.create();
    const tx = be.batchTx();
    for (const k of ['a', 'b', 'c', 'd']) tx.unsafePut('members', k, utf8(k.toUpperCase()));
    expect(tx.unsafeRange('members', utf8('b')).keys.map((k) => String.fromCharCode(...k))).toEqual(['b']);
    const r = tx.unsafeRange('members', utf8('b'), utf8('d'));
    expect(r.keys.map((k) => String.fromCharCode(...k))).toEqual(['b', 'c']);
    expect(r.values).toEqual([utf8('B'), utf8('C')]);
    expect(tx.unsafeRange('members', utf8('a'), utf8('z'), 3).keys).toHaveLength(3);
    expect(tx.unsafeDelete('members', 'c')).toBe(true);
    const seen: string[] = [];
    tx.unsafeForEach('members', (k) => seen.push(String.fromCharCode(...k)));
    expect(seen).toEqual(['a', 'b', 'd']);
    expect(be.inspect().pendingWrites).toBe(5);
    expect(() => tx.unsafePut('nope', 'k', utf8('v'))).toThrow(/bucket "nope" does not exist/);
  });
});
