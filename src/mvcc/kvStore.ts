// KVStore: etcd's multi-version key-value store (mvcc/kvstore.go + the KV half of
// etcdserver/apply.go). Synchronous and I/O-free: every request is applied in one call.
//
// Revisions: the store starts at revision 1; each write txn that changes something bumps it by
// exactly one, and its changes get sub-revisions 0, 1, 2... in op order. Reads report the current
// revision in their header even when reading an older one. Compaction at R forgets history below
// R: reads below R fail with ErrCompacted, reads at R still work.
//
// Leases: the store only records a key's lease id. Attaching/detaching is the lessor's job; it can
// follow the MvccEvents (kv.lease vs prevKv.lease). `leaseExists` lets puts with an unknown lease
// fail as etcd's do.

import {
  type Compare,
  CompareResult,
  CompareTarget,
  type CompactionRequest,
  type CompactionResponse,
  type DeleteRangeRequest,
  type DeleteRangeResponse,
  EventType,
  type KeyValue,
  type MvccEvent,
  type PutRequest,
  type PutResponse,
  type RangeRequest,
  type RangeResponse,
  type RequestOp,
  type ResponseHeader,
  type ResponseOp,
  type TxnRequest,
  type TxnResponse,
  emptyRangeRequest,
} from '../etcd/api';
import { compareBytes, EMPTY } from '../lib/bytes';
import { assert } from '../lib/assert';
import { type MvccBackend, MemBackend } from './backend';
import { ErrCompacted, ErrFutureRev, ErrKeyNotFound, ErrLeaseNotFound } from './errors';
import { type Revision, revKey } from './revision';
import { needsFullRange, pruneKvs, sortKvs } from './rangeSort';
import { TreeIndex } from './treeIndex';
import { TxnView } from './txnView';
import { hashByRev } from './hash';
import {
  DEFAULT_MAX_TXN_OPS,
  checkDeleteRequest,
  checkIntervals,
  checkPutRequest,
  checkRangeRequest,
  checkTxnRequest,
  isTxnReadonly,
} from './txnCheck';

export type RangeResult = RangeResponse;

export interface KVStoreInspect {
  revision: number;
  compactRevision: number;
  /** Live keys at the current revision. */
  keyCount: number;
  /** Keys in the index, deleted ones with history included. */
  indexedKeys: number;
  keys: { key: Uint8Array; modified: Revision; generations: { ver: number; created: Revision; revs: Revision[] }[] }[];
  /** More keys follow the ones listed. */
  more: boolean;
}

export interface KVStoreOptions {
  backend?: MvccBackend;
  /** etcd's --max-txn-ops (default 128). */
  maxTxnOps?: number;
  /** Lease lookup for puts with a lease; when absent every lease id is accepted. */
  leaseExists?: (id: bigint) => boolean;
  /** The non-revision header fields of top-level responses (the node fills in its ids and term). */
  header?: () => Omit<ResponseHeader, 'revision'>;
}

/** Called once per write txn that changed something, with all its events in sub-revision order. */
export type CommitListener = (events: MvccEvent[], rev: number) => void;

const ZERO_ID = '0000000000000000';
const ZERO_HEADER = (): Omit<ResponseHeader, 'revision'> => ({ clusterId: ZERO_ID, memberId: ZERO_ID, raftTerm: 0 });
/** Sub-responses of a txn carry a header with only the revision set. */
const subHeader = (revision: number): ResponseHeader => ({ clusterId: ZERO_ID, memberId: ZERO_ID, revision, raftTerm: 0 });

export class KVStore {
  private index = new TreeIndex();
  /** Replaced as a whole when a raft snapshot is installed (restore). */
  backend: MvccBackend;
  private readonly maxTxnOps: number;
  private readonly leaseExists: (id: bigint) => boolean;
  private readonly header: () => Omit<ResponseHeader, 'revision'>;
  /** Invariant: currentRev >= 1 and >= every revision in the index. */
  private currentRev = 1;
  /** -1 until the first compaction; reads below it fail. Invariant: compactMainRev <= currentRev. */
  private compactMainRev = -1;
  private listeners: CommitListener[] = [];
  private restoreListeners: Array<() => void> = [];

  constructor(opts: KVStoreOptions = {}) {
    this.backend = opts.backend ?? new MemBackend();
    this.maxTxnOps = opts.maxTxnOps ?? DEFAULT_MAX_TXN_OPS;
    this.leaseExists = opts.leaseExists ?? (() => true);
    this.header = opts.header ?? ZERO_HEADER;
    this.restoreFromBackend();
  }

  rev(): number {
    return this.currentRev;
  }

  compactRev(): number {
    return this.compactMainRev;
  }

  /** Registers a listener for committed changes; returns the unsubscribe function. */
  subscribe(fn: CommitListener): () => void {
    this.listeners.push(fn);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn);
    };
  }

  /**
   * etcd's kv.Restore: the member installed a snapshot's db file; rebuild the index and revisions
   * from it. Watchers (restore listeners) re-sync from the new store.
   */
  restore(backend: MvccBackend): void {
    this.backend = backend;
    this.index = new TreeIndex();
    this.currentRev = 1;
    this.compactMainRev = -1;
    this.restoreFromBackend();
    for (const fn of this.restoreListeners) fn();
  }

  /** Called after restore(); returns the unsubscribe function. */
  onRestore(fn: () => void): () => void {
    this.restoreListeners.push(fn);
    return () => {
      this.restoreListeners = this.restoreListeners.filter((l) => l !== fn);
    };
  }

  range(req: RangeRequest): RangeResponse {
    checkRangeRequest(req);
    const resp = this.applyRange(this.readView(), req);
    resp.header = this.topHeader(resp.header.revision);
    return resp;
  }

  put(req: PutRequest): PutResponse {
    checkPutRequest(req);
    if (req.lease !== 0n && !this.leaseExists(req.lease)) throw ErrLeaseNotFound();
    return this.write((v) => {
      const resp = this.applyPut(v, req);
      return { ...resp, header: this.topHeader(resp.header.revision) };
    });
  }

  deleteRange(req: DeleteRangeRequest): DeleteRangeResponse {
    checkDeleteRequest(req);
    return this.write((v) => {
      const resp = this.applyDeleteRange(v, req);
      return { ...resp, header: this.topHeader(resp.header.revision) };
    });
  }

  txn(req: TxnRequest): TxnResponse {
    checkTxnRequest(req, this.maxTxnOps);
    checkIntervals(req.success);
    checkIntervals(req.failure);
    const view = this.readView();
    const path = this.compareToPath(view, req);
    const isWrite = !isTxnReadonly(req);
    // Checked against the state before the txn, along the branches that will run.
    if (isWrite) this.checkRequests(view, req, path, (op) => this.checkPut(view, op));
    this.checkRequests(view, req, path, (op) => this.checkRange(view, op));
    if (!isWrite) {
      const resp = this.applyTxn(view, req, path.slice()).resp;
      resp.header = this.topHeader(view.readRev());
      return resp;
    }
    return this.write((v) => {
      const resp = this.applyTxn(v, req, path.slice()).resp;
      resp.header = this.topHeader(v.readRev());
      return resp;
    });
  }

  /** Compacts history below `rev`. Physical removal happens immediately (the store is in memory). */
  compact(req: CompactionRequest | number): CompactionResponse {
    const rev = typeof req === 'number' ? req : req.revision;
    if (rev <= this.compactMainRev) throw ErrCompacted();
    if (rev > this.currentRev) throw ErrFutureRev();
    this.compactMainRev = rev;
    const keep = this.index.compact(rev);
    this.backend.beginWrite();
    this.backend.putMeta('scheduledCompactRev', rev);
    const doomed: Revision[] = [];
    this.backend.forEachRevision((r) => {
      if (r.main > rev) return false;
      if (!keep.has(revKey(r))) doomed.push(r);
    });
    for (const r of doomed) this.backend.deleteRevision(r);
    this.backend.putMeta('finishedCompactRev', rev);
    this.backend.endWrite();
    return { header: this.topHeader(this.currentRev) };
  }

  /**
   * etcd's HashKV: a CRC-32C over the stored history up to `rev` (0: current revision), with the
   * compaction point it covers from. Equal stores give equal hashes, and equal to real etcd's.
   */
  hashKV(rev = 0): { hash: number; revision: number; compactRevision: number } {
    if (rev > 0 && rev <= this.compactMainRev) throw ErrCompacted();
    if (rev > this.currentRev) throw ErrFutureRev();
    const at = rev > 0 ? rev : this.currentRev;
    return { hash: hashByRev(this.backend, at), revision: this.currentRev, compactRevision: this.compactMainRev };
  }

  /**
   * A plain snapshot for the visualizer: revisions and the keyIndex of up to `limit` keys from
   * `from` on (structured-clone safe; nothing live escapes).
   */
  inspect(opts: { limit?: number; from?: Uint8Array } = {}): KVStoreInspect {
    const limit = opts.limit ?? 200;
    const keys: KVStoreInspect['keys'] = [];
    let more = false;
    for (const ki of this.index.keyIndexes()) {
      if (opts.from && compareBytes(ki.key, opts.from) < 0) continue;
      if (keys.length >= limit) {
        more = true;
        break;
      }
      keys.push({ key: ki.key.slice(), ...ki.inspect() });
    }
    return { revision: this.currentRev, compactRevision: this.compactMainRev, keyCount: this.keyCount(), indexedKeys: this.index.keyCount, keys, more };
  }

  /** Number of live keys at the current revision. */
  keyCount(): number {
    return this.index.countRevisions(new Uint8Array([0]), new Uint8Array([0]), this.currentRev);
  }

  /** The index, for the visualizer and tests (read-only use). */
  get treeIndex(): TreeIndex {
    return this.index;
  }

  /** Events of keys in [key, end) with revision >= fromRev, in revision order (watch catch-up). */
  eventsSince(key: Uint8Array, end: Uint8Array, fromRev: number): MvccEvent[] {
    if (fromRev < this.compactMainRev) throw ErrCompacted();
    const out: MvccEvent[] = [];
    for (const { rev: r } of this.index.since(key, end, fromRev)) {
      const kv = this.backend.getRevision(r);
      assert(kv, () => `revision ${revKey(r)} is in the index but not in the backend`);
      if (kv.createRevision === 0) out.push({ type: EventType.DELETE, kv: { ...kv, modRevision: r.main } });
      else out.push({ type: EventType.PUT, kv: { ...kv } });
    }
    return out;
  }

  check(): void {
    assert(this.currentRev >= 1, 'currentRev >= 1');
    assert(this.compactMainRev <= this.currentRev, 'compactMainRev <= currentRev');
    this.index.check();
    for (const ki of this.index.keyIndexes()) {
      for (const g of ki.generations) {
        for (const r of g.revs) {
          assert(r.main <= this.currentRev, 'index revision beyond currentRev');
          assert(this.backend.getRevision(r), () => `index revision ${revKey(r)} missing from backend`);
        }
      }
    }
  }

  // ---- internals ----

  private topHeader(revision: number): ResponseHeader {
    return { ...this.header(), revision };
  }

  private readView(): TxnView {
    return new TxnView(() => this.compactMainRev, this.index, this.backend, this.currentRev, false);
  }

  /** Runs `fn` in one write txn: one revision for all its changes, none if it changed nothing. */
  private write<T>(fn: (v: TxnView) => T): T {
    const view = new TxnView(() => this.compactMainRev, this.index, this.backend, this.currentRev, true);
    this.backend.beginWrite();
    let result: T;
    try {
      result = fn(view);
    } finally {
      if (view.changes.length > 0) this.currentRev++;
      this.backend.endWrite();
    }
    if (view.events.length > 0) for (const l of this.listeners) l(view.events, this.currentRev);
    return result;
  }

  private applyRange(v: TxnView, r: RangeRequest): RangeResponse {
    let limit = needsFullRange(r) ? 0 : r.limit;
    if (limit > 0) limit++; // one extra to learn whether there are more
    const rr = v.rangeKeys(r.key, r.rangeEnd, { limit, rev: r.revision, count: r.countOnly });
    let kvs = pruneKvs(r, rr.kvs);
    sortKvs(r, kvs);
    let more = false;
    if (r.limit > 0 && kvs.length > r.limit) {
      kvs = kvs.slice(0, r.limit);
      more = true;
    }
    if (r.keysOnly) kvs = kvs.map((kv) => ({ ...kv, value: EMPTY }));
    return { header: subHeader(rr.rev), kvs, more, count: rr.count };
  }

  private applyPut(v: TxnView, p: PutRequest): PutResponse {
    let value = p.value;
    let lease = p.lease;
    let prev: KeyValue | undefined;
    if (p.ignoreValue || p.ignoreLease || p.prevKv) {
      prev = v.rangeKeys(p.key, EMPTY, { limit: 0, rev: 0, count: false }).kvs[0];
    }
    if (p.ignoreValue || p.ignoreLease) {
      if (!prev) throw ErrKeyNotFound();
      if (p.ignoreValue) value = prev.value;
      if (p.ignoreLease) lease = prev.lease;
    }
    v.put(p.key, value, lease);
    const resp: PutResponse = { header: subHeader(v.beginRev + 1) };
    if (p.prevKv && prev) resp.prevKv = prev;
    return resp;
  }

  private applyDeleteRange(v: TxnView, d: DeleteRangeRequest): DeleteRangeResponse {
    let prevKvs: KeyValue[] = [];
    if (d.prevKv) prevKvs = v.rangeKeys(d.key, d.rangeEnd, { limit: 0, rev: 0, count: false }).kvs;
    const hadChanges = v.changes.length > 0;
    const deleted = v.deleteRange(d.key, d.rangeEnd);
    const revision = deleted !== 0 || hadChanges ? v.beginRev + 1 : v.beginRev;
    return { header: subHeader(revision), deleted, prevKvs };
  }

  /** Applies the branch chosen by `path` (consumed front to back, nested txns included). */
  private applyTxn(v: TxnView, r: TxnRequest, path: boolean[]): { resp: TxnResponse; used: number } {
    const succeeded = path[0]!;
    let used = 1;
    const reqs = succeeded ? r.success : r.failure;
    const responses: ResponseOp[] = [];
    for (const op of reqs) {
      if ('requestRange' in op) responses.push({ responseRange: this.applyRange(v, op.requestRange) });
      else if ('requestPut' in op) responses.push({ responsePut: this.applyPut(v, op.requestPut) });
      else if ('requestDeleteRange' in op) responses.push({ responseDeleteRange: this.applyDeleteRange(v, op.requestDeleteRange) });
      else {
        const sub = this.applyTxn(v, op.requestTxn, path.slice(used));
        used += sub.used;
        // etcd leaves a nested txn's header revision unset (0)
        responses.push({ responseTxn: sub.resp });
      }
    }
    return { resp: { header: subHeader(0), succeeded, responses }, used };
  }

  private compareToPath(v: TxnView, r: TxnRequest): boolean[] {
    const ok = r.compare.every((c) => this.applyCompare(v, c));
    const path = [ok];
    for (const op of ok ? r.success : r.failure) if ('requestTxn' in op) path.push(...this.compareToPath(v, op.requestTxn));
    return path;
  }

  private applyCompare(v: TxnView, c: Compare): boolean {
    let kvs: KeyValue[];
    try {
      kvs = v.rangeKeys(c.key, c.rangeEnd, { limit: 0, rev: 0, count: false }).kvs;
    } catch {
      return false;
    }
    if (kvs.length === 0) {
      // A value compare on a missing key always fails; other targets compare against zero.
      if (c.target === CompareTarget.VALUE) return false;
      return compareKv(c, { key: c.key, value: EMPTY, createRevision: 0, modRevision: 0, version: 0, lease: 0n });
    }
    return kvs.every((kv) => compareKv(c, kv));
  }

  private checkRequests(v: TxnView, r: TxnRequest, path: boolean[], f: (op: RequestOp) => void): number {
    const reqs = path[0] ? r.success : r.failure;
    let used = 1;
    for (const op of reqs) {
      if ('requestTxn' in op) used += this.checkRequests(v, op.requestTxn, path.slice(used), f);
      else f(op);
    }
    return used;
  }

  private checkPut(v: TxnView, op: RequestOp): void {
    if (!('requestPut' in op)) return;
    const p = op.requestPut;
    if (p.ignoreValue || p.ignoreLease) {
      if (v.rangeKeys(p.key, EMPTY, { limit: 0, rev: 0, count: false }).kvs.length === 0) throw ErrKeyNotFound();
    }
    if (p.lease !== 0n && !this.leaseExists(p.lease)) throw ErrLeaseNotFound();
  }

  private checkRange(v: TxnView, op: RequestOp): void {
    if (!('requestRange' in op)) return;
    const rv = op.requestRange.revision;
    if (rv === 0) return;
    if (rv > v.readRev()) throw ErrFutureRev();
    // etcd compares against the compaction point here without mapping negative revisions to "latest".
    if (rv < this.compactMainRev) throw ErrCompacted();
  }

  /** Rebuilds the index from the backend's records (a restart; a no-op on an empty backend). */
  private restoreFromBackend(): void {
    this.compactMainRev = this.backend.getMeta('scheduledCompactRev') ?? -1;
    this.backend.forEachRevision((r, kv, tombstone) => {
      if (r.main > this.currentRev) this.currentRev = r.main;
      if (tombstone) this.index.tombstone(kv.key, r);
      else this.index.restore(kv.key, { main: kv.createRevision, sub: 0 }, r, kv.version);
    });
    if (this.compactMainRev > this.currentRev) this.currentRev = this.compactMainRev;
  }
}

function compareKv(c: Compare, kv: KeyValue): boolean {
  let result: number;
  switch (c.target) {
    case CompareTarget.VALUE:
      result = compareBytes(kv.value, c.value ?? EMPTY);
      break;
    case CompareTarget.CREATE:
      result = Math.sign(kv.createRevision - (c.createRevision ?? 0));
      break;
    case CompareTarget.MOD:
      result = Math.sign(kv.modRevision - (c.modRevision ?? 0));
      break;
    case CompareTarget.VERSION:
      result = Math.sign(kv.version - (c.version ?? 0));
      break;
    case CompareTarget.LEASE:
      result = kv.lease === (c.lease ?? 0n) ? 0 : kv.lease < (c.lease ?? 0n) ? -1 : 1;
      break;
  }
  switch (c.result) {
    case CompareResult.EQUAL:
      return result === 0;
    case CompareResult.NOT_EQUAL:
      return result !== 0;
    case CompareResult.GREATER:
      return result > 0;
    case CompareResult.LESS:
      return result < 0;
  }
}

/** A RangeRequest for [key, end) with etcd's defaults, for callers that do not need options. */
export function rangeRequest(key: Uint8Array, rangeEnd: Uint8Array = EMPTY): RangeRequest {
  return { ...emptyRangeRequest(key), rangeEnd };
}
