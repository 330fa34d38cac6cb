// Linearizable reads share ReadIndex rounds (etcd's linearizableReadLoop), and a round that never
// completes times out instead of holding every later read.
import { describe, expect, test } from 'vitest';
import { SimCluster } from './simCluster';
import { utf8 } from '../lib/bytes';
import { emptyRangeRequest } from '../etcd/api';
import type { ClientResult } from '../etcd/nodeTypes';

const read = { op: 'range' as const, req: emptyRangeRequest(utf8('k')) };

describe('ReadIndex batching', () => {
  test('64 concurrent linearizable reads on the leader take a couple of heartbeat rounds, not 64', () => {
    const c = new SimCluster({ seed: 11, netLatencyMs: 1, netJitterMs: 0 });
    expect(c.runUntil(() => c.leader() !== undefined, 10_000)).toBe(true);
    c.runFor(200);
    const before = c.counters.messagesSent;
    const results: ClientResult[] = [];
    for (let i = 0; i < 64; i++) c.request(read, (r) => results.push(r), c.leader());
    expect(c.runUntil(() => results.length === 64, 1_000)).toBe(true);
    expect(results.every((r) => r.ok)).toBe(true);
    // One round is a heartbeat to each follower and its answer (4 messages with 3 members); the
    // first round serves the first read, the second the other 63. Ticks may add a heartbeat round.
    expect(c.counters.messagesSent - before).toBeLessThanOrEqual(16);
  });

  test('a round lost with the leader times out (etcd ReqTimeout) and later reads are served', () => {
    const c = new SimCluster({ seed: 12 });
    expect(c.runUntil(() => c.leader() !== undefined, 10_000)).toBe(true);
    c.runFor(200);
    const follower = c.alive().find((id) => id !== c.leader())!;
    c.isolate(follower);
    const lost: ClientResult[] = [];
    c.request(read, (r) => lost.push(r), follower);
    c.runFor(5_500);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.ok).toBe(false);
    c.heal();
    c.runUntil(() => c.leader() !== undefined, 10_000);
    const later: ClientResult[] = [];
    c.request(read, (r) => later.push(r), follower);
    expect(c.runUntil(() => later.length === 1, 5_000)).toBe(true);
    expect(later[0]!.ok).toBe(true);
  });
});
