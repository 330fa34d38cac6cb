// The "Panels" menu (in the page header): show or hide each page panel and each optional tab of the
// side panel, and reset the layout; and the side panel's toggle that lets it take the Raft log's place
// too (more room at 1280×720).
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../store/hooks';
import { MAIN_PANEL_IDS } from './arrange';
import { MAIN_PANEL_TITLE } from './PanelArrange';
import { OPTIONAL_PANEL_IDS, resetLayout, setSideExpanded, toggleMainPanel, togglePanel, usePanelLayout } from './panelLayout';
import { OPTIONAL_PANELS } from './registry';

export function PanelMenu() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const shown = usePanelLayout((s) => s.shown);
  const hidden = usePanelLayout((s) => s.hidden);
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div className="panel-menu" ref={ref}>
      <button
        type="button"
        className="btn panel-menu-btn"
        title={t('panels.menuLabel')}
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        data-testid="panels-menu"
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      >
        <span aria-hidden="true">☰ </span>
        {t('panels.menu')}
      </button>
      {open && (
        <div className="panel-menu-pop" id={`${id}-menu`} role="group" aria-label={t('panels.menuLabel')} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <fieldset>
            <legend>{t('layout.pagePanels')}</legend>
            {MAIN_PANEL_IDS.map((p) => (
              <label key={p} className="check">
                <input
                  type="checkbox"
                  checked={!hidden.includes(p)}
                  disabled={!hidden.includes(p) && hidden.length >= MAIN_PANEL_IDS.length - 1}
                  onChange={() => toggleMainPanel(p)}
                  data-testid={`main-toggle-${p}`}
                />{' '}
                {t(MAIN_PANEL_TITLE[p])}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('layout.sideTabs')}</legend>
            {OPTIONAL_PANEL_IDS.map((p) => (
              <label key={p} className="check">
                <input type="checkbox" checked={shown.includes(p)} onChange={() => togglePanel(p)} data-testid={`panel-toggle-${p}`} /> {t(OPTIONAL_PANELS[p].title)}
              </label>
            ))}
          </fieldset>
          <button type="button" className="btn btn-small" data-testid="layout-reset" title={t('layout.resetTip')} onClick={() => resetLayout()}>
            ↺ {t('layout.reset')}
          </button>
        </div>
      )}
    </div>
  );
}

export function SideExpandButton() {
  const t = useT();
  const expanded = usePanelLayout((s) => s.expanded);
  return (
    <button
      type="button"
      className="btn btn-small btn-glyph"
      aria-pressed={expanded}
      data-testid="side-expand"
      title={t(expanded ? 'panels.collapseTip' : 'panels.expandTip')}
      onClick={() => setSideExpanded(!expanded)}
    >
      <span aria-hidden="true">{expanded ? '⤡' : '⤢'}</span>
      <span className="sr-only">{t('panels.expand')}</span>
    </button>
  );
}
