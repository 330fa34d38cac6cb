// Pure math for the page map: cell size for N pages in a box, id ↔ (row, col), keyboard moves, and
// the look of each page kind (Okabe–Ito colour AND a pattern AND a letter, so colour is never the
// only cue), plus the copy-on-write footprint of commits the panel has not shown yet.
import { PAGE_KINDS, type CommitView, type PageKindName } from '../../protocol/inspect';

export interface GridGeometry {
  cell: number;
  gap: number;
  cols: number;
  rows: number;
  /** Letters are drawn when a cell is big enough to read them. */
  letters: boolean;
}

export const MIN_CELL = 5;
export const MAX_CELL = 36;
export const LETTER_MIN_CELL = 13;

/** The largest cell (MIN_CELL..MAX_CELL) that fits n pages in width × height; below MIN_CELL the grid scrolls. */
export function gridGeometry(n: number, width: number, height: number): GridGeometry {
  const w = Math.max(1, Math.floor(width));
  const h = Math.max(1, Math.floor(height));
  let cell = MAX_CELL;
  for (; cell > MIN_CELL; cell--) {
    const gap = cell >= 10 ? 2 : 1;
    const cols = Math.max(1, Math.floor((w + gap) / (cell + gap)));
    const rows = Math.ceil(Math.max(1, n) / cols);
    if (rows * (cell + gap) - gap <= h) break;
  }
  const gap = cell >= 10 ? 2 : 1;
  const cols = Math.max(1, Math.floor((w + gap) / (cell + gap)));
  return { cell, gap, cols, rows: Math.ceil(Math.max(1, n) / cols), letters: cell >= LETTER_MIN_CELL };
}

export function cellAt(g: GridGeometry, x: number, y: number, n: number): number | null {
  const pitch = g.cell + g.gap;
  const col = Math.floor(x / pitch);
  const row = Math.floor(y / pitch);
  if (col < 0 || col >= g.cols || row < 0) return null;
  if (x - col * pitch >= g.cell || y - row * pitch >= g.cell) return null;
  const id = row * g.cols + col;
  return id < n ? id : null;
}

/** Arrow keys move by one cell / one row, Home/End to the first/last page, PageUp/PageDown by 8 rows. */
export function moveSelection(key: string, current: number, n: number, cols: number): number | null {
  if (n <= 0) return null;
  const c = Math.min(Math.max(current, 0), n - 1);
  switch (key) {
    case 'ArrowRight':
      return Math.min(n - 1, c + 1);
    case 'ArrowLeft':
      return Math.max(0, c - 1);
    case 'ArrowDown':
      return c + cols < n ? c + cols : c;
    case 'ArrowUp':
      return c - cols >= 0 ? c - cols : c;
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    case 'PageDown':
      return Math.min(n - 1, c + cols * 8);
    case 'PageUp':
      return Math.max(0, c - cols * 8);
    default:
      return null;
  }
}

export type Pattern = 'solid' | 'stripes' | 'dots' | 'hollow' | 'cross' | 'bar';

export interface KindStyle {
  color: string;
  pattern: Pattern;
  letter: string;
}

/** Okabe–Ito colours; the pattern and letter carry the same information. */
export const KIND_STYLE: Record<PageKindName, KindStyle> = {
  meta: { color: '#F0E442', pattern: 'solid', letter: 'M' },
  freelist: { color: '#CC79A7', pattern: 'bar', letter: 'F' },
  branch: { color: '#E69F00', pattern: 'cross', letter: 'B' },
  leaf: { color: '#56B4E9', pattern: 'solid', letter: 'L' },
  overflow: { color: '#0072B2', pattern: 'stripes', letter: 'O' },
  free: { color: '#5b6472', pattern: 'hollow', letter: '·' },
  pending: { color: '#D55E00', pattern: 'dots', letter: 'P' },
};

export const KIND_ORDER: readonly PageKindName[] = PAGE_KINDS;

export function kindName(code: number): PageKindName {
  return PAGE_KINDS[code] ?? 'free';
}

/** Page runs [first, count] written and pages freed by commits with txid > sinceTxid (a defrag restarts txids: all then). */
export function commitsSince(commits: readonly CommitView[], sinceTxid: number | null): { written: Set<number>; freed: Set<number>; latestTxid: number | null } {
  const written = new Set<number>();
  const freed = new Set<number>();
  const latestTxid = commits.length ? commits[commits.length - 1]!.txid : null;
  if (sinceTxid === null || latestTxid === null) return { written, freed, latestTxid };
  const restarted = latestTxid < sinceTxid;
  for (const c of commits) {
    if (!restarted && c.txid <= sinceTxid) continue;
    for (const [first, count] of c.written) for (let k = 0; k < count; k++) written.add(first + k);
    for (const id of c.freed) freed.add(id);
  }
  return { written, freed, latestTxid };
}

/** Counts of each kind, in KIND_ORDER. */
export function kindCounts(kinds: Uint8Array): Record<PageKindName, number> {
  const out = Object.fromEntries(PAGE_KINDS.map((k) => [k, 0])) as Record<PageKindName, number>;
  for (const k of kinds) out[kindName(k)]++;
  return out;
}
