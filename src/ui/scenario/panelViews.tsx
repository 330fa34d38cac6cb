// A lesson's panels by id (src/scenario/types.ts PanelId) as stand-alone views, for the embed widget
// and presenter mode, which show only the panels a lesson points at rather than the whole page.
import type { ComponentType, ReactNode } from 'react';
import type { PanelId } from '../../scenario/types';
import type { MessageKey } from '../i18n';
import { ClusterStatus } from '../components/ClusterStatus';
import { ClusterView } from '../components/ClusterView';
import { Console } from '../components/Console';
import { EventLog } from '../components/EventLog';
import { LeasesPanel } from '../components/LeasesPanel';
import { MembersActions, MembersPanel } from '../components/MembersPanel';
import { MvccPanel } from '../components/MvccPanel';
import { PagesPanel } from '../components/PagesPanel';
import { RaftLogLegend, RaftLogView } from '../components/RaftLogView';
import { OPTIONAL_PANELS } from '../panels/registry';
import { useT } from '../store/hooks';

interface PanelView {
  title: MessageKey;
  Component: ComponentType;
  Actions?: ComponentType;
}

export const PANEL_VIEWS: Record<PanelId, PanelView> = {
  cluster: { title: 'panel.cluster', Component: ClusterView, Actions: ClusterStatus },
  members: { title: 'panel.members', Component: MembersPanel, Actions: MembersActions },
  log: { title: 'panel.log', Component: RaftLogView, Actions: RaftLogLegend },
  events: { title: 'panel.events', Component: EventLog },
  mvcc: { title: 'panel.mvcc', Component: MvccPanel },
  leases: { title: 'panel.leases', Component: LeasesPanel },
  pages: { title: 'panel.pages', Component: PagesPanel },
  console: { title: 'panel.console', Component: Console },
  writepath: OPTIONAL_PANELS.writepath,
  watch: OPTIONAL_PANELS.watch,
  txn: OPTIONAL_PANELS.txn,
  metrics: OPTIONAL_PANELS.metrics,
};

export function isPanelId(v: string): v is PanelId {
  return Object.prototype.hasOwnProperty.call(PANEL_VIEWS, v);
}

/** `panels=cluster,log` → the known ids in order, each once; unknown names are reported, not fatal. */
export function parsePanels(param: string | null, fallback: PanelId[]): { panels: PanelId[]; unknown: string[] } {
  if (!param) return { panels: fallback, unknown: [] };
  const panels: PanelId[] = [];
  const unknown: string[] = [];
  for (const raw of param.split(',')) {
    const p = raw.trim();
    if (!p) continue;
    if (isPanelId(p)) {
      if (!panels.includes(p)) panels.push(p);
    } else unknown.push(p);
  }
  return { panels: panels.length ? panels : fallback, unknown };
}

export function LessonPanel({ id, extra }: { id: PanelId; extra?: ReactNode }) {
  const t = useT();
  const v = PANEL_VIEWS[id];
  const Actions = v.Actions;
  const headingId = `es-lesson-panel-${id}-title`;
  // The page's Panel can be dragged into the page grid; here the lesson decides the layout.
  return (
    <section className={`panel panel-${id}`} aria-labelledby={headingId} data-panel={id}>
      <header className="panel-head">
        <h2 id={headingId}>{t(v.title)}</h2>
        {(Actions || extra) && (
          <div className="panel-actions">
            {Actions && <Actions />}
            {extra}
          </div>
        )}
      </header>
      <div className="panel-body">
        <v.Component />
      </div>
    </section>
  );
}
