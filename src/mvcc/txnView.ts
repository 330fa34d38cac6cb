// TxnView: one request's view of the store (etcd's storeTxnRead/storeTxnWrite): reads at a
// revision, and for a write txn the puts and tombstones that all share its one revision.

import { EventType, type KeyValue, type MvccEvent } from '../etcd/api';
import { EMPTY } from '../lib/bytes';
import { assert } from '../lib/assert';
import type { MvccBackend } from './backend';
import { ErrCompacted, ErrFutureRev } from './errors';
import { type Revision, revKey } from './revision';
import type { TreeIndex } from './treeIndex';

export interface RangeOptions {
  limit: number;
  rev: number;
  count: boolean;
}

export interface RangeKeysResult {
  kvs: KeyValue[];
  count: number;
  rev: number;
}

/**
 * A view of the store for one request: either the committed state (read) or a write txn in
 * progress, whose own changes are visible to its later ops (etcd's storeTxnWrite).
 */
export class TxnView {
  readonly changes: KeyValue[] = [];
  readonly events: MvccEvent[] = [];

  constructor(
    /** Where reads below the compaction point are refused. */
    private readonly compactRev: () => number,
    private readonly idx: TreeIndex,
    private readonly backend: MvccBackend,
    readonly beginRev: number,
    readonly writable: boolean,
  ) {}

  /** The revision reads in this view see: the txn's own revision once it has written. */
  readRev(): number {
    return this.changes.length > 0 ? this.beginRev + 1 : this.beginRev;
  }

  rangeKeys(key: Uint8Array, end: Uint8Array, ro: RangeOptions): RangeKeysResult {
    const curRev = this.readRev();
    if (ro.rev > curRev) throw ErrFutureRev();
    const rev = ro.rev <= 0 ? curRev : ro.rev;
    if (rev < this.compactRev()) throw ErrCompacted();
    if (ro.count) return { kvs: [], count: this.idx.countRevisions(key, end, rev), rev: curRev };
    const { revs, total } = this.idx.revisions(key, end, rev, ro.limit);
    const kvs = revs.map(({ rev: r }) => {
      const kv = this.backend.getRevision(r);
      assert(kv, () => `revision ${revKey(r)} is in the index but not in the backend`);
      return { ...kv };
    });
    return { kvs, count: total, rev: curRev };
  }

  put(key: Uint8Array, value: Uint8Array, lease: bigint): void {
    assert(this.writable, 'put in a read-only view');
    const rev = this.beginRev + 1;
    const idxRev: Revision = { main: rev, sub: this.changes.length };
    const prev = this.idx.get(key, rev);
    const prevKv = prev ? this.backend.getRevision(prev.modified) : undefined;
    const kv: KeyValue = {
      key,
      value,
      createRevision: prev ? prev.created.main : rev,
      modRevision: rev,
      version: (prev ? prev.ver : 0) + 1,
      lease,
    };
    this.backend.putRevision(idxRev, kv, false);
    this.idx.put(key, idxRev);
    this.changes.push(kv);
    this.events.push(prevKv ? { type: EventType.PUT, kv: { ...kv }, prevKv: { ...prevKv } } : { type: EventType.PUT, kv: { ...kv } });
  }

  deleteRange(key: Uint8Array, end: Uint8Array): number {
    assert(this.writable, 'delete in a read-only view');
    const keys = this.idx.keys(key, end, this.readRev());
    for (const k of keys) this.delete(k);
    return keys.length;
  }

  private delete(key: Uint8Array): void {
    const rev = this.beginRev + 1;
    const idxRev: Revision = { main: rev, sub: this.changes.length };
    const prev = this.idx.get(key, rev);
    const prevKv = prev ? this.backend.getRevision(prev.modified) : undefined;
    // A tombstone record holds only the key (mvccpb.KeyValue{Key: key}).
    const tomb: KeyValue = { key, value: EMPTY, createRevision: 0, modRevision: 0, version: 0, lease: 0n };
    this.backend.putRevision(idxRev, tomb, true);
    const ok = this.idx.tombstone(key, idxRev);
    assert(ok, 'tombstone of a key that is not live');
    this.changes.push(tomb);
    const kv: KeyValue = { ...tomb, modRevision: rev };
    this.events.push(prevKv ? { type: EventType.DELETE, kv, prevKv: { ...prevKv } } : { type: EventType.DELETE, kv });
  }
}
