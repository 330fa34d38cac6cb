// Where the page's panels sit: two columns, each a stack of panels from top to bottom. Pure functions
// (tested); panelLayout.ts keeps the arrangement in a store and in localStorage.

/** The page's panels that can be moved and hidden ('side' is the tabbed Events / MVCC / … panel). */
export const MAIN_PANEL_IDS = ['cluster', 'members', 'log', 'side', 'console'] as const;
export type MainPanelId = (typeof MAIN_PANEL_IDS)[number];

export type Columns = [MainPanelId[], MainPanelId[]];

export const DEFAULT_COLUMNS: Columns = [
  ['cluster', 'members'],
  ['log', 'side', 'console'],
];

export type MoveDir = 'up' | 'down' | 'left' | 'right';

export function defaultColumns(): Columns {
  return [[...DEFAULT_COLUMNS[0]], [...DEFAULT_COLUMNS[1]]];
}

export function isDefault(c: Columns): boolean {
  return JSON.stringify(c) === JSON.stringify(DEFAULT_COLUMNS);
}

/** Where a panel is: column and row, or null. */
export function locate(c: Columns, id: MainPanelId): { col: 0 | 1; row: number } | null {
  for (const col of [0, 1] as const) {
    const row = c[col].indexOf(id);
    if (row >= 0) return { col, row };
  }
  return null;
}

/**
 * Reads a stored arrangement; anything unreadable, unknown ids or duplicates give the default, and
 * panels missing from it (added in a later version) join the column they have by default.
 */
export function parseColumns(raw: string | null): Columns {
  if (raw === null) return defaultColumns();
  try {
    const v = JSON.parse(raw) as unknown;
    if (!Array.isArray(v) || v.length !== 2 || !v.every((col) => Array.isArray(col))) return defaultColumns();
    const seen = new Set<string>();
    const cols: Columns = [[], []];
    for (const i of [0, 1] as const) {
      for (const id of v[i] as unknown[]) {
        if (typeof id !== 'string' || !(MAIN_PANEL_IDS as readonly string[]).includes(id) || seen.has(id)) return defaultColumns();
        seen.add(id);
        cols[i].push(id as MainPanelId);
      }
    }
    for (const id of MAIN_PANEL_IDS) if (!seen.has(id)) cols[DEFAULT_COLUMNS[0].includes(id) ? 0 : 1].push(id);
    return cols;
  } catch {
    return defaultColumns();
  }
}

function copy(c: Columns): Columns {
  return [[...c[0]], [...c[1]]];
}

/** Can `id` move that way among the panels in `visible` (hidden ones are skipped over)? */
export function canMove(c: Columns, id: MainPanelId, dir: MoveDir, visible: (id: MainPanelId) => boolean = () => true): boolean {
  return move(c, id, dir, visible) !== c;
}

/**
 * Up/down swap the panel with the nearest shown panel above/below it in its column; left/right move it
 * into the other column at the same height (clamped). Returns `c` itself when it cannot move.
 */
export function move(c: Columns, id: MainPanelId, dir: MoveDir, visible: (id: MainPanelId) => boolean = () => true): Columns {
  const at = locate(c, id);
  if (!at) return c;
  const next = copy(c);
  const col = next[at.col];
  if (dir === 'up' || dir === 'down') {
    const step = dir === 'up' ? -1 : 1;
    let j = at.row + step;
    while (j >= 0 && j < col.length && !visible(col[j]!)) j += step;
    if (j < 0 || j >= col.length) return c;
    [col[at.row], col[j]] = [col[j]!, col[at.row]!];
    return next;
  }
  const to: 0 | 1 = dir === 'left' ? 0 : 1;
  if (to === at.col) return c;
  col.splice(at.row, 1);
  // The same position among the shown panels of the other column.
  const shownAbove = c[at.col].slice(0, at.row).filter(visible).length;
  const target = next[to];
  let insertAt = target.length;
  let count = 0;
  for (let k = 0; k < target.length; k++) {
    if (!visible(target[k]!)) continue;
    if (count === shownAbove) {
      insertAt = k;
      break;
    }
    count++;
  }
  target.splice(insertAt, 0, id);
  return next;
}

/** Drag and drop: puts `id` just before (or after) `target`, in the target's column. */
export function dropOn(c: Columns, id: MainPanelId, target: MainPanelId, after: boolean): Columns {
  if (id === target) return c;
  const next = copy(c);
  const from = locate(next, id);
  if (!from) return c;
  next[from.col].splice(from.row, 1);
  const to = locate(next, target);
  if (!to) return c;
  next[to.col].splice(to.row + (after ? 1 : 0), 0, id);
  return next;
}

/** Drag and drop onto an empty column (or below the last panel of one). */
export function dropInColumn(c: Columns, id: MainPanelId, col: 0 | 1): Columns {
  const from = locate(c, id);
  if (!from) return c;
  const next = copy(c);
  next[from.col].splice(from.row, 1);
  next[col].push(id);
  return next;
}
