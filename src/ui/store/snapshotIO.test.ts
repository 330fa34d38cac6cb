import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClusterController, ClusterSnapshot } from '../../protocol/controller';
import { connectController } from './clusterStore';
import { exportSnapshot, importSnapshotFile, rejectCode, snapshotStore } from './snapshotIO';

const emptySnap: ClusterSnapshot = { nowMs: 0, tickMs: 100, paused: false, speed: 1, seed: 7, members: [], isolated: [], messages: [] };
const base: ClusterController = {
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
};
const file = (bytes: number[], name = 'snapshot.db') => ({ name, arrayBuffer: async () => new Uint8Array(bytes).buffer });

let off: (() => void) | null = null;
afterEach(() => {
  off?.();
  snapshotStore.setState({ busy: null, outcome: null, seq: 0 });
});

describe('snapshot import / export', () => {
  it('classifies refusals by the error code the hub attaches, else by etcd/bbolt wording', () => {
    expect(rejectCode(Object.assign(new Error('x'), { code: 'bad-hash' }))).toBe('bad-hash');
    expect(rejectCode(new Error('not a usable etcd snapshot: backend: snapshot missing hash: 10 bytes'))).toBe('missing-hash');
    expect(rejectCode(new Error('backend: snapshot hash mismatch: expected sha256 …'))).toBe('bad-hash');
    expect(rejectCode(new Error('something else'))).toBe('failed');
  });

  it('a refused import keeps the code and the controller message; an empty file never reaches the controller', async () => {
    const restoreSnapshot = vi.fn(async () => {
      throw Object.assign(new Error('not a usable etcd snapshot: backend: snapshot is not a usable bbolt file: invalid magic'), { code: 'not-bolt' });
    });
    off = connectController({ ...base, restoreSnapshot }, { schedule: (cb) => cb() });
    expect(await importSnapshotFile(file([1, 2, 3], 'x.db'))).toBe(false);
    expect(snapshotStore.getState().outcome).toMatchObject({ ok: false, op: 'import', fileName: 'x.db', code: 'not-bolt' });
    expect(snapshotStore.getState().busy).toBeNull();
    expect(await importSnapshotFile(file([]))).toBe(false);
    expect(snapshotStore.getState().outcome).toMatchObject({ ok: false, code: 'empty' });
    expect(restoreSnapshot).toHaveBeenCalledTimes(1);
  });

  it('a good import and an export report their sizes; export hands the bytes to the download', async () => {
    const restoreSnapshot = vi.fn(async (_b: Uint8Array) => {});
    const saveSnapshot = vi.fn(async () => new Uint8Array(4096 + 32));
    off = connectController({ ...base, restoreSnapshot, saveSnapshot }, { schedule: (cb) => cb() });
    expect(await importSnapshotFile(file([9, 9]))).toBe(true);
    expect(restoreSnapshot.mock.calls[0]![0]).toEqual(new Uint8Array([9, 9]));
    expect(snapshotStore.getState().outcome).toMatchObject({ ok: true, op: 'import', sizeBytes: 2 });
    const saved: Array<[number, string]> = [];
    expect(await exportSnapshot(2, 'n2', (b, name) => saved.push([b.length, name]))).toBe(true);
    expect(saveSnapshot).toHaveBeenCalledWith(2);
    expect(saved).toEqual([[4128, 'snapshot.db']]);
    expect(snapshotStore.getState().outcome).toMatchObject({ ok: true, op: 'export', member: 'n2', sizeBytes: 4128 });
  });

  it('without snapshot support the outcome says so', async () => {
    off = connectController(base, { schedule: (cb) => cb() });
    expect(await importSnapshotFile(file([1]))).toBe(false);
    expect(snapshotStore.getState().outcome).toMatchObject({ ok: false, code: 'unsupported' });
  });
});
