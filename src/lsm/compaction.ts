// Leveled compaction (LevelDB's scheme): level 0 holds whole flushes, which may overlap; every
// deeper level is one sorted run split into tables that do not overlap, each level allowed
// `multiplier` times the bytes of the one above. When L0 has `l0CompactionTrigger` tables they are
// merged with the L1 tables they overlap into new L1 tables; when a deeper level is over its size,
// one of its tables (round robin through the key space) is merged into the next level.
// A merge keeps the newest entry per key; a tombstone is dropped once no deeper level can hold an
// older value of its key (then nothing is left for it to hide).
import { compareBytes } from '../lib/bytes';
import { keyString } from './memtable';
import { type Entry, TableReader } from './sstable';

export interface CompactionPick {
  /** The level the inputs come from (0: all of L0). */
  level: number;
  inputs: TableReader[];
  /** Tables of level + 1 whose key ranges overlap the inputs'. */
  overlapping: TableReader[];
}

export interface LevelShape {
  l0CompactionTrigger: number;
  levelBaseBytes: number;
  levelMultiplier: number;
  maxLevels: number;
}

export function levelSizeBytes(tables: readonly TableReader[]): number {
  let n = 0;
  for (const t of tables) n += t.sizeBytes;
  return n;
}

/** Byte budget of level `i` ≥ 1. */
export function levelTargetBytes(i: number, shape: LevelShape): number {
  return shape.levelBaseBytes * shape.levelMultiplier ** (i - 1);
}

function overlaps(t: TableReader, lo: Uint8Array, hi: Uint8Array): boolean {
  return compareBytes(t.largest, lo) >= 0 && compareBytes(t.smallest, hi) <= 0;
}

function rangeOf(tables: readonly TableReader[]): [Uint8Array, Uint8Array] {
  let lo = tables[0]!.smallest;
  let hi = tables[0]!.largest;
  for (const t of tables) {
    if (compareBytes(t.smallest, lo) < 0) lo = t.smallest;
    if (compareBytes(t.largest, hi) > 0) hi = t.largest;
  }
  return [lo, hi];
}

/** The next compaction the levels need, or null. `pointers[i]`: largest key last compacted out of level i. */
export function pickCompaction(levels: readonly TableReader[][], shape: LevelShape, pointers: Map<number, Uint8Array>): CompactionPick | null {
  const l0 = levels[0] ?? [];
  if (l0.length >= shape.l0CompactionTrigger) {
    const [lo, hi] = rangeOf(l0);
    return { level: 0, inputs: [...l0], overlapping: (levels[1] ?? []).filter((t) => overlaps(t, lo, hi)) };
  }
  for (let i = 1; i < shape.maxLevels - 1; i++) {
    const level = levels[i] ?? [];
    if (level.length === 0 || levelSizeBytes(level) <= levelTargetBytes(i, shape)) continue;
    const after = pointers.get(i);
    const pick = (after && level.find((t) => compareBytes(t.smallest, after) > 0)) || level[0]!;
    return { level: i, inputs: [pick], overlapping: (levels[i + 1] ?? []).filter((t) => overlaps(t, pick.smallest, pick.largest)) };
  }
  return null;
}

/**
 * The merged entries of a compaction in key order, newest first wins: level+1 tables are older than
 * the inputs; L0 inputs are oldest first. `keepTombstone(key)` says whether a deeper level may still
 * hold the key.
 */
export function mergeEntries(pick: CompactionPick, keepTombstone: (key: Uint8Array) => boolean): Entry[] {
  const merged = new Map<string, Entry>();
  for (const t of pick.overlapping) for (const e of t.entries()) merged.set(keyString(e.key), e);
  for (const t of pick.inputs) for (const e of t.entries()) merged.set(keyString(e.key), e);
  const out: Entry[] = [];
  for (const e of merged.values()) if (e.value !== null || keepTombstone(e.key)) out.push(e);
  return out.sort((a, b) => compareBytes(a.key, b.key));
}

/** Whether any table below `level` covers `key`: then a tombstone at `level` must stay. */
export function deeperMayHold(levels: readonly TableReader[][], level: number, key: Uint8Array): boolean {
  for (let i = level + 1; i < levels.length; i++) for (const t of levels[i]!) if (overlaps(t, key, key)) return true;
  return false;
}
