// The LSM tree against a plain Map, under random puts, deletes, gets, flushes, crashes and reopens.
import { describe, expect, it } from 'vitest';
import { LsmTree, MemLsmStorage, type LsmOptions } from '.';
import { keyString } from './memtable';

/** A small deterministic PRNG (mulberry32) so a failing seed can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

// Tiny sizes so a few hundred operations reach several levels and many compactions.
const SMALL: Partial<LsmOptions> = { blockSizeBytes: 128, tableSizeBytes: 512, levelBaseBytes: 2048, levelMultiplier: 4, l0CompactionTrigger: 3, maxLevels: 5 };

function expectSame(tree: LsmTree, model: Map<string, string>, keys: string[]): void {
  for (const k of keys) expect(dec(tree.get(enc(k))), `get ${k}`).toBe(model.get(k));
  const seen: Array<[string, string]> = [];
  tree.forEach((k, v) => void seen.push([dec(k)!, dec(v)!]));
  const want = [...model.entries()].sort((a, b) => (keyString(enc(a[0])) < keyString(enc(b[0])) ? -1 : 1));
  expect(seen).toEqual(want);
}

describe('LsmTree against a Map', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: random writes, flushes, crashes and reopens`, () => {
      const r = rng(seed);
      const storage = new MemLsmStorage();
      let tree = LsmTree.open(storage, SMALL);
      const live = new Map<string, string>(); // what the tree holds now
      let durable = new Map<string, string>(); // what it held at the last flush + sync
      const keys = Array.from({ length: 120 }, (_, i) => `k${String(Math.floor(i * 7.3) % 997).padStart(4, '0')}/${i % 5}`);
      let maxLevel = 0;
      for (let step = 0; step < 1500; step++) {
        const x = r();
        const k = keys[Math.floor(r() * keys.length)]!;
        if (x < 0.5) {
          const v = `v${step}-${'x'.repeat(Math.floor(r() * 40))}`;
          tree.put(enc(k), enc(v));
          live.set(k, v);
        } else if (x < 0.7) {
          tree.delete(enc(k));
          live.delete(k);
        } else if (x < 0.85) {
          expect(dec(tree.get(enc(k))), `step ${step} get ${k}`).toBe(live.get(k));
        } else if (x < 0.96) {
          tree.flush();
          storage.sync();
          durable = new Map(live);
        } else if (x < 0.98) {
          // A crash part-way through whatever was written since the last sync: the tree on disk is
          // the last synced one, whatever prefix of the later writes survived.
          tree.flush();
          const flushedNow = new Map(live);
          storage.crash(Math.floor(r() * (storage.pendingOps + 1)));
          tree = LsmTree.open(storage, SMALL);
          // Tables, then manifest, then deletes: the tree on disk is either the last synced one or,
          // if the manifest write survived, the one this flush made — never a mix.
          const reopened = new Map<string, string>();
          tree.forEach((kk, vv) => void reopened.set(dec(kk)!, dec(vv)!));
          const same = (a: Map<string, string>) => a.size === reopened.size && [...a].every(([x, y]) => reopened.get(x) === y);
          expect(same(durable) || same(flushedNow), `step ${step}: reopened tree is neither the synced nor the flushed state`).toBe(true);
          durable = reopened;
          live.clear();
          for (const [a, b] of durable) live.set(a, b);
        } else {
          tree = LsmTree.open(storage, SMALL); // a clean reopen after sync keeps everything flushed
          live.clear();
          for (const [a, b] of durable) live.set(a, b);
        }
        maxLevel = Math.max(maxLevel, ...tree.tableIds().map((l, i) => (l.length ? i : 0)));
      }
      tree.flush();
      storage.sync();
      expectSame(tree, live, keys);
      expectSame(LsmTree.open(storage, SMALL), live, keys);
      expect(maxLevel, 'the run reached level 2 or deeper').toBeGreaterThanOrEqual(2);
      // No table is leaked: every table on disk is named by the manifest.
      expect(storage.tableIds()).toEqual(tree.tableIds().flat().sort((a, b) => a - b));
    });
  }

  it('a crash that loses the manifest write keeps the previous tree exactly', () => {
    const storage = new MemLsmStorage();
    const tree = LsmTree.open(storage, SMALL);
    tree.put(enc('a'), enc('1'));
    tree.flush();
    storage.sync();
    tree.put(enc('a'), enc('2'));
    tree.put(enc('b'), enc('3'));
    tree.flush();
    storage.crash(1); // the new table landed, the manifest did not
    const back = LsmTree.open(storage, SMALL);
    expect(dec(back.get(enc('a')))).toBe('1');
    expect(back.get(enc('b'))).toBeUndefined();
  });

  it('tombstones hide older values until compaction drops both', () => {
    const storage = new MemLsmStorage();
    const tree = LsmTree.open(storage, SMALL);
    for (let i = 0; i < 60; i++) tree.put(enc(`key${String(i).padStart(3, '0')}`), enc('v'.repeat(30)));
    tree.flush();
    for (let i = 0; i < 60; i++) tree.delete(enc(`key${String(i).padStart(3, '0')}`));
    tree.flush();
    expect(tree.get(enc('key010'))).toBeUndefined();
    // Enough new flushes to push everything to the bottom: the deleted data is gone from disk.
    for (let r = 0; r < 12; r++) {
      tree.put(enc(`z${r}`), enc('1'));
      tree.flush();
    }
    const s = tree.stats();
    expect(s.compactions).toBeGreaterThan(0);
    const held = s.levels.reduce((n, l) => n + l.entries, 0);
    expect(held, 'old values and their tombstones were compacted away').toBeLessThan(30);
    expect(tree.get(enc('key010'))).toBeUndefined();
  });

  it('counts read cost: a bloom negative reads no block, a hit reads one per table consulted', () => {
    const storage = new MemLsmStorage();
    const tree = LsmTree.open(storage, { ...SMALL, l0CompactionTrigger: 100 });
    for (let t = 0; t < 5; t++) {
      for (let i = 0; i < 20; i++) tree.put(enc(`t${t}-${String(i).padStart(2, '0')}`), enc('x'));
      tree.flush();
    }
    const before = tree.stats();
    expect(dec(tree.get(enc('t0-05')))).toBe('x');
    const after = tree.stats();
    expect(after.gets - before.gets).toBe(1);
    expect(after.blocksRead - before.blocksRead).toBe(1);
    // L0 tables are consulted newest first; t0's key range is disjoint from the newer tables', so only t0's bloom is checked.
    expect(after.bloomChecks - before.bloomChecks).toBe(1);
    tree.get(enc('t0-05x'));
    const miss = tree.stats();
    expect(miss.blocksRead - after.blocksRead).toBeLessThanOrEqual(1);
  });

  it('refuses empty keys and corrupt tables with clear errors', () => {
    const storage = new MemLsmStorage();
    const tree = LsmTree.open(storage);
    expect(() => tree.put(new Uint8Array(0), enc('v'))).toThrow(/empty key/);
    tree.put(enc('a'), enc('v'));
    tree.flush();
    storage.sync();
    const id = tree.tableIds()[0]![0]!;
    const bytes = storage.readTable(id)!;
    bytes[3] ^= 0xff;
    storage.writeTable(id, bytes);
    storage.sync();
    expect(() => LsmTree.open(storage)).toThrow(/checksum/);
  });
});
