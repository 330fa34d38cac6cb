// SVG path data for message glyphs and role badges (d3-shape symbols, centred on 0,0).
import { symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye } from 'd3';
import type { MessageGlyph } from '../layout/messages';

const TYPES = {
  square: symbolSquare,
  circle: symbolCircle,
  triangle: symbolTriangle,
  diamond: symbolDiamond,
  star: symbolStar,
  wye: symbolWye,
  cross: symbolCross,
} as const;

const cache = new Map<string, string>();

export function glyphPath(glyph: MessageGlyph, size: number): string {
  const key = `${glyph}:${size}`;
  let d = cache.get(key);
  if (d === undefined) {
    d = symbol(TYPES[glyph], size)() ?? '';
    cache.set(key, d);
  }
  return d;
}
