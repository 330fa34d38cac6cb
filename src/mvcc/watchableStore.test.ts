import { describe, expect, it } from 'vitest';
import { EMPTY, fromUtf8, utf8 } from '../lib/bytes';
import { Prng } from '../lib/prng';
import { KVStore } from './kvStore';
import { MAX_REVS_PER_BATCH, WatchableStore, type WatcherResponse } from './watchableStore';

const FROM = new Uint8Array([0]);
const put = (s: KVStore, k: string, v: string) => s.put({ key: utf8(k), value: utf8(v), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
const del = (s: KVStore, k: string) => s.deleteRange({ key: utf8(k), rangeEnd: EMPTY, prevKv: false });
const show = (r: WatcherResponse) => r.events.map((e) => `${e.type ? 'DELETE' : 'PUT'} ${fromUtf8(e.kv.key)}@${e.kv.modRevision}${e.prevKv ? ` prev=${fromUtf8(e.prevKv.value)}` : ''}`);

describe('WatchableStore', () => {
  it('replays history as one response at the current revision, then live events per revision', () => {
    const s = new KVStore();
    const w = new WatchableStore(s);
    put(s, 'foo', '1');
    put(s, 'foo', '2');
    del(s, 'foo');
    const got: WatcherResponse[] = [];
    w.watch({ key: utf8('foo'), rangeEnd: EMPTY, startRevision: 1, prevKv: true }, (r) => got.push(r));
    expect(got.map((r) => r.revision)).toEqual([4]);
    expect(show(got[0]!)).toEqual(['PUT foo@2', 'PUT foo@3 prev=1', 'DELETE foo@4 prev=2']);
    s.txn({ compare: [], success: [{ requestPut: { key: utf8('foo'), value: utf8('3'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } }, { requestPut: { key: utf8('bar'), value: utf8('x'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } }], failure: [] });
    expect(got.length).toBe(2);
    expect(got[1]!.revision).toBe(5);
    expect(show(got[1]!)).toEqual(['PUT foo@5']);
  });

  it('cancels a watcher whose start revision was compacted; a future start waits', () => {
    const s = new KVStore();
    const w = new WatchableStore(s);
    for (let i = 0; i < 5; i++) put(s, 'k', String(i));
    s.compact(4);
    const got: WatcherResponse[] = [];
    w.watch({ key: utf8('k'), rangeEnd: EMPTY, startRevision: 2, prevKv: false }, (r) => got.push(r));
    expect(got).toEqual([{ watchId: 0, revision: 6, events: [], compactRevision: 4 }]);
    expect(w.size).toBe(0);
    const later: WatcherResponse[] = [];
    w.watch({ key: utf8('k'), rangeEnd: EMPTY, startRevision: 8, prevKv: false }, (r) => later.push(r));
    put(s, 'k', 'a'); // rev 7: before the start
    put(s, 'k', 'b'); // rev 8
    expect(later.map((r) => r.revision)).toEqual([8]);
  });

  it('splits long histories into batches of at most 1000 revisions', () => {
    const s = new KVStore();
    const w = new WatchableStore(s);
    for (let i = 0; i < MAX_REVS_PER_BATCH + 10; i++) put(s, `k${i % 7}`, String(i));
    const got: WatcherResponse[] = [];
    w.watch({ key: utf8('k'), rangeEnd: utf8('l'), startRevision: 1, prevKv: false }, (r) => got.push(r));
    expect(got.map((r) => r.events.length)).toEqual([MAX_REVS_PER_BATCH, 10]);
    expect(got.every((r) => r.revision === s.rev())).toBe(true);
  });

  it('filters, ranges and cancel', () => {
    const s = new KVStore();
    const w = new WatchableStore(s);
    const got: WatcherResponse[] = [];
    const id = w.watch({ key: utf8('a'), rangeEnd: FROM, startRevision: 0, prevKv: false, filters: ['NOPUT'] }, (r) => got.push(r));
    put(s, 'a', '1');
    del(s, 'a');
    put(s, '0', 'outside');
    expect(got.map(show)).toEqual([['DELETE a@3']]);
    expect(w.progress(id)).toBe(true);
    expect(got[1]).toEqual({ watchId: id, revision: 4, events: [], compactRevision: 0 });
    w.cancel(id);
    put(s, 'b', '1');
    expect(got.length).toBe(2);
  });

  it('a watcher from revision 1 sees every change exactly once, in order (random)', () => {
    const rnd = new Prng(11);
    const s = new KVStore();
    const w = new WatchableStore(s);
    const all: string[] = [];
    s.subscribe((evs) => all.push(...evs.map((e) => `${e.type}:${fromUtf8(e.kv.key)}@${e.kv.modRevision}`)));
    const seen: string[] = [];
    let started = false;
    for (let i = 0; i < 3000; i++) {
      const k = `k${rnd.intn(0, 20)}`;
      if (rnd.chance(0.7)) put(s, k, String(i));
      else del(s, k);
      if (!started && i === 1500) {
        started = true;
        w.watch({ key: utf8('k'), rangeEnd: utf8('l'), startRevision: 1, prevKv: false }, (r) => seen.push(...r.events.map((e) => `${e.type}:${fromUtf8(e.kv.key)}@${e.kv.modRevision}`)));
      }
    }
    expect(seen).toEqual(all);
  });

  it('a watcher whose client buffer is full becomes a victim, keeps its response and catches up from history', () => {
    const s = new KVStore();
    const w = new WatchableStore(s, { syncLoop: true });
    let full = false;
    const got: WatcherResponse[] = [];
    w.watch({ key: utf8('k'), rangeEnd: utf8('l'), startRevision: 0, prevKv: false }, (r) => (full ? false : (got.push(r), true)));
    put(s, 'k1', 'a'); // rev 2, delivered
    full = true;
    put(s, 'k2', 'b'); // rev 3: refused → victim holding it
    put(s, 'k3', 'c'); // rev 4: a victim is not notified
    expect(w.groupCounts()).toEqual({ synced: 0, unsynced: 0, victim: 1 });
    expect(w.inspectWatchers()[0]!.heldEvents.map((e) => e.kv.modRevision)).toEqual([3]);
    expect(w.syncVictims()).toBe(0); // still full
    full = false;
    expect(w.syncVictims()).toBe(1);
    // it missed rev 4 while a victim: unsynced until the sync loop replays it
    expect(w.groupCounts()).toEqual({ synced: 0, unsynced: 1, victim: 0 });
    w.syncWatchers();
    expect(w.groupCounts()).toEqual({ synced: 1, unsynced: 0, victim: 0 });
    expect(got.flatMap((r) => r.events.map((e) => e.kv.modRevision))).toEqual([2, 3, 4]);
  });

  it('a victim that missed compacted revisions is cancelled with the compact revision once its buffer drains', () => {
    const s = new KVStore();
    const w = new WatchableStore(s, { syncLoop: true });
    let full = false;
    const got: WatcherResponse[] = [];
    w.watch({ key: utf8('k'), rangeEnd: EMPTY, startRevision: 0, prevKv: false }, (r) => (full ? false : (got.push(r), true)));
    full = true;
    put(s, 'k', '1'); // rev 2 held
    put(s, 'k', '2'); // rev 3 missed
    put(s, 'k', '3'); // rev 4 missed
    s.compact(4);
    full = false;
    w.syncVictims();
    w.syncWatchers();
    expect(got.map((r) => [r.events.map((e) => e.kv.modRevision), r.compactRevision])).toEqual([
      [[2], 0],
      [[], 4],
    ]);
    expect(w.size).toBe(0);
  });
});
