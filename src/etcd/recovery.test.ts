// Recovery from bad WAL bytes: a torn last record is dropped and reported (etcd repairs a torn
// tail the same way); corruption before the tail stops the member with a clear error.
import { describe, expect, test } from 'vitest';
import { SimCluster } from '../sim/simCluster';
import { EtcdNode } from './etcdNode';
import { WalCorruptError } from '../wal';
import { utf8 } from '../lib/bytes';

function clusterWithWrites() {
  const c = new SimCluster({ seed: 21 });
  c.runUntil(() => c.leader() !== undefined, 10_000);
  for (let i = 0; i < 5; i++) {
    const r = c.requestSync({ op: 'put', req: { key: utf8(`k${i}`), value: utf8('v'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });
    expect(r.ok).toBe(true);
  }
  c.runFor(500);
  return c;
}

describe('WAL recovery', () => {
  test('a torn last record is dropped and reported; the member starts from the records before it', () => {
    const c = clusterWithWrites();
    const m = c.members.get(1)!;
    const records = m.disk.durable.map((r) => r.slice());
    const last = records[records.length - 1]!;
    records[records.length - 1] = last.slice(0, Math.max(1, last.length - 7));
    const { node, tornTail } = EtcdNode.restart(m.cfg, records);
    expect(tornTail).toBeTruthy();
    const full = EtcdNode.restart(m.cfg, m.disk.durable).node.inspect();
    const cut = node.inspect();
    expect(cut.lastIndex).toBeLessThanOrEqual(full.lastIndex);
    expect(cut.lastIndex).toBeGreaterThan(0);
  });

  test('a corrupt record before the tail is refused with a clear error', () => {
    const c = clusterWithWrites();
    const m = c.members.get(2)!;
    const records = m.disk.durable.map((r) => r.slice());
    expect(records.length).toBeGreaterThan(3);
    const mid = records[1]!;
    mid[mid.length - 1] ^= 0xff;
    expect(() => EtcdNode.restart(m.cfg, records)).toThrow(WalCorruptError);
    try {
      EtcdNode.restart(m.cfg, records);
    } catch (e) {
      expect((e as Error).message).toMatch(/crc|corrupt/i);
    }
  });
});

describe('recovery from the db file and the WAL', () => {
  test('a restart opens the page store, skips WAL entries at or below consistent_index, and keeps leases', () => {
    const c = new SimCluster({ seed: 22 });
    c.runUntil(() => c.leader() !== undefined, 10_000);
    const g = c.requestSync({ op: 'leaseGrant', req: { TTL: 600, ID: 0n } });
    expect(g.ok).toBe(true);
    const leaseId = (g as { resp: { ID: bigint } }).resp.ID;
    for (let i = 0; i < 30; i++) {
      const r = c.requestSync({ op: 'put', req: { key: utf8(`k${i}`), value: utf8(`v${i}`), lease: i % 3 === 0 ? leaseId : 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });
      expect(r.ok).toBe(true);
    }
    c.runFor(1000); // batch commits (every tick) reach the page store
    const victim = c.alive().find((id) => id !== c.leader())!;
    const m = c.members.get(victim)!;
    expect(m.disk.pages.applied).toBeGreaterThan(1);
    const before = c.inspect(victim)!;
    c.kill(victim);
    const { node } = EtcdNode.restart(m.cfg, m.disk.durable, m.disk.dbFile());
    // The file already holds the writes: the KV state is there before any entry is replayed.
    expect(node.backend.consistentIndex()).toBeGreaterThan(30);
    expect(node.inspect().revision).toBe(before.revision);
    c.restart(victim);
    c.runFor(2000);
    const after = c.inspect(victim)!;
    expect(after.revision).toBe(c.inspect(c.leader()!)!.revision);
    expect(after.revision).toBe(31);
    const leases = c.requestSync({ op: 'leaseLeases' }, victim);
    expect((leases as { resp: { leases: { ID: bigint }[] } }).resp.leases.map((l) => l.ID)).toEqual([leaseId]);
  });
});
