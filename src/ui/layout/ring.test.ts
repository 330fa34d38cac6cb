import { describe, expect, it } from 'vitest';
import { arcPath, ringAngles, ringLayout } from './ring';

const SIZES: [number, number][] = [
  [640, 300],
  [660, 360],
  [900, 520],
  [1100, 700],
  [420, 420],
];

describe('ringLayout', () => {
  for (let n = 1; n <= 7; n++) {
    for (const [w, h] of SIZES) {
      it(`${n} members in ${w}×${h}: inside the box and never touching`, () => {
        const l = ringLayout(n, w, h);
        expect(l.positions).toHaveLength(n);
        expect(l.labelSide).toHaveLength(n);
        expect(l.nodeRadius).toBeGreaterThanOrEqual(18);
        for (const p of l.positions) {
          expect(p.x - l.nodeRadius).toBeGreaterThanOrEqual(0);
          expect(p.x + l.nodeRadius).toBeLessThanOrEqual(w);
          expect(p.y - l.nodeRadius).toBeGreaterThanOrEqual(0);
          expect(p.y + l.nodeRadius).toBeLessThanOrEqual(h);
        }
        for (let i = 0; i < n; i++) {
          for (let j = i + 1; j < n; j++) {
            const d = Math.hypot(l.positions[i].x - l.positions[j].x, l.positions[i].y - l.positions[j].y);
            expect(d).toBeGreaterThan(2 * l.nodeRadius);
          }
        }
      });
    }
  }

  it('puts the first member at the top and goes clockwise', () => {
    const l = ringLayout(5, 800, 500);
    const top = Math.min(...l.positions.map((p) => p.y));
    expect(l.positions[0].y).toBe(top);
    expect(l.positions[1].x).toBeGreaterThan(l.positions[0].x);
    expect(l.labelSide[0]).toBe('above');
  });

  it('puts two members side by side', () => {
    const l = ringLayout(2, 800, 400);
    expect(Math.abs(l.positions[0].y - l.positions[1].y)).toBeLessThan(1e-9);
    expect(l.positions[0].x).toBeLessThan(l.positions[1].x);
  });

  it('labels of a top member have room above it', () => {
    const l = ringLayout(3, 640, 300);
    // role text sits ~ nodeRadius + 37 px above the centre and is ~12 px tall
    expect(l.positions[0].y - l.nodeRadius - 37 - 8).toBeGreaterThanOrEqual(0);
  });

  it('handles empty and degenerate sizes', () => {
    expect(ringLayout(0, 100, 100).positions).toEqual([]);
    expect(ringAngles(0)).toEqual([]);
    const tiny = ringLayout(3, 0, 0);
    expect(tiny.positions.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
  });
});

describe('arcPath', () => {
  it('is empty at 0 and a closed circle at 1', () => {
    expect(arcPath(0, 0, 10, 0)).toBe('');
    expect(arcPath(0, 0, 10, 1)).toMatch(/^M0 -10A10 10 0 1 1 0 10A10 10 0 1 1 0 -10$/);
  });
  it('ends a quarter turn at 3 o’clock and uses the large-arc flag past half', () => {
    expect(arcPath(0, 0, 10, 0.25)).toBe('M0 -10A10 10 0 0 1 10 0');
    expect(arcPath(0, 0, 10, 0.75)).toContain(' 0 1 1 ');
  });
  it('clamps out-of-range fractions', () => {
    expect(arcPath(0, 0, 10, -1)).toBe('');
    expect(arcPath(0, 0, 10, 5)).toBe(arcPath(0, 0, 10, 1));
  });
});
