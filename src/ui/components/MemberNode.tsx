// One member on the ring: body coloured by term, role badge (shape, not colour alone), timer arc
// (moved by ClusterView's frame loop through setArcRef), labels, stopped cross and isolation ring.
import { memo, useCallback } from 'react';
import type { NodeId } from '../../raft/types';
import type { LabelSide, Point } from '../layout/ring';
import { termColor, termTextColor } from '../layout/palette';
import type { MemberCard } from '../store/derive';
import { useT } from '../store/hooks';
import { selectMember } from '../store/prefsStore';
import { glyphPath } from './glyphs';

/** Gap between a body and its timer arc. */
export const TIMER_GAP = 7;

export interface MemberNodeProps {
  card: MemberCard;
  at: Point;
  r: number;
  isLeaderSeen: boolean;
  selected: boolean;
  labelSide: LabelSide;
  /** Type scale relative to 14 px. */
  em: number;
  /** Votes a candidate holds (-1 for non-candidates). */
  votes: number;
  total: number;
  setArcRef: (id: NodeId, el: SVGPathElement | null) => void;
}

export const MemberNode = memo(function MemberNode({ card, at, r, isLeaderSeen, selected, labelSide, em, votes, total, setArcRef }: MemberNodeProps) {
  const t = useT();
  const arcRef = useCallback((el: SVGPathElement | null) => setArcRef(card.id, el), [setArcRef, card.id]);
  const stopped = !card.alive;
  const roleText = stopped ? t('role.stopped') : t(`role.${card.role}`);
  const fill = stopped ? 'url(#es-stopped-hatch)' : termColor(card.term);
  const ink = stopped ? 'var(--ink)' : termTextColor(card.term);
  const classes = ['member', `role-${stopped ? 'stopped' : card.role}`];
  if (card.isolated) classes.push('is-isolated');
  if (isLeaderSeen) classes.push('is-leader');
  if (selected) classes.push('is-selected');
  const timerR = r + TIMER_GAP;
  // Small bodies (6–7 members on a small panel) show the term under the node instead of inside it.
  const compact = r < 27;
  // Two label lines, outside the ring: above members in the upper part, below the lower ones, and
  // beside the flank members of a crowded ring.
  const side = labelSide === 'left' || labelSide === 'right';
  const labelX = labelSide === 'right' ? r + TIMER_GAP + 8 : labelSide === 'left' ? -(r + TIMER_GAP + 8) : 0;
  const anchor = labelSide === 'right' ? 'start' : labelSide === 'left' ? 'end' : 'middle';
  const line = 15 * em;
  const roleY = side ? -line / 2 : labelSide === 'above' ? -(r + TIMER_GAP + 8 + 1.5 * line) : r + TIMER_GAP + 8 + line * 0.6;
  const metaY = roleY + line;
  const vote = card.vote ? `n${card.vote}` : t('member.none');
  return (
    <g
      className={classes.join(' ')}
      transform={`translate(${at.x},${at.y})`}
      data-testid={`node-${card.name}`}
      data-term={card.term}
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      aria-label={`${t('inspect.label', { member: card.name })}: ${t('cluster.nodeLabel', { member: card.name, role: roleText, term: card.term, commit: card.commitIndex })}`}
      onClick={() => selectMember(card.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          selectMember(card.id);
        }
      }}
    >
      <title>{t('cluster.nodeLabel', { member: card.name, role: roleText, term: card.term, commit: card.commitIndex })}</title>
      <circle className="select-ring" r={r + TIMER_GAP + 5} />
      {card.isolated && <circle className="cut-ring" r={r + TIMER_GAP + 8} />}
      {!stopped && <circle className="timer-track" r={timerR} />}
      <path ref={arcRef} className={card.role === 'leader' ? 'timer-arc timer-heartbeat' : 'timer-arc'} />
      {card.role === 'leader' && !stopped && <circle className="leader-halo" r={r + 3} />}
      <circle className="body" r={r} style={{ fill }} />
      {stopped && (
        <g className="stopped-cross">
          <line x1={-r * 0.62} y1={-r * 0.62} x2={r * 0.62} y2={r * 0.62} />
          <line x1={-r * 0.62} y1={r * 0.62} x2={r * 0.62} y2={-r * 0.62} />
        </g>
      )}
      {compact ? (
        <text className="node-name" y={1} style={{ fill: ink }}>
          {card.name}
        </text>
      ) : (
        <>
          <text className="node-name" y={-r * 0.22} style={{ fill: ink }}>
            {card.name}
          </text>
          <text className="node-term" y={r * 0.42} style={{ fill: ink }}>
            {t('member.term')} {card.term}
          </text>
        </>
      )}
      <RoleBadge role={stopped ? 'stopped' : card.role} r={r} />
      <text className="node-role" x={labelX} y={roleY} textAnchor={anchor}>
        {roleText}
        {card.isolated ? ` · ${t('state.isolated')}` : ''}
        {compact ? ` · ${t('member.term')} ${card.term}` : ''}
      </text>
      <text className="node-meta" x={labelX} y={metaY} textAnchor={anchor}>
        {t('member.commit')} {card.commitIndex} ·{' '}
        {votes >= 0 ? t('cluster.votes', { votes, total }) : `${t('member.vote')} ${vote}`}
      </text>
    </g>
  );
});

/** A shape per role, so role never depends on colour: star = leader, triangle = candidate, etc. */
function RoleBadge({ role, r }: { role: string; r: number }) {
  const x = r * 0.78;
  const y = -r * 0.78;
  let d: string | null = null;
  let cls = 'badge';
  switch (role) {
    case 'leader':
      d = glyphPath('star', 150);
      cls += ' badge-leader';
      break;
    case 'candidate':
      d = glyphPath('triangle', 120);
      cls += ' badge-candidate';
      break;
    case 'pre-candidate':
      d = glyphPath('triangle', 120);
      cls += ' badge-precandidate';
      break;
    default:
      return null;
  }
  return (
    <g transform={`translate(${x},${y})`} className={cls} aria-hidden="true">
      <circle r={11} className="badge-bg" />
      <path d={d} />
    </g>
  );
}
