// Where a message in flight is drawn at a given virtual time, and how each raft message type looks.
import type { Point } from './ring';

/** Fraction (0..1) of the trip a message has made at virtual time t. */
export function messageProgress(sentAtMs: number, deliverAtMs: number, tMs: number): number {
  const span = deliverAtMs - sentAtMs;
  if (span <= 0) return tMs >= deliverAtMs ? 1 : 0;
  return Math.min(1, Math.max(0, (tMs - sentAtMs) / span));
}

/**
 * The point on the link from `a` to `b` at progress p. The trip runs between the two body edges
 * (not the centres), and is shifted sideways by `lane` px to the right of the direction of travel, so a
 * request and its response on the same link never sit on top of each other.
 */
export function pointOnLink(a: Point, b: Point, p: number, nodeRadius: number, lane = 0): Point {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return { x: a.x, y: a.y };
  const ux = dx / len;
  const uy = dy / len;
  const inset = Math.min(nodeRadius, len / 2);
  const travel = Math.max(0, len - 2 * inset);
  const d = inset + travel * Math.min(1, Math.max(0, p));
  // Right-hand normal in SVG coordinates (y down): (-uy, ux).
  return { x: a.x + ux * d - uy * lane, y: a.y + uy * d + ux * lane };
}

/** With reduced motion a message does not glide: it is shown still, half way along its link. */
export function displayProgress(p: number, reducedMotion: boolean): number {
  return reducedMotion ? 0.5 : p;
}

export type MessageFamily = 'append' | 'heartbeat' | 'vote' | 'prevote' | 'readindex' | 'snapshot' | 'other';
export type MessageGlyph = 'square' | 'circle' | 'triangle' | 'diamond' | 'star' | 'wye' | 'cross';

export interface MessageStyle {
  family: MessageFamily;
  glyph: MessageGlyph;
  /** Responses are drawn hollow; requests filled. */
  response: boolean;
  /** Short label drawn next to the glyph. */
  abbrev: string;
}

const FAMILY_GLYPH: Record<MessageFamily, MessageGlyph> = {
  append: 'square',
  heartbeat: 'circle',
  vote: 'triangle',
  prevote: 'diamond',
  readindex: 'star',
  snapshot: 'wye',
  other: 'cross',
};

export function messageStyle(type: string): MessageStyle {
  const name = type.startsWith('Msg') ? type.slice(3) : type;
  const response = name.endsWith('Resp');
  const base = response ? name.slice(0, -4) : name;
  let family: MessageFamily;
  let abbrev: string;
  switch (base) {
    case 'App':
      family = 'append';
      abbrev = 'App';
      break;
    case 'Heartbeat':
      family = 'heartbeat';
      abbrev = 'HB';
      break;
    case 'Vote':
      family = 'vote';
      abbrev = 'Vote';
      break;
    case 'PreVote':
      family = 'prevote';
      abbrev = 'Pre';
      break;
    case 'ReadIndex':
      family = 'readindex';
      abbrev = 'RI';
      break;
    case 'Snap':
    case 'SnapStatus':
      family = 'snapshot';
      abbrev = 'Snap';
      break;
    default:
      family = 'other';
      abbrev = base.slice(0, 4);
  }
  return { family, glyph: FAMILY_GLYPH[family], response, abbrev: response ? `${abbrev}✓` : abbrev };
}

/** Families shown in the legend (request glyph + response glyph), in the order a reader meets them. */
export const LEGEND_FAMILIES = [
  { type: 'MsgHeartbeat', key: 'legend.heartbeat' },
  { type: 'MsgApp', key: 'legend.append' },
  { type: 'MsgPreVote', key: 'legend.prevote' },
  { type: 'MsgVote', key: 'legend.vote' },
  { type: 'MsgReadIndex', key: 'legend.readindex' },
  { type: 'MsgSnap', key: 'legend.snapshot' },
] as const;

/** Types shown in the legend, in the order a reader meets them. */
export const LEGEND_TYPES = [
  'MsgHeartbeat',
  'MsgHeartbeatResp',
  'MsgApp',
  'MsgAppResp',
  'MsgPreVote',
  'MsgPreVoteResp',
  'MsgVote',
  'MsgVoteResp',
  'MsgReadIndex',
  'MsgSnap',
] as const;

/**
 * At most this many messages are drawn at once. Under a write load a 5-member cluster has a few hundred
 * in flight; drawing each one costs DOM nodes, style and paint on the main thread, and a crowd of dots
 * on one link reads no better than a dozen. The count of all of them stays in the panel header.
 */
export const MAX_DRAWN_MESSAGES = 48;

/**
 * Which messages to draw when there are more than `max`: round-robin over the links (from → to) in
 * the order each link first appears, so every busy link keeps showing traffic, and within a link the
 * earliest sent (next to arrive) first. Returns the input itself when it fits.
 */
export function pickDrawnMessages<M extends { from: number; to: number }>(messages: readonly M[], max = MAX_DRAWN_MESSAGES): readonly M[] {
  if (messages.length <= max) return messages;
  const byLink = new Map<string, M[]>();
  for (const m of messages) {
    const k = `${m.from}>${m.to}`;
    let q = byLink.get(k);
    if (!q) byLink.set(k, (q = []));
    q.push(m);
  }
  const queues = [...byLink.values()];
  const out: M[] = [];
  for (let round = 0; out.length < max; round++) {
    let took = false;
    for (const q of queues) {
      if (round < q.length) {
        out.push(q[round]!);
        took = true;
        if (out.length === max) break;
      }
    }
    if (!took) break;
  }
  return out;
}
