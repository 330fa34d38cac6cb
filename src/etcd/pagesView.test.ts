// The pages panel's inspection API: page kinds and owners over a real etcd backend file, the
// copy-on-write footprint of each commit, page details with `key` bucket revisions decoded, and
// what compaction and defrag did — through a cluster member exactly as the UI asks for it.
import { describe, expect, test } from 'vitest';
import { Backend, BoltMvccBackend } from '../backend';
import { check } from '../bolt';
import { utf8 } from '../lib/bytes';
import { KVStore } from '../mvcc';
import { PAGE_KINDS, type PagesInspect } from '../protocol/inspect';
import { SimCluster } from '../sim/simCluster';
import type { StatusResponse } from './api';
import { PagesView } from './pagesView';

const put = (kv: KVStore, key: string, value: Uint8Array | string) =>
  kv.put({ key: utf8(key), value: typeof value === 'string' ? utf8(value) : value, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });

const kindOf = (v: PagesInspect, id: number) => PAGE_KINDS[v.kinds[id]!];
const ownerOf = (v: PagesInspect, id: number) => (v.owners[id]! > 0 ? v.buckets[v.owners[id]! - 1]!.path.join('/') : null);
const countKinds = (v: PagesInspect) => {
  const m: Record<string, number> = {};
  for (const k of v.kinds) m[PAGE_KINDS[k]!] = (m[PAGE_KINDS[k]!] ?? 0) + 1;
  return m;
};

function backendWithKeys(n: number, valueBytes: number): { be: Backend; kv: KVStore; view: PagesView } {
  const be = Backend.create();
  const kv = new KVStore({ backend: new BoltMvccBackend(be) });
  for (let i = 0; i < n; i++) put(kv, `k/${String(i).padStart(4, '0')}`, new Uint8Array(valueBytes).fill(i & 0xff));
  be.forceCommit();
  be.takeBatches();
  return { be, kv, view: new PagesView(be) };
}

describe('PagesView (inspection API for the pages panel)', () => {
  test('a fresh etcd backend: two metas, one root leaf, ten inline buckets, no freelist page', () => {
    const be = Backend.create();
    const v = new PagesView(be).inspect();
    expect(v.kinds.length).toBe(5); // 20480 bytes, as a fresh etcd 3.4 member
    expect([0, 1].map((id) => kindOf(v, id))).toEqual(['meta', 'meta']);
    expect(v.metas.filter((m) => m?.current).length).toBe(1);
    expect(v.metas.every((m) => m?.checksumOk)).toBe(true);
    expect(v.metas.find((m) => m?.current)!.freelist).toBeNull(); // NoFreelistSync
    const root = v.buckets[0]!;
    expect(root.parent).toBe(-1);
    expect(v.buckets.slice(1).map((b) => [b.name, b.inline])).toEqual(
      ['alarm', 'auth', 'authRoles', 'authUsers', 'cluster', 'key', 'lease', 'members', 'members_removed', 'meta'].map((n) => [n, true]),
    );
    expect(v.buckets.find((b) => b.name === 'auth')!.keyCount).toBe(1); // authRevision
    expect(kindOf(v, root.root)).toBe('leaf');
    expect(ownerOf(v, root.root)).toBe('');
    expect(v.problems).toEqual([]);
    expect(structuredClone(v)).toEqual(v);
  });

  test('page kinds and owners: the key bucket grows a branch, leaves and overflow pages; sizes agree with stats', () => {
    const { be, view } = backendWithKeys(300, 600);
    const kv2 = new KVStore({ backend: new BoltMvccBackend(be) });
    put(kv2, 'big', new Uint8Array(20_000)); // an mvccpb.KeyValue over 5 pages: overflow
    be.forceCommit();
    const v = view.inspect();
    const s = be.stats();
    expect(v.kinds.length).toBe(s.pageCount);
    expect(v.size).toMatchObject({ sizeBytes: s.sizeBytes, inUseBytes: s.inUseBytes, pageCount: s.pageCount });
    const kinds = countKinds(v);
    expect(kinds.meta).toBe(2);
    expect(kinds.branch).toBeGreaterThanOrEqual(1);
    expect(kinds.leaf).toBeGreaterThan(10);
    expect(kinds.overflow).toBeGreaterThanOrEqual(4);
    expect((kinds.free ?? 0) * v.pageSize).toBe(s.sizeBytes - s.inUseBytes);
    expect(kinds.pending ?? 0).toBe(s.pendingPages);
    const key = v.buckets.find((b) => b.name === 'key')!;
    expect(key.inline).toBe(false);
    expect(key.keyCount).toBe(301);
    expect(key.levels).toBeGreaterThanOrEqual(2);
    expect(kindOf(v, key.root)).toBe('branch');
    // Every branch/leaf/overflow page belongs to a bucket; the key bucket owns all its tree pages.
    let keyPages = 0;
    for (let id = 0; id < v.kinds.length; id++) {
      const k = kindOf(v, id);
      if (k === 'branch' || k === 'leaf' || k === 'overflow') expect(ownerOf(v, id)).not.toBeNull();
      else expect(ownerOf(v, id)).toBeNull();
      if (ownerOf(v, id) === 'key') keyPages++;
    }
    expect(keyPages).toBe(key.pageCount);
    // The overflow run follows its first page, which records its length.
    const big = [...v.overflows].findIndex((o) => o >= 4);
    expect(big).toBeGreaterThan(1);
    for (let k = 1; k <= v.overflows[big]!; k++) expect(kindOf(v, big + k)).toBe('overflow');
    expect(view.page(big + 1)).toMatchObject({ kind: 'overflow', overflowOf: big, items: [] });
  });

  test('copy-on-write: each commit lists the pages it wrote (all live now) and the ones it freed (pending, then free)', () => {
    const { be, kv, view } = backendWithKeys(200, 500);
    const before = view.inspect();
    put(kv, 'k/0100', 'rewritten'); // one leaf in the middle of the key bucket: the leaf and its branch are rewritten
    be.forceCommit();
    const after = view.inspect();
    const c = after.commits[after.commits.length - 1]!;
    expect(c.txid).toBe(after.size.txid);
    expect(c.metaPgid).toBe(c.txid % 2);
    const written = c.written.flatMap(([id, n]) => Array.from({ length: n }, (_, k) => id + k));
    expect(written.length).toBeGreaterThanOrEqual(2);
    for (const id of written) expect(['branch', 'leaf', 'overflow']).toContain(kindOf(after, id));
    expect(written.some((id) => ownerOf(after, id) === 'key')).toBe(true);
    // What it freed were live tree pages before and are pending now, at this txid.
    expect(c.freed.length).toBeGreaterThanOrEqual(2);
    for (const id of c.freed) {
      expect(['branch', 'leaf']).toContain(kindOf(before, id));
      expect(kindOf(after, id)).toBe('pending');
    }
    expect(after.pending.find((p) => p.txid === c.txid)!.ids).toEqual([...c.freed].sort((a, b) => a - b));
    expect(view.page(c.freed[0]!)).toMatchObject({ kind: 'pending', pendingTxid: c.txid });
    // The next write tx releases them: free.
    put(kv, 'k/0000', 'again');
    be.forceCommit();
    const later = view.inspect();
    for (const id of c.freed) expect(['free', 'branch', 'leaf', 'overflow']).toContain(kindOf(later, id)); // free, or reused by the commit
    expect(check((be as unknown as { db: Parameters<typeof check>[0] }).db)).toEqual([]);
  });

  test('page detail: key bucket leaves decode revisions and the user key; branches list children; metas', () => {
    const { be, kv, view } = backendWithKeys(150, 300);
    kv.deleteRange({ key: utf8('k/0001'), rangeEnd: new Uint8Array(0), prevKv: false });
    be.forceCommit();
    const v = view.inspect();
    const key = v.buckets.find((b) => b.name === 'key')!;
    const root = view.page(key.root);
    expect(root.kind).toBe('branch');
    expect(root.items.length).toBe(root.count);
    expect(root.items[0]!.revision).toEqual({ main: 2, sub: 0, tombstone: false });
    for (const it of root.items) expect(kindOf(v, it.child!)).toBe('leaf');
    const first = view.page(root.items[0]!.child!);
    expect(first.items[0]).toMatchObject({ revision: { main: 2, sub: 0, tombstone: false }, userKey: 'k/0000' });
    expect(first.items[0]!.valueSize).toBeGreaterThan(300);
    const last = view.page(root.items[root.items.length - 1]!.child!);
    expect(last.items[last.items.length - 1]).toMatchObject({ revision: { main: 152, sub: 0, tombstone: true }, userKey: 'k/0001' });
    const rootLeaf = view.page(v.buckets[0]!.root);
    expect(rootLeaf.items.find((i) => i.key === 'key')).toMatchObject({ bucket: true });
    expect(rootLeaf.items.find((i) => i.key === 'meta')!.revision).toBeUndefined();
    const meta = view.page(1);
    expect(meta.kind).toBe('meta');
    expect(meta.meta).toMatchObject({ pageId: 1, checksumOk: true });
    expect(() => view.page(v.kinds.length)).toThrow(RangeError);
  });

  test('cached until the next commit', () => {
    const { be, kv, view } = backendWithKeys(10, 10);
    const a = view.inspect();
    expect(view.inspect()).toBe(a);
    put(kv, 'x', 'y'); // the write tx's start releases pending pages: the key sees the freelist change too
    be.forceCommit();
    expect(view.inspect()).not.toBe(a);
  });
});

describe('pages of a cluster member (the 10 MB scenario as the panel sees it)', () => {
  const status = (c: SimCluster) => {
    const r = c.requestSync({ op: 'status' }, 1);
    if (!r.ok) throw new Error(r.error.message);
    return r.resp as StatusResponse;
  };
  const req = (c: SimCluster, r: Parameters<SimCluster['requestSync']>[0]) => expect(c.requestSync(r).ok).toBe(true);

  test('write 10 MB, delete, compact: same page count, in-use drops; defrag: fewer pages; the map matches status', () => {
    const c = new SimCluster({ seed: 72, members: 1 });
    c.runUntil(() => c.leader() !== undefined, 10_000);
    const value = new Uint8Array(100 * 1024).fill(3);
    for (let i = 0; i < 100; i++) req(c, { op: 'put', req: { key: utf8(`big/${i}`), value, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });
    const full = status(c);
    const p1 = c.inspectDetail(1, 'pages')!;
    expect(p1.kinds.length * p1.pageSize).toBe(full.dbSize);
    expect(p1.size.inUseBytes).toBe(full.dbSizeInUse);
    expect(countKinds(p1).overflow).toBeGreaterThan(2400);

    req(c, { op: 'deleteRange', req: { key: utf8('big/'), rangeEnd: utf8('big0'), prevKv: false } });
    const rev = c.inspect(1)!.revision;
    req(c, { op: 'compaction', req: { revision: rev, physical: true } });
    c.runFor(500);
    req(c, { op: 'put', req: { key: utf8('small'), value: utf8('x'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });
    c.runFor(500);
    const compacted = status(c);
    const p2 = c.inspectDetail(1, 'pages')!;
    expect(p2.kinds.length).toBe(p1.kinds.length);
    expect(p2.kinds.length * p2.pageSize).toBe(compacted.dbSize);
    expect(p2.size.inUseBytes).toBe(compacted.dbSizeInUse);
    expect(countKinds(p2).free).toBeGreaterThan(2400);
    const ce = p2.effects.find((e) => e.kind === 'compact')!;
    expect(ce).toMatchObject({ revision: rev, settled: true });
    expect(ce.after.pageCount).toBe(ce.before.pageCount);
    expect(ce.after.inUseBytes).toBeLessThan(ce.before.inUseBytes / 10);

    req(c, { op: 'defragment' });
    const defragged = status(c);
    const p3 = c.inspectDetail(1, 'pages')!;
    expect(p3.kinds.length * p3.pageSize).toBe(defragged.dbSize);
    expect(p3.kinds.length).toBeLessThan(p1.kinds.length / 10);
    expect(countKinds(p3).free ?? 0).toBe(0);
    const de = p3.effects.find((e) => e.kind === 'defrag')!;
    expect(de).toMatchObject({ settled: true });
    expect(de.before.pageCount).toBe(p2.kinds.length);
    expect(de.after.pageCount).toBe(p3.kinds.length);
    expect(c.inspectDetail(1, 'page', { pgid: 0 })!.kind).toBe('meta');
  });
});
