// The embeddable lesson widget (embed.html): the lesson's narration and controls above the panels
// the embedding page chose, in one responsive column from ~480 px wide, two columns when wide.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { ClusterController } from '../../protocol/controller';
import type { PanelId } from '../../scenario/types';
import { Narrator } from '../components/EventLog';
import { Notices } from '../components/Notices';
import { connectController } from '../store/clusterStore';
import { usePrefs, useReducedMotion } from '../store/hooks';
import { LessonBody, LessonControls, LessonProgress } from '../scenario/LessonParts';
import type { LessonPlayer } from '../scenario/lessonPlayer';
import { LessonPanel } from '../scenario/panelViews';
import { say } from '../scenario/strings';
import '../styles/app.css';
import '../scenario/scenario.css';
import './embed.css';

export interface EmbedAppProps {
  controller: ClusterController;
  player: LessonPlayer;
  panels: PanelId[];
  /** Link to the full page at the current step (a shareable URL). */
  fullPageUrl: (step: number) => string;
  notes: string[];
}

export function EmbedApp({ controller, player, panels, fullPageUrl, notes }: EmbedAppProps) {
  useEffect(() => connectController(controller), [controller]);
  const lang = usePrefs((s) => s.lang);
  const projector = usePrefs((s) => s.projector);
  const reducedMotion = useReducedMotion();
  const st = useStore(player.store);
  const step = st.scenario && st.position >= 0 ? st.scenario.steps[st.position] : undefined;

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    document.body.classList.add('es-body');
    return () => document.body.classList.remove('es-body');
  }, []);

  // The step's panels get the dashed spotlight, as on the full page.
  const lit = new Set(step?.panels ?? []);
  return (
    <div className={`es-app es-embed${projector ? ' is-projector' : ''}${reducedMotion ? ' is-reduced-motion' : ''}`} lang={lang} data-testid="embed" data-state={st.phase} data-position={st.position}>
      <section className="embed-lesson" aria-label={st.scenario?.title[lang] ?? say(lang, 'lessons')} aria-busy={st.phase === 'starting' || st.phase === 'busy'}>
        <header className="lesson-head">
          <h1>
            {st.scenario && <span className="lesson-num">{st.scenario.number}</span>} {st.scenario?.title[lang] ?? 'etcdscope'}
          </h1>
          {st.scenario && (
            <a className="embed-open" href={fullPageUrl(st.position + 1)} target="_blank" rel="noopener" data-testid="embed-open">
              etcdscope ↗
            </a>
          )}
        </header>
        {st.scenario ? (
          <>
            <LessonProgress player={player} lang={lang} />
            <LessonBody player={player} lang={lang} />
            <LessonControls player={player} lang={lang} />
          </>
        ) : (
          st.error && (
            <p className="lesson-error" role="alert">
              {st.error}
            </p>
          )
        )}
        {notes.map((n) => (
          <p key={n} className="lesson-error" role="alert">
            {n}
          </p>
        ))}
      </section>
      <main className={`embed-panels n-${panels.length}`}>
        {panels.map((p) => (
          <div key={p} className={`embed-panel${lit.has(p) ? ' is-lit' : ''}`} data-panel={p}>
            <LessonPanel id={p} />
          </div>
        ))}
      </main>
      <Narrator />
      <Notices />
    </div>
  );
}
