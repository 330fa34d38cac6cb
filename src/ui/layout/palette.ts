// Colour-blind-safe term colours: the Okabe–Ito palette (Okabe & Ito, 2008), cycling by term.
// Colour is never the only encoding: every cell also prints its term number.

export const OKABE_ITO = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#F0E442', // yellow
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
] as const;

export const TERM_ZERO = '#8a94a3';

export function termColor(term: number): string {
  if (!(term > 0)) return TERM_ZERO;
  return OKABE_ITO[(term - 1) % OKABE_ITO.length];
}

/** Relative luminance (WCAG) of a #rrggbb colour. */
export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Dark or light text, whichever reads better on the term colour. */
export function termTextColor(term: number): string {
  const bg = termColor(term);
  return contrastRatio(bg, '#111418') >= contrastRatio(bg, '#ffffff') ? '#111418' : '#ffffff';
}

/** Message family colours (also Okabe–Ito); the glyph shape carries the same information. */
export const FAMILY_COLOR = {
  append: '#56B4E9',
  heartbeat: '#009E73',
  vote: '#D55E00',
  prevote: '#E69F00',
  readindex: '#CC79A7',
  snapshot: '#F0E442',
  other: '#a7b0bd',
} as const;
