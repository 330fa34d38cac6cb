import { describe, expect, it, vi } from 'vitest';
import type { ClusterController, ClusterSnapshot } from '../../protocol/controller';
import {
  addLearner,
  connectController,
  createClusterStore,
  dismissNotice,
  memberOpsAvailable,
  moveLeaderTo,
  promoteMember,
  removeMember,
  setRaftOption,
  setSnapshotCount,
} from './clusterStore';

const emptySnap: ClusterSnapshot = { nowMs: 0, tickMs: 100, paused: false, speed: 1, seed: 7, members: [], isolated: [], messages: [] };

function controller(extra: Partial<ClusterController> = {}): ClusterController {
  return {
    subscribe: () => () => {},
    snapshot: () => emptySnap,
    run: async () => ({ stdout: '', stderr: '', exitCode: 0 }),
    kill: async () => {},
    restart: async () => {},
    isolate: () => {},
    heal: () => {},
    reset: async () => {},
    pause: () => {},
    resume: () => {},
    setSpeed: () => {},
    ...extra,
  };
}

describe('membership operations', () => {
  it('reports etcd errors as notices and clears the pending mark', async () => {
    const store = createClusterStore();
    const promote = vi.fn(async () => {
      throw new Error('etcdserver: can only promote a learner member which is in sync with leader');
    });
    const off = connectController(controller({ promote }), { store, schedule: (cb) => cb() });
    const p = promoteMember(4, store);
    expect(store.getState().pendingOps).toEqual(['promote:4']);
    expect(await p).toBe(false);
    expect(promote).toHaveBeenCalledWith(4);
    const [n] = store.getState().notices;
    expect(n).toMatchObject({ ok: false, op: 'promote', subject: 'n4' });
    expect(n.detail).toContain('in sync with leader');
    expect(store.getState().pendingOps).toEqual([]);
    dismissNotice(n.id, store);
    expect(store.getState().notices).toEqual([]);
    off();
  });

  it('adds a learner, moves the leader, removes a member and flips raft options', async () => {
    const store = createClusterStore();
    let opts = { preVote: false, checkQuorum: true, snapshotCount: 100_000, snapshotCatchUpEntries: 5000 };
    const c = controller({
      addMember: vi.fn(async () => 'n4'),
      moveLeader: vi.fn(async () => {}),
      removeMember: vi.fn(async () => {}),
      setRaftOptions: vi.fn(async (o) => {
        opts = { ...opts, ...o };
      }),
      raftOptions: () => opts,
    });
    const off = connectController(c, { store, schedule: (cb) => cb() });
    expect(memberOpsAvailable(store)).toEqual({ add: true, promote: false, remove: true, 'move-leader': true, raft: true });
    expect(store.getState().raftOptions).toEqual({ preVote: false, checkQuorum: true, snapshotCount: 100_000 });
    expect(await addLearner(store)).toBe(true);
    expect(c.addMember).toHaveBeenCalledWith({ learner: true });
    expect(store.getState().notices[0]).toMatchObject({ ok: true, op: 'add', subject: 'n4' });
    expect(await moveLeaderTo(2, store)).toBe(true);
    expect(await removeMember(3, store)).toBe(true);
    expect(c.moveLeader).toHaveBeenCalledWith(2);
    expect(c.removeMember).toHaveBeenCalledWith(3);
    expect(await setRaftOption('preVote', true, store)).toBe(true);
    expect(c.setRaftOptions).toHaveBeenCalledWith({ preVote: true });
    expect(store.getState().raftOptions).toEqual({ preVote: true, checkQuorum: true, snapshotCount: 100_000 });
    expect(await setSnapshotCount(20, store)).toBe(true);
    expect(c.setRaftOptions).toHaveBeenCalledWith({ snapshotCount: 20 });
    expect(store.getState().raftOptions?.snapshotCount).toBe(20);
    off();
  });

  it('fails politely when the controller lacks the operation', async () => {
    const store = createClusterStore();
    const off = connectController(controller(), { store, schedule: (cb) => cb() });
    expect(await promoteMember(2, store)).toBe(false);
    expect(store.getState().notices[0]).toMatchObject({ ok: false, op: 'promote' });
    off();
  });
});
