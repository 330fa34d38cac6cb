// The standard simulation workload: writes through a leader crash, a partition and a restart,
// then checks that every member applied the same key space. Deterministic for a seed.
import { SimCluster, type SimOptions } from './simCluster';
import { emptyRangeRequest, type RangeResponse } from '../etcd/api';
import { fromUtf8, utf8 } from '../lib/bytes';
import { Prng } from '../lib/prng';
import type { NodeId } from '../raft/types';

export interface WorkloadResult {
  hash: string;
  writesOk: number;
  writesFailed: number;
  virtualMs: number;
  finalRevision: number;
  /** Members whose applied key space differs from the leader's (must be empty). */
  divergent: NodeId[];
  log: string[];
  counters: SimCluster['counters'];
}

function put(c: SimCluster, key: string, value: string): boolean {
  const r = c.requestSync({
    op: 'put',
    req: { key: utf8(key), value: utf8(value), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false },
  });
  return r.ok;
}

/** Every key and value a member has applied, read locally (serializable) from that member. */
export function dumpMember(c: SimCluster, id: NodeId): string {
  const req = { ...emptyRangeRequest(new Uint8Array([0])), rangeEnd: new Uint8Array([0]), serializable: true };
  const r = c.requestSync({ op: 'range', req }, id);
  if (!r.ok) return `error: ${r.error.message}`;
  const resp = r.resp as RangeResponse;
  return resp.kvs.map((kv) => `${fromUtf8(kv.key)}=${fromUtf8(kv.value)}@${kv.modRevision}`).join(',');
}

export function runStandardWorkload(opts: Partial<SimOptions>): WorkloadResult {
  const c = new SimCluster(opts);
  const prng = new Prng(c.opts.seed).fork('workload');
  let ok = 0;
  let failed = 0;
  const writes = (n: number) => {
    for (let i = 0; i < n; i++) {
      if (put(c, `key-${prng.intn(0, 40)}`, `v${prng.intn(0, 1e6)}`)) ok++;
      else failed++;
    }
  };

  c.runUntil(() => c.leader() !== undefined, 10_000);
  writes(30);
  const first = c.leader();
  if (first) c.kill(first);
  c.runUntil(() => c.leader() !== undefined, 10_000);
  writes(20);
  const follower = c.alive().find((id) => id !== c.leader());
  if (follower) c.isolate(follower);
  writes(10);
  c.runFor(prng.intn(500, 3000));
  c.heal();
  if (first) c.restart(first);
  c.runUntil(() => c.leader() !== undefined, 10_000);
  writes(20);
  c.runFor(3000);

  const leader = c.leader();
  const reference = leader ? dumpMember(c, leader) : '';
  const divergent = c.alive().filter((id) => dumpMember(c, id) !== reference);
  c.counters.walAppends = [...c.members.values()].reduce((n, m) => n + m.disk.appends, 0);
  return {
    hash: c.hash(),
    writesOk: ok,
    writesFailed: failed,
    virtualMs: c.nowMs,
    finalRevision: leader ? (c.inspect(leader)?.revision ?? 0) : 0,
    divergent,
    log: c.log,
    counters: c.counters,
  };
}
