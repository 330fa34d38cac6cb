import { describe, expect, it } from 'vitest';
import { OKABE_ITO, TERM_ZERO, contrastRatio, termColor, termTextColor } from './palette';

describe('term colours', () => {
  it('cycle through the Okabe–Ito palette by term', () => {
    expect(termColor(1)).toBe(OKABE_ITO[0]);
    expect(termColor(2)).toBe(OKABE_ITO[1]);
    expect(termColor(OKABE_ITO.length + 1)).toBe(OKABE_ITO[0]);
    expect(termColor(0)).toBe(TERM_ZERO);
  });
  it('always print the term number in a readable ink (WCAG AA for large bold text)', () => {
    for (let term = 0; term <= OKABE_ITO.length; term++) {
      expect(contrastRatio(termColor(term), termTextColor(term))).toBeGreaterThanOrEqual(3);
    }
  });
});
