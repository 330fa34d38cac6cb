// Plain data for the fault model (src/host/network.ts, src/host/faultyDisk.ts): what the controller
// takes as arguments and what the snapshot shows. JSON-serializable, so a recording can replay it.
import type { NodeId } from '../raft/types';

/** One direction of one link: a message waits latency + uniform(0, jitter) virtual ms; lossPct of them vanish. */
export interface LinkFault {
  latencyMs: number;
  jitterMs: number;
  /** 0–100. */
  lossPct: number;
}

/**
 * Points in a member's write path where it can be made to crash, once (etcd's raftNode / backend
 * order). Each names what is on disk when the process dies:
 * - `wal-before-fsync`: the Ready's WAL record was written but not fsynced: it is lost.
 * - `wal-after-fsync`: the record is durable (wal.Save returned) but nothing was applied or acknowledged.
 * - `apply-before-commit`: entries were applied (clients may have been answered) but the backend batch
 *   that carries them and `consistent_index` never committed: the db file is behind the WAL.
 * - `snapshot-before-save`: a snapshot from the leader arrived (MsgSnap) and the member dies before
 *   SaveSnap makes its .snap, WAL record and snap.db durable.
 * - `snapshot-before-db-swap`: the snapshot is saved (.snap, WAL record, snap.db) but the member dies
 *   before the received db replaces its db file.
 */
export const CRASH_POINTS = ['wal-before-fsync', 'wal-after-fsync', 'apply-before-commit', 'snapshot-before-save', 'snapshot-before-db-swap'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export function isCrashPoint(p: unknown): p is CrashPoint {
  return typeof p === 'string' && (CRASH_POINTS as readonly string[]).includes(p);
}

/** A member's disk faults: extra fsync latency (WAL sync, snapshot save, backend commit) and an armed crash point. */
export interface DiskFault {
  fsyncMs: number;
  crashPoint: CrashPoint | null;
}

export interface FaultsView {
  /** Partition groups (members in different groups cannot talk); empty when there is none. */
  groups: NodeId[][];
  /** Members cut off from everyone (isolate). */
  isolated: NodeId[];
  /** One-way cuts: messages from → to are dropped. */
  cuts: Array<{ from: NodeId; to: NodeId }>;
  /** Every link's fault when it differs from the default link. */
  links: Array<{ from: NodeId; to: NodeId } & LinkFault>;
  defaultLink: LinkFault;
  /** Members whose disk has a fault (latency or an armed crash point). */
  disks: Array<{ member: NodeId } & DiskFault>;
}

/** Checks a partial link fault from the UI, a scenario or window.etcdscope; throws a clear error. */
export function validLinkFault(l: Partial<LinkFault>): Partial<LinkFault> {
  const out: Partial<LinkFault> = {};
  for (const k of ['latencyMs', 'jitterMs', 'lossPct'] as const) {
    const v = l[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${k} must be a number ≥ 0, got ${String(v)}`);
    if (k === 'lossPct' && v > 100) throw new Error(`lossPct must be between 0 and 100, got ${v}`);
    if (k !== 'lossPct' && v > 60_000) throw new Error(`${k} must be at most 60000 ms, got ${v}`);
    out[k] = v;
  }
  return out;
}

export function validFsyncMs(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 60_000) throw new Error(`fsyncMs must be a number between 0 and 60000, got ${String(ms)}`);
  return ms;
}
