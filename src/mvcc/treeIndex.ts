// treeIndex: every key's keyIndex, ordered by key bytes (etcd's mvcc/index.go over a B-tree).
// Range ends follow etcd: an empty `end` means the single key; `end` = [0x00] means "no upper bound".

import { KeyIndex, type KeyIndexGet } from './keyIndex';
import type { Revision } from './revision';
import { OrderedKeys } from './orderedKeys';
import { assert } from '../lib/assert';

export interface IndexedRevision {
  key: Uint8Array;
  rev: Revision;
}

function isFromKey(end: Uint8Array): boolean {
  return end.length === 1 && end[0] === 0;
}

export class TreeIndex {
  private tree = new OrderedKeys<KeyIndex>();

  get keyCount(): number {
    return this.tree.size;
  }

  put(key: Uint8Array, r: Revision): void {
    let ki = this.tree.get(key);
    if (!ki) {
      ki = new KeyIndex(key);
      this.tree.set(key, ki);
    }
    ki.put(r);
  }

  /** Rebuild path: a key read back from the backend at its latest put. */
  restore(key: Uint8Array, created: Revision, modified: Revision, ver: number): void {
    let ki = this.tree.get(key);
    if (!ki) {
      ki = new KeyIndex(key);
      ki.restore(created, modified, ver);
      this.tree.set(key, ki);
      return;
    }
    ki.put(modified);
  }

  get(key: Uint8Array, atRev: number): KeyIndexGet | undefined {
    return this.tree.get(key)?.get(atRev);
  }

  keyIndex(key: Uint8Array): KeyIndex | undefined {
    return this.tree.get(key);
  }

  /** Returns false if the key is not live. */
  tombstone(key: Uint8Array, r: Revision): boolean {
    const ki = this.tree.get(key);
    return ki ? ki.tombstone(r) : false;
  }

  /** Visits the keyIndexes in [key, end) (see the header for end's meaning) in key order. */
  private visit(key: Uint8Array, end: Uint8Array, fn: (ki: KeyIndex) => boolean): void {
    if (end.length === 0) {
      const ki = this.tree.get(key);
      if (ki) fn(ki);
      return;
    }
    this.tree.ascend(key, isFromKey(end) ? undefined : end, (_k, ki) => fn(ki));
  }

  /** Keys and their revisions live at `atRev` in the range, in key order, at most `limit` (0: all). */
  revisions(key: Uint8Array, end: Uint8Array, atRev: number, limit = 0): { revs: IndexedRevision[]; total: number } {
    const revs: IndexedRevision[] = [];
    let total = 0;
    this.visit(key, end, (ki) => {
      const g = ki.get(atRev);
      if (g) {
        if (limit <= 0 || revs.length < limit) revs.push({ key: ki.key, rev: g.modified });
        total++;
      }
      return true;
    });
    return { revs, total };
  }

  countRevisions(key: Uint8Array, end: Uint8Array, atRev: number): number {
    return this.revisions(key, end, atRev, 1).total;
  }

  /** Keys live at `atRev` in the range (what a delete range removes). */
  keys(key: Uint8Array, end: Uint8Array, atRev: number): Uint8Array[] {
    const keys: Uint8Array[] = [];
    this.visit(key, end, (ki) => {
      if (ki.get(atRev)) keys.push(ki.key);
      return true;
    });
    return keys;
  }

  /** Every revision of keys in the range at or after `since`, in revision order (watch catch-up). */
  since(key: Uint8Array, end: Uint8Array, since: number): IndexedRevision[] {
    const out: IndexedRevision[] = [];
    this.visit(key, end, (ki) => {
      for (const r of ki.since(since)) out.push({ key: ki.key, rev: r });
      return true;
    });
    out.sort((a, b) => (a.rev.main - b.rev.main) || (a.rev.sub - b.rev.sub));
    return out;
  }

  /** Compacts every keyIndex at `atRev`; returns the revisions (revKey) the backend must keep. */
  compact(atRev: number): Set<string> {
    const available = new Set<string>();
    const empty: Uint8Array[] = [];
    for (const [k, ki] of this.tree.entries()) {
      ki.compact(atRev, available);
      if (ki.isEmpty()) empty.push(k);
    }
    for (const k of empty) this.tree.delete(k);
    return available;
  }

  /** The revisions a compaction at `atRev` would keep, without compacting. */
  keep(atRev: number): Set<string> {
    const available = new Set<string>();
    for (const [, ki] of this.tree.entries()) ki.keep(atRev, available);
    return available;
  }

  *keyIndexes(): IterableIterator<KeyIndex> {
    for (const [, ki] of this.tree.entries()) yield ki;
  }

  check(): void {
    this.tree.check();
    for (const [, ki] of this.tree.entries()) {
      ki.check();
      assert(!ki.isEmpty(), 'an empty keyIndex must have been removed from the tree');
    }
  }
}
