// Randomized check of KVStore against a deliberately naive model: the model keeps a full copy of
// the key space for every revision and answers every read by scanning it.

import { describe, expect, it } from 'vitest';
import {
  type Compare,
  CompareResult,
  CompareTarget,
  type KeyValue,
  type RangeRequest,
  type RequestOp,
  SortOrder,
  SortTarget,
  emptyRangeRequest,
} from '../etcd/api';
import { EMPTY, compareBytes, fromUtf8, utf8 } from '../lib/bytes';
import { Prng } from '../lib/prng';
import { MemBackend } from './backend';
import { KVStore } from './kvStore';

type State = Map<string, KeyValue>;
const FROM_KEY = new Uint8Array([0]);

class Model {
  /** states[r] = the key space at revision r (index 0 unused). */
  states: State[] = [new Map(), new Map()];
  compacted = -1;

  get rev(): number {
    return this.states.length - 1;
  }

  inRange(k: Uint8Array, key: Uint8Array, end: Uint8Array): boolean {
    if (end.length === 0) return compareBytes(k, key) === 0;
    if (compareBytes(k, key) < 0) return false;
    return (end.length === 1 && end[0] === 0) || compareBytes(k, end) < 0;
  }

  range(r: RangeRequest): { kvs: KeyValue[]; count: number; more: boolean; error?: string } {
    if (r.revision > this.rev) return { kvs: [], count: 0, more: false, error: 'future' };
    const at = r.revision <= 0 ? this.rev : r.revision;
    if (at < this.compacted) return { kvs: [], count: 0, more: false, error: 'compacted' };
    let kvs = [...this.states[at]!.values()].filter((kv) => this.inRange(kv.key, r.key, r.rangeEnd)).sort((a, b) => compareBytes(a.key, b.key));
    const count = kvs.length;
    if (r.countOnly) return { kvs: [], count, more: false };
    // etcd quirk: without an explicit sort order (and no filters) the limit is applied by key first,
    // one extra kept to compute `more`, and only that part is sorted.
    if (r.sortOrder === SortOrder.NONE && r.minModRevision === 0 && r.maxModRevision === 0 && r.limit > 0) kvs = kvs.slice(0, r.limit + 1);
    kvs = kvs.filter((kv) => (r.minModRevision === 0 || kv.modRevision >= r.minModRevision) && (r.maxModRevision === 0 || kv.modRevision <= r.maxModRevision));
    const field = (kv: KeyValue): number | Uint8Array =>
      [kv.key, kv.version, kv.createRevision, kv.modRevision, kv.value][r.sortTarget]!;
    const order = r.sortOrder === SortOrder.NONE && r.sortTarget !== SortTarget.KEY ? SortOrder.ASCEND : r.sortOrder;
    const c = (a: KeyValue, b: KeyValue) => {
      const x = field(a);
      const y = field(b);
      return typeof x === 'number' ? x - (y as number) : compareBytes(x, y as Uint8Array);
    };
    if (order === SortOrder.ASCEND) kvs.sort(c);
    if (order === SortOrder.DESCEND) kvs.sort((a, b) => c(b, a));
    let more = false;
    if (r.limit > 0 && kvs.length > r.limit) {
      kvs = kvs.slice(0, r.limit);
      more = true;
    }
    if (r.keysOnly) kvs = kvs.map((kv) => ({ ...kv, value: EMPTY }));
    return { kvs, count, more };
  }

  /** Applies ops to a working copy; commits a new revision if anything changed. */
  write(apply: (w: State, rev: number) => boolean): void {
    const w = new Map(this.states[this.rev]!);
    if (apply(w, this.rev + 1)) this.states.push(w);
  }

  putInto(w: State, rev: number, key: Uint8Array, value: Uint8Array): boolean {
    const old = w.get(fromUtf8(key));
    w.set(fromUtf8(key), { key, value, createRevision: old ? old.createRevision : rev, modRevision: rev, version: old ? old.version + 1 : 1, lease: 0n });
    return true;
  }

  delInto(w: State, key: Uint8Array, end: Uint8Array): number {
    let n = 0;
    for (const [s, kv] of [...w]) if (this.inRange(kv.key, key, end)) (w.delete(s), n++);
    return n;
  }

  compare(c: Compare): boolean {
    const kvs = [...this.states[this.rev]!.values()].filter((kv) => this.inRange(kv.key, c.key, c.rangeEnd));
    if (kvs.length === 0 && c.target === CompareTarget.VALUE) return false;
    const zero: KeyValue = { key: c.key, value: EMPTY, createRevision: 0, modRevision: 0, version: 0, lease: 0n };
    return (kvs.length ? kvs : [zero]).every((kv) => {
      const res =
        c.target === CompareTarget.VALUE ? compareBytes(kv.value, c.value!) : Math.sign(kv.version - c.version!);
      return [res === 0, res > 0, res < 0, res !== 0][c.result]!;
    });
  }
}

const KEYS = ['a', 'b', 'b/1', 'b/2', 'c', 'd', 'e', 'f0', 'f1', 'zz'];

function randomRange(rnd: Prng, rev: number): RangeRequest {
  const key = utf8(rnd.pick(KEYS));
  const kind = rnd.intn(0, 4);
  const rangeEnd = kind === 0 ? EMPTY : kind === 1 ? FROM_KEY : utf8(rnd.pick(KEYS));
  return {
    ...emptyRangeRequest(key),
    rangeEnd,
    revision: rnd.chance(0.3) ? rnd.intn(-1, rev + 3) : 0,
    limit: rnd.chance(0.3) ? rnd.intn(-1, 4) : 0,
    sortOrder: rnd.pick([SortOrder.NONE, SortOrder.NONE, SortOrder.ASCEND, SortOrder.DESCEND]),
    sortTarget: rnd.pick([SortTarget.KEY, SortTarget.KEY, SortTarget.VERSION, SortTarget.CREATE, SortTarget.MOD, SortTarget.VALUE]),
    keysOnly: rnd.chance(0.2),
    countOnly: rnd.chance(0.1),
    minModRevision: rnd.chance(0.1) ? rnd.intn(1, rev + 1) : 0,
    maxModRevision: rnd.chance(0.1) ? rnd.intn(1, rev + 1) : 0,
  };
}

function expectSameRange(got: { kvs: KeyValue[]; count: number; more: boolean }, want: { kvs: KeyValue[]; count: number; more: boolean }, ctx: string) {
  const show = (kvs: KeyValue[]) => kvs.map((kv) => `${fromUtf8(kv.key)}=${fromUtf8(kv.value)}@${kv.createRevision}/${kv.modRevision}/v${kv.version}`);
  // With equal sort keys the order is by key in both (stable sorts over key-ordered input).
  expect({ kvs: show(got.kvs), count: got.count, more: got.more }, ctx).toEqual({ kvs: show(want.kvs), count: want.count, more: want.more });
}

function runSeed(seed: number, steps: number): void {
  const rnd = new Prng(seed);
  const backend = new MemBackend();
  let s = new KVStore({ backend });
  const m = new Model();
  const val = () => utf8(`v${rnd.intn(0, 5)}`);
  for (let step = 0; step < steps; step++) {
    const ctx = `seed ${seed} step ${step}`;
    const what = rnd.intn(0, 100);
    if (what < 30) {
      const key = utf8(rnd.pick(KEYS));
      const value = val();
      s.put({ key, value, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
      m.write((w, rev) => m.putInto(w, rev, key, value));
    } else if (what < 40) {
      const key = utf8(rnd.pick(KEYS));
      const rangeEnd = rnd.chance(0.5) ? EMPTY : rnd.chance(0.3) ? FROM_KEY : utf8(rnd.pick(KEYS));
      const got = s.deleteRange({ key, rangeEnd, prevKv: false });
      let n = 0;
      m.write((w) => (n = m.delInto(w, key, rangeEnd)) > 0);
      expect(got.deleted, ctx).toBe(n);
    } else if (what < 75) {
      const r = randomRange(rnd, m.rev);
      const want = m.range(r);
      if (want.error) {
        expect(() => s.range(r), ctx).toThrow(want.error === 'future' ? 'future revision' : 'has been compacted');
      } else {
        const got = s.range(r);
        expect(got.header.revision, ctx).toBe(m.rev);
        expectSameRange(got, want, ctx);
      }
    } else if (what < 92) {
      // txn: one compare, then puts/deletes to distinct keys (no duplicates) and gets
      const c: Compare = rnd.chance(0.5)
        ? { key: utf8(rnd.pick(KEYS)), rangeEnd: EMPTY, target: CompareTarget.VALUE, result: rnd.pick([CompareResult.EQUAL, CompareResult.NOT_EQUAL, CompareResult.GREATER, CompareResult.LESS]), value: val() }
        : { key: utf8(rnd.pick(KEYS)), rangeEnd: EMPTY, target: CompareTarget.VERSION, result: rnd.pick([CompareResult.EQUAL, CompareResult.GREATER, CompareResult.LESS]), version: rnd.intn(0, 3) };
      const mk = (): RequestOp[] => {
        const used = new Set<string>();
        const ops: RequestOp[] = [];
        for (let i = rnd.intn(0, 5); i > 0; i--) {
          const k = rnd.pick(KEYS);
          if (used.has(k)) {
            ops.push({ requestRange: { ...emptyRangeRequest(utf8(k)) } });
            continue;
          }
          used.add(k);
          if (rnd.chance(0.5)) ops.push({ requestPut: { key: utf8(k), value: val(), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });
          else if (rnd.chance(0.5)) ops.push({ requestDeleteRange: { key: utf8(k), rangeEnd: EMPTY, prevKv: false } });
          else ops.push({ requestRange: { ...emptyRangeRequest(utf8(k)) } });
        }
        return ops;
      };
      const req = { compare: [c], success: mk(), failure: mk() };
      const ok = m.compare(c);
      const got = s.txn(req);
      expect(got.succeeded, ctx).toBe(ok);
      const reads: { kvs: KeyValue[]; count: number; more: boolean }[] = [];
      m.write((w, rev) => {
        let changed = false;
        for (const op of ok ? req.success : req.failure) {
          if ('requestPut' in op) changed = m.putInto(w, rev, op.requestPut.key, op.requestPut.value) || changed;
          else if ('requestDeleteRange' in op) changed = m.delInto(w, op.requestDeleteRange.key, EMPTY) > 0 || changed;
          else if ('requestRange' in op) {
            const kv = w.get(fromUtf8(op.requestRange.key));
            reads.push({ kvs: kv ? [kv] : [], count: kv ? 1 : 0, more: false });
          }
        }
        return changed;
      });
      expect(got.header.revision, ctx).toBe(m.rev);
      const gotReads = got.responses.filter((r) => 'responseRange' in r).map((r) => (r as { responseRange: { kvs: KeyValue[]; count: number; more: boolean } }).responseRange);
      gotReads.forEach((r, i) => expectSameRange(r, reads[i]!, ctx));
    } else if (what < 97) {
      const at = rnd.intn(m.compacted - 1, m.rev + 2);
      if (at <= m.compacted) expect(() => s.compact(at), ctx).toThrow('has been compacted');
      else if (at > m.rev) expect(() => s.compact(at), ctx).toThrow('future revision');
      else {
        s.compact(at);
        m.compacted = at;
      }
    } else {
      // restart: rebuild from the backend
      s = new KVStore({ backend });
    }
    expect(s.rev(), ctx).toBe(m.rev);
    if (step % 50 === 0) s.check();
  }
  s.check();
}

describe('KVStore against a reference model', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: 1500 random operations`, () => runSeed(seed, 1500));
  }
});
