import { describe, expect, test } from 'vitest';
import { runKeepAlive } from './keepAlive';
import type { ClientRequest, ClientResult } from '../etcd/nodeTypes';
import type { LeaseKeepAliveResponse } from '../etcdctl/client';

/** A virtual clock with timers, and a server answering keep-alives after `rttMs`. */
function harness(answer: (nowMs: number) => ClientResult, rttMs = 1) {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const sent: number[] = [];
  const timer = (ms: number, fn: () => void) => timers.push({ at: now + ms, fn });
  const send = (_req: ClientRequest): Promise<ClientResult> => {
    sent.push(now);
    return new Promise((resolve) => timer(rttMs, () => resolve(answer(now))));
  };
  const runUntil = async (endMs: number) => {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > endMs) break;
      timers.shift();
      now = t.at;
      t.fn();
    }
    now = endMs;
  };
  return { send, timer, nowMs: () => now, sent, runUntil };
}

const header = { clusterId: '0', memberId: '0', revision: 1, raftTerm: 2 };
const alive = (ttl: number): ClientResult => ({ ok: true, resp: { header, ID: 7n, TTL: ttl } });

describe("clientv3's keep-alive loop", () => {
  test('renews at once, then every TTL/3 on the 500 ms loop: three renewals in 5 s for TTL 6', async () => {
    const h = harness(() => alive(6));
    const got: (LeaseKeepAliveResponse | null)[] = [];
    runKeepAlive(h.send, h.timer, h.nowMs, 7n, (r) => got.push(r), undefined);
    await h.runUntil(4999);
    expect(h.sent.length).toBe(3);
    expect(h.sent[0]).toBe(0);
    expect(h.sent[1]! - h.sent[0]!).toBeGreaterThanOrEqual(2000);
    expect(h.sent[1]! - h.sent[0]!).toBeLessThan(2500);
    expect(got.map((r) => r?.TTL)).toEqual([6, 6, 6]);
  });

  test('a lease the server does not have (TTL 0 or not found) ends the stream with null', async () => {
    let revoked = false;
    const h = harness(() => (revoked ? { ok: false, error: { code: 'NotFound', message: 'etcdserver: requested lease not found' } } : alive(6)));
    const got: (LeaseKeepAliveResponse | null)[] = [];
    runKeepAlive(h.send, h.timer, h.nowMs, 7n, (r) => got.push(r), undefined);
    await h.runUntil(1000);
    revoked = true;
    await h.runUntil(10_000);
    expect(got.map((r) => r?.TTL ?? null)).toEqual([6, null]);
    expect(h.sent.length).toBe(2);
  });

  test('no answer before the deadline (5 s at first) ends the stream; cancel stops sending', async () => {
    const h = harness(() => alive(6), 60_000);
    const got: (LeaseKeepAliveResponse | null)[] = [];
    runKeepAlive(h.send, h.timer, h.nowMs, 7n, (r) => got.push(r), undefined);
    await h.runUntil(6000);
    expect(got).toEqual([null]);
    const h2 = harness(() => alive(3));
    const handle = runKeepAlive(h2.send, h2.timer, h2.nowMs, 7n, () => {}, undefined);
    await h2.runUntil(100);
    handle.cancel();
    await h2.runUntil(10_000);
    expect(h2.sent.length).toBe(1);
  });
});
