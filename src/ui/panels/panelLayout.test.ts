import { beforeEach, expect, test } from 'vitest';
import { DEFAULT_COLUMNS } from './arrange';
import { dropPanel, LAYOUT_KEYS, loadLayout, movePanel, OPTIONAL_PANEL_IDS, panelLayoutStore, resetLayout, setSideExpanded, toggleMainPanel, togglePanel } from './panelLayout';

const mem = new Map<string, string>();
beforeEach(() => {
  mem.clear();
  (globalThis as { localStorage?: unknown }).localStorage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => mem.set(k, v) };
  panelLayoutStore.setState(loadLayout());
});

test('every optional panel is shown at first; hiding and showing is remembered in order', () => {
  expect(panelLayoutStore.getState().shown).toEqual([...OPTIONAL_PANEL_IDS]);
  togglePanel('watch');
  expect(panelLayoutStore.getState().shown).toEqual(['writepath', 'txn', 'metrics']);
  togglePanel('watch');
  expect(panelLayoutStore.getState().shown).toEqual(['writepath', 'watch', 'txn', 'metrics']);
  togglePanel('metrics');
  setSideExpanded(true);
  expect(loadLayout()).toMatchObject({ shown: ['writepath', 'watch', 'txn'], expanded: true });
  mem.set(LAYOUT_KEYS.shown, 'not json');
  expect(loadLayout().shown).toEqual([...OPTIONAL_PANEL_IDS]);
});

test('moves, drops and hidden page panels are remembered; reset puts everything back', () => {
  movePanel('console', 'left');
  dropPanel('cluster', 'log', true);
  toggleMainPanel('members');
  const stored = loadLayout();
  expect(stored.columns).toEqual([['members', 'console'], ['log', 'cluster', 'side']]);
  expect(stored.hidden).toEqual(['members']);
  // The hidden members panel is the only one above the console: nothing shown to swap with.
  movePanel('console', 'up');
  expect(panelLayoutStore.getState().columns[0]).toEqual(['members', 'console']);
  resetLayout();
  expect(loadLayout()).toMatchObject({ columns: DEFAULT_COLUMNS, hidden: [], expanded: false });
});

test('the last shown page panel cannot be hidden', () => {
  for (const id of ['cluster', 'members', 'log', 'side', 'console'] as const) toggleMainPanel(id);
  expect(panelLayoutStore.getState().hidden).toEqual(['cluster', 'members', 'log', 'side']);
  mem.set(LAYOUT_KEYS.hidden, JSON.stringify(['cluster', 'members', 'log', 'side', 'console']));
  expect(loadLayout().hidden).toEqual([]);
});
