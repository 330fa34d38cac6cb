// etcd 3.4's auto-compaction on a whole cluster (the compactor unit rules are in
// src/etcd/autoCompactor.test.ts): only the leader proposes, every member compacts at the same
// revision through raft, and revision mode waits its 5 minutes.
import { describe, expect, test } from 'vitest';
import { SimCluster } from './simCluster';
import { REVISION_MODE_INTERVAL_MS } from '../etcd/autoCompactor';
import type { ServerFlags } from '../etcd/nodeTypes';

function cluster(flags: ServerFlags): SimCluster {
  const sim = new SimCluster({ seed: 26, members: 3, serverFlags: flags });
  sim.runFor(3000);
  return sim;
}

async function put(sim: SimCluster, key: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    sim.request({ op: 'put', req: { key: new TextEncoder().encode(key), value: new Uint8Array([1]), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } }, (r) => (r.ok ? resolve() : reject(new Error(r.error.message))));
    sim.runFor(200);
  });
}

describe('auto-compaction on a cluster', () => {
  test('revision mode: nothing before 5 minutes, then every member compacts at revision − retention, proposed by the leader alone', async () => {
    const sim = cluster({ autoCompactionMode: 'revision', autoCompactionRetention: '10' });
    for (let i = 0; i < 30; i++) await put(sim, `k${i}`);
    const rev = Math.max(...[1, 2, 3].map((id) => sim.inspect(id)!.revision));
    expect(sim.serverLogs.filter((l) => l.msg.includes('Starting auto-compaction'))).toEqual([]);
    sim.runFor(REVISION_MODE_INTERVAL_MS);
    const starts = sim.serverLogs.filter((l) => l.msg.includes('Starting auto-compaction'));
    expect(starts.map((l) => l.msg)).toEqual([`Starting auto-compaction at revision ${rev - 10} (retention: 10 revisions)`]);
    const finished = sim.serverLogs.filter((l) => l.msg.includes('finished scheduled compaction'));
    expect(new Set(finished.map((l) => l.member))).toEqual(new Set([1, 2, 3]));
    expect(finished.every((l) => l.msg.includes(`compact-revision: ${rev - 10}`))).toBe(true);
    // no new writes: the next wake finds the same target and skips it, as etcd's `rev == prev` does
    sim.runFor(REVISION_MODE_INTERVAL_MS);
    expect(sim.serverLogs.filter((l) => l.msg.includes('Starting auto-compaction'))).toHaveLength(1);
  });

  test('off by default (retention 0): no compaction however long it runs', () => {
    const sim = cluster({});
    sim.runFor(2 * REVISION_MODE_INTERVAL_MS);
    expect(sim.serverLogs.filter((l) => l.msg.includes('auto-compaction'))).toEqual([]);
  });
});
