import { describe, expect, it } from 'vitest';
import { EMPTY, utf8 } from '../lib/bytes';
import { KVStore } from '../mvcc/kvStore';
import type { WatchResponse } from '../etcdctl/client';
import { CHAN_BUF_LEN, WatchService } from './watchService';

const header = () => ({ clusterId: '1', memberId: '1', revision: 0, raftTerm: 1 });
const put = (s: KVStore, k: string, v: string) => s.put({ key: utf8(k), value: utf8(v), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });

describe('WatchService with a slow client', () => {
  it('fills the stream buffer, makes the watcher a victim, then catches it up once the client reads', () => {
    const kv = new KVStore();
    const got: WatchResponse[] = [];
    const ws = new WatchService(kv, header, (_id, r) => got.push(r));
    ws.handle({ op: 'create', streamId: 7, req: { key: utf8('k'), rangeEnd: EMPTY, startRevision: 0, prevKv: false } });
    ws.handle({ op: 'slowClient', streamId: 7, readsPerTick: 0, bufferResponses: 2 });
    for (let i = 0; i < 5; i++) put(kv, 'k', String(i)); // revs 2..6
    expect(got).toHaveLength(0);
    expect(ws.groupCounts()).toEqual({ synced: 0, unsynced: 0, victim: 1 });
    const w = ws.inspect(kv.rev(), 0).watchers[0]!;
    expect([w.buffered, w.heldEvents, w.bufferCapacity]).toEqual([2, 1, 2]);
    expect(ws.memory().watchPendingEvents).toBe(3);
    // the client reads one response per tick: buffer drains, the victim's response goes in, history replays
    ws.handle({ op: 'slowClient', streamId: 7, readsPerTick: 1 });
    for (let t = 0; t < 10; t++) ws.syncWatchers();
    expect(ws.groupCounts()).toEqual({ synced: 1, unsynced: 0, victim: 0 });
    expect(got.flatMap((r) => r.events.map((e) => e.kv.modRevision))).toEqual([2, 3, 4, 5, 6]);
    expect(ws.memory().watchPendingEvents).toBe(0);
  });

  it('keeps etcd’s 128-response buffer unless asked for less', () => {
    const kv = new KVStore();
    const ws = new WatchService(kv, header, () => {});
    ws.handle({ op: 'create', streamId: 1, req: { key: utf8('k'), rangeEnd: EMPTY, startRevision: 0, prevKv: false } });
    ws.handle({ op: 'slowClient', streamId: 1, readsPerTick: 0 });
    for (let i = 0; i < CHAN_BUF_LEN; i++) put(kv, 'k', String(i));
    expect(ws.groupCounts().victim).toBe(0);
    put(kv, 'k', 'one more');
    expect(ws.groupCounts().victim).toBe(1);
    expect(ws.inspect(kv.rev(), 0).watchers[0]!.buffered).toBe(CHAN_BUF_LEN);
  });
});
