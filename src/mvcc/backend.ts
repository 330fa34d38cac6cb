// The storage under the MVCC index: etcd's "key" bucket, one record per revision.
//
// etcd writes every change as a record keyed by its revision (17 bytes, see revision.ts; a
// tombstone's key carries a trailing 't') whose value is the marshalled mvccpb.KeyValue. The index
// (treeIndex) only holds revisions; reads fetch the KeyValue from here. Compaction deletes the
// records the index no longer needs. A bbolt-backed implementation (pages in the page store) will
// implement this same interface; MemBackend keeps plain objects.
//
// Contract:
//  - calls happen synchronously, inside one KVStore write txn, between `beginWrite` and `endWrite`
//    (a batching backend may commit at endWrite or later; the KVStore never reads through a crash);
//  - revisions given to putRevision strictly increase; getRevision sees every put so far, including
//    the current txn's;
//  - KeyValue objects passed in are not mutated afterwards by the store, and callers must not mutate
//    what getRevision returns.

import type { KeyValue } from '../etcd/api';
import { assert } from '../lib/assert';
import { type Revision, compareRev, revKey } from './revision';

export interface MvccBackend {
  beginWrite(): void;
  /** Store `kv` at `rev`. A tombstone is a KeyValue with only `key` set (and modRevision = rev.main). */
  putRevision(rev: Revision, kv: KeyValue, tombstone: boolean): void;
  getRevision(rev: Revision): KeyValue | undefined;
  deleteRevision(rev: Revision): void;
  /** etcd's meta bucket entries "scheduledCompactRev" / "finishedCompactRev" (main revisions). */
  putMeta(name: 'scheduledCompactRev' | 'finishedCompactRev', main: number): void;
  getMeta(name: 'scheduledCompactRev' | 'finishedCompactRev'): number | undefined;
  endWrite(): void;
  /** Every stored record in revision order (rebuilding the index, compaction, hashing); `fn` returning false stops. */
  forEachRevision(fn: (rev: Revision, kv: KeyValue, tombstone: boolean) => boolean | void): void;
}

interface Record {
  rev: Revision;
  kv: KeyValue;
  tombstone: boolean;
}

export class MemBackend implements MvccBackend {
  private records = new Map<string, Record>();
  private meta = new Map<string, number>();
  private writing = false;
  private last: Revision | undefined;
  /** Counters for tests and the visualizer. */
  puts = 0;
  deletes = 0;

  beginWrite(): void {
    this.writing = true;
  }

  putRevision(rev: Revision, kv: KeyValue, tombstone: boolean): void {
    assert(!this.last || compareRev(rev, this.last) > 0, () => `putRevision: ${revKey(rev)} is not after ${revKey(this.last!)}`);
    this.last = rev;
    this.records.set(revKey(rev), { rev, kv, tombstone });
    this.puts++;
  }

  getRevision(rev: Revision): KeyValue | undefined {
    return this.records.get(revKey(rev))?.kv;
  }

  deleteRevision(rev: Revision): void {
    if (this.records.delete(revKey(rev))) this.deletes++;
  }

  putMeta(name: 'scheduledCompactRev' | 'finishedCompactRev', main: number): void {
    this.meta.set(name, main);
  }

  getMeta(name: 'scheduledCompactRev' | 'finishedCompactRev'): number | undefined {
    return this.meta.get(name);
  }

  endWrite(): void {
    this.writing = false;
  }

  get inWrite(): boolean {
    return this.writing;
  }

  get size(): number {
    return this.records.size;
  }

  forEachRevision(fn: (rev: Revision, kv: KeyValue, tombstone: boolean) => boolean | void): void {
    // A Map iterates in insertion order, and revisions are put in increasing order.
    for (const r of this.records.values()) if (fn(r.rev, r.kv, r.tombstone) === false) return;
  }
}
