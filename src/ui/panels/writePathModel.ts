// Pure view-model of one entry's write path: the leader's steps as they happened (the ones still
// awaited after them, in the order a write passes them), each with the time since the proposal and
// since the step before; and each follower's own append/fsync/commit/apply times.
import type { WriteStep, WriteTraceView } from '../../protocol/writePath';

export const LEADER_STEPS: readonly WriteStep[] = ['propose', 'wal-append', 'wal-fsync', 'replicate', 'commit', 'apply', 'backend-commit'];
export const FOLLOWER_STEPS: readonly WriteStep[] = ['wal-append', 'wal-fsync', 'commit', 'apply', 'backend-commit'];

export interface StepRow {
  step: WriteStep;
  /** replicate: the follower. */
  peer?: number;
  /** Undefined while the step has not happened yet. */
  atMs?: number;
  sinceProposeMs?: number;
  sincePrevMs?: number;
  revision?: number;
}

export function leaderRows(t: WriteTraceView, followers: number[]): StepRow[] {
  const mine = t.steps.filter((s) => s.member === t.leader);
  const rows: StepRow[] = [];
  for (const step of LEADER_STEPS) {
    if (step === 'replicate') {
      const acks = mine.filter((s) => s.step === 'replicate').sort((a, b) => a.atMs - b.atMs);
      for (const a of acks) rows.push({ step, peer: a.peer, atMs: a.atMs });
      for (const f of followers) if (!acks.some((a) => a.peer === f)) rows.push({ step, peer: f });
      continue;
    }
    const s = mine.find((x) => x.step === step);
    rows.push({ step, atMs: s?.atMs, revision: s?.revision });
  }
  // Steps that happened, in time order (an ack after the commit is listed after it; ties keep the
  // write path's order), then the ones still awaited in the write path's order.
  const done = rows.filter((r) => r.atMs !== undefined).sort((a, b) => a.atMs! - b.atMs!);
  rows.splice(0, rows.length, ...done, ...rows.filter((r) => r.atMs === undefined));
  let prev: number | undefined;
  for (const r of rows) {
    if (r.atMs === undefined) continue;
    r.sinceProposeMs = r.atMs - t.proposedAtMs;
    if (prev !== undefined) r.sincePrevMs = r.atMs - prev;
    prev = r.atMs;
  }
  return rows;
}

export function followerRows(t: WriteTraceView, follower: number): Array<{ step: WriteStep; sinceProposeMs?: number }> {
  return FOLLOWER_STEPS.map((step) => {
    const s = t.steps.find((x) => x.member === follower && x.step === step);
    return { step, sinceProposeMs: s ? s.atMs - t.proposedAtMs : undefined };
  });
}

/** True once the leader has committed its backend batch holding the entry (nothing more to wait for there). */
export function isComplete(t: WriteTraceView): boolean {
  return t.steps.some((s) => s.member === t.leader && s.step === 'backend-commit');
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 10 ? ms.toFixed(1) : ms.toFixed(0);
}
