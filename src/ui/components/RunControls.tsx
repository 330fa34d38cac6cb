// Header controls for the run: the seed field and cluster-size picker (each resets the cluster), the
// record / export / import / link buttons, the recorder's state chip and one outcome banner (role
// alert on a refusal, which leaves the cluster untouched).
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { CLUSTER_SIZES } from '../../protocol/run';
import type { MessageKey } from '../i18n';
import { useCluster, useT } from '../store/hooks';
import {
  clusterSize,
  copyRunLink,
  dismissRunOutcome,
  exportRun,
  importRunFile,
  parseSeed,
  replayLastRun,
  resetWith,
  runStore,
  stopReplay,
  toggleRecording,
} from '../store/runIO';

let openPicker: (() => void) | null = null;

/** The I shortcut: opens the run file picker of the mounted header. */
export function openRunFilePicker(): void {
  openPicker?.();
}

export function SeedAndSize() {
  const t = useT();
  const seed = useCluster((s) => s.snapshot?.seed);
  const shown = useCluster((s) => s.snapshot?.members.length ?? 0);
  const busy = useStore(runStore, (s) => s.busy);
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(false);
  const invalid = editing && parseSeed(text) === null;
  useEffect(() => {
    if (!editing) setText(seed === undefined ? '' : String(seed));
  }, [seed, editing]);
  const size = shown ? clusterSize() : 3;
  const apply = () => {
    const n = parseSeed(text);
    if (n === null) return;
    setEditing(false);
    if (n !== seed) void resetWith({ seed: n });
  };
  return (
    <>
      <div className="stat run-field">
        <dt>
          <label htmlFor="es-seed">{t('run.seedLabel')}</label>
        </dt>
        <dd>
          <input
            id="es-seed"
            className={`seed-input${invalid ? ' is-invalid' : ''}`}
            data-testid="seed"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            value={text}
            disabled={busy}
            title={t('run.seedTip')}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'es-seed-error' : undefined}
            onChange={(e) => {
              setEditing(true);
              setText(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') apply();
              if (e.key === 'Escape') {
                setEditing(false);
                (e.target as HTMLInputElement).blur();
              }
            }}
            onBlur={() => {
              if (parseSeed(text) === null || parseSeed(text) === seed) setEditing(false);
            }}
          />
          {invalid && (
            <span id="es-seed-error" className="sr-only" role="status">
              {t('run.seedInvalid')}
            </span>
          )}
        </dd>
      </div>
      <div className="stat run-field">
        <dt>
          <label htmlFor="es-size">{t('run.sizeLabel')}</label>
        </dt>
        <dd>
          <select
            id="es-size"
            className="size-select"
            data-testid="cluster-size"
            value={size}
            disabled={busy}
            title={t('run.sizeTip')}
            onChange={(e) => void resetWith({ members: Number(e.target.value) })}
          >
            {CLUSTER_SIZES.map((n) => (
              <option key={n} value={n} aria-label={t('run.sizeOption', { n })}>
                {n}
              </option>
            ))}
          </select>
        </dd>
      </div>
    </>
  );
}

export function RunButtons() {
  const t = useT();
  const { recorder, hasRun, busy } = useStore(runStore);
  const input = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    openPicker = () => input.current?.click();
    return () => {
      openPicker = null;
    };
  }, []);
  const recording = recorder.mode === 'recording';
  const replaying = recorder.mode === 'replaying';
  let chip: { text: string; long: string; tone: string } | null = null;
  if (recording) chip = { text: t('run.state.recording', { n: recorder.actions }), long: t('run.state.recordingLong', { n: recorder.actions }), tone: 'rec' };
  else if (replaying) {
    const pct = recorder.endStep ? Math.floor((100 * recorder.step) / recorder.endStep) : 100;
    chip = {
      text: recorder.diverged ? t('run.state.diverged') : t('run.state.replaying', { pct }),
      long: t('run.state.replayingLong', { seed: recorder.seed, step: recorder.step, end: recorder.endStep, issued: recorder.issued, total: recorder.total }),
      tone: recorder.diverged ? 'warn' : 'play',
    };
  } else if (recorder.mode === 'replayed') {
    chip = recorder.diverged
      ? { text: t('run.state.diverged'), long: t('run.state.divergedLong', { action: recorder.diverged.action, got: recorder.diverged.gotMs, expected: recorder.diverged.expectedMs }), tone: 'warn' }
      : { text: t('run.state.replayed'), long: t('run.state.replayedLong', { t: (recorder.endMs / 1000).toFixed(1) }), tone: 'ok' };
  }
  return (
    <div className="seg run-buttons" role="group" aria-label={t('run.group')} data-testid="run-controls" data-mode={recorder.mode}>
      <button
        type="button"
        className={`seg-btn run-rec${recording ? ' is-recording' : ''}`}
        aria-pressed={recording}
        aria-keyshortcuts="R"
        disabled={busy}
        title={recording ? t('run.stopTip') : t('run.recordTip')}
        data-testid="run-record"
        onClick={() => void toggleRecording()}
      >
        <span aria-hidden="true">{recording ? '■' : '●'}</span> <span className="run-label">{recording ? t('run.stop') : t('run.record')}</span>
      </button>
      {replaying ? (
        <button type="button" className="seg-btn" title={t('run.stopReplay')} aria-label={t('run.stopReplay')} data-testid="run-stop-replay" onClick={stopReplay}>
          <span aria-hidden="true">■</span>
        </button>
      ) : (
        <button type="button" className="seg-btn" disabled={busy || !hasRun || recording} title={t('run.replayTip')} aria-label={t('run.replayAgain')} data-testid="run-replay" onClick={() => void replayLastRun()}>
          <span aria-hidden="true">⟲</span>
        </button>
      )}
      <button type="button" className="seg-btn" disabled={busy || !hasRun || recording} title={t('run.exportTip')} aria-label={t('run.export')} aria-keyshortcuts="E" data-testid="run-export" onClick={() => void exportRun()}>
        <span aria-hidden="true">⇩</span>
      </button>
      <button type="button" className="seg-btn" disabled={busy} title={t('run.importTip')} aria-label={t('run.import')} aria-keyshortcuts="I" data-testid="run-import" onClick={() => input.current?.click()}>
        <span aria-hidden="true">⇧</span>
      </button>
      <button type="button" className="seg-btn" disabled={busy || !hasRun || recording} title={t('run.linkTip')} aria-label={t('run.link')} data-testid="run-link" onClick={() => void copyRunLink()}>
        <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14" className="run-link-icon">
          <path d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.6 2.6 0 013.7 3.7L10.7 8.2M9 11.5l-1.2 1.2a2.6 2.6 0 01-3.7-3.7L5.3 7.8" />
        </svg>
      </button>
      {chip && (
        <span className={`run-chip tone-${chip.tone}`} title={chip.long} data-testid="run-state">
          <span aria-hidden="true">{chip.text}</span>
          <span className="sr-only">{chip.long}</span>
        </span>
      )}
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="run-file"
        aria-label={t('run.import')}
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (f) void importRunFile(f);
        }}
      />
    </div>
  );
}

/** The outcome of the last record / export / import / link action, in the page language. */
export function RunBanner() {
  const t = useT();
  const { busy, outcome, seq } = useStore(runStore);
  useEffect(() => {
    if (!outcome?.ok || outcome.kind === 'link') return;
    const h = setTimeout(dismissRunOutcome, 12_000);
    return () => clearTimeout(h);
  }, [outcome, seq]);
  if (busy) {
    return (
      <div className="snapshot-banner run-banner is-busy" role="status" data-testid="run-result" data-state="busy">
        {t('run.busy')}
      </div>
    );
  }
  if (!outcome) return null;
  let text: string;
  let detail = '';
  let url = '';
  if (outcome.ok) {
    switch (outcome.kind) {
      case 'recording':
        text = t('run.ok.recording', { seed: outcome.seed });
        break;
      case 'stopped':
        text = t('run.ok.stopped', { n: outcome.actions, t: (outcome.endMs / 1000).toFixed(1) });
        break;
      case 'export':
        text = t('run.ok.export', { file: outcome.fileName, n: outcome.actions });
        break;
      case 'link':
        text = outcome.copied ? t('run.ok.link', { chars: outcome.url.length }) : t('run.ok.linkShown');
        url = outcome.url;
        break;
      default:
        text = t(outcome.kind === 'fromLink' ? 'run.ok.fromLink' : 'run.ok.import', { file: outcome.fileName, seed: outcome.seed, members: outcome.members, n: outcome.actions });
    }
  } else if (outcome.kind === 'noRun') {
    text = t('run.fail.noRun');
  } else if (outcome.kind === 'other') {
    text = t('run.fail.other', { reason: outcome.detail });
  } else {
    const reason = t(`run.reason.${outcome.code}` as MessageKey);
    text = outcome.kind === 'import' ? t('run.fail.import', { file: outcome.fileName, reason }) : t('run.fail.link', { reason });
    detail = outcome.detail;
  }
  return (
    <div
      key={seq}
      className={`snapshot-banner run-banner ${outcome.ok ? 'is-ok' : 'is-error'}`}
      role={outcome.ok ? 'status' : 'alert'}
      data-testid="run-result"
      data-state={outcome.ok ? 'ok' : 'error'}
      data-kind={outcome.kind}
      data-code={!outcome.ok && 'code' in outcome ? outcome.code : ''}
    >
      <span className="snapshot-text">{text}</span>
      {url && <input className="run-url" readOnly value={url} aria-label={t('run.link')} data-testid="run-url" onFocus={(e) => e.currentTarget.select()} />}
      {detail && (
        <details>
          <summary>{t('run.detail')}</summary>
          <code>{detail}</code>
        </details>
      )}
      <button type="button" className="btn btn-icon btn-quiet" aria-label={t('run.dismiss')} onClick={dismissRunOutcome}>
        ×
      </button>
    </div>
  );
}
