// The etcdscope page. Mount with <App controller={controller} />; everything else is driven by the
// ClusterController (see src/protocol/controller.ts).
import { useEffect } from 'react';
import type { ClusterController } from '../protocol/controller';
import { ClusterView } from './components/ClusterView';
import { ClusterStatus } from './components/ClusterStatus';
import { Console, CONSOLE_INPUT_ID } from './components/Console';
import { Narrator } from './components/EventLog';
import { Header } from './components/Header';
import { MembersActions, MembersPanel } from './components/MembersPanel';
import { Notices } from './components/Notices';
import { Panel } from './components/Panel';
import { RaftLogLegend, RaftLogView } from './components/RaftLogView';
import { ShortcutHelp } from './components/ShortcutHelp';
import { SidePanel } from './components/SidePanel';
import { usePagesExpanded } from './components/PagesPanel';
import { SnapshotDropZone } from './components/SnapshotDrop';
import { usePanelLayout } from './panels/panelLayout';
import type { MainPanelId } from './panels/arrange';
import { ArrangeStatus, MAIN_PANEL_TITLE, columnDropProps } from './panels/PanelArrange';
import { shortcutFor, type ShortcutAction } from './shortcuts';
import { clusterStore, connectController, setSpeed, togglePause } from './store/clusterStore';
import { usePrefs, useReducedMotion, useT } from './store/hooks';
import {
  prefsStore,
  setHelpOpen,
  setSystemReducedMotion,
  stepSpeed,
  toggleLang,
  toggleProjector,
  toggleReducedMotion,
} from './store/prefsStore';
import { ScenarioDock, type ScenarioDockProps } from './scenario/ScenarioDock';
import { RunBanner, openRunFilePicker } from './components/RunControls';
import { connectRecorder, exportRun, replayFromLink, toggleRecording } from './store/runIO';
import './styles/app.css';

/** Real ms between re-renders of the tables under a stream of snapshots (bench:ui measured the cost). */
const VIEW_INTERVAL_MS = 100;

export function App({ controller, lessons }: { controller: ClusterController; lessons?: ScenarioDockProps }) {
  // Tables and the ring's members re-render at most 10 times a second; the animation follows every frame.
  useEffect(() => connectController(controller, { viewIntervalMs: VIEW_INTERVAL_MS }), [controller]);
  useEffect(() => connectRecorder(controller), [controller]);
  useRunLink(controller);
  useGlobalShortcuts();
  useSystemReducedMotion();
  const t = useT();
  const lang = usePrefs((s) => s.lang);
  const projector = usePrefs((s) => s.projector);
  const reducedMotion = useReducedMotion();
  const pagesExpanded = usePagesExpanded();
  const sideExpanded = usePanelLayout((s) => s.expanded);
  const columns = usePanelLayout((s) => s.columns);
  const hidden = usePanelLayout((s) => s.hidden);
  const shownColumns = columns.map((col) => col.filter((id) => !hidden.includes(id)));
  const oneColumn = shownColumns.some((col) => col.length === 0);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  // The App is the whole page: let its stylesheet drop the body margin while it is mounted.
  // (A class rather than body:has(.es-app): :has() on the body re-matches on every DOM change.)
  useEffect(() => {
    document.body.classList.add('es-body');
    return () => document.body.classList.remove('es-body');
  }, []);

  return (
    <div
      className={`es-app${projector ? ' is-projector' : ''}${reducedMotion ? ' is-reduced-motion' : ''}`}
      lang={lang}
      data-testid="app"
    >
      <a className="skip-link" href={`#${CONSOLE_INPUT_ID}`}>
        {t('console.inputLabel')}
      </a>
      <Header />
      <main
        className={`app-main${pagesExpanded ? ' is-pages-expanded' : ''}${sideExpanded ? ' is-side-expanded' : ''}${oneColumn ? ' is-one-column' : ''}`}
        data-testid="app-main"
      >
        {shownColumns.map((ids, col) => (
          <div
            key={col}
            className={`app-col${ids.length === 0 ? ' is-empty' : ''}`}
            data-testid={`app-col-${col}`}
            data-panels={ids.join(' ')}
            data-fill={ids.some((id) => id === 'cluster' || id === 'side') ? undefined : 'last'}
            {...columnDropProps(col as 0 | 1, (id) => t(MAIN_PANEL_TITLE[id]))}
          >
            {ids.map((id) => (
              <PagePanel key={id} id={id} />
            ))}
            {ids.length === 0 && <p className="app-col-drop">{t('layout.dropHere')}</p>}
          </div>
        ))}
      </main>
      <ArrangeStatus />
      <Narrator />
      <Notices />
      <SnapshotDropZone />
      <RunBanner />
      <ShortcutHelp />
      {lessons && <ScenarioDock {...lessons} />}
    </div>
  );
}

function PagePanel({ id }: { id: MainPanelId }) {
  const t = useT();
  switch (id) {
    case 'cluster':
      return (
        <Panel id="cluster" title={t('panel.cluster')} actions={<ClusterStatus />}>
          <ClusterView />
        </Panel>
      );
    case 'members':
      return (
        <Panel id="members" title={t('panel.members')} actions={<MembersActions />}>
          <MembersPanel />
        </Panel>
      );
    case 'log':
      return (
        <Panel id="log" title={t('panel.log')} actions={<RaftLogLegend />}>
          <RaftLogView />
        </Panel>
      );
    case 'side':
      return <SidePanel />;
    case 'console':
      return (
        <Panel id="console" title={t('panel.console')}>
          <Console />
        </Panel>
      );
  }
}

function runShortcut(action: ShortcutAction): void {
  switch (action) {
    case 'toggle-pause':
      togglePause();
      break;
    case 'toggle-help':
      setHelpOpen(!prefsStore.getState().helpOpen);
      break;
    case 'toggle-lang':
      toggleLang();
      break;
    case 'toggle-motion':
      toggleReducedMotion();
      break;
    case 'toggle-projector':
      toggleProjector();
      break;
    case 'slower':
    case 'faster': {
      const speed = clusterStore.getState().snapshot?.speed ?? 1;
      setSpeed(stepSpeed(speed, action === 'faster' ? 1 : -1));
      break;
    }
    case 'focus-console':
      document.getElementById(CONSOLE_INPUT_ID)?.focus();
      break;
    case 'toggle-record':
      void toggleRecording();
      break;
    case 'export-run':
      void exportRun();
      break;
    case 'import-run':
      openRunFilePicker();
      break;
  }
}

function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const target = e.target instanceof Element ? e.target : null;
      // While the help dialog is open only its own keys (Esc, Tab) and `?` apply.
      if (prefsStore.getState().helpOpen && e.key !== '?') return;
      const action = shortcutFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        targetTag: target?.tagName,
        targetEditable: target instanceof HTMLElement && target.isContentEditable,
        targetRole: target?.getAttribute('role'),
      });
      if (!action) return;
      e.preventDefault();
      runShortcut(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Opened with `#run=…` (a shared run): replay it once the page is up. */
function useRunLink(controller: ClusterController): void {
  useEffect(() => {
    if (!controller.recorder) return;
    const h = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
    const code = new URLSearchParams(h).get('run');
    if (code !== null) void replayFromLink(code);
  }, [controller]);
}

function useSystemReducedMotion(): void {
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const mq = matchMedia('(prefers-reduced-motion: reduce)');
    setSystemReducedMotion(mq.matches);
    const on = (e: MediaQueryListEvent) => setSystemReducedMotion(e.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
}
