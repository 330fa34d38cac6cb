import { describe, expect, it, vi } from 'vitest';
import type { ClusterController, ClusterSnapshot } from '../../protocol/controller';
import type { ClusterEvent, MemberInspect } from '../../protocol/view';
import {
  MAX_EVENTS,
  connectController,
  createClusterStore,
  getController,
  pushHistory,
  reduceEvents,
  runCommand,
} from './clusterStore';
import { currentLeader, deriveCards, deriveLeaderProgress, deriveLogRows, votesFor } from './derive';

function member(id: number, o: Partial<MemberInspect> = {}): MemberInspect {
  return {
    dbSizeBytes: 20480,
    dbSizeInUseBytes: 16384,
    leaseCount: 0,
    watcherCount: 0,
    alarms: [],
    id,
    name: `n${id}`,
    alive: true,
    role: 'follower',
    term: 1,
    vote: 0,
    lead: 0,
    commitIndex: 0,
    appliedIndex: 0,
    firstIndex: 1,
    lastIndex: 0,
    electionElapsed: 0,
    electionTimeout: 10,
    heartbeatElapsed: 0,
    heartbeatTimeout: 1,
    progress: [],
    revision: 1,
    keys: 0,
    log: [],
    ...o,
  };
}

function snap(o: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    nowMs: 0,
    tickMs: 100,
    paused: false,
    speed: 1,
    seed: 7,
    members: [member(1), member(2), member(3)],
    isolated: [],
    messages: [],
    ...o,
  };
}

function fakeController(initial = snap()) {
  let onSnap: ((s: ClusterSnapshot) => void) | null = null;
  let onEv: ((e: ClusterEvent[]) => void) | null = null;
  const c = {
    subscribe: vi.fn((s, e) => {
      onSnap = s;
      onEv = e;
      return () => {
        onSnap = null;
        onEv = null;
      };
    }),
    snapshot: vi.fn(() => initial),
    run: vi.fn(async (line: string) => ({ stdout: `ran ${line}\n`, stderr: '', exitCode: 0 })),
    kill: vi.fn(async () => {}),
    restart: vi.fn(async () => {}),
    isolate: vi.fn(),
    heal: vi.fn(),
    reset: vi.fn(async () => {}),
    pause: vi.fn(),
    resume: vi.fn(),
    setSpeed: vi.fn(),
  } satisfies ClusterController;
  return {
    c,
    pushSnap: (s: ClusterSnapshot) => onSnap?.(s),
    pushEvents: (e: ClusterEvent[]) => onEv?.(e),
  };
}

const ev = (seq: number, kind: ClusterEvent['kind'] = 'became-follower'): ClusterEvent => ({ seq, tMs: seq * 10, kind, member: 1 });

describe('connectController', () => {
  it('loads the current snapshot, then coalesces everything within a frame into one update', () => {
    const store = createClusterStore();
    const frames: (() => void)[] = [];
    const f = fakeController();
    const updates = vi.fn();
    const stop = connectController(f.c, { store, schedule: (cb) => frames.push(cb), now: () => 123 });
    expect(store.getState().snapshot?.seed).toBe(7);
    expect(store.getState().cards.map((c) => c.name)).toEqual(['n1', 'n2', 'n3']);
    store.subscribe(updates);

    f.pushSnap(snap({ nowMs: 100 }));
    f.pushEvents([ev(1)]);
    f.pushSnap(snap({ nowMs: 200 }));
    f.pushEvents([ev(2, 'became-leader')]);
    expect(frames).toHaveLength(1);
    expect(updates).not.toHaveBeenCalled();

    frames.shift()!();
    expect(updates).toHaveBeenCalledTimes(1);
    const s = store.getState();
    expect(s.snapshot?.nowMs).toBe(200);
    expect(s.receivedAtMs).toBe(123);
    expect(s.events.map((e) => e.seq)).toEqual([2, 1]);

    stop();
    f.pushSnap(snap({ nowMs: 300 }));
    expect(frames).toHaveLength(0);
    expect(getController(store)).toBeNull();
  });

  it('with viewIntervalMs, re-derives the views at most that often but always shows the last snapshot', () => {
    vi.useFakeTimers();
    try {
      const store = createClusterStore();
      const frames: (() => void)[] = [];
      let t = 1000;
      const f = fakeController();
      connectController(f.c, { store, schedule: (cb) => frames.push(cb), now: () => t, viewIntervalMs: 100 });
      const term = () => store.getState().cards[1]!.term;
      f.pushSnap(snap({ nowMs: 1, members: [member(1), member(2, { term: 2 }), member(3)] }));
      frames.shift()!();
      expect(term()).toBe(2);
      // 30 ms later: the animation gets the snapshot, the cards wait.
      t += 30;
      f.pushSnap(snap({ nowMs: 2, members: [member(1), member(2, { term: 3 }), member(3)] }));
      frames.shift()!();
      expect(store.getState().snapshot?.nowMs).toBe(2);
      expect(term()).toBe(2);
      t += 30;
      f.pushSnap(snap({ nowMs: 3, members: [member(1), member(2, { term: 4 }), member(3)] }));
      frames.shift()!();
      expect(term()).toBe(2);
      // The trailing update brings the latest one once the interval is over.
      t += 40;
      vi.advanceTimersByTime(100);
      expect(frames).toHaveLength(1);
      frames.shift()!();
      expect(term()).toBe(4);
      // A change of membership is shown at once.
      t += 10;
      f.pushSnap(snap({ nowMs: 4, members: [member(1), member(2, { term: 5 })] }));
      frames.shift()!();
      expect(store.getState().cards).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps unchanged member cards and log rows as the same objects', () => {
    const s1 = snap();
    const cards1 = deriveCards([], s1);
    const rows1 = deriveLogRows([], s1);
    const s2 = snap({ nowMs: 5, members: [member(1), member(2, { term: 2 }), member(3)] });
    const cards2 = deriveCards(cards1, s2);
    expect(cards2[0]).toBe(cards1[0]);
    expect(cards2[1]).not.toBe(cards1[1]);
    expect(cards2[2]).toBe(cards1[2]);
    expect(deriveCards(cards2, s2)).toBe(cards2);
    expect(deriveLogRows(rows1, s2)).toBe(rows1);
    const s3 = snap({ members: [member(1, { log: [{ index: 1, term: 1, kind: 'noop', summary: '' }], lastIndex: 1 }), member(2), member(3)] });
    const rows3 = deriveLogRows(rows1, s3);
    expect(rows3[0]).not.toBe(rows1[0]);
    expect(rows3[1]).toBe(rows1[1]);
  });

  it('marks isolated members and finds the leader', () => {
    const s = snap({ isolated: [3], members: [member(1, { role: 'leader', term: 4 }), member(2), member(3)] });
    const cards = deriveCards([], s);
    expect(cards[2].isolated).toBe(true);
    expect(currentLeader(cards)?.id).toBe(1);
    expect(currentLeader(deriveCards([], snap({ members: [member(1, { role: 'leader', alive: false })] })))).toBeUndefined();
  });

  it('carries the alarms a member raised onto its card, and a new card when they change', () => {
    const before = deriveCards([], snap());
    expect(before[0].alarms).toBe('');
    const after = deriveCards(before, snap({ members: [member(1, { alarms: ['NOSPACE'] }), member(2), member(3)] }));
    expect(after[0].alarms).toBe('NOSPACE');
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).toBe(before[1]);
  });
});

describe('reduceEvents', () => {
  it('puts the newest first, drops duplicates and caps the list', () => {
    expect(reduceEvents([ev(2), ev(1)], [ev(2), ev(3)]).map((e) => e.seq)).toEqual([3, 2, 1]);
    const many = Array.from({ length: MAX_EVENTS + 50 }, (_, i) => ev(i + 1));
    const r = reduceEvents([], many);
    expect(r).toHaveLength(MAX_EVENTS);
    expect(r[0].seq).toBe(MAX_EVENTS + 50);
  });
  it('starts a fresh timeline on reset', () => {
    expect(reduceEvents([ev(5), ev(4)], [{ seq: 1, tMs: 0, kind: 'reset' }]).map((e) => e.seq)).toEqual([1]);
  });
});

describe('console', () => {
  it('records the line, the result and the history', async () => {
    const store = createClusterStore();
    const f = fakeController();
    connectController(f.c, { store, schedule: (cb) => cb() });
    await runCommand('  put a 1 ', store);
    f.c.run.mockResolvedValueOnce({ stdout: '', stderr: 'Error: boom\n', exitCode: 1 });
    await runCommand('get b', store);
    await runCommand('   ', store);
    const s = store.getState();
    expect(f.c.run).toHaveBeenCalledWith('put a 1');
    expect(s.history).toEqual(['put a 1', 'get b']);
    expect(s.consoleEntries.map((e) => [e.line, e.stdout, e.stderr, e.exitCode])).toEqual([
      ['put a 1', 'ran put a 1\n', '', 0],
      ['get b', '', 'Error: boom\n', 1],
    ]);
  });
  it('turns a throwing controller into stderr', async () => {
    const store = createClusterStore();
    const f = fakeController();
    connectController(f.c, { store, schedule: (cb) => cb() });
    f.c.run.mockRejectedValueOnce(new Error('worker gone'));
    await runCommand('get x', store);
    expect(store.getState().consoleEntries[0]).toMatchObject({ stderr: 'worker gone', exitCode: 1 });
  });
  it('does not repeat the same line in history', () => {
    expect(pushHistory(['a'], 'a')).toEqual(['a']);
    expect(pushHistory(['a'], ' b ')).toEqual(['a', 'b']);
  });
});

describe('leader progress and votes', () => {
  const prog = (id: number, match: number) => ({ id, match, next: match + 1, state: 'replicate' as const, recentActive: true, inflights: 0, isLearner: false });
  it('takes the live leader with the highest term and keeps the object while nothing moves', () => {
    const s1 = snap({
      members: [
        member(1, { role: 'leader', term: 2, progress: [prog(1, 9), prog(2, 5), prog(3, 9)] }),
        member(2, { role: 'leader', term: 1, progress: [prog(1, 1)] }),
        member(3),
      ],
    });
    const p1 = deriveLeaderProgress(null, s1)!;
    expect(p1.leader).toBe(1);
    expect(p1.peers.map((p) => [p.id, p.match, p.next])).toEqual([
      [2, 5, 6],
      [3, 9, 10],
    ]);
    expect(deriveLeaderProgress(p1, s1)).toBe(p1);
    const s2 = snap({ members: [member(1, { role: 'leader', term: 2, progress: [prog(2, 6), prog(3, 9)] }), member(2), member(3)] });
    expect(deriveLeaderProgress(p1, s2)).not.toBe(p1);
    expect(deriveLeaderProgress(p1, snap())).toBeNull();
  });
  it('counts a candidate\'s votes in its own term', () => {
    const cards = deriveCards(
      [],
      snap({
        members: [
          member(1, { role: 'candidate', term: 3, vote: 1 }),
          member(2, { term: 3, vote: 1 }),
          member(3, { term: 2, vote: 1 }),
        ],
      }),
    );
    expect(votesFor(cards[0], cards)).toBe(2);
  });
});
