// The storage engine under the KV store, and the figures each engine measures about itself for the
// side-by-side comparison (lesson 34): what it was given, what it wrote, what a lookup cost it,
// and what it holds on disk. Counted since the backend was opened; the ratios are derived.

/**
 * `--backend-engine` (etcdscope's own flag; etcd 3.4 has only bbolt): where MVCC's revision
 * records (etcd's `key` bucket) live. The other buckets stay in the bbolt file either way.
 */
export type BackendEngine = 'bbolt' | 'lsm';
export const BACKEND_ENGINES: readonly BackendEngine[] = ['bbolt', 'lsm'];

/** A cluster's choice: one engine for every member, or one per member (raft id 1 first, cycling) — a mixed cluster applies the same entries on both. */
export type EngineChoice = BackendEngine | readonly BackendEngine[];

export function engineFor(choice: EngineChoice | undefined, id: number): BackendEngine | undefined {
  if (choice === undefined || typeof choice === 'string') return choice;
  return choice.length ? choice[(id - 1) % choice.length] : undefined;
}

/** Refuses anything but bbolt/lsm (or a non-empty list of them) with a clear error. */
export function checkEngineChoice(choice: unknown): EngineChoice | undefined {
  if (choice === undefined) return undefined;
  const ok = (e: unknown) => e === 'bbolt' || e === 'lsm';
  if (ok(choice) || (Array.isArray(choice) && choice.length > 0 && choice.every(ok))) return choice as EngineChoice;
  throw new Error(`--backend-engine must be bbolt or lsm (or a list of them per member), got ${JSON.stringify(choice)}`);
}

export interface EngineCounters {
  /** Bytes of MVCC records put (17-byte revision key + marshalled KeyValue): the same for both engines on the same workload. */
  userBytes: number;
  /** Record lookups by revision (every value a range, txn or watch catch-up fetched). */
  gets: number;
  /** bbolt: pages on each lookup's root-to-leaf path (overflow pages included); lsm: data blocks read. */
  readUnits: number;
  /** Bytes of the records the engine holds now (key + value, as userBytes counts them). */
  liveBytes: number;
}

export interface EngineStats extends EngineCounters {
  engine: BackendEngine;
  /** bbolt: pages written by commits (meta page included) × page size; lsm: table bytes written by flushes and compactions. */
  writtenBytes: number;
  /** bbolt: the file size (etcd's dbSize); lsm: bytes of its live tables. */
  diskBytes: number;
  /** The LSM's own breakdown (levels, flushes, compactions, bloom filter), when the engine is lsm. */
  lsm?: {
    memtableEntries: number;
    levels: Array<{ level: number; tables: number; sizeBytes: number; entries: number; targetBytes: number }>;
    flushBytes: number;
    compactionBytesWritten: number;
    flushes: number;
    compactions: number;
    bloomChecks: number;
    bloomNegatives: number;
    memtableHits: number;
  };
}

export function newEngineCounters(): EngineCounters {
  return { userBytes: 0, gets: 0, readUnits: 0, liveBytes: 0 };
}

/** The three ratios as a scenario checkpoint reads them (fields of ScenarioMember); zeros when the member is down. */
export function engineFields(s: EngineStats | undefined): { engineWriteAmp: number; engineReadCost: number; engineSpaceAmp: number } {
  if (!s) return { engineWriteAmp: 0, engineReadCost: 0, engineSpaceAmp: 0 };
  const r = engineRatios(s);
  return { engineWriteAmp: r.writeAmp, engineReadCost: r.readCost, engineSpaceAmp: r.spaceAmp };
}

/** Written / given, blocks or pages per lookup, disk / live: the three ratios the lesson compares (0 when undefined). */
export function engineRatios(s: Pick<EngineStats, 'userBytes' | 'writtenBytes' | 'gets' | 'readUnits' | 'diskBytes' | 'liveBytes'>): { writeAmp: number; readCost: number; spaceAmp: number } {
  return {
    writeAmp: s.userBytes > 0 ? s.writtenBytes / s.userBytes : 0,
    readCost: s.gets > 0 ? s.readUnits / s.gets : 0,
    spaceAmp: s.liveBytes > 0 ? s.diskBytes / s.liveBytes : 0,
  };
}
