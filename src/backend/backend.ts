// etcd's backend (mvcc/backend/backend.go) on top of our in-memory bbolt: one bolt db with etcd's
// buckets, one batch tx that collects every write, committed in batches; the commits are queued as
// WriteBatches for the host to persist. No clock inside: the node calls onTick() once per raft tick
// (100 ms), which plays the part of etcd's batch-interval timer.
//
// Persistence contract (see README.md): the host drains takeBatches() and writes each batch
// atomically, in order. A batch with replacesFile replaces the whole page store. On restart the host
// assembles the pages it holds into a file and calls Backend.open(file).

import { type DB, DB as BoltDB, inspect as inspectBolt, inspectPage as inspectBoltPage, type DbInspection, type PageElements, check as checkBolt } from '../bolt';
import { BatchTx } from './batchTx';
import { LsmTree } from '../lsm';
import { type BackendEngine, type EngineCounters, type EngineStats, newEngineCounters } from './engineStats';
import { BoltLsmStorage, LSM_BUCKET } from './lsmBackend';
import { type BackendBatch, guard, imageBatch, openBoltFile } from './boltFile';
import { decodeConsistentIndex, encodeConsistentIndex } from './consistentIndex';
import { BackendError } from './errors';
import { wouldExceedQuota } from './quota';
import { type SnapshotStatus, type VerifyOptions, appendSnapshotHash, loadSnapshot } from './snapshot';
import { REV_BYTES_LEN } from '../bolt';
import { AUTH_BUCKET, AUTH_REVISION_KEY, BUCKETS, CONSISTENT_INDEX_KEY, KEY_BUCKET, META_BUCKET, initialAuthRevision } from './schema';

/** etcd's defaultBatchLimit: commit once this many puts/deletes are pending. */
export const DEFAULT_BATCH_LIMIT = 10_000;
/** etcd's defaultBatchInterval is 100 ms = one raft tick here. */
export const DEFAULT_BATCH_INTERVAL_TICKS = 1;

export interface BackendOptions {
  /** Commit the batch tx every this many onTick() calls when it holds changes (default 1 = 100 ms). */
  batchIntervalTicks?: number;
  /** Commit as soon as a write leaves this many puts/deletes pending (default 10,000). */
  batchLimit?: number;
  /** Page size of a new file (default 4096). Ignored by open: the file says. */
  pageSize?: number;
  /**
   * Where a new file keeps MVCC's revision records (etcdscope's `--backend-engine`, default bbolt).
   * Ignored by open: a file with the `lsm` bucket is an lsm member's.
   */
  engine?: BackendEngine;
}

export interface BackendStats {
  /** File size: high-water mark × page size (etcd's dbSize); never shrinks except by defrag. */
  sizeBytes: number;
  /** sizeBytes − free pages × page size (etcd's dbSizeInUse). */
  inUseBytes: number;
  freePages: number;
  /** Freed by recent commits, reusable once no reader can see them. */
  pendingPages: number;
  /** High-water mark in pages. */
  pageCount: number;
  pageSize: number;
  /** Records in the `key` bucket (revisions incl. tombstones), including uncommitted ones. */
  keyBucketKeys: number;
  /** txid of the last commit. */
  txid: number;
}

export interface DefragResult {
  before: BackendStats;
  after: BackendStats;
  /** Always true: the queued batch is a whole new file (replacesFile); see takeBatches(). */
  rewrite: true;
}

export interface BackendInspection {
  /** The committed bolt state: pages, buckets, metas, freelist, recent commits. */
  bolt: DbInspection;
  stats: BackendStats;
  consistentIndex: number;
  /** Puts/deletes in the open batch tx (not yet committed). */
  pendingWrites: number;
  /** Whether the open batch tx holds anything (writes, consistent_index, new buckets). */
  dirty: boolean;
  /** onTick() calls so far, and the tick of the last commit (-1: none since open). */
  ticks: number;
  lastCommitTicks: number;
  /** Commits made by this Backend since it was created/opened. */
  commits: number;
  /** Batches committed but not yet taken by the host. */
  queuedBatches: number;
  batchIntervalTicks: number;
  batchLimit: number;
}

export class Backend {
  private readonly btx: BatchTx;
  private queue: BackendBatch[] = [];
  private cindex: number;
  private ticks = 0;
  private ticksSinceFlush = 0;
  private lastCommitTick = -1;
  private commitCount = 0;
  private tree: LsmTree | null = null;
  private counters: EngineCounters = newEngineCounters();
  /** Bytes of pages this backend's commits wrote (meta page included). */
  private pageBytesWritten = 0;
  readonly batchIntervalTicks: number;
  readonly batchLimit: number;

  private constructor(
    private readonly db: DB,
    opts: BackendOptions,
  ) {
    this.batchIntervalTicks = Math.max(1, opts.batchIntervalTicks ?? DEFAULT_BATCH_INTERVAL_TICKS);
    this.batchLimit = Math.max(1, opts.batchLimit ?? DEFAULT_BATCH_LIMIT);
    this.btx = new BatchTx(db);
    this.cindex = 0;
  }

  /**
   * A new backend as a fresh etcd 3.4 member has it: all ten buckets and auth/authRevision = 1,
   * committed. The whole file is queued as one replacesFile batch (the host's initial store).
   */
  static create(opts: BackendOptions = {}): Backend {
    const be = new Backend(BoltDB.create({ pageSize: opts.pageSize, noFreelistSync: true }), opts);
    be.ensureBuckets();
    if (opts.engine === 'lsm') {
      be.btx.unsafeCreateBucket(LSM_BUCKET);
      be.openTree();
    }
    be.btx.unsafePut(AUTH_BUCKET, AUTH_REVISION_KEY, initialAuthRevision());
    be.btx.pending = 0; // bootstrap writes are not client writes
    be.btx.touch();
    be.commit();
    // The bootstrap commit is part of the initial file, not a batch of the running member.
    be.queue = [imageBatch(be.db)];
    be.commitCount = 0;
    be.lastCommitTick = -1;
    be.pageBytesWritten = 0;
    return be;
  }

  /**
   * Recovery: the file the host assembled from the batches it persisted (pages [0, high water)).
   * Its meta/consistent_index is the last entry whose effects it holds. Missing etcd buckets are
   * created (as etcd's components do at startup) and committed with the next batch.
   * Throws BackendError ('not-bolt', 'corrupt').
   */
  static open(file: Uint8Array, opts: BackendOptions = {}): Backend {
    const be = new Backend(openBoltFile(file, 'backend file'), opts);
    guard('backend file', () => be.loadState());
    return be;
  }

  /**
   * Import a snapshot file (etcdctl snapshot save output): verified as verifySnapshotFile does,
   * then opened; the whole image is queued as a replacesFile batch for the host.
   */
  static fromSnapshot(bytes: Uint8Array, opts: BackendOptions & VerifyOptions = {}): { backend: Backend; status: SnapshotStatus } {
    const { db, status } = loadSnapshot(bytes, opts);
    const be = new Backend(db, opts);
    guard('snapshot', () => be.loadState());
    // A member keeps its own engine whatever the sender's was (a mixed cluster stays mixed).
    if (opts.engine !== undefined && opts.engine !== be.engine) be.convertTo(opts.engine);
    be.queue = [imageBatch(be.db)];
    return { backend: be, status };
  }

  /**
   * Moves every revision record to the other engine and commits: the `key` bucket into a new LSM
   * tree (flag ‖ KeyValue under the 17-byte revision), or the tree's records back into the `key`
   * bucket (a tombstone's key gets etcd's 't' suffix) and the `lsm` bucket dropped.
   */
  convertTo(engine: BackendEngine): void {
    if (engine === this.engine) return;
    const tx = this.btx.boltTx();
    if (engine === 'lsm') {
      const records: Array<[Uint8Array, Uint8Array]> = [];
      this.btx.unsafeForEach(KEY_BUCKET, (k, v) => void records.push([k.slice(), v.slice()]));
      tx.deleteBucket(KEY_BUCKET);
      tx.createBucket(KEY_BUCKET);
      tx.createBucket(LSM_BUCKET);
      this.openTree();
      for (const [k, v] of records) {
        const value = new Uint8Array(v.length + 1);
        value[0] = k.length > REV_BYTES_LEN ? 1 : 0;
        value.set(v, 1);
        this.tree!.put(k.subarray(0, REV_BYTES_LEN), value);
      }
    } else {
      const records: Array<[Uint8Array, Uint8Array]> = [];
      this.tree!.forEach((k, v) => void records.push([k, v]));
      this.tree = null;
      tx.deleteBucket(LSM_BUCKET);
      for (const [k, v] of records) {
        const key = v[0] === 1 ? Uint8Array.from([...k, 0x74]) : k;
        this.btx.unsafeSeqPut(KEY_BUCKET, key, v.subarray(1));
      }
    }
    this.btx.touch();
    this.commit();
  }

  private loadState(): void {
    this.ensureBuckets();
    this.cindex = decodeConsistentIndex(this.btx.unsafeGet(META_BUCKET, CONSISTENT_INDEX_KEY));
    let n = 0;
    let live = 0;
    if (this.btx.hasBucket(LSM_BUCKET)) {
      this.openTree();
      this.tree!.forEach((k, v) => {
        n++;
        live += k.length + v.length - 1;
      });
    } else {
      this.btx.bucket(KEY_BUCKET).forEachRaw((_k, v) => {
        n++;
        live += REV_BYTES_LEN + v.length;
      });
    }
    this.btx.keyRecords = n;
    this.counters.liveBytes = live;
  }

  private openTree(): void {
    try {
      this.tree = LsmTree.open(new BoltLsmStorage(() => this.btx));
    } catch (e) {
      throw new BackendError('corrupt', `lsm engine: ${(e as Error).message}`);
    }
  }

  /** Where MVCC's revision records live. */
  get engine(): BackendEngine {
    return this.tree ? 'lsm' : 'bbolt';
  }

  /** The LSM tree of an lsm backend (LsmMvccBackend's storage). */
  lsmTree(): LsmTree {
    if (!this.tree) throw new BackendError('missing-bucket', 'this backend keeps its records in bbolt, not in an LSM tree');
    return this.tree;
  }

  // ---- engine figures (the adapters report what they put, look up and delete) ----

  /**
   * A revision record of `bytes` was put. The bolt batch tx counts its own puts toward the batch
   * limit; the LSM's puts bypass it, so they are counted here.
   */
  noteRecordPut(bytes: number): void {
    this.counters.userBytes += bytes;
    this.counters.liveBytes += bytes;
    if (this.tree) {
      this.btx.pending++;
      this.btx.keyRecords++;
    }
  }

  noteRecordDeleted(bytes: number): void {
    this.counters.liveBytes -= bytes;
    if (this.tree) {
      this.btx.pending++;
      this.btx.keyRecords--;
    }
  }

  /** One record lookup that touched `units` pages (bbolt) or data blocks (lsm). */
  noteLookup(units: number): void {
    this.counters.gets++;
    this.counters.readUnits += units;
  }

  engineStats(): EngineStats {
    const base = { ...this.counters, engine: this.engine };
    if (!this.tree) return { ...base, writtenBytes: this.pageBytesWritten, diskBytes: this.stats().sizeBytes };
    const s = this.tree.stats();
    return {
      ...base,
      writtenBytes: s.flushBytes + s.compactionBytesWritten,
      diskBytes: s.tableBytes,
      lsm: {
        memtableEntries: s.memtableEntries,
        levels: s.levels,
        flushBytes: s.flushBytes,
        compactionBytesWritten: s.compactionBytesWritten,
        flushes: s.flushes,
        compactions: s.compactions,
        bloomChecks: s.bloomChecks,
        bloomNegatives: s.bloomNegatives,
        memtableHits: s.memtableHits,
      },
    };
  }

  private ensureBuckets(): void {
    for (const name of BUCKETS) this.btx.unsafeCreateBucket(name);
  }

  // ---- the batch tx ----

  /** The open batch tx, for components that keep their own buckets (lease, auth, members, alarm). */
  batchTx(): BatchTx {
    return this.btx;
  }

  /**
   * End of one write (etcd: batchTx.Unlock): if the pending puts/deletes reached the batch limit,
   * commit now. The KV store calls it through BoltMvccBackend.endWrite; other writers call it
   * after their writes.
   */
  endWrite(): void {
    if (this.btx.pending >= this.batchLimit) this.commit();
  }

  /** One raft tick: every batchIntervalTicks ticks, commit whatever the batch tx holds. */
  onTick(): boolean {
    this.ticks++;
    this.ticksSinceFlush++;
    if (this.ticksSinceFlush < this.batchIntervalTicks) return false;
    this.ticksSinceFlush = 0;
    return this.commit();
  }

  /** Commit now if anything is pending (before snapshot, defrag, status, shutdown). */
  forceCommit(): boolean {
    return this.commit();
  }

  /** Committed batches not yet handed to the host, oldest first; the queue is emptied. */
  takeBatches(): BackendBatch[] {
    const out = this.queue;
    this.queue = [];
    return out;
  }

  hasQueuedBatches(): boolean {
    return this.queue.length > 0;
  }

  private commit(): boolean {
    // The LSM has no WAL: its memtable goes to disk with the commit that records consistent_index.
    if (this.tree?.flush()) this.btx.touch();
    const batch = this.btx.commit();
    if (batch === null) return false;
    this.pageBytesWritten += (batch.pages.length + 1) * this.db.pageSize;
    this.queue.push({ ...batch, replacesFile: false });
    this.commitCount++;
    this.lastCommitTick = this.ticks;
    return true;
  }

  // ---- consistent_index ----

  /**
   * Record that entry `index` is applied. Call it BEFORE applying the entry's writes (as etcd 3.4
   * does), for every entry including empty ones and conf changes: any commit that contains the
   * entry's writes then also says `index`, and a commit between entries says the last one.
   */
  setConsistentIndex(index: number): void {
    if (index === this.cindex) return;
    this.cindex = index;
    this.btx.bucket(META_BUCKET).put(CONSISTENT_INDEX_KEY, encodeConsistentIndex(index));
    this.btx.touch();
  }

  consistentIndex(): number {
    return this.cindex;
  }

  // ---- size, quota, defrag ----

  stats(): BackendStats {
    const s = this.db.stats();
    return {
      sizeBytes: s.sizeBytes,
      inUseBytes: s.inUseBytes,
      freePages: s.freePages,
      pendingPages: s.pendingPages,
      pageCount: s.pageCount,
      pageSize: this.db.pageSize,
      keyBucketKeys: this.btx.keyRecords,
      txid: s.txid,
    };
  }

  /** etcd's backendQuota: would this request (estimated cost, see quota.ts) not fit? */
  wouldExceedQuota(quotaBytes: number, extraBytes: number): boolean {
    return wouldExceedQuota(this.stats().sizeBytes, quotaBytes, extraBytes);
  }

  /**
   * etcd's defrag: commit, copy every bucket into a fresh file (fill 0.9, key order), continue on
   * it. The file shrinks to what the data needs and bolt's txids restart. Any batches not yet taken
   * are dropped: the single queued batch is now the whole new file (replacesFile), which the host
   * must write in place of everything it held.
   */
  defrag(): DefragResult {
    this.commit();
    const before = this.stats();
    this.db.defrag();
    this.queue = [imageBatch(this.db)];
    return { before, after: this.stats(), rewrite: true };
  }

  // ---- snapshot ----

  /** `etcdctl snapshot save`: commit, stream the image of a read tx, append its SHA-256. */
  snapshotFile(): Uint8Array {
    this.commit();
    const image = this.db.view((tx) => tx.snapshotBytes());
    if (!this.tree) return appendSnapshotHash(image);
    // etcd's tools read bbolt: an lsm member saves its records in the `key` bucket of a copy.
    const copy = Backend.open(image);
    copy.convertTo('bbolt');
    return appendSnapshotHash(copy.db.view((tx) => tx.snapshotBytes()));
  }

  /**
   * etcd's backend.Snapshot, what a leader streams with MsgSnap: commit, then the image of a read
   * tx (no SHA-256 trailer; the receiver opens it with skipHashCheck).
   */
  snapshotImage(): Uint8Array {
    this.commit();
    return this.db.view((tx) => tx.snapshotBytes());
  }

  /** The committed file image (what the host's page store holds once the queue is persisted). */
  fileBytes(): Uint8Array {
    return this.db.fileBytes();
  }

  // ---- inspection ----

  /** Consistency problems of the committed file (empty = fine): bolt's checker. */
  check(): string[] {
    return checkBolt(this.db);
  }

  /** One page of the committed file with its elements (at most `limit`); RangeError outside the file. */
  inspectPage(pgid: number, limit?: number): PageElements {
    return inspectBoltPage(this.db, pgid, limit);
  }

  inspect(): BackendInspection {
    return {
      bolt: inspectBolt(this.db),
      stats: this.stats(),
      consistentIndex: this.cindex,
      pendingWrites: this.btx.pending,
      dirty: this.btx.dirty,
      ticks: this.ticks,
      lastCommitTicks: this.lastCommitTick,
      commits: this.commitCount,
      queuedBatches: this.queue.length,
      batchIntervalTicks: this.batchIntervalTicks,
      batchLimit: this.batchLimit,
    };
  }
}

export { BackendError };
