// Test helper (imported by *.test.ts only): seeded random KV requests, a runner that turns a
// store's answer or error into plain data, and a dump of everything a backend holds.

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
  type TxnRequest,
  emptyRangeRequest,
} from '../etcd/api';
import { EMPTY, utf8 } from '../lib/bytes';
import type { Prng } from '../lib/prng';
import type { KVStore, MvccBackend } from '../mvcc';

export type Op =
  | { kind: 'put'; req: PutRequest }
  | { kind: 'delete'; req: DeleteRangeRequest }
  | { kind: 'txn'; req: TxnRequest }
  | { kind: 'range'; req: RangeRequest }
  | { kind: 'compact'; rev: number }
  | { kind: 'hash'; rev: number };

const FROM_KEY = new Uint8Array([0]);

export class Workload {
  constructor(
    private readonly rnd: Prng,
    private readonly keys: string[] = Array.from({ length: 60 }, (_, i) => `k/${String(i).padStart(3, '0')}`),
    /** Chance that a value is large (overflow pages: > 4 KB). */
    private readonly bigChance = 0.02,
  ) {}

  key(): Uint8Array {
    return utf8(this.rnd.pick(this.keys));
  }

  value(): Uint8Array {
    const big = this.rnd.chance(this.bigChance);
    const n = big ? this.rnd.intn(4097, 20000) : this.rnd.intn(0, 40);
    const v = new Uint8Array(n);
    for (let i = 0; i < n; i++) v[i] = 97 + ((i * 7 + n) % 26);
    return v;
  }

  end(key: Uint8Array): Uint8Array {
    const r = this.rnd.intn(0, 4);
    if (r === 0) return EMPTY;
    if (r === 1) return FROM_KEY;
    const k = this.key();
    return k.length === 0 ? EMPTY : k;
  }

  put(): PutRequest {
    return { key: this.key(), value: this.value(), lease: 0n, prevKv: this.rnd.chance(0.3), ignoreValue: this.rnd.chance(0.05), ignoreLease: false };
  }

  del(): DeleteRangeRequest {
    const key = this.key();
    return { key, rangeEnd: this.rnd.chance(0.6) ? EMPTY : this.end(key), prevKv: this.rnd.chance(0.3) };
  }

  range(rev: number): RangeRequest {
    const key = this.key();
    return {
      ...emptyRangeRequest(key),
      rangeEnd: this.end(key),
      revision: this.rnd.chance(0.3) ? this.rnd.intn(0, rev + 2) : 0,
      limit: this.rnd.chance(0.3) ? this.rnd.intn(0, 5) : 0,
      sortOrder: this.rnd.pick([SortOrder.NONE, SortOrder.ASCEND, SortOrder.DESCEND]),
      sortTarget: this.rnd.pick([SortTarget.KEY, SortTarget.VERSION, SortTarget.CREATE, SortTarget.MOD, SortTarget.VALUE]),
      keysOnly: this.rnd.chance(0.2),
      countOnly: this.rnd.chance(0.1),
    };
  }

  compare(): Compare {
    const key = this.key();
    const result = this.rnd.pick([CompareResult.EQUAL, CompareResult.NOT_EQUAL, CompareResult.GREATER, CompareResult.LESS]);
    switch (this.rnd.intn(0, 3)) {
      case 0:
        return { key, rangeEnd: EMPTY, target: CompareTarget.VALUE, result, value: this.value() };
      case 1:
        return { key, rangeEnd: EMPTY, target: CompareTarget.VERSION, result, version: this.rnd.intn(0, 4) };
      default:
        return { key, rangeEnd: EMPTY, target: CompareTarget.MOD, result, modRevision: this.rnd.intn(0, 50) };
    }
  }

  ops(depth: number): RequestOp[] {
    const ops: RequestOp[] = [];
    const used = new Set<string>();
    for (let i = this.rnd.intn(0, 5); i > 0; i--) {
      const r = this.rnd.intn(0, 10);
      if (r < 4) {
        const p = this.put();
        const s = String(p.key);
        if (used.has(s)) continue; // etcd refuses duplicate keys in one txn branch
        used.add(s);
        ops.push({ requestPut: { ...p, ignoreValue: false } });
      } else if (r < 6) {
        const key = this.key();
        if (used.has(String(key))) continue;
        used.add(String(key));
        ops.push({ requestDeleteRange: { key, rangeEnd: EMPTY, prevKv: this.rnd.chance(0.5) } });
      } else if (r < 9 || depth > 0) {
        ops.push({ requestRange: { ...emptyRangeRequest(this.key()) } });
      } else {
        ops.push({ requestTxn: this.txn(depth + 1) });
      }
    }
    return ops;
  }

  txn(depth = 0): TxnRequest {
    return { compare: this.rnd.chance(0.8) ? [this.compare()] : [], success: this.ops(depth), failure: this.ops(depth) };
  }

  next(rev: number, compactRev: number): Op {
    const r = this.rnd.intn(0, 100);
    if (r < 35) return { kind: 'put', req: this.put() };
    if (r < 50) return { kind: 'delete', req: this.del() };
    if (r < 70) return { kind: 'txn', req: this.txn() };
    if (r < 93) return { kind: 'range', req: this.range(rev) };
    if (r < 97) return { kind: 'compact', rev: this.rnd.intn(Math.max(0, compactRev - 1), rev + 2) };
    return { kind: 'hash', rev: this.rnd.intn(0, rev + 1) };
  }
}

export type Outcome = { ok: unknown } | { err: string };

/** Byte arrays as hex strings: deep equality on big typed arrays is slow in the test runner. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export function hex(b: Uint8Array): string {
  const parts = new Array<string>(b.length);
  for (let i = 0; i < b.length; i++) parts[i] = HEX[b[i]!]!;
  return parts.join('');
}

export function plain(x: unknown): unknown {
  if (x instanceof Uint8Array) return hex(x);
  if (Array.isArray(x)) return x.map(plain);
  if (x !== null && typeof x === 'object') {
    const out: { [k: string]: unknown } = {};
    for (const [k, v] of Object.entries(x)) out[k] = plain(v);
    return out;
  }
  return x;
}

export function run(s: KVStore, op: Op): Outcome {
  try {
    switch (op.kind) {
      case 'put':
        return { ok: plain(s.put(op.req)) };
      case 'delete':
        return { ok: plain(s.deleteRange(op.req)) };
      case 'txn':
        return { ok: plain(s.txn(op.req)) };
      case 'range':
        return { ok: plain(s.range(op.req)) };
      case 'compact':
        return { ok: plain(s.compact(op.rev)) };
      case 'hash':
        return { ok: s.hashKV(op.rev) };
    }
  } catch (e) {
    return { err: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Whether the op changes what is stored (so a replay must apply it). */
export const isWrite = (op: Op): boolean => op.kind !== 'range' && op.kind !== 'hash';

export interface Record {
  rev: string;
  tombstone: boolean;
  kv: unknown;
}

export function dump(b: MvccBackend): { records: Record[]; scheduled?: number; finished?: number } {
  const records: Record[] = [];
  b.forEachRevision((r, kv, tombstone) => {
    records.push({ rev: `${r.main}_${r.sub}`, tombstone, kv: plain(kv) });
  });
  return { records, scheduled: b.getMeta('scheduledCompactRev'), finished: b.getMeta('finishedCompactRev') };
}
