// The right column's middle panel: Events, MVCC and Leases as tabs (only the visible one polls).
import { useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../store/hooks';
import type { MessageKey } from '../i18n';
import { EventFilter, EventLog } from './EventLog';
import { LeasesPanel } from './LeasesPanel';
import { MvccPanel } from './MvccPanel';
import { PagesPanel } from './PagesPanel';
import { OPTIONAL_PANELS } from '../panels/registry';
import { SideExpandButton } from '../panels/PanelMenu';
import { ArrangeButton, useArrange } from '../panels/PanelArrange';
import { usePanelLayout, type OptionalPanelId } from '../panels/panelLayout';

const BASE_TABS = ['events', 'mvcc', 'leases', 'pages'] as const;
type Tab = (typeof BASE_TABS)[number] | OptionalPanelId;
const BASE_TITLE: Record<(typeof BASE_TABS)[number], MessageKey> = { events: 'panel.events', mvcc: 'panel.mvcc', leases: 'panel.leases', pages: 'panel.pages' };
const titleOf = (k: Tab): MessageKey => (k in BASE_TITLE ? BASE_TITLE[k as (typeof BASE_TABS)[number]] : OPTIONAL_PANELS[k as OptionalPanelId].title);

export function SidePanel() {
  const t = useT();
  const [chosen, setTab] = useState<Tab>('events');
  const shown = usePanelLayout((s) => s.shown);
  const TABS: Tab[] = [...BASE_TABS, ...shown];
  // A hidden panel's tab falls back to Events.
  const tab: Tab = TABS.includes(chosen) ? chosen : 'events';
  const Optional = tab in OPTIONAL_PANELS ? OPTIONAL_PANELS[tab as OptionalPanelId].Component : null;
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const { headerProps, sectionProps } = useArrange('side');
  const onKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = TABS.indexOf(tab);
    let next: Tab | null = null;
    if (e.key === 'ArrowRight') next = TABS[(i + 1) % TABS.length];
    else if (e.key === 'ArrowLeft') next = TABS[(i + TABS.length - 1) % TABS.length];
    else if (e.key === 'Home') next = TABS[0];
    else if (e.key === 'End') next = TABS[TABS.length - 1];
    if (!next) return;
    e.preventDefault();
    setTab(next);
    refs.current[next]?.focus();
  };
  return (
    <section className="panel panel-events" aria-label={t(titleOf(tab))} data-panel="side" {...sectionProps}>
      <header className="panel-head" {...headerProps}>
        <div className="tabs" role="tablist" aria-label={t('tabs.label')}>
          {TABS.map((k) => (
            <button
              key={k}
              ref={(el) => {
                refs.current[k] = el;
              }}
              type="button"
              role="tab"
              id={`es-tab-${k}`}
              aria-selected={tab === k}
              aria-controls={`es-tabpanel-${k}`}
              tabIndex={tab === k ? 0 : -1}
              className={`tab${tab === k ? ' is-active' : ''}`}
              data-testid={`tab-${k}`}
              onClick={() => setTab(k)}
              onKeyDown={onKey}
            >
              <span className="tab-title">{t(titleOf(k))}</span>
            </button>
          ))}
        </div>
        <div className="panel-actions">
          {tab === 'events' && <EventFilter />}
          <SideExpandButton />
          <ArrangeButton id="side" />
        </div>
      </header>
      <div className="panel-body" role="tabpanel" id={`es-tabpanel-${tab}`} aria-labelledby={`es-tab-${tab}`}>
        {Optional ? <Optional /> : tab === 'events' ? <EventLog /> : tab === 'mvcc' ? <MvccPanel /> : tab === 'pages' ? <PagesPanel /> : <LeasesPanel />}
      </div>
    </section>
  );
}
