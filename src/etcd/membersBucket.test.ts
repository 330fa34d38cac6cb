// The membership as etcd 3.4 also writes it into the db file: members, members_removed, cluster.
import { describe, expect, test } from 'vitest';
import { memberJson, CLUSTER_VERSION } from './membersBucket';
import { SimCluster } from '../sim/simCluster';
import { Backend } from '../backend';
import { fromUtf8 } from '../lib/bytes';

function bucket(file: Uint8Array, name: string): Record<string, string> {
  const { backend } = Backend.fromSnapshot(file);
  const out: Record<string, string> = {};
  backend.batchTx().unsafeForEach(name, (k, v) => (out[fromUtf8(k)] = fromUtf8(v)));
  return out;
}

describe('members in the backend', () => {
  test('json.Marshal(Member): id as a number, empty name / clientURLs / isLearner left out', () => {
    expect(memberJson({ ID: '1a20d890be0dc40b', name: 'm1', peerURLs: ['http://127.0.0.1:23891'], clientURLs: ['http://127.0.0.1:23791'], isLearner: false })).toBe(
      '{"id":1882742760416330763,"peerURLs":["http://127.0.0.1:23891"],"name":"m1","clientURLs":["http://127.0.0.1:23791"]}',
    );
    expect(memberJson({ ID: '00000000000000ff', name: '', peerURLs: ['http://x:1'], clientURLs: [], isLearner: true })).toBe('{"id":255,"peerURLs":["http://x:1"],"isLearner":true}');
  });

  test('a cluster\'s db holds every member, the cluster version, and removed ids', () => {
    const c = new SimCluster({ seed: 9, members: 3 });
    c.runUntil(() => c.leader() !== undefined, 10_000);
    c.runFor(6000);
    const leader = c.leader()!;
    const snap = () => {
      const r = c.requestSync({ op: 'snapshot' }, leader);
      if (!r.ok) throw new Error(r.error.message);
      return (r.resp as { blob: Uint8Array }).blob;
    };
    const members = bucket(snap(), 'members');
    expect(Object.keys(members)).toHaveLength(3);
    for (const v of Object.values(members)) expect(JSON.parse(v)).toHaveProperty('peerURLs');
    expect(bucket(snap(), 'cluster')).toEqual({ clusterVersion: CLUSTER_VERSION });

    const follower = c.alive().find((id) => id !== leader)!;
    const st = c.requestSync({ op: 'status' }, follower);
    const id = (st as { resp: { header: { memberId: string } } }).resp.header.memberId;
    expect(c.requestSync({ op: 'memberRemove', id }, leader).ok).toBe(true);
    c.runFor(500);
    const key = BigInt(`0x${id}`).toString(16);
    expect(Object.keys(bucket(snap(), 'members'))).not.toContain(key);
    expect(bucket(snap(), 'members_removed')).toEqual({ [key]: 'removed' });
  });
});
