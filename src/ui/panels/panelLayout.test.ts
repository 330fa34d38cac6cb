import { beforeEach, expect, test } from 'vitest';
import { LAYOUT_KEYS, loadLayout, OPTIONAL_PANEL_IDS, panelLayoutStore, setSideExpanded, togglePanel } from './panelLayout';

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
  expect(loadLayout()).toEqual({ shown: ['writepath', 'watch', 'txn'], expanded: true });
  mem.set(LAYOUT_KEYS.shown, 'not json');
  expect(loadLayout().shown).toEqual([...OPTIONAL_PANEL_IDS]);
});
