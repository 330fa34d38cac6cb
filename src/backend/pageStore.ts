// The host side of the persistence contract, in memory: what IndexedDB (or SimDisk) must do with
// the batches Backend.takeBatches() returns. Used by the tests as the "disk", and a reference for
// the real page store: apply each batch atomically and in order; on restart, file() → Backend.open.

import type { BackendBatch } from './boltFile';

export class MemPageStore {
  private pages = new Map<number, Uint8Array>();
  private highWater = 0;
  private pageSize = 0;
  /** Batches applied, for tests. */
  applied = 0;

  /** Apply one batch (all of it or, on a crash, none: the caller simply does not call this). */
  persist(batch: BackendBatch): void {
    // A whole-file batch (new db, defrag, imported snapshot) replaces everything held so far.
    if (batch.replacesFile) this.pages = new Map();
    for (const p of batch.pages) this.pages.set(p.pgid, p.bytes);
    // Written last: until the meta page lands, the previous commit is what a reader finds.
    this.pages.set(batch.meta.pgid, batch.meta.bytes);
    this.pageSize = batch.meta.bytes.length;
    this.highWater = batch.highWaterPgid;
    this.applied++;
  }

  persistAll(batches: readonly BackendBatch[]): void {
    for (const b of batches) this.persist(b);
  }

  /** The file a restart reads: pages [0, high water), absent ones as zeros (never written = free). */
  file(): Uint8Array {
    const out = new Uint8Array(this.highWater * this.pageSize);
    for (const [id, bytes] of this.pages) if (id < this.highWater) out.set(bytes, id * this.pageSize);
    return out;
  }

  get pageCount(): number {
    return this.pages.size;
  }
}
