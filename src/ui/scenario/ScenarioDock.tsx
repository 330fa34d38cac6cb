// The lesson dock: a scenario index by topic, and the player for one scenario — narration, the
// panels to look at, checkpoints as they are verified, back / next / jump, and "try it yourself"
// (leave the script at any step and keep the live cluster). It can fold down to one line so it
// never hides the panels it talks about, open presenter mode, and export the run as a video.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { ScenarioHost } from '../../scenario/host';
import { SCENARIOS, TOPICS, scenarioById } from '../../scenario/library';
import type { Topic } from '../../scenario/types';
import { usePrefs } from '../store/hooks';
import { LessonPlayer } from './lessonPlayer';
import { LessonBody, LessonControls, LessonProgress } from './LessonParts';
import { Presenter } from './Presenter';
import { VideoExportButton } from './VideoExportButton';
import { PANEL_NAMES, say } from './strings';
import './scenario.css';

export interface ScenarioDockProps {
  host: ScenarioHost;
  /** From the URL: open this scenario at once (`?scenario=ID`), optionally run to a step (`&step=N`, 1-based). */
  initialScenario?: string;
  initialStep?: number;
  /** `?present=1`: open straight into presenter mode. */
  initialPresent?: boolean;
}

const COLLAPSE_KEY = 'etcdscope.lessonDock';

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSE_KEY) === 'collapsed';
  } catch {
    return false;
  }
}

function writeCollapsed(v: boolean): void {
  try {
    localStorage.setItem(COLLAPSE_KEY, v ? 'collapsed' : 'open');
  } catch {
    // Not remembered: private mode or a full quota.
  }
}

export function ScenarioDock({ host, initialScenario, initialStep, initialPresent }: ScenarioDockProps) {
  const lang = usePrefs((s) => s.lang);
  const player = useMemo(() => new LessonPlayer(host, {}, initialScenario ? 'starting' : 'closed'), [host, initialScenario]);
  const st = useStore(player.store);
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const [presenting, setPresenting] = useState(!!initialPresent && !!initialScenario);

  useEffect(() => {
    if (!initialScenario) return;
    const s = scenarioById(initialScenario);
    if (s) void player.open(s, initialStep);
    else player.showIndex(`unknown scenario ${JSON.stringify(initialScenario)}`);
    // Only on mount: the URL names the first lesson.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [player]);

  const { phase, scenario, position } = st;
  const step = scenario && position >= 0 ? scenario.steps[position] : undefined;
  useSpotlight(phase === 'ready' || phase === 'busy' ? (step?.panels ?? []) : []);

  const toggleCollapsed = () => {
    setCollapsed((c) => {
      writeCollapsed(!c);
      return !c;
    });
  };

  if (phase === 'closed') {
    return (
      <button type="button" className="lesson-fab" data-testid="lesson-open" aria-label={say(lang, 'openLessons')} onClick={() => player.showIndex()}>
        <span aria-hidden="true">▸ </span>
        {say(lang, 'lessons')}
      </button>
    );
  }

  if (phase === 'index' || !scenario) {
    return (
      <aside className="lesson-dock" data-testid="lesson-dock" data-state="index" aria-label={say(lang, 'index')}>
        <header className="lesson-head">
          <h2>{say(lang, 'index')}</h2>
          <button type="button" className="lesson-close" aria-label={say(lang, 'closeLessons')} onClick={() => player.close()}>
            ×
          </button>
        </header>
        {st.error && (
          <p className="lesson-error" role="alert">
            {st.error}
          </p>
        )}
        <nav className="lesson-index" data-testid="lesson-index">
          {(Object.keys(TOPICS) as Topic[]).map((topic) => {
            const items = SCENARIOS.filter((s) => s.topic === topic);
            if (!items.length) return null;
            return (
              <section key={topic}>
                <h3>{TOPICS[topic][lang]}</h3>
                <ul>
                  {items.map((s) => (
                    <li key={s.id}>
                      <button type="button" data-testid={`lesson-item-${s.id}`} onClick={() => void player.open(s)}>
                        <span className="lesson-num">{s.number}</span> {s.title[lang]}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </nav>
      </aside>
    );
  }

  const busy = phase === 'starting' || phase === 'busy';
  return (
    <>
      <aside
        className={`lesson-dock${collapsed ? ' is-collapsed' : ''}`}
        data-testid="lesson-dock"
        data-state={phase}
        data-position={position}
        data-collapsed={collapsed}
        aria-label={scenario.title[lang]}
        aria-busy={busy}
      >
        <header className="lesson-head">
          <h2>
            <span className="lesson-num">{scenario.number}</span> {scenario.title[lang]}
          </h2>
          <div className="lesson-head-actions">
            <button
              type="button"
              className="lesson-icon"
              data-testid="lesson-present"
              aria-label={say(lang, 'present')}
              title={say(lang, 'present')}
              onClick={() => setPresenting(true)}
            >
              <span aria-hidden="true">⤢</span>
            </button>
            <button
              type="button"
              className="lesson-icon"
              data-testid="lesson-collapse"
              aria-expanded={!collapsed}
              aria-label={say(lang, collapsed ? 'expand' : 'collapse')}
              title={say(lang, collapsed ? 'expand' : 'collapse')}
              onClick={toggleCollapsed}
            >
              <span aria-hidden="true">{collapsed ? '▴' : '▾'}</span>
            </button>
            <button type="button" className="lesson-close" aria-label={say(lang, 'exit')} data-testid="lesson-exit" onClick={() => player.exit()}>
              ×
            </button>
          </div>
        </header>
        <LessonProgress player={player} lang={lang} />
        {collapsed ? (
          <div className="lesson-collapsed-line" aria-live="polite" data-testid="lesson-narration">
            {step ? step.title[lang] : phase === 'starting' ? say(lang, 'starting', { seed: scenario.seed }) : say(lang, 'intro')}
            {st.outcome && !st.outcome.ok && <span className="lesson-error"> · {say(lang, 'stepFailed')}</span>}
          </div>
        ) : (
          <>
            <LessonBody player={player} lang={lang} />
            {step && step.panels.length > 0 && (
              <p className="lesson-look">
                {say(lang, 'look')}:{' '}
                {step.panels.map((p) => (
                  <span key={p} className="lesson-chip">
                    {PANEL_NAMES[p]?.[lang] ?? p}
                  </span>
                ))}
              </p>
            )}
          </>
        )}
        <LessonControls player={player} lang={lang} compact={collapsed}>
          {!collapsed && <VideoExportButton player={player} host={host} lang={lang} disabled={busy} />}
        </LessonControls>
      </aside>
      {presenting && <Presenter player={player} lang={lang} onClose={() => setPresenting(false)} />}
    </>
  );
}

/** Marks the panels a step talks about, so the eye finds them. */
function useSpotlight(panels: readonly string[]): void {
  const key = panels.join(',');
  useEffect(() => {
    // A step's panel that is a tab of the side panel (Metrics, Watch, MVCC …) is brought to the front:
    // the first such panel the step names wins.
    const tab = panels.map((p) => document.querySelector<HTMLButtonElement>(`[data-testid="tab-${p}"]`)).find((b) => b !== null);
    if (tab && tab.getAttribute('aria-selected') !== 'true') tab.click();
    const els = panels.flatMap((p) => [...document.querySelectorAll(`.panel-${p}`)]);
    for (const el of els) el.classList.add('is-spotlit');
    return () => {
      for (const el of els) el.classList.remove('is-spotlit');
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}
