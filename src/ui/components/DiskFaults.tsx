// The member inspector's disk faults: extra fsync latency (a slow disk: WAL fsync, snapshot save and
// backend commit take at least this long) and a crash point in the write path, armed to fire once.
import { useState } from 'react';
import type { NodeId } from '../../raft/types';
import { CRASH_POINTS, type CrashPoint } from '../../protocol/faults';
import type { MessageKey } from '../i18n';
import { useCluster, useT } from '../store/hooks';
import { armCrashPoint, setDiskLatency } from '../store/faultOps';

export function DiskFaults({ member }: { member: NodeId }) {
  const t = useT();
  const disk = useCluster((s) => s.snapshot?.faults?.disks.find((d) => d.member === member));
  const [fsync, setFsync] = useState(String(disk?.fsyncMs ?? 0));
  const [point, setPoint] = useState<CrashPoint>(disk?.crashPoint ?? 'apply-before-commit');
  const [error, setError] = useState('');
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));
  const armed = disk?.crashPoint ?? null;
  return (
    <section className="disk-faults" aria-labelledby={`es-disk-${member}`} data-testid="disk-faults">
      <h4 id={`es-disk-${member}`}>
        {t('faults.disk')}
        {disk && disk.fsyncMs > 0 && <span className="fault-chip">{t('faults.slowDisk', { ms: disk.fsyncMs })}</span>}
        {armed && <span className="fault-chip" data-testid="crash-armed">⚡ {t('faults.armed', { point: t(`crash.${armed}` as MessageKey) })}</span>}
      </h4>
      <form
        className="disk-faults-row"
        onSubmit={(e) => {
          e.preventDefault();
          setError('');
          setDiskLatency(member, Number(fsync)).catch(fail);
        }}
      >
        <label title={t('faults.fsyncHint')}>
          <span>{t('faults.fsyncMs')}</span>
          <input type="number" min={0} max={60000} step={10} value={fsync} onChange={(e) => setFsync(e.target.value)} data-testid="disk-fsync" />
        </label>
        <button type="submit" className="btn btn-small" data-testid="disk-apply">
          {t('faults.apply')}
        </button>
      </form>
      <div className="disk-faults-row">
        <label>
          <span>{t('faults.crashPoint')}</span>
          <select value={point} onChange={(e) => setPoint(e.target.value as CrashPoint)} data-testid="crash-point">
            {CRASH_POINTS.map((p) => (
              <option key={p} value={p}>
                {t(`crash.${p}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-small"
          aria-pressed={armed !== null}
          data-testid="crash-arm"
          onClick={() => {
            setError('');
            armCrashPoint(member, armed ? null : point).catch(fail);
          }}
        >
          {armed ? t('faults.disarm') : t('faults.arm')}
        </button>
      </div>
      {error && (
        <p className="link-editor-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
