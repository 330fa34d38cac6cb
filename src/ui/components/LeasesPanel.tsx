// One member's lessor: every lease with its TTL, the remaining time (polled, so it counts down) and
// the keys attached to it. Only the primary lessor (the leader's) runs the clocks.
import { useT } from '../store/hooks';
import { useCluster } from '../store/hooks';
import { MemberPicker, useTargetMember } from './MvccPanel';
import { useInspect } from './useInspect';

export function LeasesPanel() {
  const t = useT();
  const [target, setTarget, pickValue] = useTargetMember();
  const data = useInspect(target, 'leases');
  const name = useCluster((s) => s.cards.find((c) => c.id === target)?.name ?? '?');
  return (
    <div className="leases" data-testid="leases-panel">
      <div className="mvcc-bar">
        <MemberPicker value={pickValue} onChange={setTarget} />
        {data && data !== 'unsupported' && (
          <span className={`primary-chip${data.primary ? ' is-primary' : ''}`} data-testid="leases-primary" data-primary={data.primary}>
            {data.primary ? `◉ ${t('leases.primary')}` : `○ ${t('leases.notPrimary')}`}
          </span>
        )}
      </div>
      {data === 'unsupported' ? (
        <p className="muted">{t('mvcc.unsupported')}</p>
      ) : data === undefined ? (
        <p className="muted">{t('mvcc.loading')}</p>
      ) : data === null ? (
        <p className="muted">{t('mvcc.notRunning', { member: name })}</p>
      ) : data.leases.length === 0 ? (
        <p className="muted">{t('leases.none')}</p>
      ) : (
        <table className="mvcc-history leases-table" data-testid="leases-table">
          <thead>
            <tr>
              <th scope="col">{t('leases.id')}</th>
              <th scope="col">{t('leases.ttl')}</th>
              <th scope="col">{t('leases.remaining')}</th>
              <th scope="col">{t('leases.keys')}</th>
            </tr>
          </thead>
          <tbody>
            {data.leases.map((l) => {
              const frac = l.ttlSec > 0 ? Math.max(0, Math.min(1, l.remainingSec / l.ttlSec)) : 0;
              return (
                <tr key={l.id} data-testid="lease-row" data-id={l.id} data-ttl={l.ttlSec} data-remaining={Math.max(0, Math.ceil(l.remainingSec))} data-keys={l.keys.join(' ')}>
                  <td className="mono">{l.id}</td>
                  <td>{t('leases.seconds', { s: l.ttlSec })}</td>
                  <td>
                    <span className="lease-remaining">
                      {t('leases.seconds', { s: Math.max(0, Math.ceil(l.remainingSec)) })}
                      <span className="db-bar" aria-hidden="true">
                        <span className="db-bar-fill" style={{ width: `${Math.round(frac * 100)}%` }} />
                      </span>
                    </span>
                  </td>
                  <td className="mvcc-summary" title={l.keys.join(', ')}>
                    {l.keys.length ? l.keys.join(', ') : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
