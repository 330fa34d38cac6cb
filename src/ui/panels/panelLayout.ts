// Which optional side panels are shown (as tabs), and whether the side panel takes the Raft log's
// place too; both remembered in localStorage.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export const OPTIONAL_PANEL_IDS = ['writepath', 'watch', 'txn', 'metrics'] as const;
export type OptionalPanelId = (typeof OPTIONAL_PANEL_IDS)[number];

export const LAYOUT_KEYS = { shown: 'etcdscope.panels', expanded: 'etcdscope.sideExpanded' } as const;

interface Layout {
  shown: OptionalPanelId[];
  expanded: boolean;
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
  return { shown, expanded: read(LAYOUT_KEYS.expanded) === 'on' };
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
