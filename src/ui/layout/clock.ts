// The display clock: smooth virtual time between snapshots.
//
// Snapshots arrive at most once per frame, but the hub may stall (waiting for workers or IndexedDB),
// so we extrapolate from the last snapshot using the real time elapsed × speed, never more than
// `maxLeadMs` ahead of it, and never backwards (a dot that jumped back would look like a bug),
// except when the cluster clock itself went back (a reset).

export interface ClockAnchor {
  /** Virtual time of the last snapshot. */
  nowMs: number;
  /** Real time (performance.now()) at which it was received. */
  receivedAtMs: number;
  speed: number;
  paused: boolean;
  tickMs: number;
}

export function maxLeadMs(anchor: ClockAnchor): number {
  return anchor.tickMs * 2;
}

/** Virtual time to draw at real time `realMs`, given the previous drawn time. */
export function displayTime(anchor: ClockAnchor, realMs: number, prevDisplayMs: number | null): number {
  const extrapolated = anchor.paused
    ? anchor.nowMs
    : anchor.nowMs + Math.min(maxLeadMs(anchor), Math.max(0, realMs - anchor.receivedAtMs) * anchor.speed);
  if (prevDisplayMs === null) return extrapolated;
  // A reset (or a new cluster) restarts virtual time: follow it down.
  if (anchor.nowMs + maxLeadMs(anchor) < prevDisplayMs - 1) return extrapolated;
  return Math.max(prevDisplayMs, extrapolated);
}

/** "12.3 s" style virtual clock text (language-neutral digits; the unit comes from i18n). */
export function formatClock(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return s.toFixed(1);
  const m = Math.floor(s / 60);
  const rest = s - m * 60;
  return `${m}:${rest.toFixed(1).padStart(4, '0')}`;
}
