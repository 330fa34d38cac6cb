import { describe, expect, it } from 'vitest';
import { SPEEDS, nearestSpeedIndex, stepSpeed } from './prefsStore';

describe('speed steps', () => {
  it('cover 0.1× to 4×', () => {
    expect(SPEEDS[0]).toBe(0.1);
    expect(SPEEDS[SPEEDS.length - 1]).toBe(4);
  });
  it('snap to the nearest preset on a log scale and step within bounds', () => {
    expect(SPEEDS[nearestSpeedIndex(0.3)]).toBe(0.25);
    expect(SPEEDS[nearestSpeedIndex(1.3)]).toBe(1);
    expect(stepSpeed(1, 1)).toBe(2);
    expect(stepSpeed(4, 1)).toBe(4);
    expect(stepSpeed(0.1, -1)).toBe(0.1);
    expect(stepSpeed(0.5, -1)).toBe(0.25);
  });
});
