// The lesson dock: a scenario index by topic, and the player for one scenario — narration, the
// panels to look at, checkpoints as they are verified, back / next / jump, and "try it yourself"
// (leave the script at any step and keep the live cluster).
import { useEffect, useRef, useState } from 'react';
import type { ScenarioHost } from '../../scenario/host';
import { ScenarioRunner, type StepOutcome } from '../../scenario/runner';
import { SCENARIOS, TOPICS, scenarioById } from '../../scenario/library';
import type { Scenario, Topic } from '../../scenario/types';
import { usePrefs } from '../store/hooks';
import { PANEL_NAMES, say } from './strings';
import './scenario.css';

type Phase = 'index' | 'starting' | 'busy' | 'ready' | 'free' | 'closed';

export interface ScenarioDockProps {
  host: ScenarioHost;
  /** From the URL: open this scenario at once (`?scenario=ID`), optionally run to a step (`&step=N`, 1-based). */
  initialScenario?: string;
  initialStep?: number;
}

export function ScenarioDock({ host, initialScenario, initialStep }: ScenarioDockProps) {
  const lang = usePrefs((s) => s.lang);
  const [phase, setPhase] = useState<Phase>(initialScenario ? 'starting' : 'closed');
  const [scenario, setScenario] = useState<Scenario | null>(null);
  const [position, setPosition] = useState(-1);
  const [outcome, setOutcome] = useState<StepOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runner = useRef<ScenarioRunner | null>(null);

  const guard = async (next: Phase, work: () => Promise<void>) => {
    setPhase(next);
    setError(null);
    try {
      await work();
      setPhase('ready');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setPhase('ready');
    }
    const r = runner.current;
    if (r) {
      setPosition(r.position);
      setOutcome(r.position >= 0 ? r.outcomes[r.position] ?? null : null);
    }
  };

  const open = (s: Scenario, toStep?: number) => {
    runner.current = new ScenarioRunner(s, host);
    setScenario(s);
    setPosition(-1);
    setOutcome(null);
    void guard('starting', async () => {
      await runner.current!.start();
      if (toStep !== undefined && toStep > 0) await runner.current!.goto(Math.min(toStep, s.steps.length) - 1);
    });
  };

  useEffect(() => {
    if (!initialScenario) return;
    const s = scenarioById(initialScenario);
    if (s) open(s, initialStep);
    else {
      setPhase('index');
      setError(`unknown scenario ${JSON.stringify(initialScenario)}`);
    }
    // Only on mount: the URL names the first lesson.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const step = scenario && position >= 0 ? scenario.steps[position] : undefined;
  useSpotlight(phase === 'ready' || phase === 'busy' ? step?.panels ?? [] : []);

  if (phase === 'closed') {
    return (
      <button type="button" className="lesson-fab" data-testid="lesson-open" aria-label={say(lang, 'openLessons')} onClick={() => setPhase('index')}>
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
          <button type="button" className="lesson-close" aria-label={say(lang, 'closeLessons')} onClick={() => setPhase('closed')}>
            ×
          </button>
        </header>
        {error && <p className="lesson-error" role="alert">{error}</p>}
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
                      <button type="button" data-testid={`lesson-item-${s.id}`} onClick={() => open(s)}>
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
  const total = scenario.steps.length;
  const done = position >= total - 1;
  const r = runner.current!;
  return (
    <aside className="lesson-dock" data-testid="lesson-dock" data-state={phase} data-position={position} aria-label={scenario.title[lang]} aria-busy={busy}>
      <header className="lesson-head">
        <h2>
          <span className="lesson-num">{scenario.number}</span> {scenario.title[lang]}
        </h2>
        <button type="button" className="lesson-close" aria-label={say(lang, 'exit')} data-testid="lesson-exit" onClick={() => {
            runner.current?.release();
            setPhase('index');
          }}>
          ×
        </button>
      </header>
      <div className="lesson-progress">
        <label>
          <span className="sr-only">{say(lang, 'jump')}</span>
          <select
            data-testid="lesson-jump"
            value={position}
            disabled={busy || phase === 'free'}
            onChange={(e) => {
              const to = Number(e.target.value);
              void guard('busy', async () => {
                if (to < 0) await r.start();
                else await r.goto(to);
              });
            }}
          >
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
        {outcome && !outcome.ok && <p className="lesson-error" role="alert">{say(lang, 'stepFailed')}</p>}
        {error && <p className="lesson-error" role="alert">{error}</p>}
        {done && outcome?.ok && phase === 'ready' && <p className="lesson-done">{say(lang, 'finished')}</p>}
      </div>
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
      {outcome && (outcome.checks.length > 0 || outcome.error) && (
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
      <div className="lesson-controls">
        <button type="button" data-testid="lesson-back" disabled={busy || position < 0 || phase === 'free'} onClick={() => void guard('busy', async () => (position <= 0 ? r.start() : void (await r.goto(position - 1))))}>
          {say(lang, 'back')}
        </button>
        <button
          type="button"
          className="is-primary"
          data-testid="lesson-next"
          disabled={busy || done || phase === 'free'}
          onClick={() => void guard('busy', async () => void (await r.next()))}
        >
          {busy ? say(lang, 'running') : position < 0 ? say(lang, 'start') : say(lang, 'next')}
        </button>
        <button type="button" data-testid="lesson-restart" disabled={busy} onClick={() => open(scenario)}>
          {say(lang, 'restart')}
        </button>
        <button type="button" data-testid="lesson-try" disabled={busy || phase === 'free'} onClick={() => {
            r.release();
            setPhase('free');
          }}>
          {say(lang, 'tryIt')}
        </button>
      </div>
    </aside>
  );
}

/** Marks the panels a step talks about, so the eye finds them. */
function useSpotlight(panels: readonly string[]): void {
  const key = panels.join(',');
  useEffect(() => {
    const els = panels.flatMap((p) => [...document.querySelectorAll(`.panel-${p}`)]);
    for (const el of els) el.classList.add('is-spotlit');
    return () => {
      for (const el of els) el.classList.remove('is-spotlit');
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
}
