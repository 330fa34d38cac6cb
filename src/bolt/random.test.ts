// Seeded randomized test: >= 100,000 operations (puts of small and overflow-sized values, deletes,
// nested bucket create/delete, commits, rollbacks, long-lived readers, reopen) against a reference
// model, with check() after every commit and a full content comparison.

import { describe, expect, test } from 'vitest';
import { Prng } from '../lib/prng';
import type { Bucket } from './bucket';
import { check } from './check';
import { DB } from './db';
import type { Tx } from './tx';

interface RefBucket {
  keys: Map<string, Uint8Array>;
  buckets: Map<string, RefBucket>;
}

const newRef = (): RefBucket => ({ keys: new Map(), buckets: new Map() });
const cloneRef = (r: RefBucket): RefBucket => ({
  keys: new Map(r.keys),
  buckets: new Map([...r.buckets].map(([k, v]) => [k, cloneRef(v)])),
});
function bin(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}
function str(b: Uint8Array): string {
  return String.fromCharCode.apply(null, b as unknown as number[]);
}
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Dump a bolt bucket as a RefBucket (values copied). */
function dump(b: Bucket): RefBucket {
  const out = newRef();
  b.forEach((k, v) => {
    if (v === null) out.buckets.set(str(k), dump(b.bucket(k)!));
    else out.keys.set(str(k), v);
  });
  return out;
}

function diff(a: RefBucket, b: RefBucket, path = '/'): string | null {
  if (a.keys.size !== b.keys.size) return `${path}: ${a.keys.size} keys vs ${b.keys.size}`;
  for (const [k, v] of a.keys) {
    const w = b.keys.get(k);
    if (w === undefined) return `${path}: key ${JSON.stringify(k)} missing`;
    if (!sameBytes(v, w)) return `${path}: key ${JSON.stringify(k)} value differs`;
  }
  if (a.buckets.size !== b.buckets.size) return `${path}: ${a.buckets.size} buckets vs ${b.buckets.size}`;
  for (const [k, v] of a.buckets) {
    const w = b.buckets.get(k);
    if (!w) return `${path}: bucket ${JSON.stringify(k)} missing`;
    const d = diff(v, w, `${path}${k}/`);
    if (d) return d;
  }
  return null;
}

/** Compare a bolt bucket with the reference without copying values (the hot path of verifyAll). */
function compareRaw(b: Bucket, ref: RefBucket, path = '/'): string | null {
  let keys = 0;
  let buckets = 0;
  let problem: string | null = null;
  b.forEachRaw((k, v, flags) => {
    if (problem) return;
    const name = str(k);
    if (flags & 1) {
      buckets++;
      const child = ref.buckets.get(name);
      problem = child ? compareRaw(b.bucket(k)!, child, `${path}${name}/`) : `${path}: extra bucket ${JSON.stringify(name)}`;
    } else {
      keys++;
      const want = ref.keys.get(name);
      if (!want) problem = `${path}: extra key ${JSON.stringify(name)}`;
      else if (!sameBytes(v, want)) problem = `${path}: key ${JSON.stringify(name)} value differs`;
    }
  });
  if (problem) return problem;
  if (keys !== ref.keys.size) return `${path}: ${keys} keys, reference has ${ref.keys.size}`;
  if (buckets !== ref.buckets.size) return `${path}: ${buckets} buckets, reference has ${ref.buckets.size}`;
  return null;
}

/** Check cursor order and seek in one bucket against the sorted reference. */
function checkCursor(b: Bucket, ref: RefBucket, rng: Prng): void {
  const all = [...ref.keys.keys(), ...ref.buckets.keys()].sort();
  const c = b.cursor();
  const fwd: string[] = [];
  for (let e = c.first(); e; e = c.next()) fwd.push(str(e.key));
  expect(fwd).toEqual(all);
  const back: string[] = [];
  for (let e = c.last(); e; e = c.prev()) back.push(str(e.key));
  expect(back).toEqual([...all].reverse());
  for (let i = 0; i < 5; i++) {
    const probe = randomKey(rng);
    const want = all.find((k) => k >= probe) ?? null;
    const got = c.seek(bin(probe));
    expect(got ? str(got.key) : null).toBe(want);
  }
}

function randomKey(rng: Prng): string {
  if (rng.chance(0.1)) {
    // short binary keys, including 0x00 and 0xff bytes, to exercise byte order
    const n = rng.intn(1, 6);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(rng.pick([0, 1, 0x7f, 0x80, 0xfe, 0xff, rng.intn(0, 256)]));
    return s;
  }
  return `key-${String(rng.intn(0, 3000)).padStart(5, '0')}${rng.chance(0.2) ? '-' + 'x'.repeat(rng.intn(0, 60)) : ''}`;
}

function randomValue(rng: Prng): Uint8Array {
  // ~2% large values: multi-page overflow nodes
  const n = rng.chance(0.02) ? rng.intn(4000, 12000) : rng.intn(0, 120);
  const v = new Uint8Array(n);
  const seed = rng.nextUint32();
  for (let i = 0; i < n; i++) v[i] = (seed + i * 31) & 0xff;
  return v;
}

/** An existing key, cheaply: one of the first 64 in insertion order (no O(n) copy per op). */
function someKey(r: RefBucket, rng: Prng): string {
  let n = rng.intn(0, Math.min(64, r.keys.size));
  for (const k of r.keys.keys()) if (n-- === 0) return k;
  throw new Error('unreachable');
}

/** All bucket paths of the reference (root excluded), shallow first. */
function paths(ref: RefBucket, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, v] of ref.buckets) {
    out.push([...prefix, k]);
    out.push(...paths(v, [...prefix, k]));
  }
  return out;
}

function resolve(tx: Tx, ref: RefBucket, path: string[]): [Bucket, RefBucket] {
  let b = tx.bucket(bin(path[0]!))!;
  let r = ref.buckets.get(path[0]!)!;
  for (const p of path.slice(1)) {
    b = b.bucket(bin(p))!;
    r = r.buckets.get(p)!;
  }
  return [b, r];
}

function runRandom(seed: number, totalOps: number, opts: { noFreelistSync: boolean; pageSize?: number }): { commits: number; rollbacks: number; ops: number } {
  const rng = new Prng(seed);
  let db = DB.create({ noFreelistSync: opts.noFreelistSync, pageSize: opts.pageSize });
  let committed = newRef(); // root: only buckets at top level
  const readers: Array<{ tx: Tx; ref: RefBucket; until: number }> = [];
  let ops = 0;
  let commits = 0;
  let rollbacks = 0;

  const verifyAll = (d: DB, ref: RefBucket): void => {
    const problems = check(d);
    if (problems.length) throw new Error(`seed ${seed} op ${ops}: check failed:\n${problems.join('\n')}`);
    const dd = d.view((tx) => compareRaw(tx.root, ref));
    if (dd) throw new Error(`seed ${seed} op ${ops}: contents differ: ${dd}`);
  };

  while (ops < totalOps) {
    const tx = db.begin(true);
    // The reference is changed in place; an undo log reverts it on rollback (cheaper than a clone per tx).
    const ref = committed;
    const undo: Array<() => void> = [];
    const txOps = rng.intn(1, 200);
    let ps = paths(ref);
    for (let i = 0; i < txOps && ops < totalOps; i++, ops++) {
      const r = rng.next();
      if (ps.length === 0 || r < 0.008) {
        // create a top-level or nested bucket (depth <= 3)
        const parentPath = ps.length > 0 && rng.chance(0.6) ? rng.pick(ps.filter((p) => p.length < 3).concat([[]])) : [];
        const name = `b${rng.intn(0, 12)}`;
        const [pb, pr] = parentPath.length ? resolve(tx, ref, parentPath) : [tx.root, ref];
        if (pr.buckets.has(name)) {
          expect(() => pb.createBucket(name)).toThrow(/exists/);
        } else if (pr.keys.has(name)) {
          expect(() => pb.createBucket(name)).toThrow(/incompatible/);
        } else {
          pb.createBucket(name);
          pr.buckets.set(name, newRef());
          undo.push(() => pr.buckets.delete(name));
          ps = paths(ref);
        }
        continue;
      }
      const path = rng.pick(ps);
      const [b, br] = resolve(tx, ref, path);
      if (r < 0.012) {
        // delete a whole (possibly nested, possibly big) bucket
        const parentPath = path.slice(0, -1);
        const [pb, pr] = parentPath.length ? resolve(tx, ref, parentPath) : [tx.root, ref];
        const name = path[path.length - 1]!;
        pb.deleteBucket(name);
        const old = pr.buckets.get(name)!;
        pr.buckets.delete(name);
        undo.push(() => pr.buckets.set(name, old));
        ps = paths(ref);
      } else if (r < 0.7) {
        const k = randomKey(rng);
        const v = randomValue(rng);
        if (br.buckets.has(k)) {
          expect(() => b.put(bin(k), v)).toThrow(/incompatible/);
        } else {
          b.put(bin(k), v);
          const old = br.keys.get(k);
          br.keys.set(k, v);
          undo.push(() => (old === undefined ? br.keys.delete(k) : br.keys.set(k, old)));
        }
      } else if (r < 0.97) {
        // delete: mostly existing keys, so trees shrink and rebalance
        const k = br.keys.size > 0 && rng.chance(0.8) ? someKey(br, rng) : randomKey(rng);
        if (br.buckets.has(k)) continue;
        b.delete(bin(k));
        const old = br.keys.get(k);
        br.keys.delete(k);
        if (old !== undefined) undo.push(() => br.keys.set(k, old));
      } else {
        const k = br.keys.size > 0 && rng.chance(0.8) ? someKey(br, rng) : randomKey(rng);
        const got = b.get(bin(k));
        const want = br.keys.get(k) ?? null;
        if ((got === null) !== (want === null) || (got && got.length !== want!.length)) throw new Error(`get ${JSON.stringify(k)} mismatch`);
      }
    }
    ops++;
    if (rng.chance(0.15)) {
      tx.rollback();
      for (let u = undo.length - 1; u >= 0; u--) undo[u]!();
      rollbacks++;
      if (rng.chance(0.1)) verifyAll(db, committed);
    } else {
      const batch = tx.commit();
      commits++;
      expect(batch.highWaterPgid).toBe(db.stats().pageCount);
      verifyAll(db, committed);
      if (rng.chance(0.05)) {
        const cps = paths(committed);
        if (cps.length) db.view((t) => checkCursor(...resolve(t, committed, rng.pick(cps)), rng));
      }
    }
    // Long-lived readers pin pages: they must keep seeing their snapshot.
    for (let i = readers.length - 1; i >= 0; i--) {
      const rd = readers[i]!;
      if (commits >= rd.until) {
        const dd = rng.chance(0.5) ? compareRaw(rd.tx.root, rd.ref) : diff(rd.ref, dump(rd.tx.root));
        if (dd) throw new Error(`seed ${seed}: reader at txid ${rd.tx.id} sees ${dd}`);
        rd.tx.rollback();
        readers.splice(i, 1);
      }
    }
    if (readers.length < 3 && rng.chance(0.05)) readers.push({ tx: db.begin(false), ref: cloneRef(committed), until: commits + rng.intn(1, 30) });
    if (readers.length === 0 && rng.chance(0.01)) {
      db = DB.open(db.fileBytes(), { noFreelistSync: opts.noFreelistSync });
      verifyAll(db, committed);
    }
  }
  for (const rd of readers) rd.tx.rollback();
  const re = DB.open(db.fileBytes());
  verifyAll(re, committed);
  return { commits, rollbacks, ops };
}

describe('randomized against a reference model', () => {
  test("100,000 operations, seed 1, freelist persisted", () => {
    const t0 = performance.now();
    const r = runRandom(1, 100_000, { noFreelistSync: false });
    expect(r.ops).toBeGreaterThanOrEqual(100_000);
    expect(r.commits).toBeGreaterThan(100);
    expect(r.rollbacks).toBeGreaterThan(10);
    console.log(`random: ${r.ops} ops, ${r.commits} commits, ${r.rollbacks} rollbacks, ${Math.round(performance.now() - t0)} ms`);
  }, 60_000);

  test('10,000 operations, seed 5, 1 KiB pages (deeper trees, more overflow, more inline flips)', () => {
    runRandom(5, 10_000, { noFreelistSync: false, pageSize: 1024 });
  }, 60_000);

  test.each([2, 3, 4])('10,000 operations, seed %i, no freelist (etcd on Linux)', (seed) => {
    runRandom(seed, 10_000, { noFreelistSync: true });
  }, 30_000);
});
