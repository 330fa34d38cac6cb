// The cluster as a ring of members with messages flying between them.
// React renders the members when their visible state changes; the timer arcs and the message dots
// are moved by a requestAnimationFrame loop that sets SVG attributes through refs.
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type React from 'react';
import type { MemberInspect, MessageView } from '../../protocol/view';
import type { NodeId } from '../../raft/types';
import { arcPath, ringLayout, type LabelSide, type Point, type RingLayout } from '../layout/ring';
import { displayProgress, messageProgress, messageStyle, pointOnLink } from '../layout/messages';
import { termColor, termTextColor } from '../layout/palette';
import { clusterStore } from '../store/clusterStore';
import { currentLeader, votesFor, type MemberCard } from '../store/derive';
import { displayNow } from '../store/displayClock';
import { useCluster, useReducedMotion, useT } from '../store/hooks';
import { glyphPath } from './glyphs';
import { useElementSize } from './useElementSize';
import { useFrame } from './useFrame';
import { MessageLegend } from './MessageLegend';
import { MemberInspector } from './MemberInspector';
import { selectMember } from '../store/prefsStore';
import { usePrefs } from '../store/hooks';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LANE_PX = 6;
const TIMER_GAP = 7;

export function ClusterView() {
  const t = useT();
  const cards = useCluster((s) => s.cards);
  const hasSnapshot = useCluster((s) => s.snapshot !== null);
  const reducedMotion = useReducedMotion();
  const selectedId = usePrefs((s) => s.selected);
  const [boxRef, size] = useElementSize<HTMLDivElement>();
  // Labels grow with the type size (projector mode), and the ring makes room for them.
  const em = size.fontSize / 14;
  // With the inspector open on a wide panel, the ring moves into the space left of it.
  const inspectorOpen = selectedId !== null && cards.some((c) => c.id === selectedId);
  const ringWidth = inspectorOpen && size.width > 560 ? size.width - (Math.min(250 * em, size.width * 0.46) + 16) : size.width;
  const layout = useMemo(
    () =>
      ringLayout(cards.length, ringWidth, size.height, {
        labelHeight: 34 * em,
        labelHalfWidth: 62 * em,
        sideLabelWidth: 128 * em,
        halo: 16,
      }),
    [cards.length, ringWidth, size.height, em],
  );

  const positions = useMemo(() => {
    const m = new Map<NodeId, Point>();
    cards.forEach((c, i) => m.set(c.id, layout.positions[i]));
    return m;
  }, [cards, layout]);

  const arcRefs = useRef(new Map<NodeId, SVGPathElement>());
  const setArcRef = useCallback((id: NodeId, el: SVGPathElement | null) => {
    if (el) arcRefs.current.set(id, el);
    else arcRefs.current.delete(id);
  }, []);
  /** Last value written per element, so a frame only touches the DOM where something moved. */
  const written = useRef(new WeakMap<Element, string>());
  const msgLayerRef = useRef<SVGGElement | null>(null);
  const msgEls = useRef(new Map<number, SVGGElement>());
  const lastMessages = useRef<MessageView[] | null>(null);
  /** Where each message was drawn this frame, for pointer hit-testing. */
  const drawnAt = useRef(new Map<number, Point>());
  const [hovered, setHovered] = useState<{ msg: MessageView; x: number; y: number } | null>(null);
  const onPointerMove = (e: React.PointerEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const snap = clusterStore.getState().snapshot;
    let best: MessageView | null = null;
    let bestD = 12;
    for (const m of snap?.messages ?? []) {
      const p = drawnAt.current.get(m.id);
      if (!p) continue;
      const d = Math.hypot(p.x - x, p.y - y);
      if (d < bestD) {
        bestD = d;
        best = m;
      }
    }
    setHovered((h) => (best ? { msg: best, x, y } : h ? null : h));
  };
  const frameState = useRef({ positions, layout, reducedMotion });
  frameState.current = { positions, layout, reducedMotion };

  useFrame((realMs) => {
    const snap = clusterStore.getState().snapshot;
    if (!snap) return;
    const now = displayNow(realMs);
    const { positions: pos, layout: lay, reducedMotion: rm } = frameState.current;
    const within = rm || snap.paused ? 0 : Math.min(1, Math.max(0, (now - snap.nowMs) / Math.max(1, snap.tickMs)));
    for (const m of snap.members) {
      const el = arcRefs.current.get(m.id);
      if (!el) continue;
      const p = pos.get(m.id);
      if (!p) continue;
      setIfChanged(written.current, el, 'd', arcPath(0, 0, lay.nodeRadius + TIMER_GAP, timerFraction(m, within)));
    }
    const layer = msgLayerRef.current;
    if (!layer) return;
    if (lastMessages.current !== snap.messages) {
      reconcileMessages(layer, msgEls.current, snap.messages, snap.messages.length <= 8);
      lastMessages.current = snap.messages;
      if (drawnAt.current.size > snap.messages.length * 2 + 32) drawnAt.current.clear();
    }
    for (const msg of snap.messages) {
      const el = msgEls.current.get(msg.id);
      const a = pos.get(msg.from);
      const b = pos.get(msg.to);
      if (!el) continue;
      if (!a || !b) {
        el.setAttribute('visibility', 'hidden');
        continue;
      }
      const raw = messageProgress(msg.sentAtMs, msg.deliverAtMs, now);
      const pt = pointOnLink(a, b, displayProgress(raw, rm), lay.nodeRadius + TIMER_GAP + 2, LANE_PX);
      drawnAt.current.set(msg.id, pt);
      // A CSS transform (not the SVG attribute) lets the compositor move the dot without re-styling.
      const tr = `translate(${pt.x.toFixed(1)}px,${pt.y.toFixed(1)}px)${raw >= 1 ? ' scale(0.7)' : ''}`;
      if (written.current.get(el) !== tr) {
        written.current.set(el, tr);
        el.style.transform = tr;
      }
      if (el.getAttribute('visibility') !== 'visible') el.setAttribute('visibility', 'visible');
    }
  });

  const leader = currentLeader(cards);
  const summary = t('cluster.label', {
    count: cards.length,
    leader: leader ? t('cluster.leaderIs', { member: leader.name, term: leader.term }) : t('cluster.noLeader'),
  });

  return (
    <div className="cluster-view">
      <div className="cluster-canvas" ref={boxRef}>
        {!hasSnapshot && <p className="cluster-waiting">{t('cluster.waiting')}</p>}
        <svg
          className="cluster-svg"
          width={size.width}
          height={size.height}
          viewBox={`0 0 ${size.width} ${size.height}`}
          role="img"
          aria-label={summary}
          onPointerMove={onPointerMove}
          onPointerLeave={() => setHovered(null)}
        >
          <defs>
            <pattern id="es-stopped-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" className="stopped-hatch-bg" />
              <line x1="0" y1="0" x2="0" y2="6" className="stopped-hatch-line" />
            </pattern>
          </defs>
          <Links cards={cards} layout={layout} />
          <g ref={msgLayerRef} className="msg-layer" />
          {cards.map((c, i) => (
            <MemberNode
              key={c.id}
              card={c}
              at={layout.positions[i]}
              r={layout.nodeRadius}
              labelSide={layout.labelSide[i]}
              em={em}
              isLeaderSeen={leader?.id === c.id}
              selected={selectedId === c.id}
              votes={c.role === 'candidate' && c.alive ? votesFor(c, cards) : -1}
              total={cards.length}
              setArcRef={setArcRef}
            />
          ))}
        </svg>
        <MemberInspector />
        {hovered && <MessageTip msg={hovered.msg} x={hovered.x} y={hovered.y} width={size.width} />}
      </div>
      <MessageLegend />
    </div>
  );
}

/** The fields of the message under the pointer (its raft fields, as etcd-io/raft names them). */
function MessageTip({ msg, x, y, width }: { msg: MessageView; x: number; y: number; width: number }) {
  const t = useT();
  const left = x > width - 230 ? x - 220 : x + 14;
  return (
    <div className="msg-tip" style={{ left, top: Math.max(4, y - 10) }} role="tooltip">
      <strong>{msg.type}</strong>{' '}
      <span className="muted">
        n{msg.from} → n{msg.to}
      </span>
      <div>
        {t('member.term')} {msg.term} · index {msg.index} · logTerm {msg.logTerm}
      </div>
      <div>
        entries {msg.entries} · commit {msg.commit}
        {msg.reject ? ` · ${t('msg.rejected')}` : ''}
      </div>
    </div>
  );
}

function timerFraction(m: MemberInspect, within: number): number {
  if (!m.alive) return 0;
  if (m.role === 'leader') {
    const hb = Math.max(1, m.heartbeatTimeout);
    return Math.min(1, (m.heartbeatElapsed + within) / hb);
  }
  const et = Math.max(1, m.electionTimeout);
  return Math.max(0, 1 - (m.electionElapsed + within) / et);
}

function Links({ cards, layout }: { cards: MemberCard[]; layout: RingLayout }) {
  const lines = [];
  for (let i = 0; i < cards.length; i++) {
    for (let j = i + 1; j < cards.length; j++) {
      const a = layout.positions[i];
      const b = layout.positions[j];
      const cut = cards[i].isolated || cards[j].isolated;
      const down = !cards[i].alive || !cards[j].alive;
      lines.push(
        <line
          key={`${cards[i].id}-${cards[j].id}`}
          className={`link${cut ? ' link-cut' : ''}${down ? ' link-down' : ''}`}
          x1={a.x}
          y1={a.y}
          x2={b.x}
          y2={b.y}
        />,
      );
    }
  }
  return <g className="links">{lines}</g>;
}

interface MemberNodeProps {
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

const MemberNode = memo(function MemberNode({ card, at, r, isLeaderSeen, selected, labelSide, em, votes, total, setArcRef }: MemberNodeProps) {
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

function setIfChanged(cache: WeakMap<Element, string>, el: Element, attr: string, value: string): void {
  const key = `${attr}=${value}`;
  if (cache.get(el) === key) return;
  cache.set(el, key);
  el.setAttribute(attr, value);
}

function reconcileMessages(
  layer: SVGGElement,
  els: Map<number, SVGGElement>,
  messages: readonly MessageView[],
  withLabels: boolean,
): void {
  const live = new Set<number>();
  for (const msg of messages) {
    live.add(msg.id);
    let g = els.get(msg.id);
    if (!g) {
      g = createMessageEl(msg);
      g.setAttribute('visibility', 'hidden');
      layer.appendChild(g);
      els.set(msg.id, g);
    }
    g.classList.toggle('with-label', withLabels);
  }
  for (const [id, g] of els) {
    if (!live.has(id)) {
      g.remove();
      els.delete(id);
    }
  }
}

function createMessageEl(msg: MessageView): SVGGElement {
  const style = messageStyle(msg.type);
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('data-id', String(msg.id));
  g.setAttribute('data-type', msg.type);
  g.setAttribute('class', `msg fam-${style.family}${style.response ? ' resp' : ''}${msg.reject ? ' reject' : ''}`);
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', glyphPath(style.glyph, msg.type === 'MsgApp' && msg.entries > 0 ? 110 : 80));
  g.appendChild(path);
  if (msg.reject) {
    const x = document.createElementNS(SVG_NS, 'path');
    x.setAttribute('class', 'msg-reject');
    x.setAttribute('d', 'M-4 -4L4 4M-4 4L4 -4');
    g.appendChild(x);
  }
  const label = document.createElementNS(SVG_NS, 'text');
  label.setAttribute('class', 'msg-label');
  label.setAttribute('x', '8');
  label.setAttribute('y', '-6');
  label.textContent = msg.type === 'MsgApp' && msg.entries > 0 ? `${style.abbrev}+${msg.entries}` : style.abbrev;
  g.appendChild(label);
  return g;
}
