// Why the db does not shrink after deleting: freed pages go to the freelist (dbSizeInUse drops),
// the file keeps its high-water mark (dbSize stays) until defrag rewrites it — through the cluster,
// reported by endpoint status as etcd reports it.
import { describe, expect, test } from 'vitest';
import { SimCluster } from './simCluster';
import { utf8 } from '../lib/bytes';
import type { StatusResponse } from '../etcd/api';
import { verifySnapshotFile } from '../backend';

const status = (c: SimCluster, id: number) => {
  const r = c.requestSync({ op: 'status' }, id);
  if (!r.ok) throw new Error(r.error.message);
  return r.resp as StatusResponse;
};

describe('db size', () => {
  test('10 MB written, deleted and compacted: size stays, in-use drops; defrag shrinks the file', () => {
    const c = new SimCluster({ seed: 71, members: 1 });
    c.runUntil(() => c.leader() !== undefined, 10_000);
    const value = new Uint8Array(100 * 1024).fill(7);
    for (let i = 0; i < 100; i++) {
      const r = c.requestSync({ op: 'put', req: { key: utf8(`big/${String(i).padStart(3, '0')}`), value, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });
      expect(r.ok).toBe(true);
    }
    const full = status(c, 1);
    expect(full.dbSize).toBeGreaterThan(10_000_000);
    const del = c.requestSync({ op: 'deleteRange', req: { key: utf8('big/'), rangeEnd: utf8('big0'), prevKv: false } });
    expect(del.ok).toBe(true);
    const rev = c.inspect(1)!.revision;
    expect(c.requestSync({ op: 'compaction', req: { revision: rev, physical: true } }).ok).toBe(true);
    c.runFor(500);
    // Pages freed by a commit become reusable when the next write transaction starts (bbolt keeps
    // them pending until then), so in-use drops one commit later — as in etcd.
    expect(c.requestSync({ op: 'put', req: { key: utf8('small'), value: utf8('x'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } }).ok).toBe(true);
    c.runFor(500);
    const compacted = status(c, 1);
    expect(compacted.dbSize).toBe(full.dbSize);
    expect(compacted.dbSizeInUse).toBeLessThan(full.dbSizeInUse / 10);
    expect(c.requestSync({ op: 'defragment' }, 1).ok).toBe(true);
    const defragged = status(c, 1);
    expect(defragged.dbSize).toBeLessThan(full.dbSize / 10);

    // The page store got the rewritten file: a restart opens the small file with the same state.
    c.runFor(500);
    c.kill(1);
    c.restart(1);
    c.runUntil(() => c.leader() !== undefined, 10_000);
    expect(status(c, 1).dbSize).toBe(defragged.dbSize);
    expect(c.inspect(1)!.revision).toBe(rev + 1);

    // snapshot save: what `etcdctl snapshot status` reads.
    const snap = c.requestSync({ op: 'snapshot' }, 1);
    const blob = (snap as { resp: { blob: Uint8Array } }).resp.blob;
    const st = verifySnapshotFile(blob);
    expect(st.hasHash).toBe(true);
    expect(st.revision).toBe(rev + 1);
  });
});
