// The database: a bbolt file held in memory as pages (our "mmap"), two metas, the freelist, and the
// transactions. It does no I/O: a commit returns a WriteBatch that the host persists (data pages,
// then meta), and fileBytes() is the whole file exactly as bbolt would have it on disk.

import { assert } from '../lib/assert';
import { BUCKET_LEAF_FLAG, LEAF_PAGE_FLAG, FREELIST_PAGE_FLAG, Page } from './page';
import { BoltError } from './errors';
import { Freelist, readFreelistPage } from './freelist';
import { type Meta, MAGIC, VERSION, readMeta, validateMeta, writeMetaPage } from './meta';
import { Tx, type WriteBatch } from './tx';
import { walkBuckets } from './walk';
import type { Bucket } from './bucket';

export const DEFAULT_PAGE_SIZE = 4096;

export interface DBOptions {
  /** Page size for a new file (4096, as bbolt on x86-64 Linux). Ignored by open: the file says. */
  pageSize?: number;
  /** Do not persist the freelist (etcd on Linux): meta.freelist = all ones, rebuilt on open. */
  noFreelistSync?: boolean;
  /** How many recent commits to remember for the inspector. */
  commitLogSize?: number;
}

export interface DBStats {
  /** High-water mark × page size: the file size. Never shrinks (except by defrag). */
  sizeBytes: number;
  /** sizeBytes − free pages × page size: etcd's dbSizeInUse. */
  inUseBytes: number;
  freePages: number;
  pendingPages: number;
  /** High-water mark in pages. */
  pageCount: number;
  txid: number;
}

/** What one commit wrote: its copy-on-write footprint, for the inspector. */
export interface CommitRecord {
  txid: number;
  /** Runs of pages written (first pgid, page count incl. overflow), ascending. */
  written: Array<{ pgid: number; count: number }>;
  /** Pages this commit freed (pending at its txid). */
  freed: number[];
  metaPgid: 0 | 1;
  highWaterPgid: number;
}

export class DB {
  readonly pageSize: number;
  noFreelistSync: boolean;
  /** The file image; capacity may exceed highWater × pageSize. */
  private data: Uint8Array;
  /** Decoded meta pages 0 and 1 (null if that page does not validate). */
  private metas: [Meta | null, Meta | null];
  freelist = new Freelist();
  private rwtx: Tx | null = null;
  private readonly readers = new Set<Tx>();
  private commits: CommitRecord[] = [];
  private readonly commitLogSize: number;

  private constructor(pageSize: number, data: Uint8Array, metas: [Meta | null, Meta | null], opts: DBOptions) {
    this.pageSize = pageSize;
    this.data = data;
    this.metas = metas;
    this.noFreelistSync = opts.noFreelistSync ?? false;
    this.commitLogSize = opts.commitLogSize ?? 64;
  }

  /** A new empty database: meta 0 (txid 0), meta 1 (txid 1), page 2 empty freelist, page 3 empty root leaf. */
  static create(opts: DBOptions = {}): DB {
    const ps = opts.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!(ps >= 512 && ps <= 65536 && (ps & (ps - 1)) === 0)) throw new BoltError('invalid', `bad page size ${ps}`);
    const data = new Uint8Array(4 * ps);
    const metas: [Meta, Meta] = [0, 1].map((txid) => ({
      magic: MAGIC,
      version: VERSION,
      pageSize: ps,
      flags: 0,
      root: { root: 3, sequence: 0 },
      freelist: 2,
      pgid: 4,
      txid,
      checksum: '',
    })) as [Meta, Meta];
    for (const i of [0, 1] as const) {
      const bytes = writeMetaPage(metas[i], ps, i);
      data.set(bytes, i * ps);
      metas[i] = readMeta(new Page(bytes));
    }
    const fl = new Page(data.subarray(2 * ps, 3 * ps));
    fl.id = 2;
    fl.flags = FREELIST_PAGE_FLAG;
    const leaf = new Page(data.subarray(3 * ps, 4 * ps));
    leaf.id = 3;
    leaf.flags = LEAF_PAGE_FLAG;
    return new DB(ps, data, metas, opts);
  }

  /**
   * Open a file image. Throws BoltError: 'invalid' (not bolt), 'version-mismatch', 'checksum'
   * (both metas bad), 'corrupt' (metas fine, rest inconsistent with them). Copies the bytes.
   */
  static open(file: Uint8Array, opts: DBOptions = {}): DB {
    if (file.length < 16 + 64) throw new BoltError('invalid', `file too short (${file.length} bytes)`);
    // Page size comes from meta 0; if meta 0 is unusable, assume the default (as bbolt does).
    let ps = DEFAULT_PAGE_SIZE;
    let err0: unknown = null;
    let m0: Meta | null = null;
    try {
      m0 = validateMeta(new Page(file.subarray(0, Math.min(file.length, DEFAULT_PAGE_SIZE))));
      ps = m0.pageSize;
    } catch (e) {
      err0 = e;
    }
    let m1: Meta | null = null;
    let err1: unknown = null;
    try {
      if (file.length < ps + 80) throw new BoltError('invalid', 'file too short for meta page 1');
      m1 = validateMeta(new Page(file.subarray(ps, Math.min(file.length, 2 * ps))));
    } catch (e) {
      err1 = e;
    }
    if (m0 === null && m1 === null) throw err0 ?? err1;
    if (m0 !== null && m1 !== null && m0.pageSize !== m1.pageSize) throw new BoltError('corrupt', 'metas disagree on page size');
    const cur = m1 !== null && (m0 === null || m1.txid > m0.txid) ? m1 : m0!;
    ps = cur.pageSize;
    if (!(ps >= 512 && ps <= 65536 && (ps & (ps - 1)) === 0)) throw new BoltError('invalid', `bad page size ${ps}`);
    const size = cur.pgid * ps;
    if (cur.pgid < 3) throw new BoltError('corrupt', `high water mark ${cur.pgid} too small`);
    if (file.length < size) throw new BoltError('corrupt', `file is ${file.length} bytes, meta says ${size} (truncated?)`);
    if (cur.root.root < 2 || cur.root.root >= cur.pgid) throw new BoltError('corrupt', `root page ${cur.root.root} out of range`);
    if (cur.freelist !== null && (cur.freelist < 2 || cur.freelist >= cur.pgid)) {
      throw new BoltError('corrupt', `freelist page ${cur.freelist} out of range`);
    }
    const data = file.slice(0, size);
    const db = new DB(ps, data, [m0, m1], opts);
    db.loadFreelist(cur);
    return db;
  }

  private loadFreelist(m: Meta): void {
    if (m.freelist !== null) {
      const ids = readFreelistPage(this.pageAt(m.freelist));
      for (const id of ids) if (id < 2 || id >= m.pgid) throw new BoltError('corrupt', `freelist lists page ${id} outside [2, ${m.pgid})`);
      this.freelist.reset(ids);
      return;
    }
    // No persisted freelist: every page in [2, HWM) not reachable from the root is free.
    const used = new Set<number>();
    walkBuckets((id) => this.pageAt(id), m.root.root, {
      page: (p) => {
        for (let k = 0; k <= p.overflow; k++) used.add(p.id + k);
      },
    });
    const free: number[] = [];
    for (let id = 2; id < m.pgid; id++) if (!used.has(id)) free.push(id);
    this.freelist.reset(free);
  }

  /** The current meta: the valid one with the higher txid. */
  meta(): Meta {
    const [a, b] = this.metas;
    if (a === null) return b!;
    if (b === null) return a;
    return b.txid > a.txid ? b : a;
  }

  /** Both meta pages as decoded (null if it did not validate at open). */
  metaPages(): readonly [Meta | null, Meta | null] {
    return this.metas;
  }

  /** The page (with its overflow pages) at id, viewing the db's bytes. */
  pageAt(id: number): Page {
    const off = id * this.pageSize;
    if (off + this.pageSize > this.data.length) throw new BoltError('corrupt', `page ${id} beyond the end of the file`);
    const head = new Page(this.data.subarray(off, off + this.pageSize));
    const end = off + (head.overflow + 1) * this.pageSize;
    if (end > this.data.length) throw new BoltError('corrupt', `page ${id} overflow runs past the end of the file`);
    return head.overflow === 0 ? head : new Page(this.data.subarray(off, end));
  }

  /** Begin a transaction. Only one writer at a time; any number of readers, each on its snapshot. */
  begin(writable: boolean): Tx {
    if (!writable) {
      const tx = new Tx(this, false, this.meta());
      this.readers.add(tx);
      return tx;
    }
    if (this.rwtx !== null) throw new BoltError('tx-busy', 'a write transaction is already open');
    // Pages freed by commits no open reader can still see become reusable. A reader that began at
    // txid R sees nothing freed by txids <= R, so those are safe.
    let minReader = Infinity;
    for (const r of this.readers) minReader = Math.min(minReader, r.meta.txid);
    this.freelist.release(minReader);
    const tx = new Tx(this, true, this.meta());
    this.rwtx = tx;
    return tx;
  }

  /** Run fn in a write tx; commit if it returns, roll back if it throws. */
  update(fn: (tx: Tx) => void): WriteBatch {
    const tx = this.begin(true);
    try {
      fn(tx);
    } catch (e) {
      tx.rollback();
      throw e;
    }
    return tx.commit();
  }

  /** Run fn in a read tx. */
  view<T>(fn: (tx: Tx) => T): T {
    const tx = this.begin(false);
    try {
      return fn(tx);
    } finally {
      tx.rollback();
    }
  }

  openTxCount(): { writers: number; readers: number } {
    return { writers: this.rwtx ? 1 : 0, readers: this.readers.size };
  }

  /** @internal called by Tx.commit: copy the batch into the image, meta last. */
  applyCommit(batch: WriteBatch, runs: CommitRecord['written']): void {
    const ps = this.pageSize;
    this.ensureCapacity(batch.highWaterPgid * ps);
    for (const { pgid, bytes } of batch.pages) this.data.set(bytes, pgid * ps);
    this.data.set(batch.meta.bytes, batch.meta.pgid * ps);
    this.metas[batch.meta.pgid] = readMeta(new Page(batch.meta.bytes));
    this.commits.push({
      txid: batch.txid,
      written: runs,
      freed: [...(this.freelist.pendingByTxid().get(batch.txid) ?? [])],
      metaPgid: batch.meta.pgid,
      highWaterPgid: batch.highWaterPgid,
    });
    if (this.commits.length > this.commitLogSize) this.commits.shift();
  }

  /** @internal */
  txClosed(tx: Tx): void {
    if (tx === this.rwtx) this.rwtx = null;
    else this.readers.delete(tx);
  }

  private ensureCapacity(bytes: number): void {
    if (bytes <= this.data.length) return;
    let cap = Math.max(this.data.length, this.pageSize * 8);
    while (cap < bytes) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.data);
    // Readers keep Page views on the old buffer; its bytes for their pages never change, so that is fine.
    this.data = next;
  }

  /** The whole file as bbolt has it on disk: high-water mark × page size bytes. */
  fileBytes(): Uint8Array {
    return this.data.slice(0, this.meta().pgid * this.pageSize);
  }

  /** @internal Zero-copy view of the file image (check/inspect); valid until the next commit. */
  fileView(): Uint8Array {
    return this.data.subarray(0, this.meta().pgid * this.pageSize);
  }

  recentCommits(): readonly CommitRecord[] {
    return this.commits;
  }

  stats(): DBStats {
    const m = this.meta();
    const sizeBytes = m.pgid * this.pageSize;
    const freePages = this.freelist.freeCount();
    return {
      sizeBytes,
      inUseBytes: sizeBytes - freePages * this.pageSize,
      freePages,
      pendingPages: this.freelist.pendingCount(),
      pageCount: m.pgid,
      txid: m.txid,
    };
  }

  /**
   * Copy every bucket and key into dst (an empty db), as etcd's defrag and `bbolt compact` do:
   * key order, fill percent 0.9, a commit every maxKeysPerTx keys. Returns dst's commit batches.
   */
  compactInto(dst: DB, maxKeysPerTx = 10000): WriteBatch[] {
    const batches: WriteBatch[] = [];
    const src = this.begin(false);
    let wtx = dst.begin(true);
    let n = 0;
    const resolve = (path: readonly Uint8Array[]): Bucket => {
      let b = wtx.root;
      for (const name of path) b = b.bucket(name)!;
      b.fillPercent = 0.9;
      return b;
    };
    const copy = (from: Bucket, path: Uint8Array[]): void => {
      const entries: Array<{ k: Uint8Array; v: Uint8Array; bucket: boolean }> = [];
      from.forEachRaw((k, v, flags) => entries.push({ k: k.slice(), v, bucket: (flags & BUCKET_LEAF_FLAG) !== 0 }));
      let to = resolve(path);
      for (const e of entries) {
        if (e.bucket) {
          const child = to.createBucket(e.k);
          const srcChild = from.bucket(e.k)!;
          if (srcChild.sequence !== 0) child.setSequence(srcChild.sequence);
          copy(srcChild, [...path, e.k]);
          to = resolve(path); // the tx may have been committed and renewed meanwhile
        } else {
          to.put(e.k, e.v);
          if (++n >= maxKeysPerTx) {
            batches.push(wtx.commit());
            wtx = dst.begin(true);
            n = 0;
            to = resolve(path);
          }
        }
      }
    };
    try {
      copy(src.root, []);
      batches.push(wtx.commit());
    } catch (e) {
      wtx.rollback();
      throw e;
    } finally {
      src.rollback();
    }
    return batches;
  }

  /**
   * Rewrite this db compactly in place (etcd defrag): a fresh file with every key copied in order.
   * The file shrinks to what the data needs; txids restart. The host must rewrite the whole file
   * from fileBytes() afterwards. No transaction may be open.
   */
  defrag(): DBStats {
    if (this.rwtx !== null || this.readers.size > 0) throw new BoltError('db-busy', 'defrag with open transactions');
    const dst = DB.create({ pageSize: this.pageSize, noFreelistSync: this.noFreelistSync });
    this.compactInto(dst);
    assert(dst.rwtx === null && dst.readers.size === 0, 'compaction left a tx open');
    this.data = dst.data;
    this.metas = dst.metas;
    this.freelist = dst.freelist;
    this.commits = [];
    return this.stats();
  }
}
