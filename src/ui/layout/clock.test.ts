import { describe, expect, it } from 'vitest';
import { displayTime, formatClock, type ClockAnchor } from './clock';

const anchor = (o: Partial<ClockAnchor> = {}): ClockAnchor => ({
  nowMs: 1000,
  receivedAtMs: 50_000,
  speed: 1,
  paused: false,
  tickMs: 100,
  ...o,
});

describe('displayTime', () => {
  it('is the snapshot time when paused', () => {
    expect(displayTime(anchor({ paused: true }), 50_500, null)).toBe(1000);
  });
  it('extrapolates with speed between snapshots', () => {
    expect(displayTime(anchor(), 50_040, null)).toBe(1040);
    expect(displayTime(anchor({ speed: 0.25 }), 50_040, null)).toBe(1010);
  });
  it('never runs more than two ticks ahead of the last snapshot', () => {
    expect(displayTime(anchor(), 60_000, null)).toBe(1200);
  });
  it('never goes backwards when a snapshot is behind what was drawn', () => {
    expect(displayTime(anchor({ nowMs: 1010, receivedAtMs: 50_100 }), 50_100, 1080)).toBe(1080);
  });
  it('follows a reset back to zero', () => {
    expect(displayTime(anchor({ nowMs: 0, receivedAtMs: 50_000 }), 50_000, 9000)).toBe(0);
  });
});

describe('formatClock', () => {
  it('shows seconds with one decimal, then minutes', () => {
    expect(formatClock(0)).toBe('0.0');
    expect(formatClock(12_345)).toBe('12.3');
    expect(formatClock(62_500)).toBe('1:02.5');
  });
});
