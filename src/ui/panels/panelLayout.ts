// Which optional side panels are shown (as tabs), whether the side panel takes the Raft log's place
// too, and where the page's panels sit (columns, order, hidden ones); all remembered in localStorage.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { MAIN_PANEL_IDS, defaultColumns, dropOn, dropInColumn, move, parseColumns, type Columns, type MainPanelId, type MoveDir } from './arrange';

export const OPTIONAL_PANEL_IDS = ['writepath', 'watch', 'txn', 'metrics'] as const;
export type OptionalPanelId = (typeof OPTIONAL_PANEL_IDS)[number];

export const LAYOUT_KEYS = { shown: 'etcdscope.panels', expanded: 'etcdscope.sideExpanded', columns: 'etcdscope.layout', hidden: 'etcdscope.hiddenPanels' } as const;

interface Layout {
  shown: OptionalPanelId[];
  expanded: boolean;
  /** The page's panels by column, top to bottom. */
  columns: Columns;
  /** Page panels hidden from the Panels menu (at least one stays shown). */
  hidden: MainPanelId[];
}

function read(k: string): string | null {
  try {
    return globalThis.localStorage?.getItem(k) ?? null;
  } catch {
    return null;
  }
}

function write(k: string, v: string): void {
  try {
    globalThis.localStorage?.setItem(k, v);
  } catch {
    // private mode / full quota: not remembered
  }
}

export function loadLayout(): Layout {
  let shown: OptionalPanelId[] = [...OPTIONAL_PANEL_IDS];
  const raw = read(LAYOUT_KEYS.shown);
  if (raw !== null) {
    try {
      const v = JSON.parse(raw) as unknown;
      if (Array.isArray(v)) shown = OPTIONAL_PANEL_IDS.filter((id) => v.includes(id));
    } catch {
      // unreadable: show them all
    }
  }
  let hidden: MainPanelId[] = [];
  const rawHidden = read(LAYOUT_KEYS.hidden);
  if (rawHidden !== null) {
    try {
      const v = JSON.parse(rawHidden) as unknown;
      if (Array.isArray(v)) hidden = MAIN_PANEL_IDS.filter((id) => v.includes(id));
      if (hidden.length === MAIN_PANEL_IDS.length) hidden = [];
    } catch {
      // unreadable: show them all
    }
  }
  return { shown, expanded: read(LAYOUT_KEYS.expanded) === 'on', columns: parseColumns(read(LAYOUT_KEYS.columns)), hidden };
}

export const panelLayoutStore = createStore<Layout>(() => loadLayout());

export function usePanelLayout<T>(sel: (s: Layout) => T): T {
  return useStore(panelLayoutStore, sel);
}

export function togglePanel(id: OptionalPanelId): void {
  const s = panelLayoutStore.getState();
  const shown = s.shown.includes(id) ? s.shown.filter((x) => x !== id) : OPTIONAL_PANEL_IDS.filter((x) => x === id || s.shown.includes(x));
  panelLayoutStore.setState({ shown });
  write(LAYOUT_KEYS.shown, JSON.stringify(shown));
}

export function setSideExpanded(expanded: boolean): void {
  panelLayoutStore.setState({ expanded });
  write(LAYOUT_KEYS.expanded, expanded ? 'on' : 'off');
}

function setColumns(columns: Columns): void {
  if (columns === panelLayoutStore.getState().columns) return;
  panelLayoutStore.setState({ columns });
  write(LAYOUT_KEYS.columns, JSON.stringify(columns));
}

const isShown = (id: MainPanelId) => !panelLayoutStore.getState().hidden.includes(id);

/** Keyboard / menu move: up and down swap with the neighbour, left and right change column. */
export function movePanel(id: MainPanelId, dir: MoveDir): void {
  setColumns(move(panelLayoutStore.getState().columns, id, dir, isShown));
}

/** Drag and drop onto another panel (before or after it) or onto a column's free space. */
export function dropPanel(id: MainPanelId, target: MainPanelId | { column: 0 | 1 }, after = false): void {
  const c = panelLayoutStore.getState().columns;
  setColumns(typeof target === 'string' ? dropOn(c, id, target, after) : dropInColumn(c, id, target.column));
}

/** Shows or hides a page panel; the last shown one cannot be hidden. */
export function toggleMainPanel(id: MainPanelId): void {
  const s = panelLayoutStore.getState();
  const hidden = s.hidden.includes(id) ? s.hidden.filter((x) => x !== id) : [...s.hidden, id];
  if (hidden.length >= MAIN_PANEL_IDS.length) return;
  panelLayoutStore.setState({ hidden });
  write(LAYOUT_KEYS.hidden, JSON.stringify(hidden));
}

/** Every panel back where it started, all shown, the side panel not expanded. */
export function resetLayout(): void {
  panelLayoutStore.setState({ columns: defaultColumns(), hidden: [], expanded: false, shown: [...OPTIONAL_PANEL_IDS] });
  write(LAYOUT_KEYS.columns, JSON.stringify(defaultColumns()));
  write(LAYOUT_KEYS.hidden, '[]');
  write(LAYOUT_KEYS.expanded, 'off');
  write(LAYOUT_KEYS.shown, JSON.stringify(OPTIONAL_PANEL_IDS));
}
