// Product bar: name, seed and cluster size, virtual clock, playback, speed, record and replay, language and display toggles.
import { PanelMenu } from '../panels/PanelMenu';
import { useRef } from 'react';
import { formatClock } from '../layout/clock';
import { setSpeed, togglePause } from '../store/clusterStore';
import { displayNow } from '../store/displayClock';
import { useCluster, usePrefs, useReducedMotion, useT } from '../store/hooks';
import {
  SPEEDS,
  nearestSpeedIndex,
  setHelpOpen,
  setLang,
  toggleProjector,
  toggleReducedMotion,
} from '../store/prefsStore';
import { useFrame } from './useFrame';
import { RunButtons, SeedAndSize } from './RunControls';

export function Header() {
  const t = useT();
  const paused = useCluster((s) => s.snapshot?.paused ?? false);
  const speed = useCluster((s) => s.snapshot?.speed ?? 1);
  const lang = usePrefs((s) => s.lang);
  const projector = usePrefs((s) => s.projector);
  const reducedMotion = useReducedMotion();
  const clockRef = useRef<HTMLSpanElement | null>(null);
  const lastText = useRef('');

  useFrame((realMs) => {
    const el = clockRef.current;
    if (!el) return;
    const text = formatClock(displayNow(realMs));
    if (text !== lastText.current) {
      lastText.current = text;
      el.textContent = text;
    }
  });

  const speedIdx = nearestSpeedIndex(speed);
  const speedText = t('header.speedValue', { speed: formatSpeed(SPEEDS[speedIdx]) });

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <svg viewBox="0 0 24 24" width="22" height="22">
            <circle cx="12" cy="4.5" r="3" />
            <circle cx="4.5" cy="17" r="3" />
            <circle cx="19.5" cy="17" r="3" />
            <path d="M12 4.5L4.5 17L19.5 17Z" />
          </svg>
        </span>
        <h1 className="brand-name">{t('app.name')}</h1>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>

      <dl className="header-stats">
        <SeedAndSize />
        <div className="stat">
          <dt>{t('header.clock')}</dt>
          <dd>
            <span ref={clockRef} data-testid="virtual-clock" className="clock">
              0.0
            </span>{' '}
            <span className="unit">{lang === 'zh-CN' ? '秒' : 's'}</span>
          </dd>
        </div>
        <div className="stat">
          <dt className="sr-only">{t('header.state')}</dt>
          <dd className={`run-state ${paused ? 'is-paused' : 'is-running'}`}>
            <span aria-hidden="true">{paused ? '❚❚' : '▶'}</span> {paused ? t('header.paused') : t('header.running')}
          </dd>
        </div>
      </dl>

      <div className="header-controls" role="group" aria-label={t('header.controls')}>
        <button
          type="button"
          className="btn btn-primary btn-play"
          onClick={() => togglePause()}
          aria-keyshortcuts="Space"
          data-testid="pause-toggle"
        >
          {paused ? `▶ ${t('header.resume')}` : `❚❚ ${t('header.pause')}`}
        </button>

        <label className="speed">
          <span className="speed-label">{t('header.speed')}</span>
          <input
            type="range"
            min={0}
            max={SPEEDS.length - 1}
            step={1}
            value={speedIdx}
            aria-valuetext={speedText}
            onChange={(e) => setSpeed(SPEEDS[Number(e.target.value)])}
            data-testid="speed"
          />
          <output className="speed-value">{speedText}</output>
        </label>

        <RunButtons />

        <div className="seg" role="group" aria-label={t('header.language')}>
          <button type="button" className="seg-btn" aria-pressed={lang === 'en'} onClick={() => setLang('en')} lang="en">
            EN
          </button>
          <button
            type="button"
            className="seg-btn"
            aria-pressed={lang === 'zh-CN'}
            onClick={() => setLang('zh-CN')}
            lang="zh-CN"
          >
            中文
          </button>
        </div>

        <PanelMenu />
        <button type="button" className="btn toggle" aria-pressed={reducedMotion} onClick={toggleReducedMotion}>
          {t('header.reducedMotion')}
        </button>
        <button type="button" className="btn toggle" aria-pressed={projector} onClick={toggleProjector}>
          {t('header.projector')}
        </button>
        <button
          type="button"
          className="btn btn-icon"
          onClick={() => setHelpOpen(true)}
          aria-label={t('header.help')}
          title={t('header.help')}
          aria-keyshortcuts="Shift+?"
        >
          ?
        </button>
      </div>
    </header>
  );
}

export function formatSpeed(s: number): string {
  return String(s);
}
