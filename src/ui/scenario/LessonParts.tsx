// The pieces of a lesson player shared by the dock, the embed widget and presenter mode: the step
// picker, the narration with its checkpoints, and the controls. Test ids are the dock's.
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Lang } from '../i18n';
import type { LessonPlayer } from './lessonPlayer';
import { say } from './strings';

const swallow = (p: Promise<void>) => void p.catch(() => {});

export function LessonProgress({ player, lang }: { player: LessonPlayer; lang: Lang }) {
  const { scenario, position, phase } = useStore(player.store);
  if (!scenario) return null;
  const busy = phase === 'starting' || phase === 'busy';
  const total = scenario.steps.length;
  return (
    <div className="lesson-progress">
      <label>
        <span className="sr-only">{say(lang, 'jump')}</span>
        <select data-testid="lesson-jump" value={position} disabled={busy || phase === 'free'} onChange={(e) => swallow(player.goto(Number(e.target.value)))}>
          <option value={-1}>{say(lang, 'intro')}</option>
          {scenario.steps.map((s, i) => (
            <option key={s.id} value={i}>
              {i + 1}. {s.title[lang]}
            </option>
          ))}
        </select>
      </label>
      <span data-testid="lesson-step">{position >= 0 ? say(lang, 'step', { n: position + 1, total }) : say(lang, 'intro')}</span>
    </div>
  );
}

export function LessonBody({ player, lang, withChecks = true }: { player: LessonPlayer; lang: Lang; withChecks?: boolean }) {
  const { scenario, position, phase, outcome, error } = useStore(player.store);
  if (!scenario) return null;
  const step = position >= 0 ? scenario.steps[position] : undefined;
  const done = position >= scenario.steps.length - 1;
  return (
    <>
      <div className="lesson-text" aria-live="polite" data-testid="lesson-narration">
        {phase === 'starting' ? (
          <p>{say(lang, 'starting', { seed: scenario.seed })}</p>
        ) : step ? (
          <>
            <h3>{step.title[lang]}</h3>
            <p>{step.narration[lang]}</p>
          </>
        ) : (
          <p>{scenario.summary[lang]}</p>
        )}
        {phase === 'free' && <p className="lesson-free">{say(lang, 'tryItHint')}</p>}
        {outcome && !outcome.ok && (
          <p className="lesson-error" role="alert">
            {say(lang, 'stepFailed')}
          </p>
        )}
        {error && (
          <p className="lesson-error" role="alert">
            {error}
          </p>
        )}
        {done && outcome?.ok && phase === 'ready' && <p className="lesson-done">{say(lang, 'finished')}</p>}
      </div>
      {withChecks && outcome && (outcome.checks.length > 0 || outcome.error) && (
        <ul className="lesson-checks" aria-label={say(lang, 'checkpoints')} data-testid="lesson-checks">
          {outcome.checks.map((c, i) => (
            <li key={i} data-ok={c.ok} className={c.ok ? 'is-ok' : 'is-bad'}>
              <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> <span className="sr-only">{say(lang, c.ok ? 'passed' : 'failed')}: </span>
              <code>{c.detail}</code>
            </li>
          ))}
          {outcome.error && (
            <li data-ok="false" className="is-bad">
              <span aria-hidden="true">✗</span> <code>{outcome.error}</code>
            </li>
          )}
        </ul>
      )}
    </>
  );
}

export function LessonControls({ player, lang, compact = false, children }: { player: LessonPlayer; lang: Lang; compact?: boolean; children?: ReactNode }) {
  const { scenario, position, phase, playing } = useStore(player.store);
  if (!scenario) return null;
  const busy = phase === 'starting' || phase === 'busy';
  const done = position >= scenario.steps.length - 1;
  const free = phase === 'free';
  return (
    <div className={`lesson-controls${compact ? ' is-compact' : ''}`}>
      <button type="button" data-testid="lesson-back" disabled={busy || position < 0 || free} onClick={() => swallow(player.back())}>
        {say(lang, 'back')}
      </button>
      <button type="button" className="is-primary" data-testid="lesson-next" disabled={busy || done || free} onClick={() => swallow(player.next())}>
        {busy ? say(lang, 'running') : position < 0 ? say(lang, 'start') : say(lang, 'next')}
      </button>
      <button
        type="button"
        data-testid="lesson-play"
        aria-pressed={playing}
        disabled={free || (done && !playing)}
        onClick={() => (playing ? player.pause() : player.play())}
      >
        <span aria-hidden="true">{playing ? '❚❚ ' : '▶ '}</span>
        {say(lang, playing ? 'pause' : 'play')}
      </button>
      {!compact && (
        <>
          <button type="button" data-testid="lesson-restart" disabled={busy} onClick={() => swallow(player.restart())}>
            {say(lang, 'restart')}
          </button>
          <button type="button" data-testid="lesson-try" disabled={busy || free} onClick={() => player.release()}>
            {say(lang, 'tryIt')}
          </button>
        </>
      )}
      {children}
    </div>
  );
}
