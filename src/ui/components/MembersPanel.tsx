// One row per member: the numbers a reader checks (role, term, vote, commit ...) and the fault buttons.
import { memo, useEffect, useState } from 'react';
import {
  addLearner,
  healAll,
  isolateMember,
  killMember,
  memberOpsAvailable,
  moveLeaderTo,
  promoteMember,
  removeMember,
  resetCluster,
  restartMember,
  setRaftOption,
  setSnapshotCount,
} from '../store/clusterStore';
import type { MemberCard, PeerProgress } from '../store/derive';
import { useCluster, useClusterShallow, useT } from '../store/hooks';
import { humanizeBytes, inUseRatio } from '../format/bytes';
import type { ProgressStateName } from '../../protocol/view';
import { selectMember } from '../store/prefsStore';
import { termColor, termTextColor } from '../layout/palette';

/** Cluster-wide fault controls, shown in the Members panel's header. */
export function MembersActions() {
  const t = useT();
  return (
    <>
      <MembersToolbar />
      <button type="button" className="btn btn-small" onClick={healAll} aria-label={t('members.healAllLabel')}>
        {t('members.healAll')}
      </button>
      <button type="button" className="btn btn-small btn-quiet" onClick={resetCluster} aria-label={t('members.resetLabel')}>
        {t('members.reset')}
      </button>
    </>
  );
}

/** Add learner and the PreVote / CheckQuorum switches, above the members table. */
export function MembersToolbar() {
  const t = useT();
  const pending = useClusterShallow((s) => s.pendingOps);
  const ro = useCluster((s) => s.raftOptions);
  // Re-evaluated on every render; the controller (or page API) does not change while mounted.
  const avail = memberOpsAvailable();
  const adding = pending.includes('add');
  const restarting = pending.includes('raft');
  const toggle = (name: 'preVote' | 'checkQuorum', label: string) => {
    const on = ro ? ro[name] : false;
    return (
      <button
        type="button"
        className="btn btn-small raft-toggle"
        aria-pressed={on}
        aria-label={label}
        title={t('members.optionTip', { option: label })}
        disabled={!avail.raft || !ro || restarting}
        data-testid={`raft-${name}`}
        onClick={() => void setRaftOption(name, !on)}
      >
        <span className="toggle-mark" aria-hidden="true">
          {on ? '☑' : '☐'}
        </span>
        {name === 'preVote' ? t('members.preVote') : t('members.checkQuorum')}
      </button>
    );
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        aria-label={t('members.addLearnerLabel')}
        title={t('members.addLearnerTip')}
        disabled={!avail.add || adding}
        data-testid="add-learner"
        onClick={() => void addLearner()}
      >
        + {adding ? t('members.working') : t('members.addLearner')}
      </button>
      <span className="members-toolbar-sep" role="group" aria-label={t('members.raftSettings')} aria-busy={restarting}>
        {toggle('preVote', t('members.preVoteLabel'))}
        {toggle('checkQuorum', t('members.checkQuorumLabel'))}
        {ro?.snapshotCount !== undefined && <SnapshotCountField value={ro.snapshotCount} disabled={!avail.raft || restarting} />}
      </span>
    </>
  );
}

/** etcd's --snapshot-count: applied when the field is committed (Enter or leaving it); restarts every member. */
function SnapshotCountField({ value, disabled }: { value: number; disabled: boolean }) {
  const t = useT();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const n = Number(text);
  const valid = text.trim() !== '' && Number.isInteger(n) && n >= 1;
  const commit = () => {
    if (!valid) return setText(String(value));
    if (n !== value) void setSnapshotCount(n);
  };
  return (
    <label className="snapshot-count" title={t('members.optionTip', { option: t('members.snapshotCountLabel') })}>
      <span>{t('members.snapshotCount')}</span>
      <input
        type="number"
        min={1}
        step={1}
        inputMode="numeric"
        value={text}
        disabled={disabled}
        aria-label={t('members.snapshotCountLabel')}
        aria-invalid={!valid}
        data-testid="raft-snapshotCount"
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          else if (e.key === 'Escape') setText(String(value));
        }}
      />
    </label>
  );
}

export function MembersPanel() {
  const t = useT();
  const cards = useCluster((s) => s.cards);
  const progress = useCluster((s) => s.leaderProgress);
  const peerOf = (id: number) => progress?.peers.find((p) => p.id === id);
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
              <th scope="col" title={t('member.progressTip')}>
                {t('member.progress')}
              </th>
              <th scope="col" title={t('member.dbTip')}>
                {t('member.dbHead')}
              </th>
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
              <MemberRow
                key={c.id}
                card={c}
                peer={peerOf(c.id)}
                isLeader={!!progress && progress.leader === c.id}
                hasLeader={!!progress}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const PROGRESS_GLYPH: Record<ProgressStateName, string> = { probe: '◇', replicate: '▶', snapshot: '■' };

function ProgressCell({ peer, isLeader }: { peer: PeerProgress | undefined; isLeader: boolean }) {
  const t = useT();
  if (isLeader) return <span className="muted">{t('member.self')}</span>;
  if (!peer) return <span className="muted">{t('member.none')}</span>;
  const state = t(`progress.${peer.state}`);
  return (
    <span
      className={`progress-chip progress-${peer.state}`}
      data-state={peer.state}
      title={t('member.progressLabel', { state, match: peer.match, next: peer.next })}
    >
      <span className="progress-glyph" aria-hidden="true">
        {PROGRESS_GLYPH[peer.state]}
      </span>
      <span className="progress-state">{peer.state}</span>
      <span className="progress-nums">
        {peer.match}/{peer.next}
      </span>
    </span>
  );
}

function DbCell({ size, inUse }: { size: number; inUse: number }) {
  const t = useT();
  const pct = Math.round(inUseRatio(size, inUse) * 100);
  return (
    <span className="db-cell" title={t('member.dbValue', { size: humanizeBytes(size), inUse: humanizeBytes(inUse) })}>
      <span className="db-text">
        {humanizeBytes(size)} <span className="muted">/ {humanizeBytes(inUse)}</span>
      </span>
      <span className="db-bar" aria-hidden="true">
        <span className="db-bar-fill" style={{ width: `${pct}%` }} />
      </span>
    </span>
  );
}

const MemberRow = memo(function MemberRow({
  card,
  peer,
  isLeader,
  hasLeader,
}: {
  card: MemberCard;
  peer: PeerProgress | undefined;
  isLeader: boolean;
  hasLeader: boolean;
}) {
  const t = useT();
  const n = card.name;
  const stopped = !card.alive;
  const role = stopped ? 'stopped' : card.role;
  const learner = !!peer?.isLearner;
  const pending = useClusterShallow((s) => s.pendingOps.filter((k) => k.endsWith(`:${card.id}`)));
  const avail = memberOpsAvailable();
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
        {learner && (
          <span className="learner-chip" title={t('member.learnerTip')} data-testid={`learner-${n}`}>
            ◌ {t('member.learner')}
          </span>
        )}
        {card.alarms.split(' ').filter((a) => a !== '').map((a) => (
          <span key={a} className="alarm-chip" role="status" title={t(a === 'NOSPACE' ? 'member.nospaceTip' : 'member.alarmTip')} data-testid={`alarm-${n}`}>
            ⚠ {a}
          </span>
        ))}
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
      <td data-testid={`progress-${n}`}>
        <ProgressCell peer={peer} isLeader={isLeader} />
      </td>
      <td data-testid={`db-${n}`}>
        <DbCell size={card.dbSizeBytes} inUse={card.dbSizeInUseBytes} />
      </td>
      <td className="col-opt">{card.appliedIndex}</td>
      <td className="col-opt">{card.lastIndex}</td>
      <td className="col-opt">{card.revision}</td>
      <td className="col-actions">
        <div className="member-actions">
          <button
            type="button"
            className="btn btn-small btn-danger"
            aria-label={t('member.killLabel', { member: n })}
            title={t('member.killLabel', { member: n })}
            disabled={stopped}
            onClick={() => killMember(card.id)}
          >
            <span className="btn-glyph" aria-hidden="true">✕</span>
            <span className="btn-text">{t('member.kill')}</span>
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('member.restartLabel', { member: n })}
            title={t('member.restartLabel', { member: n })}
            onClick={() => restartMember(card.id)}
          >
            <span className="btn-glyph" aria-hidden="true">↺</span>
            <span className="btn-text">{t('member.restart')}</span>
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('member.isolateLabel', { member: n })}
            title={t('member.isolateLabel', { member: n })}
            aria-pressed={card.isolated}
            disabled={card.isolated}
            onClick={() => isolateMember(card.id)}
          >
            <span className="btn-glyph" aria-hidden="true">✂</span>
            <span className="btn-text">{t('member.isolate')}</span>
          </button>
          {learner && (
            <button
              type="button"
              className="btn btn-small btn-primary"
              aria-label={t('member.promoteLabel', { member: n })}
              title={t('member.promoteLabel', { member: n })}
              disabled={!avail.promote || pending.includes(`promote:${card.id}`)}
              onClick={() => void promoteMember(card.id)}
            >
              <span className="btn-glyph" aria-hidden="true">⇧</span>
            <span className="btn-text">{t('member.promote')}</span>
            </button>
          )}
          {!learner && !isLeader && (
            <button
              type="button"
              className="btn btn-small"
              aria-label={t('member.moveLeaderLabel', { member: n })}
              title={t('member.moveLeaderLabel', { member: n })}
              disabled={!avail['move-leader'] || stopped || !hasLeader || pending.includes(`move:${card.id}`)}
              onClick={() => void moveLeaderTo(card.id)}
            >
              <span className="btn-glyph" aria-hidden="true">★</span>
            <span className="btn-text">{t('member.makeLeader')}</span>
            </button>
          )}
          <button
            type="button"
            className="btn btn-small btn-danger"
            aria-label={t('member.removeLabel', { member: n })}
            title={t('member.removeLabel', { member: n })}
            disabled={!avail.remove || pending.includes(`remove:${card.id}`)}
            onClick={() => void removeMember(card.id)}
          >
            <span className="btn-glyph" aria-hidden="true">⊖</span>
            <span className="btn-text">{t('member.remove')}</span>
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
