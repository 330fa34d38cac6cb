// What etcd 3.4's backend quota charges a request (etcdserver/quota.go) and which requests it checks.
import { describe, expect, test } from 'vitest';
import { quotaCost } from './quota';
import { emptyRangeRequest, type InternalRaftRequest, type PutRequest } from './api';
import { utf8 } from '../lib/bytes';
import { wouldExceedQuota, DEFAULT_QUOTA_BYTES } from '../backend/quota';

const put = (k: string, v: string): PutRequest => ({ key: utf8(k), value: utf8(v), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
const irr = (r: Omit<InternalRaftRequest, 'header'>): InternalRaftRequest => ({ header: { ID: 1n }, ...r });

describe('quota cost', () => {
  test('a put costs 256 bytes of overhead plus its key and value', () => {
    expect(quotaCost(irr({ put: put('small', 'x') }))).toBe(256 + 5 + 1);
  });

  test('a txn costs the puts of its larger branch; one that only reads or deletes is let through', () => {
    const txn = { compare: [], success: [{ requestPut: put('a', '12345') }, { requestPut: put('b', '1') }], failure: [{ requestPut: put('c', '1234567890') }] };
    expect(quotaCost(irr({ txn }))).toBe(2 * 256 + 6 + 2);
    const readOnly = { compare: [], success: [{ requestRange: emptyRangeRequest(utf8('a')) }], failure: [] };
    expect(quotaCost(irr({ txn: readOnly }))).toBeNull();
    const del = { compare: [], success: [{ requestDeleteRange: { key: utf8('a'), rangeEnd: new Uint8Array(0), prevKv: false } }], failure: [] };
    expect(quotaCost(irr({ txn: del }))).toBeNull();
  });

  test('a lease grant costs 64; deletes, compaction, revokes and alarms are never checked', () => {
    expect(quotaCost(irr({ leaseGrant: { TTL: 60, ID: 7n } }))).toBe(64);
    expect(quotaCost(irr({ deleteRange: { key: utf8('a'), rangeEnd: new Uint8Array(0), prevKv: false } }))).toBeNull();
    expect(quotaCost(irr({ compaction: { revision: 3, physical: false } }))).toBeNull();
    expect(quotaCost(irr({ leaseRevoke: { ID: 7n } }))).toBeNull();
    expect(quotaCost(irr({ alarm: { action: 'DEACTIVATE', memberID: '0000000000000001', alarm: 'NOSPACE' } }))).toBeNull();
  });

  test('a request fits while size + cost stays strictly below the quota (0 = 2 GiB, negative = none)', () => {
    expect(wouldExceedQuota(2_000_000, 2_097_152, 97_151)).toBe(false);
    expect(wouldExceedQuota(2_000_000, 2_097_152, 97_152)).toBe(true);
    expect(wouldExceedQuota(DEFAULT_QUOTA_BYTES - 300, 0, 262)).toBe(false);
    expect(wouldExceedQuota(DEFAULT_QUOTA_BYTES, 0, 262)).toBe(true);
    expect(wouldExceedQuota(1e12, -1, 262)).toBe(false);
  });
});
