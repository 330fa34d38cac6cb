// One row per member: the numbers a reader checks (role, term, vote, commit ...) and the fault buttons.
import { memo } from 'react';
import { healAll, isolateMember, killMember, resetCluster, restartMember } from '../store/clusterStore';
import type { MemberCard } from '../store/derive';
import { useCluster, useT } from '../store/hooks';
import { selectMember } from '../store/prefsStore';
import { termColor, termTextColor } from '../layout/palette';

/** Cluster-wide fault controls, shown in the Members panel's header. */
export function MembersActions() {
  const t = useT();
  return (
    <>
      <button type="button" className="btn btn-small" onClick={healAll} aria-label={t('members.healAllLabel')}>
        {t('members.healAll')}
      </button>
      <button type="button" className="btn btn-small btn-quiet" onClick={resetCluster} aria-label={t('members.resetLabel')}>
        {t('members.reset')}
      </button>
    </>
  );
}

export function MembersPanel() {
  const t = useT();
  const cards = useCluster((s) => s.cards);
  return (
    <div className="members">
      <div className="members-scroll">
        <table className="members-table">
          <thead>
            <tr>
              <th scope="col">{t('member.name')}</th>
              <th scope="col">{t('member.term')}</th>
              <th scope="col">{t('member.vote')}</th>
              <th scope="col">{t('member.commit')}</th>
              <th scope="col" className="col-opt">{t('member.applied')}</th>
              <th scope="col" className="col-opt">{t('member.lastIndex')}</th>
              <th scope="col" className="col-opt">{t('member.revision')}</th>
              <th scope="col" className="col-actions">
                <span className="sr-only">{t('members.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cards.map((c) => (
              <MemberRow key={c.id} card={c} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const MemberRow = memo(function MemberRow({ card }: { card: MemberCard }) {
  const t = useT();
  const n = card.name;
  const stopped = !card.alive;
  const role = stopped ? 'stopped' : card.role;
  return (
    <tr
      data-testid={`member-${n}`}
      className={`member-row role-${role}${card.isolated ? ' is-isolated' : ''}`}
      aria-label={t('member.groupLabel', { member: n })}
    >
      <th scope="row" className="member-id">
        <div className="member-id-inner">
        <button
          type="button"
          className="member-name"
          onClick={() => selectMember(card.id)}
          aria-label={t('inspect.label', { member: n })}
          title={t('inspect.label', { member: n })}
        >
          {n}
        </button>
        <span className={`role-chip role-${role}`}>
          <RoleIcon role={role} />
          <span data-testid={`role-${n}`} data-role={role}>
            {stopped ? t('role.stopped') : t(`role.${card.role}`)}
          </span>
        </span>
        {card.isolated && <span className="iso-chip">✂ {t('state.isolated')}</span>}
        </div>
      </th>
      <td>
        <span
          className="term-chip"
          style={{ background: termColor(card.term), color: termTextColor(card.term) }}
          data-testid={`term-${n}`}
        >
          {card.term}
        </span>
      </td>
      <td>{card.vote ? `n${card.vote}` : t('member.none')}</td>
      <td data-testid={`commit-${n}`}>{card.commitIndex}</td>
      <td className="col-opt">{card.appliedIndex}</td>
      <td className="col-opt">{card.lastIndex}</td>
      <td className="col-opt">{card.revision}</td>
      <td className="col-actions">
        <div className="member-actions">
          <button
            type="button"
            className="btn btn-small btn-danger"
            aria-label={t('member.killLabel', { member: n })}
            disabled={stopped}
            onClick={() => killMember(card.id)}
          >
            {t('member.kill')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('member.restartLabel', { member: n })}
            onClick={() => restartMember(card.id)}
          >
            {t('member.restart')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('member.isolateLabel', { member: n })}
            aria-pressed={card.isolated}
            disabled={card.isolated}
            onClick={() => isolateMember(card.id)}
          >
            {t('member.isolate')}
          </button>
        </div>
      </td>
    </tr>
  );
});

export function RoleIcon({ role }: { role: string }) {
  // Text glyphs keep the role readable without colour and in high-contrast modes.
  const glyph =
    role === 'leader' ? '★' : role === 'candidate' ? '▲' : role === 'pre-candidate' ? '△' : role === 'stopped' ? '✕' : '●';
  return (
    <span className="role-icon" aria-hidden="true">
      {glyph}
    </span>
  );
}
