// The appliers etcd installs while an alarm is raised, and how a cluster gets into and out of NOSPACE.
import { describe, expect, test } from 'vitest';
import { applierAfterRestore, applierForAlarm, applierRejects, corruptError, noSpaceError } from './cappedApplier';
import { emptyRangeRequest, type AlarmResponse, type InternalRaftRequest, type PutRequest, type StatusResponse } from './api';
import { utf8 } from '../lib/bytes';
import { SimCluster } from '../sim/simCluster';
import type { ClientRequest } from './nodeTypes';

const put = (k: string, v: string | Uint8Array): PutRequest => ({ key: utf8(k), value: typeof v === 'string' ? utf8(v) : v, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
const irr = (r: Omit<InternalRaftRequest, 'header'>): InternalRaftRequest => ({ header: { ID: 1n }, ...r });
const del = { key: utf8('a'), rangeEnd: new Uint8Array(0), prevKv: false };

describe('applierRejects', () => {
  test('capped (NOSPACE): puts, putting txns and lease grants are refused; the way out stays open', () => {
    expect(applierRejects('capped', irr({ put: put('a', '1') }))).toBe(noSpaceError);
    expect(applierRejects('capped', irr({ txn: { compare: [], success: [], failure: [{ requestPut: put('a', '1') }] } }))).toBe(noSpaceError);
    expect(applierRejects('capped', irr({ leaseGrant: { TTL: 60, ID: 1n } }))).toBe(noSpaceError);
    expect(applierRejects('capped', irr({ txn: { compare: [], success: [{ requestDeleteRange: del }, { requestRange: emptyRangeRequest(utf8('a')) }], failure: [] } }))).toBeNull();
    expect(applierRejects('capped', irr({ deleteRange: del }))).toBeNull();
    expect(applierRejects('capped', irr({ compaction: { revision: 2, physical: false } }))).toBeNull();
    expect(applierRejects('capped', irr({ leaseRevoke: { ID: 1n } }))).toBeNull();
  });

  test('corrupt refuses every KV and lease request; the plain applier refuses nothing', () => {
    for (const r of [{ put: put('a', '1') }, { deleteRange: del }, { compaction: { revision: 2, physical: false } }, { leaseRevoke: { ID: 1n } }]) {
      expect(applierRejects('corrupt', irr(r))).toBe(corruptError);
      expect(applierRejects('backend', irr(r))).toBeNull();
    }
    expect(applierRejects('corrupt', irr({ alarm: { action: 'DEACTIVATE', memberID: '0000000000000001', alarm: 'CORRUPT' } }))).toBeNull();
  });

  test('which alarm installs which applier, at activation and after a restart', () => {
    expect(applierForAlarm('NOSPACE')).toBe('capped');
    expect(applierForAlarm('CORRUPT')).toBe('corrupt');
    expect(applierForAlarm('NONE')).toBeNull();
    expect(applierAfterRestore([])).toBe('backend');
    expect(applierAfterRestore(['NOSPACE'])).toBe('capped');
    expect(applierAfterRestore(['NOSPACE', 'CORRUPT'])).toBe('corrupt');
  });
});

describe('NOSPACE through a cluster', () => {
  const call = (c: SimCluster, req: ClientRequest, target?: number) => c.requestSync(req, target);
  const alarms = (c: SimCluster, target?: number) => {
    const r = call(c, { op: 'alarm', req: { action: 'GET', memberID: '0000000000000000', alarm: 'NONE' } }, target);
    if (!r.ok) throw new Error(r.error.message);
    return (r.resp as AlarmResponse).alarms;
  };

  test('a put over the quota raises NOSPACE, applied by every member; a restarted member stays capped; compact + defrag + disarm recover', () => {
    const c = new SimCluster({ seed: 5, members: 3, quotaBackendBytes: 1024 * 1024 });
    c.runUntil(() => c.leader() !== undefined, 10_000);
    const big = new Uint8Array(150_000).fill(113);
    let refused = '';
    for (let i = 0; i < 20 && !refused; i++) {
      const r = call(c, { op: 'put', req: put(`big${i}`, big) });
      if (!r.ok) refused = r.error.message;
      c.runFor(150); // let the backend batch commit, so the quota sees the grown file
    }
    expect(refused).toBe('etcdserver: mvcc: database space exceeded');
    const raised = alarms(c);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.alarm).toBe('NOSPACE');
    c.runFor(500);
    // every member applied it: each status lists it; the page shows it on the member that raised it
    for (const id of [1, 2, 3]) {
      const st = call(c, { op: 'status' }, id);
      if (!st.ok) throw new Error(st.error.message);
      const status = st.resp as StatusResponse;
      expect(status.errors).toEqual([`memberID:${BigInt('0x' + raised[0]!.memberID)} alarm:NOSPACE `]);
      expect(c.inspect(id)!.alarms).toEqual(raised[0]!.memberID === status.header.memberId ? ['NOSPACE'] : []);
    }

    // capped: a small put is refused by the applier even though it fits the quota; deletes pass
    expect(call(c, { op: 'put', req: put('small', 'x') })).toEqual({ ok: false, error: { code: 'ResourceExhausted', message: 'etcdserver: mvcc: database space exceeded' } });
    expect(call(c, { op: 'deleteRange', req: { key: utf8('big'), rangeEnd: utf8('bih'), prevKv: false } }).ok).toBe(true);

    // the alarm is in the db file: a restarted member is still capped
    c.runFor(500);
    c.kill(2);
    c.restart(2);
    c.runFor(3000);
    expect(alarms(c, 2)).toEqual(raised);
    // member 2's own quota check refuses this put too, and raises NOSPACE for member 2 as well
    expect(call(c, { op: 'put', req: put('small', 'x') }, 2).ok).toBe(false);
    expect(alarms(c).length).toBe(2);

    // the way out: compact, defrag every member, disarm
    const rev = c.inspect(c.leader()!)!.revision;
    expect(call(c, { op: 'compaction', req: { revision: rev, physical: true } }).ok).toBe(true);
    c.runFor(500);
    for (const id of [1, 2, 3]) expect(call(c, { op: 'defragment' }, id).ok).toBe(true);
    for (const a of alarms(c)) {
      const r = call(c, { op: 'alarm', req: { action: 'DEACTIVATE', memberID: a.memberID, alarm: a.alarm } });
      expect(r.ok && (r.resp as AlarmResponse).alarms).toEqual([a]);
    }
    expect(alarms(c)).toEqual([]);
    expect(call(c, { op: 'put', req: put('small', 'recovered') }).ok).toBe(true);
    c.runFor(500);
    for (const id of [1, 2, 3]) expect(alarms(c, id)).toEqual([]);
  });
});
