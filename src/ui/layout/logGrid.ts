// Column geometry for the raft log view: one row per member, one column per log index, so that
// entry i of every member lines up under the same header.

export interface LogRange {
  firstIndex: number;
  lastIndex: number;
}

export interface LogColumns {
  /** First and last index shown (inclusive). Empty when last < first. */
  first: number;
  last: number;
  /** Width of one column in px. */
  cellWidth: number;
  /** Number of columns that fit. */
  capacity: number;
}

export interface LogColumnOptions {
  /** Width available for cells (px), excluding the row label. */
  width: number;
  minCellWidth?: number;
  maxCellWidth?: number;
  /**
   * Pin the window to end at this index (the reader scrolled back); null follows the newest entry,
   * like a terminal that auto-scrolls.
   */
  pinnedLast?: number | null;
}

/**
 * Choose which indexes to show. Follows the newest entry of any member by default, so a leader
 * racing ahead stays visible and lagging followers show gaps on the left of their row.
 */
export function logColumns(ranges: LogRange[], opts: LogColumnOptions): LogColumns {
  const minCell = opts.minCellWidth ?? 26;
  const maxCell = opts.maxCellWidth ?? 40;
  const capacity = Math.max(1, Math.floor(Math.max(0, opts.width) / minCell));
  const nonEmpty = ranges.filter((r) => r.lastIndex >= r.firstIndex && r.lastIndex > 0);
  if (nonEmpty.length === 0) return { first: 1, last: 0, cellWidth: minCell, capacity };
  const lo = Math.min(...nonEmpty.map((r) => r.firstIndex));
  const hi = Math.max(...nonEmpty.map((r) => r.lastIndex));
  let last = hi;
  if (opts.pinnedLast != null) last = Math.min(hi, Math.max(lo, opts.pinnedLast));
  const first = Math.max(lo, last - capacity + 1);
  const count = last - first + 1;
  const cellWidth = Math.max(minCell, Math.min(maxCell, Math.floor(Math.max(0, opts.width) / Math.max(1, count))));
  return { first, last, cellWidth, capacity };
}

/** Left edge (px, relative to the first cell) of the column for `index`. */
export function columnX(cols: LogColumns, index: number): number {
  return (index - cols.first) * cols.cellWidth;
}

export function isVisible(cols: LogColumns, index: number): boolean {
  return index >= cols.first && index <= cols.last;
}

/** Which header indexes get a label: every one when cells are wide, else every 5th (plus the ends). */
export function headerTicks(cols: LogColumns): number[] {
  const out: number[] = [];
  if (cols.last < cols.first) return out;
  const every = cols.cellWidth >= 30 ? 1 : cols.cellWidth >= 20 ? 5 : 10;
  for (let i = cols.first; i <= cols.last; i++) {
    if (i === cols.first || i === cols.last || i % every === 0) out.push(i);
  }
  return out;
}
