import { describe, expect, it } from 'vitest';
import {
  type Compare,
  CompareResult,
  CompareTarget,
  type DeleteRangeRequest,
  type PutRequest,
  type RangeRequest,
  type RequestOp,
  SortOrder,
  SortTarget,
  emptyRangeRequest,
} from '../etcd/api';
import { EMPTY, fromUtf8, utf8 } from '../lib/bytes';
import { MemBackend } from './backend';
import { KVStore } from './kvStore';

const put = (k: string, v: string, extra: Partial<PutRequest> = {}): PutRequest => ({
  key: utf8(k),
  value: utf8(v),
  lease: 0n,
  prevKv: false,
  ignoreValue: false,
  ignoreLease: false,
  ...extra,
});
const del = (k: string, end = '', prevKv = false): DeleteRangeRequest => ({ key: utf8(k), rangeEnd: utf8(end), prevKv });
const get = (k: string, extra: Partial<RangeRequest> = {}): RangeRequest => ({ ...emptyRangeRequest(utf8(k)), ...extra });
const prefixEnd = (k: string) => {
  const b = utf8(k).slice();
  b[b.length - 1]!++;
  return b;
};
const keys = (r: { kvs: { key: Uint8Array }[] }) => r.kvs.map((kv) => fromUtf8(kv.key));
const cmp = (k: string, target: Compare['target'], result: Compare['result'], operand: number | string): Compare => {
  const c: Compare = { key: utf8(k), rangeEnd: EMPTY, target, result };
  if (target === CompareTarget.VALUE) c.value = utf8(String(operand));
  else if (target === CompareTarget.VERSION) c.version = Number(operand);
  else if (target === CompareTarget.CREATE) c.createRevision = Number(operand);
  else if (target === CompareTarget.MOD) c.modRevision = Number(operand);
  else c.lease = BigInt(operand);
  return c;
};
const opPut = (k: string, v: string): RequestOp => ({ requestPut: put(k, v) });
const opGet = (k: string): RequestOp => ({ requestRange: get(k) });
const opDel = (k: string, end = ''): RequestOp => ({ requestDeleteRange: del(k, end) });

describe('KVStore revisions', () => {
  it('starts at 1 and bumps once per write', () => {
    const s = new KVStore();
    expect(s.rev()).toBe(1);
    expect(s.range(get('foo')).header.revision).toBe(1);
    expect(s.put(put('foo', 'bar')).header.revision).toBe(2);
    s.put(put('foo', 'bar2'));
    const r = s.range(get('foo'));
    expect(r.kvs[0]).toMatchObject({ createRevision: 2, modRevision: 3, version: 2 });
    expect(r.count).toBe(1);
    expect(s.range(get('foo', { revision: 2 })).kvs[0]!.value).toEqual(utf8('bar'));
    expect(s.range(get('foo', { revision: 1 })).kvs).toEqual([]);
    expect(s.range(get('foo', { revision: -1 })).kvs.length).toBe(1);
    expect(() => s.range(get('foo', { revision: 4 }))).toThrow('etcdserver: mvcc: required revision is a future revision');
  });

  it('a no-op delete does not bump the revision; a range delete uses one revision', () => {
    const s = new KVStore();
    for (const k of ['a', 'a/b', 'a/c', 'b']) s.put(put(k, '1'));
    expect(s.rev()).toBe(5);
    const d0 = s.deleteRange(del('nokey'));
    expect(d0).toMatchObject({ deleted: 0, header: { revision: 5 } });
    const d = s.deleteRange(del('a/', fromUtf8(prefixEnd('a/')), true));
    expect(d.deleted).toBe(2);
    expect(d.header.revision).toBe(6);
    expect(d.prevKvs.map((kv) => fromUtf8(kv.value))).toEqual(['1', '1']);
    expect(s.rev()).toBe(6);
    s.put(put('a/b', 'again'));
    expect(s.range(get('a/b')).kvs[0]).toMatchObject({ createRevision: 7, version: 1 });
  });

  it('rejects empty keys with etcd\'s message', () => {
    const s = new KVStore();
    expect(() => s.put(put('', 'v'))).toThrow('etcdserver: key is not provided');
    expect(() => s.range(get(''))).toThrow('etcdserver: key is not provided');
    expect(() => s.deleteRange(del(''))).toThrow('etcdserver: key is not provided');
  });

  it('put --ignore-value / --ignore-lease / --prev-kv', () => {
    const s = new KVStore();
    expect(() => s.put(put('nokey', '', { ignoreValue: true }))).toThrow('etcdserver: key not found');
    expect(s.rev()).toBe(1);
    s.put(put('foo', 'v1', { lease: 7n }));
    const r = s.put(put('foo', '', { ignoreValue: true, prevKv: true }));
    expect(fromUtf8(r.prevKv!.value)).toBe('v1');
    expect(s.range(get('foo')).kvs[0]).toMatchObject({ value: utf8('v1'), version: 2, lease: 0n });
    s.put(put('foo', 'x', { lease: 9n }));
    s.put(put('foo', 'y', { ignoreLease: true }));
    expect(s.range(get('foo')).kvs[0]).toMatchObject({ value: utf8('y'), lease: 9n });
  });

  it('leaseExists rejects unknown leases', () => {
    const s = new KVStore({ leaseExists: (id) => id === 5n });
    expect(() => s.put(put('k', 'v', { lease: 6n }))).toThrow('etcdserver: requested lease not found');
    s.put(put('k', 'v', { lease: 5n }));
    expect(() => s.txn({ compare: [], success: [{ requestPut: put('j', 'v', { lease: 6n }) }], failure: [] })).toThrow(
      'etcdserver: requested lease not found',
    );
  });
});

describe('KVStore range options', () => {
  const s = new KVStore();
  // the state of oracle case 01 at revision 13
  for (const [k, v] of [['foo', 'bar'], ['foo', 'bar2'], ['foo1', 'v1'], ['foo2', 'v2'], ['fop', 'x'], ['zoo', 'z'], ['a', 'a'], ['foo', 'bar3'], ['newkey', 'n'], ['foo', 'bar4'], ['foo', 'bar5'], ['foo', 'bar6']]) s.put(put(k!, v!));
  const foo = (extra: Partial<RangeRequest> = {}) => s.range(get('foo', { rangeEnd: prefixEnd('foo'), ...extra }));

  it('limit reports more and the total count', () => {
    const r = foo({ limit: 2 });
    expect(keys(r)).toEqual(['foo', 'foo1']);
    expect(r.more).toBe(true);
    expect(r.count).toBe(3);
    expect(foo({ limit: -1 }).kvs.length).toBe(3);
  });

  it('sorts: target without order ascends; ties keep key order', () => {
    expect(keys(foo({ sortOrder: SortOrder.DESCEND }))).toEqual(['foo2', 'foo1', 'foo']);
    expect(keys(foo({ sortTarget: SortTarget.MOD }))).toEqual(['foo1', 'foo2', 'foo']);
    expect(keys(foo({ sortTarget: SortTarget.MOD, sortOrder: SortOrder.DESCEND }))).toEqual(['foo', 'foo2', 'foo1']);
    expect(keys(foo({ sortTarget: SortTarget.VERSION, sortOrder: SortOrder.DESCEND }))).toEqual(['foo', 'foo1', 'foo2']);
    const r = foo({ sortTarget: SortTarget.MOD, sortOrder: SortOrder.DESCEND, limit: 2, keysOnly: true });
    expect(keys(r)).toEqual(['foo', 'foo2']);
    expect(r.more).toBe(true);
    expect(r.count).toBe(3);
    expect(r.kvs[0]!.value.length).toBe(0);
  });

  it('from-key, count-only and revision filters', () => {
    expect(keys(s.range(get('foo', { rangeEnd: new Uint8Array([0]) })))).toEqual(['foo', 'foo1', 'foo2', 'fop', 'newkey', 'zoo']);
    expect(keys(s.range(get('\0', { rangeEnd: new Uint8Array([0]) }))).length).toBe(7);
    expect(s.range(get('foo', { rangeEnd: new Uint8Array([0]), countOnly: true }))).toMatchObject({ count: 6, kvs: [] });
    expect(keys(foo({ minModRevision: 5 }))).toEqual(['foo', 'foo2']);
    expect(keys(foo({ maxCreateRevision: 4 }))).toEqual(['foo', 'foo1']);
    expect(keys(s.range(get('foo', { rangeEnd: utf8('fop') })))).toEqual(['foo', 'foo1', 'foo2']);
    expect(keys(s.range(get('zoo', { rangeEnd: utf8('foo') })))).toEqual([]);
  });
});

describe('KVStore txn', () => {
  const setup = () => {
    const s = new KVStore();
    s.put(put('k1', 'v1'));
    s.put(put('k2', 'v2'));
    return s;
  };

  it('one revision for all writes; reads after a write see it', () => {
    const s = setup();
    const r = s.txn({ compare: [cmp('k1', CompareTarget.VALUE, CompareResult.EQUAL, 'v1')], success: [opPut('k3', 'v3'), opGet('k3'), opPut('k4', 'v4'), opDel('k2')], failure: [] });
    expect(r.succeeded).toBe(true);
    expect(r.header.revision).toBe(4);
    expect(s.rev()).toBe(4);
    const sub = r.responses.map((x) => Object.values(x)[0].header.revision);
    expect(sub).toEqual([4, 4, 4, 4]);
    const got = (r.responses[1] as { responseRange: { kvs: { modRevision: number }[] } }).responseRange.kvs[0]!;
    expect(got.modRevision).toBe(4);
    expect(s.range(get('k4')).kvs[0]).toMatchObject({ createRevision: 4, modRevision: 4 });
  });

  it('read-only, empty and no-change txns do not bump', () => {
    const s = setup();
    expect(s.txn({ compare: [], success: [opGet('k1')], failure: [] }).header.revision).toBe(3);
    expect(s.txn({ compare: [], success: [], failure: [] })).toMatchObject({ succeeded: true, header: { revision: 3 } });
    expect(s.txn({ compare: [], success: [opDel('d'), opDel('d')], failure: [] }).header.revision).toBe(3);
    expect(s.rev()).toBe(3);
    // a get before the first write of a write txn reports the old revision
    const r = s.txn({ compare: [], success: [opGet('d'), opPut('d', '1')], failure: [] });
    expect(r.responses.map((x) => Object.values(x)[0].header.revision)).toEqual([3, 4]);
  });

  it('compares on missing keys: numbers are 0, value always fails', () => {
    const s = setup();
    const run = (c: Compare) => s.txn({ compare: [c], success: [], failure: [] }).succeeded;
    expect(run(cmp('nokey', CompareTarget.CREATE, CompareResult.EQUAL, 0))).toBe(true);
    expect(run(cmp('nokey', CompareTarget.VERSION, CompareResult.EQUAL, 0))).toBe(true);
    expect(run(cmp('nokey', CompareTarget.VALUE, CompareResult.EQUAL, ''))).toBe(false);
    expect(run(cmp('k1', CompareTarget.VALUE, CompareResult.GREATER, 'v0'))).toBe(true);
    expect(run(cmp('k2', CompareTarget.MOD, CompareResult.NOT_EQUAL, 3))).toBe(false);
    expect(run(cmp('k1', CompareTarget.MOD, CompareResult.LESS, 3))).toBe(true);
    expect(run(cmp('k1', CompareTarget.LEASE, CompareResult.EQUAL, 0))).toBe(true);
  });

  it('duplicate keys and op limits, with etcd\'s messages, before anything is applied', () => {
    const s = setup();
    const dup = 'etcdserver: duplicate key given in txn request';
    expect(() => s.txn({ compare: [], success: [opPut('d', '1'), opPut('d', '2')], failure: [] })).toThrow(dup);
    expect(() => s.txn({ compare: [], success: [opPut('d', '1'), opDel('d')], failure: [] })).toThrow(dup);
    expect(() => s.txn({ compare: [], success: [opPut('d/1', '1'), opDel('d/', 'd0')], failure: [] })).toThrow(dup);
    expect(() => s.txn({ compare: [], success: [opPut('q', '1'), { requestTxn: { compare: [], success: [opPut('q', '2')], failure: [] } }], failure: [] })).toThrow(dup);
    s.txn({ compare: [], success: [opPut('d', '1')], failure: [opPut('d', '2')] });
    s.txn({ compare: [], success: [{ requestTxn: { compare: [], success: [opPut('d', '3')], failure: [opPut('d', '4')] } }], failure: [] });
    const many = (n: number) => Array.from({ length: n }, (_, i) => opPut(`t${i}`, 'x'));
    const rev = s.rev();
    expect(() => s.txn({ compare: [], success: many(129), failure: [] })).toThrow('etcdserver: too many operations in txn request');
    expect(() => s.txn({ compare: [], success: [], failure: many(129) })).toThrow('etcdserver: too many operations in txn request');
    expect(s.rev()).toBe(rev);
    expect(s.txn({ compare: [], success: many(128), failure: [] }).header.revision).toBe(rev + 1);
    const small = new KVStore({ maxTxnOps: 4 });
    expect(() => small.txn({ compare: [], success: many(5), failure: [] })).toThrow('too many operations');
  });

  it('nested txns follow their own compares, in one revision', () => {
    const s = setup();
    const r = s.txn({
      compare: [],
      success: [
        opPut('a', '1'),
        { requestTxn: { compare: [cmp('k1', CompareTarget.VALUE, CompareResult.EQUAL, 'no')], success: [opPut('b', 'then')], failure: [opPut('b', 'else')] } },
        { requestTxn: { compare: [], success: [opPut('c', '1')], failure: [] } },
      ],
      failure: [],
    });
    expect(r.header.revision).toBe(4);
    const nested = r.responses[1] as { responseTxn: { succeeded: boolean; header: { revision: number } } };
    expect(nested.responseTxn.succeeded).toBe(false);
    expect(nested.responseTxn.header.revision).toBe(0);
    expect(fromUtf8(s.range(get('b')).kvs[0]!.value)).toBe('else');
    expect(s.range(get('c')).kvs[0]!.modRevision).toBe(4);
  });

  it('events: one batch per revision, in op order, with prevKv', () => {
    const s = setup();
    const seen: { rev: number; evs: string[] }[] = [];
    s.subscribe((evs, rev) => seen.push({ rev, evs: evs.map((e) => `${e.type}:${fromUtf8(e.kv.key)}@${e.kv.modRevision}:${e.prevKv ? fromUtf8(e.prevKv.value) : '-'}`) }));
    s.txn({ compare: [], success: [opPut('m1', 'a'), opPut('k1', 'b'), opDel('k2')], failure: [] });
    s.deleteRange(del('nothing'));
    expect(seen).toEqual([{ rev: 4, evs: ['0:m1@4:-', '0:k1@4:v1', '1:k2@4:v2'] }]);
    expect(s.eventsSince(utf8('k'), utf8('l'), 1).map((e) => `${e.type}:${fromUtf8(e.kv.key)}@${e.kv.modRevision}`)).toEqual([
      '0:k1@2',
      '0:k2@3',
      '0:k1@4',
      '1:k2@4',
    ]);
  });
});

describe('KVStore compaction', () => {
  it('follows oracle case 04', () => {
    const s = new KVStore();
    for (const v of ['v1', 'v2', 'v3', 'v4']) s.put(put('k', v));
    s.put(put('other', 'o'));
    s.deleteRange(del('other'));
    expect(s.rev()).toBe(7);
    s.compact(4);
    expect(s.compactRev()).toBe(4);
    expect(() => s.compact(4)).toThrow('etcdserver: mvcc: required revision has been compacted');
    expect(() => s.range(get('k', { revision: 3 }))).toThrow('etcdserver: mvcc: required revision has been compacted');
    expect(fromUtf8(s.range(get('k', { revision: 4 })).kvs[0]!.value)).toBe('v3');
    expect(() => s.compact(100)).toThrow('etcdserver: mvcc: required revision is a future revision');
    expect(() => s.compact(0)).toThrow('has been compacted');
    s.compact(5);
    expect(s.range(get('other', { revision: 6 })).kvs.length).toBe(1);
    expect(s.range(get('other', { revision: 5 })).kvs.length).toBe(0);
    s.compact(7);
    expect(s.range(get('k', { revision: 7 })).kvs[0]).toMatchObject({ createRevision: 2, modRevision: 5, version: 4 });
    expect(() => s.range(get('k', { revision: 6 }))).toThrow('has been compacted');
    expect(() => s.txn({ compare: [], success: [{ requestRange: get('k', { revision: 3 }) }], failure: [] })).toThrow('has been compacted');
    s.put(put('k', 'v5'));
    expect(s.range(get('k')).kvs[0]).toMatchObject({ createRevision: 2, modRevision: 8, version: 5 });
    s.check();
  });

  it('removes records the index no longer needs', () => {
    const backend = new MemBackend();
    const s = new KVStore({ backend });
    for (let i = 0; i < 10; i++) s.put(put('k', `v${i}`));
    s.deleteRange(del('k'));
    s.put(put('j', 'x'));
    expect(backend.size).toBe(12);
    s.compact(s.rev());
    expect(backend.size).toBe(1); // only j's put; k's history and tombstone are gone
    expect(s.treeIndex.keyCount).toBe(1);
    s.check();
  });

  it('rebuilds the same state from its backend', () => {
    const backend = new MemBackend();
    const s = new KVStore({ backend });
    s.put(put('a', '1'));
    s.put(put('a', '2'));
    s.put(put('b', '1'));
    s.deleteRange(del('b'));
    s.put(put('b', '2'));
    s.compact(3);
    const t = new KVStore({ backend });
    expect(t.rev()).toBe(s.rev());
    expect(t.compactRev()).toBe(3);
    const all = (x: KVStore) => x.range(get('\0', { rangeEnd: new Uint8Array([0]) }));
    expect(all(t).kvs).toEqual(all(s).kvs);
    expect(t.range(get('a', { revision: 3 })).kvs).toEqual(s.range(get('a', { revision: 3 })).kvs);
    t.check();
  });
});

describe('KVStore hashKV', () => {
  it('equals real etcd 3.4.23 (oracle case 09)', () => {
    const s = new KVStore();
    expect(s.hashKV()).toEqual({ hash: 1084519789, revision: 1, compactRevision: -1 });
    s.put(put('a', '1'));
    s.put(put('b', '2'));
    expect(s.hashKV().hash).toBe(1827592406);
    expect(s.hashKV(2).hash).toBe(2587454935);
    expect(() => s.hashKV(4)).toThrow('future revision');
    s.compact(2);
    expect(() => s.hashKV(2)).toThrow('has been compacted');
    expect(s.hashKV().compactRevision).toBe(2);
  });
});

describe('KVStore inspect', () => {
  it('reports revisions and key histories as plain data', () => {
    const s = new KVStore();
    s.put(put('a', '1'));
    s.put(put('a', '2'));
    s.deleteRange(del('a'));
    s.put(put('b', '1'));
    const snap = s.inspect();
    expect(snap).toMatchObject({ revision: 5, compactRevision: -1, keyCount: 1, indexedKeys: 2, more: false });
    expect(snap.keys[0]!.generations.map((g) => g.revs.map((r) => r.main))).toEqual([[2, 3, 4], []]);
    expect(structuredClone(snap)).toEqual(snap);
    expect(s.inspect({ limit: 1 }).more).toBe(true);
  });
});
