// The selected member's raft state in detail (RaftScope's server modal, as a non-modal card):
// timers in ticks, log range, MVCC revision, and for the leader its Progress for every follower.
import { useEffect } from 'react';
import { useCluster, useClusterShallow, usePrefs, useT } from '../store/hooks';
import { selectMember } from '../store/prefsStore';
import { RoleIcon } from './MembersPanel';
import { humanizeBytes } from '../format/bytes';
import { DiskFaults } from './DiskFaults';

export function MemberInspector() {
  const t = useT();
  const selected = usePrefs((s) => s.selected);
  const card = useCluster((s) => s.cards.find((c) => c.id === selected));
  const progress = useCluster((s) => (s.leaderProgress && s.leaderProgress.leader === selected ? s.leaderProgress : null));
  const timers = useClusterShallow((s) => {
    const m = s.snapshot?.members.find((x) => x.id === selected);
    return {
      electionElapsed: m?.electionElapsed ?? 0,
      electionTimeout: m?.electionTimeout ?? 0,
      heartbeatElapsed: m?.heartbeatElapsed ?? 0,
      heartbeatTimeout: m?.heartbeatTimeout ?? 0,
    };
  });
  const names = useClusterShallow((s) => s.cards.map((c) => c.name));
  const ids = useClusterShallow((s) => s.cards.map((c) => c.id));
  const nameOf = (id: number) => names[ids.indexOf(id)] ?? (id ? `n${id}` : t('member.none'));

  // A member that left the cluster (reset with fewer members) closes its inspector.
  useEffect(() => {
    if (selected !== null && !card && ids.length > 0) selectMember(null);
  }, [selected, card, ids.length]);

  if (selected === null || !card) return null;
  const stopped = !card.alive;
  const role = stopped ? 'stopped' : card.role;
  return (
    <aside className="inspector" aria-labelledby="es-inspector-title" data-testid="inspector">
      <header className="inspector-head">
        <h3 id="es-inspector-title">
          {t('inspect.title', { member: card.name })}{' '}
          <span className={`role-chip role-${role}`}>
            <RoleIcon role={role} />
            {stopped ? t('role.stopped') : t(`role.${card.role}`)}
          </span>
        </h3>
        <button type="button" className="btn btn-icon btn-quiet" onClick={() => selectMember(null)} aria-label={t('inspect.close')}>
          ×
        </button>
      </header>
      {stopped && <p className="inspector-note">{t('inspect.stopped')}</p>}
      <dl className="inspector-grid">
        <dt>{t('member.term')}</dt>
        <dd>{card.term}</dd>
        <dt>{t('member.vote')}</dt>
        <dd>{card.vote ? nameOf(card.vote) : t('member.none')}</dd>
        <dt>{t('inspect.lead')}</dt>
        <dd>{card.lead ? nameOf(card.lead) : t('member.none')}</dd>
        <dt>{t('member.commit')}</dt>
        <dd>
          {card.commitIndex} <span className="muted">/ {t('member.applied')} {card.appliedIndex}</span>
        </dd>
        <dt>{t('inspect.log')}</dt>
        <dd>{t('inspect.logRange', { first: card.firstIndex, last: card.lastIndex })}</dd>
        <dt>{t('inspect.kv')}</dt>
        <dd>{t('inspect.kvValue', { rev: card.revision, keys: card.keys })}</dd>
        <dt>{t('member.db')}</dt>
        <dd title={t('member.dbTip')}>
          {t('member.dbValue', { size: humanizeBytes(card.dbSizeBytes), inUse: humanizeBytes(card.dbSizeInUseBytes) })}
        </dd>
        {!stopped && card.role !== 'leader' && (
          <>
            <dt>{t('inspect.election')}</dt>
            <dd>{t('inspect.ticks', { elapsed: timers.electionElapsed, timeout: timers.electionTimeout })}</dd>
          </>
        )}
        {!stopped && card.role === 'leader' && (
          <>
            <dt>{t('inspect.heartbeat')}</dt>
            <dd>{t('inspect.ticks', { elapsed: timers.heartbeatElapsed, timeout: timers.heartbeatTimeout })}</dd>
          </>
        )}
      </dl>
      {progress && progress.peers.length > 0 && (
        <table className="inspector-progress">
          <caption>{t('inspect.progress')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('inspect.peer')}</th>
              <th scope="col">{t('inspect.match')}</th>
              <th scope="col">{t('inspect.next')}</th>
              <th scope="col">{t('inspect.state')}</th>
            </tr>
          </thead>
          <tbody>
            {progress.peers.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  {nameOf(p.id)}
                  {p.isLearner ? ` ◌ ${t('member.learner')}` : ''}
                </th>
                <td>{p.match}</td>
                <td>{p.next}</td>
                <td>{p.state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <DiskFaults key={card.id} member={card.id} />
    </aside>
  );
}
