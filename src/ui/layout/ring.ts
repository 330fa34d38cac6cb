// Pure geometry for placing 1–7 members on a ring inside a viewBox. No DOM, no React.

export interface Point {
  x: number;
  y: number;
}

export interface RingLayout {
  width: number;
  height: number;
  /** Centre of the ring. */
  cx: number;
  cy: number;
  /** Radii of the (slightly elliptical) ring the member centres sit on; 0 for a single member. */
  rx: number;
  ry: number;
  /** Radius of each member's body circle. */
  nodeRadius: number;
  /** Member centres, in the order the members were given. */
  positions: Point[];
  /** Where each member's text labels go, pointing away from the centre so they never cover links. */
  labelSide: LabelSide[];
}

export type LabelSide = 'above' | 'below' | 'left' | 'right';

export interface RingOptions {
  /** Vertical room kept for a member's labels (two text lines). */
  labelHeight?: number;
  /** Horizontal room kept beside the outermost members for their labels. */
  labelHalfWidth?: number;
  /** Width of a label block written beside a member (crowded rings only). */
  sideLabelWidth?: number;
  /** Room between a body and its timer arc / cut ring. */
  halo?: number;
  maxNodeRadius?: number;
  minNodeRadius?: number;
  /** Widest allowed rx / ry on a squat panel, so links stay readable when height is short. */
  maxAspect?: number;
  /** rx / ry once the ring is large enough, so a big panel shows a ring and not a stretched oval. */
  roomyAspect?: number;
  /** Horizontal radius (px) up to which maxAspect applies. */
  squatRx?: number;
}

/**
 * Angles (radians, SVG orientation: y grows downwards) for n members.
 * The first member sits at the top and the rest follow clockwise; two members sit side by side,
 * which uses a wide panel better than one above the other.
 */
export function ringAngles(n: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [-Math.PI / 2];
  const start = n === 2 ? Math.PI : -Math.PI / 2;
  return Array.from({ length: n }, (_, i) => start + (2 * Math.PI * i) / n);
}

export function ringLayout(n: number, width: number, height: number, opts: RingOptions = {}): RingLayout {
  const labelHeight = opts.labelHeight ?? 34;
  const labelHalfWidth = opts.labelHalfWidth ?? 62;
  const sideLabelWidth = opts.sideLabelWidth ?? 128;
  const halo = opts.halo ?? 16;
  const maxNodeRadius = opts.maxNodeRadius ?? 44;
  const minNodeRadius = opts.minNodeRadius ?? 18;
  const maxAspect = opts.maxAspect ?? 2.1;
  const roomyAspect = opts.roomyAspect ?? 1.45;
  const squatRx = opts.squatRx ?? 240;
  const cx = width / 2;
  const cy = height / 2;
  const empty = { width, height, cx, cy, rx: 0, ry: 0, nodeRadius: 0, positions: [], labelSide: [] };
  if (n <= 0) return empty;

  const angles = ringAngles(n);
  const labelSide = angles.map((a) => labelSideFor(a, n));
  if (n === 1) {
    const nodeRadius = clamp(Math.min(width, height) * 0.16, minNodeRadius, maxNodeRadius);
    return { ...empty, nodeRadius, positions: [{ x: cx, y: cy - labelHeight / 2 }], labelSide };
  }

  // The node radius follows the panel's short side, then shrinks until neighbours cannot touch.
  // Vertically the ring is fitted to its own extent (a triangle is taller above its centre than
  // below), so odd rings are not pushed up against the top with empty space underneath.
  const sins = angles.map((a) => Math.sin(a));
  const minSin = Math.min(...sins);
  const maxSin = Math.max(...sins);
  const span = maxSin - minSin < 1e-9 ? 0 : maxSin - minSin;
  const topLabel = labelSide.some((sd, i) => sd === 'above' && sins[i] === minSin);
  const bottomLabel = labelSide.some((sd, i) => sd === 'below' && sins[i] === maxSin);
  let nodeRadius = clamp(Math.min(width, height) * 0.1, minNodeRadius, maxNodeRadius);
  let rx = 0;
  let ry = 0;
  let cyFit = cy;
  for (let iter = 0; iter < 30; iter++) {
    const reserveTop = nodeRadius + halo + (topLabel ? labelHeight : 0) + 4;
    const reserveBottom = nodeRadius + halo + (bottomLabel ? labelHeight : 0) + 4;
    const free = Math.max(0, height - reserveTop - reserveBottom);
    ry = span > 0 ? free / span : free / 2;
    cyFit = span > 0 ? reserveTop - ry * minSin : cy;
    // Members with side labels need the label's width between them and the edge.
    let rxMax = width / 2 - Math.max(nodeRadius + halo, labelHalfWidth) - 4;
    angles.forEach((a, i) => {
      const side = labelSide[i];
      if (side === 'left' || side === 'right') {
        rxMax = Math.min(rxMax, (width / 2 - nodeRadius - halo - sideLabelWidth) / Math.abs(Math.cos(a)));
      }
    });
    const ryShape = span > 0 ? ry * (span / 2) : ry; // the ring's half-height, for aspect decisions
    rx = Math.max(0, Math.min(rxMax, Math.max(ryShape * roomyAspect, Math.min(ryShape * maxAspect, squatRx))));
    // Two members: a long empty link reads worse than a short one.
    if (n === 2) rx = Math.min(rx, squatRx);
    const minGap = minNeighbourDistance(angles, rx, ry);
    const fit = (minGap - 2 * halo - 8) / 2;
    const next = clamp(Math.min(nodeRadius, fit), minNodeRadius, maxNodeRadius);
    if (Math.abs(next - nodeRadius) < 0.01) break;
    nodeRadius = next;
  }
  const positions = angles.map((a) => ({ x: cx + rx * Math.cos(a), y: cyFit + ry * Math.sin(a) }));
  const cyOut = cyFit;
  return { width, height, cx, cy: cyOut, rx, ry, nodeRadius, positions, labelSide };
}

/**
 * Labels point away from the centre. Up to five members they go above or below (the ring is roomy);
 * with six or seven, members on the flanks write theirs beside them so neighbours' labels never collide.
 */
export function labelSideFor(angle: number, n: number): LabelSide {
  if (n <= 1) return 'below';
  const c = Math.cos(angle);
  if (n >= 6 && Math.abs(c) > 0.6) return c > 0 ? 'right' : 'left';
  return Math.sin(angle) < -0.25 ? 'above' : 'below';
}

function minNeighbourDistance(angles: number[], rx: number, ry: number): number {
  let min = Infinity;
  for (let i = 0; i < angles.length; i++) {
    for (let j = i + 1; j < angles.length; j++) {
      const d = Math.hypot(rx * (Math.cos(angles[i]) - Math.cos(angles[j])), ry * (Math.sin(angles[i]) - Math.sin(angles[j])));
      min = Math.min(min, d);
    }
  }
  return min;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** SVG path of an arc on a circle from the top, clockwise, covering `fraction` (0..1) of the turn. */
export function arcPath(cx: number, cy: number, r: number, fraction: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  if (f <= 0) return '';
  if (f >= 0.9999) {
    // A full circle cannot be one arc command; draw two halves.
    return `M${cx} ${cy - r}A${r} ${r} 0 1 1 ${cx} ${cy + r}A${r} ${r} 0 1 1 ${cx} ${cy - r}`;
  }
  const a = -Math.PI / 2 + f * 2 * Math.PI;
  const x = cx + r * Math.cos(a);
  const y = cy + r * Math.sin(a);
  const large = f > 0.5 ? 1 : 0;
  return `M${cx} ${cy - r}A${r} ${r} 0 ${large} 1 ${round(x)} ${round(y)}`;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
