// Watch streams on the live cluster: history from a start revision, live events in order, a
// compacted start revision cancels with the compact revision, and losing the leader cancels
// "require leader" watches — each served by the member the client is connected to.
import { describe, expect, test } from 'vitest';
import { SimCluster } from './simCluster';
import { fromUtf8, utf8 } from '../lib/bytes';
import type { WatchResponse } from '../etcdctl/client';

const put = (c: SimCluster, k: string, v: string) =>
  c.requestSync({ op: 'put', req: { key: utf8(k), value: utf8(v), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });

const watchReq = (key: string, startRevision: number, prefix = false) => ({
  key: utf8(key),
  rangeEnd: prefix ? utf8(key.slice(0, -1) + String.fromCharCode(key.charCodeAt(key.length - 1) + 1)) : new Uint8Array(0),
  startRevision,
  prevKv: false,
});

function cluster(seed: number) {
  const c = new SimCluster({ seed });
  c.runUntil(() => c.leader() !== undefined, 10_000);
  return c;
}

const events = (rs: WatchResponse[]) => rs.flatMap((r) => r.events.map((e) => `${e.type === 0 ? 'PUT' : 'DELETE'} ${fromUtf8(e.kv.key)}=${fromUtf8(e.kv.value)}@${e.kv.modRevision}`));

describe('watch', () => {
  test('a watch opened on a member without a leader is refused with "etcdserver: no leader"', () => {
    const c = cluster(63);
    const [a, b, d] = c.alive();
    c.kill(b!);
    c.kill(d!);
    c.runFor(3000); // check-quorum: the lone member steps down
    const got: WatchResponse[] = [];
    c.openWatch(watchReq('x', 1), (r) => got.push(r), a);
    c.runFor(100);
    expect(got.map((r) => [r.canceled, r.cancelReason])).toEqual([[true, 'etcdserver: no leader']]);
  });

  test('a requested progress is answered at once with the current revision; history follows from the 100 ms sync loop (etcd 3.4)', () => {
    const c = cluster(62);
    put(c, 'p', '1');
    put(c, 'p', '2');
    const rev = c.inspect(c.leader()!)!.revision;
    const got: WatchResponse[] = [];
    const h = c.openWatch(watchReq('p', 1), (r) => got.push(r), c.leader());
    h.requestProgress!();
    c.runFor(200);
    expect(got[0]!.progressNotify).toBe(true);
    expect(got[0]!.events).toEqual([]);
    expect(got[0]!.header.revision).toBe(rev);
    expect(events(got.slice(1))).toEqual([`PUT p=1@${rev - 1}`, `PUT p=2@${rev}`]);
  });

  test('history from a start revision, then live events, on a follower too', () => {
    const c = cluster(61);
    put(c, 'a/1', 'x');
    put(c, 'a/2', 'y');
    put(c, 'b', 'z');
    const follower = c.alive().find((id) => id !== c.leader())!;
    const got: WatchResponse[] = [];
    c.openWatch(watchReq('a/', 1, true), (r) => got.push(r), follower);
    c.runFor(200);
    expect(events(got)).toEqual(['PUT a/1=x@2', 'PUT a/2=y@3']);
    put(c, 'a/3', 'w');
    c.requestSync({ op: 'deleteRange', req: { key: utf8('a/1'), rangeEnd: new Uint8Array(0), prevKv: false } });
    c.runFor(200);
    expect(events(got).slice(2)).toEqual(['PUT a/3=w@5', 'DELETE a/1=@6']);
  });

  test('a start revision below the compaction cancels the watch with the compact revision', () => {
    const c = cluster(62);
    for (let i = 0; i < 5; i++) put(c, 'k', `v${i}`);
    expect(c.requestSync({ op: 'compaction', req: { revision: 4, physical: false } }).ok).toBe(true);
    const got: WatchResponse[] = [];
    c.openWatch(watchReq('k', 2), (r) => got.push(r));
    c.runFor(200);
    expect(got).toHaveLength(1);
    expect(got[0]!.canceled).toBe(true);
    expect(got[0]!.compactRevision).toBe(4);
  });

  test('a member that loses its leader cancels its watches ("etcdserver: no leader")', () => {
    const c = cluster(63);
    const follower = c.alive().find((id) => id !== c.leader())!;
    const got: WatchResponse[] = [];
    c.openWatch(watchReq('k', 0), (r) => got.push(r), follower);
    c.runFor(100);
    c.isolate(follower);
    c.runFor(5000);
    expect(got.at(-1)?.canceled).toBe(true);
    expect(got.at(-1)?.cancelReason).toBe('etcdserver: no leader');
  });
});
