// Moving the page's panels: every panel's header can be dragged onto another panel (it lands before or
// after it) or onto a column's free space; its ⠿ button opens a menu (move up / down / to the other
// column, hide, reset layout) and Alt+arrow keys on that button move the panel at once. Where panels
// sit is kept by panelLayout.ts (localStorage).
import { useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent, type PointerEvent } from 'react';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { MessageKey } from '../i18n';
import { useT } from '../store/hooks';
import { canMove, locate, type MainPanelId, type MoveDir } from './arrange';
import { dropPanel, movePanel, panelLayoutStore, resetLayout, toggleMainPanel, usePanelLayout } from './panelLayout';

export const MAIN_PANEL_TITLE: Record<MainPanelId, MessageKey> = {
  cluster: 'panel.cluster',
  members: 'panel.members',
  log: 'panel.log',
  side: 'layout.sidePanel',
  console: 'panel.console',
};

const DRAG_TYPE = 'application/x-etcdscope-panel';
/** The panel being dragged (dataTransfer cannot be read during dragover). */
let dragging: MainPanelId | null = null;

/** What the last arrangement change was, for the polite live region. */
const announceStore = createStore<{ text: { key: MessageKey; params?: Record<string, string | number> } | null; n: number }>(() => ({ text: null, n: 0 }));

function announce(key: MessageKey, params?: Record<string, string | number>): void {
  announceStore.setState((s) => ({ text: { key, params }, n: s.n + 1 }));
}

function announceWhere(id: MainPanelId, titleOf: (id: MainPanelId) => string): void {
  const at = locate(panelLayoutStore.getState().columns, id);
  if (at) announce('layout.moved', { panel: titleOf(id), col: at.col + 1, row: at.row + 1 });
}

/** After a move the panel may be mounted in another column: give its handle the focus back. */
function refocus(id: MainPanelId): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="arrange-${id}"]`)?.focus());
}

export function ArrangeStatus() {
  const t = useT();
  const s = useStore(announceStore);
  return (
    <p className="sr-only" aria-live="polite" data-testid="layout-status" data-n={s.n}>
      {s.text ? t(s.text.key, s.text.params) : ''}
    </p>
  );
}

function isInteractive(el: EventTarget | null): boolean {
  return el instanceof Element && !!el.closest('button:not(.arrange-handle), input, select, textarea, a, [role="tab"], [contenteditable="true"]');
}

/** Drag source (the header) and drop target (the panel) props for one page panel. */
export function useArrange(id: MainPanelId) {
  const t = useT();
  const [drop, setDrop] = useState<'before' | 'after' | null>(null);
  const headerProps = {
    draggable: true,
    'data-draggable': 'true',
    onPointerDown: (e: PointerEvent<HTMLElement>) => {
      // Buttons, tabs and inputs in the header keep their own pointer behaviour.
      e.currentTarget.draggable = !isInteractive(e.target);
    },
    onDragStart: (e: DragEvent<HTMLElement>) => {
      dragging = id;
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData(DRAG_TYPE, id);
      e.dataTransfer.setData('text/plain', id);
      document.documentElement.classList.add('es-dragging-panel');
    },
    onDragEnd: () => {
      dragging = null;
      document.documentElement.classList.remove('es-dragging-panel');
    },
  };
  const sectionProps = {
    'data-drop': drop ?? undefined,
    onDragOver: (e: DragEvent<HTMLElement>) => {
      if (!dragging || dragging === id) return;
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = 'move';
      const r = e.currentTarget.getBoundingClientRect();
      const where = e.clientY > r.top + r.height / 2 ? 'after' : 'before';
      if (where !== drop) setDrop(where);
    },
    onDragLeave: (e: DragEvent<HTMLElement>) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDrop(null);
    },
    onDrop: (e: DragEvent<HTMLElement>) => {
      const moving = dragging;
      setDrop(null);
      if (!moving || moving === id) return;
      e.preventDefault();
      e.stopPropagation();
      const r = e.currentTarget.getBoundingClientRect();
      dropPanel(moving, id, e.clientY > r.top + r.height / 2);
      announceWhere(moving, (x) => t(MAIN_PANEL_TITLE[x]));
      dragging = null;
    },
  };
  return { headerProps, sectionProps };
}

/** Drop target for a column's free space (below its last panel, or an empty column). */
export function columnDropProps(col: 0 | 1, titleOf: (id: MainPanelId) => string) {
  return {
    onDragOver: (e: DragEvent<HTMLElement>) => {
      if (!dragging) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
    },
    onDrop: (e: DragEvent<HTMLElement>) => {
      const moving = dragging;
      if (!moving) return;
      e.preventDefault();
      dropPanel(moving, { column: col });
      announceWhere(moving, titleOf);
      dragging = null;
    },
  };
}

const DIRS: { dir: MoveDir; key: MessageKey; glyph: string; arrow: string }[] = [
  { dir: 'up', key: 'layout.up', glyph: '↑', arrow: 'ArrowUp' },
  { dir: 'down', key: 'layout.down', glyph: '↓', arrow: 'ArrowDown' },
  { dir: 'left', key: 'layout.left', glyph: '←', arrow: 'ArrowLeft' },
  { dir: 'right', key: 'layout.right', glyph: '→', arrow: 'ArrowRight' },
];

/** The ⠿ handle in a panel's header: drag it (with the header), or open its menu. */
export function ArrangeButton({ id }: { id: MainPanelId }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const columns = usePanelLayout((s) => s.columns);
  const hidden = usePanelLayout((s) => s.hidden);
  const menuId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const title = t(MAIN_PANEL_TITLE[id]);
  const shown = (x: MainPanelId) => !hidden.includes(x);
  const titleOf = (x: MainPanelId) => t(MAIN_PANEL_TITLE[x]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])')?.focus();
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const doMove = (dir: MoveDir) => {
    if (!canMove(columns, id, dir, shown)) return;
    movePanel(id, dir);
    announceWhere(id, titleOf);
    refocus(id);
  };
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!e.altKey) return;
    const d = DIRS.find((x) => x.arrow === e.key);
    if (!d) return;
    e.preventDefault();
    e.stopPropagation();
    doMove(d.dir);
  };
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : (i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    items[next]?.focus();
  };

  return (
    <div className="arrange" ref={ref}>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-small btn-glyph arrange-handle"
        aria-label={t('layout.handle', { panel: title })}
        title={t('layout.handle', { panel: title })}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown Alt+ArrowLeft Alt+ArrowRight"
        data-testid={`arrange-${id}`}
        onClick={() => setOpen(!open)}
        onKeyDown={onButtonKey}
      >
        <span aria-hidden="true">⠿</span>
      </button>
      {open && (
        <div className="arrange-menu" id={menuId} role="menu" aria-label={t('layout.menu', { panel: title })} onKeyDown={onMenuKey} data-testid={`arrange-menu-${id}`}>
          {DIRS.map((d) => (
            <button
              key={d.dir}
              type="button"
              role="menuitem"
              className="arrange-item"
              disabled={!canMove(columns, id, d.dir, shown)}
              data-testid={`arrange-${d.dir}`}
              onClick={() => doMove(d.dir)}
            >
              <span aria-hidden="true" className="arrange-glyph">
                {d.glyph}
              </span>
              {t(d.key)}
            </button>
          ))}
          <button
            type="button"
            role="menuitem"
            className="arrange-item"
            data-testid="arrange-hide"
            disabled={hidden.length >= 4}
            onClick={() => {
              toggleMainPanel(id);
              announce('layout.hidden', { panel: title });
              setOpen(false);
              requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="panels-menu"]')?.focus());
            }}
          >
            <span aria-hidden="true" className="arrange-glyph">
              ✕
            </span>
            {t('layout.hide')}
          </button>
          <button
            type="button"
            role="menuitem"
            className="arrange-item"
            data-testid="arrange-reset"
            title={t('layout.resetTip')}
            onClick={() => {
              resetLayout();
              announce('layout.wasReset');
              setOpen(false);
              refocus(id);
            }}
          >
            <span aria-hidden="true" className="arrange-glyph">
              ↺
            </span>
            {t('layout.reset')}
          </button>
        </div>
      )}
    </div>
  );
}
