// Where an LSM tree keeps its files: numbered SSTables and one manifest naming the live ones. The
// tree writes new tables first, the manifest next, and deletes obsolete tables last, so whatever
// prefix of those writes survives a crash, the manifest on disk names only tables that exist
// (RocksDB's MANIFEST/CURRENT discipline). A container that commits all of one flush atomically
// (the backend's bolt transaction, see src/backend/lsmBackend.ts) gives the same result for free.
export interface LsmStorage {
  readManifest(): Uint8Array | null;
  writeManifest(bytes: Uint8Array): void;
  readTable(id: number): Uint8Array | null;
  writeTable(id: number, bytes: Uint8Array): void;
  deleteTable(id: number): void;
  /** Every table id stored, named by the manifest or not (orphans of a crash are removed at open). */
  listTables(): number[];
}

type Op = { kind: 'manifest'; bytes: Uint8Array } | { kind: 'table'; id: number; bytes: Uint8Array } | { kind: 'delete'; id: number };

/**
 * In memory, with a durability point: `sync()` makes every write so far durable, `crash(k)` loses
 * every write after the last sync except the first `k` (a crash part-way through a flush). The
 * reference storage for tests.
 */
export class MemLsmStorage implements LsmStorage {
  private manifest: Uint8Array | null = null;
  private tables = new Map<number, Uint8Array>();
  private pending: Op[] = [];

  readManifest(): Uint8Array | null {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const op = this.pending[i]!;
      if (op.kind === 'manifest') return op.bytes;
    }
    return this.manifest;
  }

  writeManifest(bytes: Uint8Array): void {
    this.pending.push({ kind: 'manifest', bytes: bytes.slice() });
  }

  readTable(id: number): Uint8Array | null {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const op = this.pending[i]!;
      if (op.kind !== 'manifest' && op.id === id) return op.kind === 'table' ? op.bytes : null;
    }
    return this.tables.get(id) ?? null;
  }

  writeTable(id: number, bytes: Uint8Array): void {
    this.pending.push({ kind: 'table', id, bytes: bytes.slice() });
  }

  deleteTable(id: number): void {
    this.pending.push({ kind: 'delete', id });
  }

  listTables(): number[] {
    const ids = new Set(this.tables.keys());
    for (const op of this.pending) {
      if (op.kind === 'table') ids.add(op.id);
      else if (op.kind === 'delete') ids.delete(op.id);
    }
    return [...ids].sort((a, b) => a - b);
  }

  get pendingOps(): number {
    return this.pending.length;
  }

  sync(): void {
    this.applyOps(this.pending);
    this.pending = [];
  }

  crash(keepOps = 0): void {
    this.applyOps(this.pending.slice(0, keepOps));
    this.pending = [];
  }

  /** Table ids on "disk" (after sync), for tests that look for leaked files. */
  tableIds(): number[] {
    return [...this.tables.keys()].sort((a, b) => a - b);
  }

  private applyOps(ops: Op[]): void {
    for (const op of ops) {
      if (op.kind === 'manifest') this.manifest = op.bytes;
      else if (op.kind === 'table') this.tables.set(op.id, op.bytes);
      else this.tables.delete(op.id);
    }
  }
}
