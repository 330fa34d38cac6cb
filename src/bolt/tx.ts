// Transactions. A read tx sees the snapshot of the meta it started with: pages reachable from that
// meta are never overwritten while it is open, because frees stay pending until no reader needs them.
// A write tx works copy-on-write on nodes; commit() is bbolt's recipe and returns the WriteBatch the
// persistence layer writes: data pages first, then the meta page (to page txid % 2), atomically.

import { assert } from '../lib/assert';
import { Bucket, type KeyLike } from './bucket';
import type { Cursor } from './cursor';
import type { DB } from './db';
import { BoltError } from './errors';
import { type Meta, copyMeta, writeMetaPage } from './meta';
import { Page } from './page';

export interface WriteBatch {
  txid: number;
  /** Data pages (nodes, overflow pages, freelist), ascending pgid, one pageSize-byte entry per page,
   * each with its own ArrayBuffer (transferable). */
  pages: Array<{ pgid: number; bytes: Uint8Array }>;
  /** Written last: it is what makes the commit visible. */
  meta: { pgid: 0 | 1; bytes: Uint8Array };
  /** File size in pages after this commit (meta.pgid); the file never shrinks. */
  highWaterPgid: number;
}

export class Tx {
  readonly meta: Meta;
  readonly root: Bucket;
  /** Pages allocated by this write tx (first pgid → its bytes, overflow included). */
  readonly dirty = new Map<number, Page>();
  private readonly pageCache = new Map<number, Page>();
  private closed = false;
  /** Reusable ids when this tx began: restored by rollback. */
  private readonly savedFreeIds: number[];

  constructor(
    readonly db: DB,
    readonly writable: boolean,
    meta: Meta,
  ) {
    this.meta = copyMeta(meta);
    if (writable) this.meta.txid += 1;
    this.savedFreeIds = writable ? db.freelist.saveIds() : [];
    this.root = new Bucket(this);
    this.root.root = this.meta.root.root;
    this.root.sequence = this.meta.root.sequence;
  }

  get id(): number {
    return this.meta.txid;
  }
  get pageSize(): number {
    return this.db.pageSize;
  }
  get isClosed(): boolean {
    return this.closed;
  }
  /** Size of the database as this tx sees it. */
  get sizeBytes(): number {
    return this.meta.pgid * this.db.pageSize;
  }

  assertOpen(): void {
    if (this.closed) throw new BoltError('tx-closed', 'tx closed');
  }
  assertWritable(): void {
    this.assertOpen();
    if (!this.writable) throw new BoltError('tx-not-writable', 'tx not writable');
  }

  // ---- bucket API on the root bucket ----
  bucket(name: KeyLike): Bucket | null {
    return this.root.bucket(name);
  }
  createBucket(name: KeyLike): Bucket {
    return this.root.createBucket(name);
  }
  createBucketIfNotExists(name: KeyLike): Bucket {
    return this.root.createBucketIfNotExists(name);
  }
  deleteBucket(name: KeyLike): void {
    this.root.deleteBucket(name);
  }
  cursor(): Cursor {
    return this.root.cursor();
  }
  /** Every top-level bucket, in name order. */
  forEach(fn: (name: Uint8Array, b: Bucket) => void): void {
    this.root.forEach((k, v) => {
      if (v === null) fn(k, this.root.bucket(k)!);
    });
  }

  // ---- pages ----

  /** Page by id as this tx sees it: its own dirty page, else the db's pages ("mmap"). */
  page(id: number): Page {
    const d = this.dirty.get(id);
    if (d) return d;
    let p = this.pageCache.get(id);
    if (!p) {
      if (id >= this.meta.pgid) throw new BoltError('corrupt', `page ${id} beyond high water mark ${this.meta.pgid}`);
      p = this.db.pageAt(id);
      this.pageCache.set(id, p);
    }
    return p;
  }

  forEachPage(pgid: number, depth: number, fn: (p: Page, depth: number) => void): void {
    const p = this.page(pgid);
    fn(p, depth);
    if (p.isBranch) for (let i = 0; i < p.count; i++) this.forEachPage(p.branchPgid(i), depth + 1, fn);
  }

  /** Allocate count contiguous pages: reuse free ones, else grow at the high-water mark. */
  allocate(count: number): Page {
    let id = this.db.freelist.allocate(count);
    if (id === 0) {
      id = this.meta.pgid;
      this.meta.pgid += count;
    }
    const p = new Page(new Uint8Array(count * this.pageSize));
    p.id = id;
    p.overflow = count - 1;
    this.dirty.set(id, p);
    return p;
  }

  /** Free a page (and its overflow), pending at this txid. */
  freePage(id: number): void {
    const p = this.page(id);
    this.db.freelist.free(this.meta.txid, id, p.overflow);
  }

  // ---- end of tx ----

  commit(): WriteBatch {
    this.assertWritable();
    try {
      return this.commitInner();
    } catch (e) {
      this.rollback();
      throw e;
    }
  }

  private commitInner(): WriteBatch {
    const db = this.db;
    // 1. Merge nodes that lost keys; 2. split and write nodes to new pages (bottom-up).
    this.root.rebalance();
    this.root.spill();
    this.meta.root = { root: this.root.root, sequence: this.root.sequence };

    // 3. The old freelist page is replaced by a fresh one (or none when not persisted).
    if (this.meta.freelist !== null) this.freePage(this.meta.freelist);
    if (db.noFreelistSync) {
      this.meta.freelist = null;
    } else {
      const p = this.allocate(Math.floor(db.freelist.size() / this.pageSize) + 1);
      db.freelist.write(p);
      this.meta.freelist = p.id;
    }

    // 4. Dirty pages in pgid order, then 5. the meta page, last.
    const ids = [...this.dirty.keys()].sort((a, b) => a - b);
    const pages: WriteBatch['pages'] = [];
    const ps = this.pageSize;
    for (const id of ids) {
      const p = this.dirty.get(id)!;
      const n = p.bytes.length / ps;
      // slice: each entry owns its ArrayBuffer, so the host may transfer it to a worker/IndexedDB.
      for (let k = 0; k < n; k++) pages.push({ pgid: id + k, bytes: p.bytes.slice(k * ps, (k + 1) * ps) });
    }
    const metaPgid = (this.meta.txid % 2) as 0 | 1;
    this.meta.pageSize = ps;
    const metaBytes = writeMetaPage(this.meta, ps, metaPgid);
    const batch: WriteBatch = {
      txid: this.meta.txid,
      pages,
      meta: { pgid: metaPgid, bytes: metaBytes },
      highWaterPgid: this.meta.pgid,
    };
    db.applyCommit(batch, ids.map((id) => ({ pgid: id, count: this.dirty.get(id)!.bytes.length / ps })));
    this.closed = true;
    db.txClosed(this);
    return batch;
  }

  /** Abandon the tx. A read tx must be rolled back (closed) so pending pages can be reused. */
  rollback(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.writable) this.db.freelist.rollback(this.meta.txid, this.savedFreeIds);
    this.db.txClosed(this);
  }

  /**
   * This snapshot as a file, the way bbolt's Tx.WriteTo streams it (what `etcdctl snapshot save`
   * receives): meta page 0 carries this txid T, meta page 1 the same meta with txid T-1 (both
   * re-checksummed), then every data page below this tx's high-water mark. Read txs only: a writer's
   * changes are not in the pages yet.
   */
  snapshotBytes(): Uint8Array {
    this.assertOpen();
    if (this.writable) throw new BoltError('tx-not-writable', 'snapshotBytes needs a read-only tx');
    const ps = this.pageSize;
    const out = new Uint8Array(this.meta.pgid * ps);
    // Pages reachable from this meta cannot have been reused while this tx is open; others are free here.
    out.set(this.db.fileView().subarray(2 * ps, this.meta.pgid * ps), 2 * ps);
    out.set(writeMetaPage(this.meta, ps, 0), 0);
    const older = { ...this.meta, txid: Math.max(0, this.meta.txid - 1) };
    out.set(writeMetaPage(older, ps, 1), ps);
    return out;
  }

  /** All pages this tx touched so far (for inspection; empty for readers). */
  dirtyIds(): number[] {
    assert(this.writable || this.dirty.size === 0, 'read tx with dirty pages');
    return [...this.dirty.keys()].sort((a, b) => a - b);
  }
}
