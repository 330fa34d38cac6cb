// An LSM tree (log-structured merge tree): writes go to the memtable; a flush writes the memtable as
// one sorted level-0 table; compaction merges tables down the levels (compaction.ts). There is no
// write-ahead log of its own: the caller flushes whenever its own durability point needs the writes
// on disk (etcd's backend commit; raft's WAL is the log) — see src/backend/lsmBackend.ts.
//
// Synchronous and deterministic, no I/O: files go through an LsmStorage.
import { compareBytes } from '../lib/bytes';
import { deeperMayHold, levelSizeBytes, levelTargetBytes, type LevelShape, mergeEntries, pickCompaction } from './compaction';
import { LsmError } from './errors';
import { decodeManifest, encodeManifest } from './manifest';
import { keyString, Memtable } from './memtable';
import { buildTable, DEFAULT_BLOCK_SIZE_BYTES, type Entry, type ReadCounters, TableReader } from './sstable';
import type { LsmStorage } from './storage';
import { DEFAULT_BLOOM_BITS_PER_KEY } from './bloom';

export interface LsmOptions extends LevelShape {
  blockSizeBytes: number;
  /** Compaction output is cut into tables of about this size. */
  tableSizeBytes: number;
  bloomBitsPerKey: number;
}

/**
 * Small on purpose: a lesson writes hundreds of kilobytes, and the levels should show. (RocksDB's
 * defaults are 64 MB memtables and tables, 256 MB for L1.)
 */
export const DEFAULT_LSM_OPTIONS: LsmOptions = {
  blockSizeBytes: DEFAULT_BLOCK_SIZE_BYTES,
  tableSizeBytes: 16 * 1024,
  bloomBitsPerKey: DEFAULT_BLOOM_BITS_PER_KEY,
  l0CompactionTrigger: 4,
  levelBaseBytes: 64 * 1024,
  levelMultiplier: 10,
  maxLevels: 5,
};

export interface LsmLevelStats {
  level: number;
  tables: number;
  sizeBytes: number;
  entries: number;
  /** Level budget in bytes (L0 counts tables instead: 0 here). */
  targetBytes: number;
}

export interface LsmStats {
  memtableEntries: number;
  memtableBytes: number;
  levels: LsmLevelStats[];
  /** Bytes of every live table (what the engine holds on disk). */
  tableBytes: number;
  /** Key + value bytes handed to put/delete since open (tombstones count their key). */
  userBytes: number;
  /** Table bytes written by flushes and by compactions since open. */
  flushBytes: number;
  compactionBytesWritten: number;
  compactionBytesRead: number;
  flushes: number;
  compactions: number;
  /** Point gets since open, where they were answered, and what they cost. */
  gets: number;
  memtableHits: number;
  bloomChecks: number;
  bloomNegatives: number;
  blocksRead: number;
}

export class LsmTree {
  private readonly mem = new Memtable();
  private levels: TableReader[][];
  private nextTableId: number;
  private readonly pointers = new Map<number, Uint8Array>();
  private readonly reads: ReadCounters = { bloomChecks: 0, bloomNegatives: 0, blocksRead: 0 };
  private counters = { userBytes: 0, flushBytes: 0, compactionBytesWritten: 0, compactionBytesRead: 0, flushes: 0, compactions: 0, gets: 0, memtableHits: 0 };
  readonly opts: LsmOptions;

  private constructor(
    private readonly storage: LsmStorage,
    opts: Partial<LsmOptions>,
    levels: TableReader[][],
    nextTableId: number,
  ) {
    this.opts = { ...DEFAULT_LSM_OPTIONS, ...opts };
    this.levels = levels;
    while (this.levels.length < this.opts.maxLevels) this.levels.push([]);
    this.nextTableId = nextTableId;
  }

  /** Opens the tree the storage's manifest describes (an empty tree if it has none). Throws LsmError('corrupt'). */
  static open(storage: LsmStorage, opts: Partial<LsmOptions> = {}): LsmTree {
    const raw = storage.readManifest();
    if (raw === null) {
      for (const id of storage.listTables()) storage.deleteTable(id);
      return new LsmTree(storage, opts, [], 1);
    }
    const m = decodeManifest(raw);
    const levels = m.levels.map((ids) =>
      ids.map((id) => {
        const bytes = storage.readTable(id);
        if (bytes === null) throw new LsmError('corrupt', `manifest names table ${id}, which is missing`);
        return TableReader.open(id, bytes);
      }),
    );
    // Tables a crash left behind (written, but the manifest naming them was not): delete them.
    const named = new Set(m.levels.flat());
    for (const id of storage.listTables()) if (!named.has(id)) storage.deleteTable(id);
    return new LsmTree(storage, opts, levels, m.nextTableId);
  }

  put(key: Uint8Array, value: Uint8Array): void {
    if (key.length === 0) throw new LsmError('invalid', 'an empty key cannot be stored');
    this.mem.put(key, value);
    this.counters.userBytes += key.length + value.length;
  }

  delete(key: Uint8Array): void {
    if (key.length === 0) throw new LsmError('invalid', 'an empty key cannot be deleted');
    this.mem.put(key, null);
    this.counters.userBytes += key.length;
  }

  /** The newest value of `key`, or undefined (never written, or deleted). `count: false` leaves the read counters alone. */
  get(key: Uint8Array, count = true): Uint8Array | undefined {
    const counters = count ? this.reads : { bloomChecks: 0, bloomNegatives: 0, blocksRead: 0 };
    if (count) this.counters.gets++;
    const m = this.mem.get(key);
    if (m) {
      if (count) this.counters.memtableHits++;
      return m.value ?? undefined;
    }
    const e = this.lookupTables(key, counters);
    return e?.value ?? undefined;
  }

  private lookupTables(key: Uint8Array, counters: ReadCounters): Entry | undefined {
    const l0 = this.levels[0]!;
    for (let i = l0.length - 1; i >= 0; i--) {
      const e = l0[i]!.get(key, counters);
      if (e) return e;
    }
    for (let lv = 1; lv < this.levels.length; lv++) {
      const tables = this.levels[lv]!;
      // The one table whose range may hold the key: the first whose largest key is >= key.
      let lo = 0;
      let hi = tables.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareBytes(tables[mid]!.largest, key) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo < tables.length) {
        const e = tables[lo]!.get(key, counters);
        if (e) return e;
      }
    }
    return undefined;
  }

  /** Every live key/value in key order (memtable and tables merged, tombstones applied). `fn` returning false stops. */
  forEach(fn: (key: Uint8Array, value: Uint8Array) => boolean | void): void {
    const merged = new Map<string, Entry>();
    for (let lv = this.levels.length - 1; lv >= 1; lv--) for (const t of this.levels[lv]!) for (const e of t.entries()) merged.set(keyString(e.key), e);
    for (const t of this.levels[0]!) for (const e of t.entries()) merged.set(keyString(e.key), e);
    for (const e of this.mem.sorted()) merged.set(keyString(e.key), e);
    const all = [...merged.values()].sort((a, b) => compareBytes(a.key, b.key));
    for (const e of all) if (e.value !== null && fn(e.key, e.value) === false) return;
  }

  /**
   * Writes the memtable as a level-0 table, runs the compactions the levels then need, and writes
   * the manifest. Returns false (and writes nothing) when the memtable is empty.
   */
  flush(): boolean {
    if (this.mem.entryCount === 0) return false;
    const table = this.writeTable(this.mem.sorted());
    this.counters.flushBytes += table.sizeBytes;
    this.counters.flushes++;
    this.levels[0]!.push(table);
    this.mem.clear();
    const obsolete: number[] = [];
    for (let pick = pickCompaction(this.levels, this.opts, this.pointers); pick; pick = pickCompaction(this.levels, this.opts, this.pointers)) {
      obsolete.push(...this.compact(pick.level, pick.inputs, pick.overlapping));
    }
    this.storage.writeManifest(encodeManifest({ version: 1, nextTableId: this.nextTableId, levels: this.levels.map((l) => l.map((t) => t.id)) }));
    for (const id of obsolete) this.storage.deleteTable(id);
    return true;
  }

  private compact(level: number, inputs: TableReader[], overlapping: TableReader[]): number[] {
    const out = level + 1;
    const entries = mergeEntries({ level, inputs, overlapping }, (key) => deeperMayHold(this.levels, out, key));
    for (const t of [...inputs, ...overlapping]) this.counters.compactionBytesRead += t.sizeBytes;
    const outputs: TableReader[] = [];
    let run: Entry[] = [];
    let runBytes = 0;
    for (const e of entries) {
      run.push(e);
      runBytes += e.key.length + (e.value?.length ?? 0) + 4;
      if (runBytes >= this.opts.tableSizeBytes) {
        outputs.push(this.writeTable(run));
        run = [];
        runBytes = 0;
      }
    }
    if (run.length) outputs.push(this.writeTable(run));
    for (const t of outputs) this.counters.compactionBytesWritten += t.sizeBytes;
    this.counters.compactions++;
    const gone = new Set([...inputs, ...overlapping]);
    this.levels[level] = this.levels[level]!.filter((t) => !gone.has(t));
    this.levels[out] = [...this.levels[out]!.filter((t) => !gone.has(t)), ...outputs].sort((a, b) => compareBytes(a.smallest, b.smallest));
    if (level > 0) this.pointers.set(level, inputs[inputs.length - 1]!.largest);
    return [...gone].map((t) => t.id);
  }

  private writeTable(entries: Entry[]): TableReader {
    const id = this.nextTableId++;
    const bytes = buildTable(entries, { blockSizeBytes: this.opts.blockSizeBytes, bloomBitsPerKey: this.opts.bloomBitsPerKey });
    this.storage.writeTable(id, bytes);
    return TableReader.open(id, bytes);
  }

  get memtableEntries(): number {
    return this.mem.entryCount;
  }

  stats(): LsmStats {
    const levels = this.levels.map((tables, level) => ({
      level,
      tables: tables.length,
      sizeBytes: levelSizeBytes(tables),
      entries: tables.reduce((n, t) => n + t.entryCount, 0),
      targetBytes: level === 0 ? 0 : levelTargetBytes(level, this.opts),
    }));
    return {
      memtableEntries: this.mem.entryCount,
      memtableBytes: this.mem.sizeBytes,
      levels,
      tableBytes: levels.reduce((n, l) => n + l.sizeBytes, 0),
      ...this.counters,
      ...this.reads,
    };
  }

  /** Live table ids per level (tests, inspection). */
  tableIds(): number[][] {
    return this.levels.map((l) => l.map((t) => t.id));
  }
}
