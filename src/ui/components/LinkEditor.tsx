// The link popover: cut a link one way or both ways, restore it, and set latency, jitter and loss
// for one direction or both. A non-modal card next to the link; Escape closes it.
import { useEffect, useRef, useState } from 'react';
import type { NodeId } from '../../raft/types';
import { useCluster, useT } from '../store/hooks';
import { cutLink, isCut, linkFault, restoreLink, setLinkFault } from '../store/faultOps';
import type { LinkTarget } from './FaultLinks';

type Dir = 'ab' | 'ba' | 'both';

export function LinkEditor({ target, width, height, onClose }: { target: LinkTarget; width: number; height: number; onClose: () => void }) {
  const t = useT();
  const faults = useCluster((s) => s.snapshot?.faults);
  const name = (id: NodeId) => `n${id}`;
  const { a, b } = target;
  const [dir, setDir] = useState<Dir>('both');
  const from = dir === 'ba' ? b : a;
  const to = dir === 'ba' ? a : b;
  const current = linkFault(faults, from, to) ?? faults?.defaultLink ?? { latencyMs: 0, jitterMs: 0, lossPct: 0 };
  const [latency, setLatency] = useState(String(current.latencyMs));
  const [jitter, setJitter] = useState(String(current.jitterMs));
  const [loss, setLoss] = useState(String(current.lossPct));
  const [error, setError] = useState('');
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('select, input, button')?.focus();
  }, []);
  const apply = (fault: { latencyMs: number; jitterMs: number; lossPct: number } | null) => {
    setError('');
    const both = dir === 'both';
    setLinkFault(from, to, fault, both).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const left = Math.min(Math.max(8, target.x - 130), Math.max(8, width - 270));
  const top = Math.min(Math.max(8, target.y - 40), Math.max(8, height - 300));
  const abCut = isCut(faults, a, b);
  const baCut = isCut(faults, b, a);
  return (
    <div
      ref={ref}
      className="link-editor"
      role="dialog"
      aria-label={t('faults.linkEdit', { from: name(a), to: name(b) })}
      data-testid="link-editor"
      style={{ left, top }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="inspector-head">
        <h3>{t('faults.linkEdit', { from: name(a), to: name(b) })}</h3>
        <button type="button" className="btn btn-icon btn-quiet" onClick={onClose} aria-label={t('faults.close')}>
          ×
        </button>
      </header>
      <div className="link-editor-cuts">
        <button type="button" className="btn btn-small" aria-pressed={abCut} onClick={() => (abCut ? restoreLink(a, b, false) : cutLink(a, b, false))} data-testid="cut-ab">
          ✂ {t('faults.cutOneWay', { from: name(a), to: name(b) })}
        </button>
        <button type="button" className="btn btn-small" aria-pressed={baCut} onClick={() => (baCut ? restoreLink(b, a, false) : cutLink(b, a, false))} data-testid="cut-ba">
          ✂ {t('faults.cutOneWay', { from: name(b), to: name(a) })}
        </button>
        <button type="button" className="btn btn-small" onClick={() => cutLink(a, b, true)} data-testid="cut-both">
          ✂ {t('faults.cutBoth')}
        </button>
        <button type="button" className="btn btn-small" disabled={!abCut && !baCut} onClick={() => restoreLink(a, b, true)} data-testid="restore-link">
          {t('faults.restore')}
        </button>
      </div>
      <form
        className="link-editor-form"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ latencyMs: Number(latency), jitterMs: Number(jitter), lossPct: Number(loss) });
        }}
      >
        <label>
          <span>{t('faults.direction')}</span>
          <select value={dir} onChange={(e) => setDir(e.target.value as Dir)} data-testid="link-dir">
            <option value="both">
              {name(a)} ⇄ {name(b)}
            </option>
            <option value="ab">
              {name(a)} → {name(b)}
            </option>
            <option value="ba">
              {name(b)} → {name(a)}
            </option>
          </select>
        </label>
        <label>
          <span>{t('faults.latency')}</span>
          <input type="number" min={0} max={60000} value={latency} onChange={(e) => setLatency(e.target.value)} data-testid="link-latency" />
        </label>
        <label>
          <span>{t('faults.jitter')}</span>
          <input type="number" min={0} max={60000} value={jitter} onChange={(e) => setJitter(e.target.value)} data-testid="link-jitter" />
        </label>
        <label>
          <span>{t('faults.loss')}</span>
          <input type="number" min={0} max={100} value={loss} onChange={(e) => setLoss(e.target.value)} data-testid="link-loss" />
        </label>
        {error && (
          <p className="link-editor-error" role="alert">
            {error}
          </p>
        )}
        <div className="link-editor-actions">
          <button type="submit" className="btn btn-primary btn-small" data-testid="link-apply">
            {t('faults.apply')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => apply(null)}>
            {t('faults.resetLink')}
          </button>
        </div>
      </form>
    </div>
  );
}
