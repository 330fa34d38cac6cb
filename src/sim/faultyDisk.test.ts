// The disk fault wrapper (src/host/faultyDisk.ts) over the simulator's disk: latency is added, completions stay in order,
// and each crash point withholds exactly what etcd would not have on disk.
import { describe, expect, test } from 'vitest';
import { FaultyDisk } from '../host/faultyDisk';
import { SimDisk } from './simDisk';
import { EventQueue } from './eventQueue';
import { Prng } from '../lib/prng';
import type { CrashPoint } from '../protocol/faults';
import type { BackendBatch } from '../backend';

function setup(fsyncMs: number, crashPoint: CrashPoint | null = null) {
  const q = new EventQueue();
  const inner = new SimDisk(q, new Prng(1), { fsyncMs: 1, fsyncJitterMs: 0 });
  const crashes: CrashPoint[] = [];
  const disk = new FaultyDisk(inner, { now: () => q.nowMs, at: (t, f) => q.at(t, f) }, (p) => crashes.push(p), { fsyncMs, crashPoint });
  const drain = () => {
    while (q.step());
  };
  return { q, inner, disk, crashes, drain };
}

const rec = (b: number) => new Uint8Array([b, b, b]);
const batch = (): BackendBatch => ({ pages: [], meta: { pgid: 0, bytes: new Uint8Array(4096) }, highWaterPgid: 2, replacesFile: false }) as unknown as BackendBatch;

describe('FaultyDisk', () => {
  test('no fault: completions come when the wrapped disk says so', () => {
    const { q, disk, drain } = setup(0);
    let at = -1;
    disk.appendWal(rec(1), () => (at = q.nowMs));
    drain();
    expect(at).toBe(1);
  });

  test('fsync latency: a WAL append is durable only after fsyncMs of virtual time, in append order', () => {
    const { q, disk, drain } = setup(250);
    const done: Array<[number, number]> = [];
    disk.appendWal(rec(1), () => done.push([1, q.nowMs]));
    q.at(100, () => disk.appendWal(rec(2), () => done.push([2, q.nowMs])));
    drain();
    expect(done).toEqual([[1, 250], [2, 350]]);
  });

  test('lowering the latency mid-flight never reorders completions', () => {
    const { q, disk, drain } = setup(500);
    const done: number[] = [];
    disk.appendWal(rec(1), () => done.push(1));
    disk.set({ fsyncMs: 10 });
    disk.appendWal(rec(2), () => done.push(2));
    drain();
    expect(done).toEqual([1, 2]);
    expect(q.nowMs).toBe(500);
  });

  test('backend commits are slowed too (the metric sees it)', () => {
    const { q, disk, drain } = setup(300);
    let storedAt = -1;
    disk.writePages(batch(), () => (storedAt = q.nowMs));
    drain();
    expect(storedAt).toBe(300);
  });

  test('wal-before-fsync: the record never reaches the disk, the member is told to crash, later writes are refused', () => {
    const { inner, disk, crashes, drain } = setup(0, 'wal-before-fsync');
    let durable = false;
    disk.appendWal(rec(1), () => (durable = true));
    disk.appendWal(rec(2), () => (durable = true));
    drain();
    expect(crashes).toEqual(['wal-before-fsync']);
    expect(durable).toBe(false);
    expect(inner.durable).toHaveLength(0);
    expect(disk.fault.crashPoint).toBeNull();
  });

  test('wal-after-fsync: the record is durable but onDurable (apply, acks) never runs', () => {
    const { inner, disk, crashes, drain } = setup(0, 'wal-after-fsync');
    let durable = false;
    disk.appendWal(rec(1), () => (durable = true));
    drain();
    expect(crashes).toEqual(['wal-after-fsync']);
    expect(durable).toBe(false);
    expect(inner.durable).toHaveLength(1);
  });

  test('apply-before-commit: a backend commit is withheld (the db file stays behind the WAL)', () => {
    const { inner, disk, crashes, drain } = setup(0, 'apply-before-commit');
    disk.appendWal(rec(1), () => {});
    disk.writePages(batch());
    drain();
    expect(crashes).toEqual(['apply-before-commit']);
    expect(inner.durable).toHaveLength(1);
    expect(inner.pageBatches).toBe(0);
  });

  test('an unsynced record (commit index only) passes through even when a WAL crash point is armed', () => {
    const { disk, crashes, drain } = setup(0, 'wal-before-fsync');
    let done = false;
    disk.appendWal(rec(1), () => (done = true), { sync: false });
    drain();
    expect(done).toBe(true);
    expect(crashes).toEqual([]);
  });

  test('waitingOnlyForTime: after the wrapped write is done, only virtual time holds the completion', () => {
    const { q, disk } = setup(1000);
    disk.appendWal(rec(1), () => {});
    expect(disk.waitingOnlyForTime).toBe(false);
    q.step(); // the SimDisk's 1 ms fsync
    expect(disk.waitingOnlyForTime).toBe(true);
    expect(disk.nextDueMs()).toBe(1000);
  });
});
