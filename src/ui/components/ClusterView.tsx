// The cluster as a ring of members with messages flying between them.
// React renders the members when their visible state changes; the timer arcs and the message dots
// are moved by a requestAnimationFrame loop that sets SVG attributes through refs.
import { useCallback, useMemo, useRef, useState } from 'react';
import type React from 'react';
import type { MemberInspect, MessageView } from '../../protocol/view';
import type { NodeId } from '../../raft/types';
import { arcPath, ringLayout, type Point, type RingLayout } from '../layout/ring';
import { displayProgress, messageProgress, pickDrawnMessages, pointOnLink } from '../layout/messages';
import { clusterStore } from '../store/clusterStore';
import { currentLeader, votesFor, type MemberCard } from '../store/derive';
import { displayNow } from '../store/displayClock';
import { useCluster, usePrefs, useReducedMotion, useT } from '../store/hooks';
import { MemberInspector } from './MemberInspector';
import { MemberNode, TIMER_GAP } from './MemberNode';
import { MessageLegend } from './MessageLegend';
import { MessageTip } from './MessageTip';
import { reconcileMessages, setIfChanged } from './messageLayer';
import { useElementSize } from './useElementSize';
import { useFrame } from './useFrame';

const LANE_PX = 6;

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
  /** The messages drawn (all of them, or a sample per link when there are too many; see pickDrawnMessages). */
  const drawn = useRef<readonly MessageView[]>([]);
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
      drawn.current = pickDrawnMessages(snap.messages);
      reconcileMessages(layer, msgEls.current, drawn.current, drawn.current.length <= 8);
      lastMessages.current = snap.messages;
      if (drawnAt.current.size > drawn.current.length * 2 + 32) drawnAt.current.clear();
    }
    for (const msg of drawn.current) {
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
