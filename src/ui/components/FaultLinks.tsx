// The links between members, one lane per direction (messages travel on the same lanes): a cut
// direction is dashed with scissors near its sender, a slowed or lossy one carries its latency/loss.
// Each pair is a button: click or Enter opens the link editor; C cuts (or restores) the lower →
// higher direction, B both ways.
import type React from 'react';
import type { NodeId } from '../../raft/types';
import type { FaultsView } from '../../protocol/faults';
import type { RingLayout } from '../layout/ring';
import { pointOnLink } from '../layout/messages';
import type { MemberCard } from '../store/derive';
import { useT } from '../store/hooks';
import { cutLink, isCut, linkFault, restoreLink } from '../store/faultOps';
import { TIMER_GAP } from './MemberNode';

const LANE_PX = 6;

export interface LinkTarget {
  a: NodeId;
  b: NodeId;
  x: number;
  y: number;
}

export function FaultLinks({
  cards,
  layout,
  faults,
  onOpen,
}: {
  cards: MemberCard[];
  layout: RingLayout;
  faults: FaultsView | undefined;
  onOpen: (t: LinkTarget) => void;
}) {
  const t = useT();
  const r = layout.nodeRadius + TIMER_GAP + 2;
  const pairs: React.ReactNode[] = [];
  const labels: React.ReactNode[] = [];
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) {
      const A = cards[i]!;
      const B = cards[j]!;
      const pa = layout.positions[i]!;
      const pb = layout.positions[j]!;
      const down = !A.alive || !B.alive;
      const lanes = [
        [A, B, pa, pb],
        [B, A, pb, pa],
      ] as const;
      const stateOf = (from: MemberCard, to: MemberCard) =>
        from.isolated || to.isolated || isCut(faults, from.id, to.id) || !sameGroup(faults, from.id, to.id) ? 'cut' : 'ok';
      const ab = stateOf(A, B);
      const ba = stateOf(B, A);
      const mid = { x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 };
      const open = () => onOpen({ a: A.id, b: B.id, x: mid.x, y: mid.y });
      const describe = (from: MemberCard, to: MemberCard, s: string) => {
        const l = linkFault(faults, from.id, to.id);
        const extra = l ? ` (${fmt(l)})` : '';
        return `${from.name} → ${to.name}: ${s === 'cut' ? t('faults.linkCut') : t('faults.linkOk')}${extra}`;
      };
      pairs.push(
        <g
          key={`${A.id}-${B.id}`}
          className={`link-pair${down ? ' link-down' : ''}`}
          role="button"
          tabIndex={0}
          data-testid={`link-${A.name}-${B.name}`}
          aria-label={t('faults.linkLabel', { from: A.name, to: B.name, state: `${describe(A, B, ab)}; ${describe(B, A, ba)}` })}
          onClick={open}
          onKeyDown={(e) => {
            const k = e.key.toLowerCase();
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              open();
            } else if (k === 'c' && !e.ctrlKey && !e.metaKey && !e.altKey) {
              e.preventDefault();
              e.stopPropagation();
              if (isCut(faults, A.id, B.id)) restoreLink(A.id, B.id, false);
              else cutLink(A.id, B.id, false);
            } else if (k === 'b' && !e.ctrlKey && !e.metaKey && !e.altKey) {
              e.preventDefault();
              e.stopPropagation();
              if (isCut(faults, A.id, B.id) && isCut(faults, B.id, A.id)) restoreLink(A.id, B.id, true);
              else cutLink(A.id, B.id, true);
            }
          }}
        >
          <line className="link-hit" x1={pa.x} y1={pa.y} x2={pb.x} y2={pb.y} />
          {lanes.map(([from, to, p, q]) => {
            const s = stateOf(from, to);
            const l = linkFault(faults, from.id, to.id);
            const start = pointOnLink(p, q, 0, r, LANE_PX / 2);
            const end = pointOnLink(p, q, 1, r, LANE_PX / 2);
            const cls = `link link-lane${s === 'cut' ? ' link-cut' : ''}${l ? ' link-slow' : ''}`;
            const scissors = pointOnLink(p, q, 0.22, r, LANE_PX / 2);
            return (
              <g key={`${from.id}>${to.id}`} data-testid={`lane-${from.name}-${to.name}`} data-state={s} data-latency={l?.latencyMs ?? ''}>
                <line className={cls} x1={start.x} y1={start.y} x2={end.x} y2={end.y} />
                {s === 'cut' && isCut(faults, from.id, to.id) && (
                  <text className="link-scissors" x={scissors.x} y={scissors.y} aria-hidden="true">
                    ✂
                  </text>
                )}
              </g>
            );
          })}
        </g>,
      );
      // Latency/loss labels, one per slowed direction, beside its lane.
      for (const [from, to, p, q] of lanes) {
        const l = linkFault(faults, from.id, to.id);
        if (!l) continue;
        const at = pointOnLink(p, q, 0.5, r, LANE_PX * 2.6);
        labels.push(
          <text key={`lbl-${from.id}>${to.id}`} className="link-label" x={at.x} y={at.y} data-testid={`link-label-${from.name}-${to.name}`}>
            {from.name}→{to.name} {fmt(l)}
          </text>,
        );
      }
    }
  }
  return (
    <g className="links">
      {pairs}
      <g className="link-labels" aria-hidden="true">
        {labels}
      </g>
    </g>
  );
}

function sameGroup(faults: FaultsView | undefined, a: NodeId, b: NodeId): boolean {
  const groups = faults?.groups ?? [];
  if (!groups.length) return true;
  const ga = groups.findIndex((g) => g.includes(a));
  const gb = groups.findIndex((g) => g.includes(b));
  return ga === gb;
}

export function fmt(l: { latencyMs: number; jitterMs: number; lossPct: number }): string {
  const parts = [`${l.latencyMs}${l.jitterMs ? `±${l.jitterMs}` : ''} ms`];
  if (l.lossPct) parts.push(`${l.lossPct}%`);
  return parts.join(' · ');
}
