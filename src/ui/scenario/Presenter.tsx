// Presenter mode: a clean 16:9 frame for a projector or a recording — the lesson's title and step,
// the panel the step points at made large (the next ones beside it), and the narration as a caption
// in large type. Keys: → / Space next, ← back, Home the introduction, End the last step, Esc leaves.
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { PanelId } from '../../scenario/types';
import type { Lang } from '../i18n';
import type { LessonPlayer } from './lessonPlayer';
import { LessonPanel } from './panelViews';
import { say } from './strings';

const swallow = (p: Promise<void>) => void p.catch(() => {});

/** The step's panels, the first one prominent; the introduction shows the cluster. */
export function presenterPanels(panels: readonly PanelId[] | undefined): { main: PanelId; side: PanelId[] } {
  const list = (panels ?? []).filter((p, i, a) => a.indexOf(p) === i);
  if (list.length === 0) return { main: 'cluster', side: [] };
  return { main: list[0]!, side: list.slice(1, 3) };
}

export function presenterKey(key: string): 'next' | 'back' | 'first' | 'last' | 'close' | null {
  switch (key) {
    case 'ArrowRight':
    case ' ':
    case 'PageDown':
      return 'next';
    case 'ArrowLeft':
    case 'PageUp':
      return 'back';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'Escape':
      return 'close';
    default:
      return null;
  }
}

export function Presenter({ player, lang, onClose }: { player: LessonPlayer; lang: Lang; onClose: () => void }) {
  const { scenario, position, phase, outcome, error } = useStore(player.store);
  const frameRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.body.classList.add('es-presenting');
    frameRef.current?.focus();
    return () => document.body.classList.remove('es-presenting');
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) {
        if (e.key === 'Escape') target.blur();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const action = presenterKey(e.key);
      if (!action) return;
      // The page's own shortcuts (Space pauses the cluster) must not see the presenter's keys.
      e.preventDefault();
      e.stopPropagation();
      if (action === 'close') return onClose();
      if (player.busy || !player.state.scenario) return;
      const last = player.state.scenario.steps.length - 1;
      if (action === 'next' && !player.done) swallow(player.next());
      else if (action === 'back' && player.state.position >= 0) swallow(player.back());
      else if (action === 'first' && player.state.position >= 0) swallow(player.goto(-1));
      else if (action === 'last' && player.state.position < last) swallow(player.goto(last));
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [player, onClose]);

  if (!scenario) return null;
  const step = position >= 0 ? scenario.steps[position] : undefined;
  const { main, side } = presenterPanels(step?.panels);
  const busy = phase === 'starting' || phase === 'busy';
  const held = outcome?.checks.filter((c) => c.ok).length ?? 0;
  return (
    <div className="presenter" data-testid="presenter" data-position={position} data-state={phase} role="dialog" aria-modal="true" aria-label={`${say(lang, 'present')}: ${scenario.title[lang]}`}>
      <div className="presenter-frame" ref={frameRef} tabIndex={-1}>
        <header className="presenter-head">
          <h2>
            <span className="lesson-num">{scenario.number}</span> {scenario.title[lang]}
          </h2>
          <span className="presenter-step" data-testid="presenter-step">
            {position >= 0 ? say(lang, 'step', { n: position + 1, total: scenario.steps.length }) : say(lang, 'intro')}
            {busy && <span aria-hidden="true"> · {say(lang, 'running')}</span>}
          </span>
          <button type="button" className="presenter-close" data-testid="presenter-close" aria-label={say(lang, 'presentExit')} title={say(lang, 'presentExit')} onClick={onClose}>
            ×
          </button>
        </header>
        <div className={`presenter-stage${side.length ? ' has-side' : ''}`}>
          <div className="presenter-main" data-panel={main}>
            <LessonPanel id={main} />
          </div>
          {side.length > 0 && (
            <div className="presenter-side">
              {side.map((p) => (
                <div key={p} className="presenter-side-item" data-panel={p}>
                  <LessonPanel id={p} />
                </div>
              ))}
            </div>
          )}
        </div>
        <footer className="presenter-caption" aria-live="polite" data-testid="presenter-caption">
          {step ? (
            <>
              <strong>{step.title[lang]}</strong> {step.narration[lang]}
            </>
          ) : phase === 'starting' ? (
            say(lang, 'starting', { seed: scenario.seed })
          ) : (
            scenario.summary[lang]
          )}
          {outcome && outcome.checks.length > 0 && (
            <span className={`presenter-checks${outcome.ok ? ' is-ok' : ' is-bad'}`} data-testid="presenter-checks" data-ok={outcome.ok}>
              {outcome.ok ? '✓ ' : '✗ '}
              {outcome.ok ? say(lang, 'checkpointsHeld', { n: held }) : say(lang, 'stepFailed')}
            </span>
          )}
          {error && <span className="lesson-error"> {error}</span>}
        </footer>
        <p className="presenter-keys" aria-hidden="true">
          {say(lang, 'presentKeys')}
        </p>
      </div>
    </div>
  );
}
