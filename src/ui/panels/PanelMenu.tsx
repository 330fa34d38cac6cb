// The side panel's layout controls: a "Panels" menu to show or hide the optional panels, and a
// toggle that lets the side panel take the Raft log's place (more room at 1280×720).
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../store/hooks';
import { OPTIONAL_PANEL_IDS, setSideExpanded, togglePanel, usePanelLayout } from './panelLayout';
import { OPTIONAL_PANELS } from './registry';

export function PanelMenu() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const shown = usePanelLayout((s) => s.shown);
  const expanded = usePanelLayout((s) => s.expanded);
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
        className="btn btn-small btn-glyph"
        title={t('panels.menuLabel')}
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        data-testid="panels-menu"
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      >
        <span aria-hidden="true">☰</span>
        <span className="sr-only">{t('panels.menu')}</span>
      </button>
      {open && (
        <div className="panel-menu-pop" id={`${id}-menu`} role="group" aria-label={t('panels.menuLabel')} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {OPTIONAL_PANEL_IDS.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" checked={shown.includes(p)} onChange={() => togglePanel(p)} data-testid={`panel-toggle-${p}`} /> {t(OPTIONAL_PANELS[p].title)}
            </label>
          ))}
        </div>
      )}
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
    </div>
  );
}
