// `snapshot save` / `snapshot status` with etcdctl 3.4's output, over an in-memory file system.
import { describe, expect, test } from 'vitest';
import { runEtcdctl } from './run';
import type { EtcdClient } from './client';
import type { EtcdctlFiles } from './context';
import { Backend, verifySnapshotFile } from '../backend';

function memFiles(): EtcdctlFiles & { map: Map<string, Uint8Array> } {
  const map = new Map<string, Uint8Array>();
  return {
    map,
    read: (p) => map.get(p),
    write: (p, d) => void map.set(p, d),
    rename: (a, b) => {
      map.set(b, map.get(a)!);
      map.delete(a);
    },
    remove: (p) => void map.delete(p),
  };
}

const blob = Backend.create().snapshotFile();
const client = {
  snapshotSave: async () => ({ header: { clusterId: '1', memberId: '2', revision: 1, raftTerm: 2 }, blob }),
} as unknown as EtcdClient;
const io = (files?: EtcdctlFiles) => ({ files, now: () => '2026-11-24 07:03:11.906000', clockMs: () => 0 });

describe('snapshot save / status', () => {
  test('save writes the file via FILE.part, logs as zap does and says where it saved', async () => {
    const files = memFiles();
    const r = await runEtcdctl(['--endpoints=127.0.0.1:23791', 'snapshot', 'save', '/tmp/s.db'], client, io(files));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('Snapshot saved at /tmp/s.db\n');
    expect([...files.map.keys()]).toEqual(['/tmp/s.db']);
    expect(files.map.get('/tmp/s.db')).toEqual(blob);
    const logs = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { caller: string; msg: string; size?: string });
    expect(logs.map((l) => l.msg)).toEqual(['created temporary db file', 'opened snapshot stream; downloading', 'fetching snapshot', 'completed snapshot read; closing', 'fetched snapshot', 'saved']);
    expect(logs[4]!.size).toBe('20 kB');
    expect(r.stderr).toContain('"ts":1795503791.906,"caller":"snapshot/v3_snapshot.go:119"');
    expect(r.stderr).toContain('"ts":"2026-11-24T07:03:11.906Z","caller":"clientv3/maintenance.go:200"');
  });

  test('save needs one endpoint and somewhere to write', async () => {
    const two = await runEtcdctl(['--endpoints=a:1,b:2', 'snapshot', 'save', 'x.db'], client, io(memFiles()));
    expect(two.exitCode).toBe(5);
    expect(two.stderr).toBe('Error: snapshot must be requested to one selected node, not multiple [a:1 b:2]\n');
    const ro = await runEtcdctl(['snapshot', 'save', 'x.db'], client, io());
    expect(ro.exitCode).toBe(5);
    expect(ro.stderr).toBe('Error: open x.db.part: read-only file system\n');
  });

  test('status reads hash, revision, keys and size in every format', async () => {
    const files = memFiles();
    files.write('/tmp/s.db', blob);
    const st = verifySnapshotFile(blob);
    const hex = (st.hash >>> 0).toString(16);
    const simple = await runEtcdctl(['snapshot', 'status', '/tmp/s.db'], client, io(files));
    expect(simple.stdout).toBe(`${hex}, ${st.revision}, ${st.totalKeys}, 20 kB\n`);
    const json = await runEtcdctl(['snapshot', 'status', '/tmp/s.db', '-w', 'json'], client, io(files));
    expect(json.stdout).toBe(`{"hash":${st.hash >>> 0},"revision":${st.revision},"totalKey":${st.totalKeys},"totalSize":20480}\n`);
    const table = await runEtcdctl(['snapshot', 'status', '/tmp/s.db', '-w', 'table'], client, io(files));
    expect(table.stdout.split('\n')[1]).toBe('|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |');
    const missing = await runEtcdctl(['snapshot', 'status', '/tmp/none.db'], client, io(files));
    expect(missing).toEqual({ exitCode: 1, stdout: '', stderr: 'Error: stat /tmp/none.db: no such file or directory\n' });
  });
});
