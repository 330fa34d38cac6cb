// keyIndex: the revision history of one key, as etcd's mvcc/key_index.go keeps it.
//
// A key's life is a list of generations. A generation starts at the put that (re)creates the key and
// ends with a tombstone (the delete's revision, stored as the generation's last revision); after a
// tombstone an empty generation is appended, waiting for the next put. Example: put@1.0, put@2.0,
// tombstone@3.0, put@4.0, tombstone@5.0 gives
//   generations: {ver:2, created:1.0, revs:[1.0, 2.0, 3.0]}, {ver:1, created:4.0, revs:[4.0, 5.0]}, {empty}
// Compaction drops revisions that no read at or after the compaction point can reach.

import { assert } from '../lib/assert';
import { type Revision, compareRev, revKey } from './revision';

export class Generation {
  /** Number of puts in this generation (the tombstone, if any, is not counted). */
  ver = 0;
  /** Revision of the put that started this generation. */
  created: Revision = { main: 0, sub: 0 };
  /** Strictly increasing; the last one is a tombstone unless this is the key's last generation. */
  revs: Revision[] = [];

  isEmpty(): boolean {
    return this.revs.length === 0;
  }

  /** Walks revs from newest to oldest while `keepGoing` holds; returns the index where it stopped, or -1. */
  walk(keepGoing: (r: Revision) => boolean): number {
    for (let i = this.revs.length - 1; i >= 0; i--) if (!keepGoing(this.revs[i]!)) return i;
    return -1;
  }
}

export interface KeyIndexGet {
  modified: Revision;
  created: Revision;
  ver: number;
}

export class KeyIndex {
  /** Last revision that touched this key (put or tombstone). */
  modified: Revision = { main: 0, sub: 0 };
  /** Never empty once the key has been put; the last generation is the live (or empty) one. */
  generations: Generation[] = [];

  constructor(readonly key: Uint8Array) {}

  put(r: Revision): void {
    assert(compareRev(r, this.modified) > 0, () => `keyIndex.put: revision ${revKey(r)} <= modified ${revKey(this.modified)}`);
    if (this.generations.length === 0) this.generations.push(new Generation());
    const g = this.generations[this.generations.length - 1]!;
    if (g.isEmpty()) g.created = r;
    g.revs.push(r);
    g.ver++;
    this.modified = r;
  }

  /** Restores a generation read back from the backend (used when rebuilding the index). */
  restore(created: Revision, modified: Revision, ver: number): void {
    assert(this.generations.length === 0, 'keyIndex.restore on a non-empty keyIndex');
    const g = new Generation();
    g.created = created;
    g.ver = ver;
    g.revs = [modified];
    this.generations.push(g);
    this.modified = modified;
  }

  /** Ends the current generation. Returns false (and changes nothing) if the key is not live. */
  tombstone(r: Revision): boolean {
    if (this.isEmpty()) return false;
    if (this.generations[this.generations.length - 1]!.isEmpty()) return false;
    this.put(r);
    this.generations.push(new Generation());
    return true;
  }

  isEmpty(): boolean {
    return this.generations.length === 1 && this.generations[0]!.isEmpty();
  }

  /** The key's state as seen at main revision `atRev`, or undefined if it did not exist then. */
  get(atRev: number): KeyIndexGet | undefined {
    if (this.isEmpty()) return undefined;
    const g = this.findGeneration(atRev);
    if (!g || g.isEmpty()) return undefined;
    const n = g.walk((r) => r.main > atRev);
    if (n === -1) return undefined;
    return { modified: g.revs[n]!, created: g.created, ver: g.ver - (g.revs.length - n - 1) };
  }

  /** Revisions at or after main revision `since`, one per main revision (the highest sub wins). */
  since(since: number): Revision[] {
    if (this.isEmpty()) return [];
    const sinceRev: Revision = { main: since, sub: 0 };
    let gi = this.generations.length - 1;
    for (; gi > 0; gi--) {
      const g = this.generations[gi]!;
      if (g.isEmpty()) continue;
      if (compareRev(sinceRev, g.created) > 0) break;
    }
    const out: Revision[] = [];
    let last = -1;
    for (; gi < this.generations.length; gi++) {
      for (const r of this.generations[gi]!.revs) {
        if (compareRev(sinceRev, r) > 0) continue;
        // Two changes to one key in one txn: only the last is visible from outside.
        if (r.main === last) out[out.length - 1] = r;
        else {
          out.push(r);
          last = r.main;
        }
      }
    }
    return out;
  }

  /**
   * Drops history not needed by reads at or after `atRev`. Revisions still needed are added to
   * `available` (keyed by revKey) so the backend keeps them; a tombstone that ends up alone is dropped.
   */
  compact(atRev: number, available: Set<string>): void {
    assert(!this.isEmpty(), 'keyIndex.compact on an empty keyIndex');
    let [genIdx, revIndex] = this.doCompact(atRev, available);
    const g = this.generations[genIdx]!;
    if (!g.isEmpty()) {
      if (revIndex !== -1) g.revs = g.revs.slice(revIndex);
      // A generation reduced to its tombstone is gone entirely.
      if (g.revs.length === 1 && genIdx !== this.generations.length - 1) {
        available.delete(revKey(g.revs[0]!));
        genIdx++;
      }
    }
    this.generations = this.generations.slice(genIdx);
  }

  /** Like compact, but only reports which revisions compaction at `atRev` would keep. */
  keep(atRev: number, available: Set<string>): void {
    if (this.isEmpty()) return;
    const [genIdx, revIndex] = this.doCompact(atRev, available);
    const g = this.generations[genIdx]!;
    if (!g.isEmpty() && revIndex === g.revs.length - 1 && genIdx !== this.generations.length - 1) {
      available.delete(revKey(g.revs[revIndex]!));
    }
  }

  private doCompact(atRev: number, available: Set<string>): [number, number] {
    let genIdx = 0;
    let g = this.generations[0]!;
    // Skip generations that ended (tombstone) at or before atRev: nothing at atRev can see them.
    while (genIdx < this.generations.length - 1) {
      const tomb = g.revs[g.revs.length - 1]!.main;
      if (tomb > atRev) break;
      genIdx++;
      g = this.generations[genIdx]!;
    }
    const revIndex = g.walk((r) => {
      if (r.main <= atRev) {
        available.add(revKey(r));
        return false;
      }
      return true;
    });
    return [genIdx, revIndex];
  }

  private findGeneration(atRev: number): Generation | undefined {
    const lastg = this.generations.length - 1;
    for (let cg = lastg; cg >= 0; cg--) {
      const g = this.generations[cg]!;
      if (g.revs.length === 0) continue;
      // A generation that ended at or before atRev: the key was deleted at atRev.
      if (cg !== lastg && g.revs[g.revs.length - 1]!.main <= atRev) return undefined;
      if (g.revs[0]!.main <= atRev) return g;
    }
    return undefined;
  }

  /** Checks the invariants stated above; throws InvariantError when one does not hold. */
  check(): void {
    assert(this.generations.length > 0, 'keyIndex has no generation');
    let prev: Revision | undefined;
    this.generations.forEach((g, i) => {
      const last = i === this.generations.length - 1;
      if (!last) assert(!g.isEmpty(), 'only the last generation may be empty');
      for (const r of g.revs) {
        if (prev) assert(compareRev(r, prev) > 0, 'keyIndex revisions must increase');
        prev = r;
      }
    });
    if (prev) assert(compareRev(prev, this.modified) === 0, 'keyIndex.modified must be the newest revision');
  }

  inspect(): { generations: { ver: number; created: Revision; revs: Revision[] }[]; modified: Revision } {
    return {
      modified: this.modified,
      generations: this.generations.map((g) => ({ ver: g.ver, created: g.created, revs: g.revs.slice() })),
    };
  }
}
