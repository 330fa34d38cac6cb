import { describe, expect, test } from 'vitest';
import { Backend } from './backend';
import { decodeLease, deleteLease, encodeLease, leaseIdFromKey, leaseIdKey, putLease, readLeases } from './leaseBucket';
import { hex } from './workload.testkit';

const REAL_ID = 0x12c8a20c7f6bc90an;

describe('lease bucket (leasepb.Lease under the 8-byte big-endian ID)', () => {
  test('encoding as etcd writes it', () => {
    // from a real etcd 3.4 db: ID=…, TTL=600 → "08 <varint id> 10 d804"
    const real = Uint8Array.from([0x08, 0x8a, 0x92, 0xaf, 0xfb, 0xc7, 0xc1, 0xa8, 0xe4, 0x12, 0x10, 0xd8, 0x04]);
    expect(decodeLease(real).ttlSec).toBe(600);
    expect(decodeLease(real).id).toBe(REAL_ID);
    expect(hex(encodeLease(decodeLease(real)))).toBe(hex(real));
    expect(hex(encodeLease({ id: 0x1234n, ttlSec: 600, remainingTtlSec: 0 }))).toBe('08b42410d804');
    expect(hex(leaseIdKey(0x1234n))).toBe('0000000000001234');
    expect(leaseIdFromKey(leaseIdKey(REAL_ID))).toBe(REAL_ID);
    expect(leaseIdFromKey(leaseIdKey(-5n))).toBe(-5n);
  });

  test('put, delete and read back after a reopen', () => {
    const be = Backend.create();
    putLease(be.batchTx(), { id: 7n, ttlSec: 60, remainingTtlSec: 0 });
    putLease(be.batchTx(), { id: 3n, ttlSec: 10, remainingTtlSec: 4 });
    putLease(be.batchTx(), { id: 9n, ttlSec: 5, remainingTtlSec: 0 });
    expect(deleteLease(be.batchTx(), 9n)).toBe(true);
    expect(deleteLease(be.batchTx(), 9n)).toBe(false);
    be.endWrite();
    be.forceCommit();
    expect(readLeases(Backend.open(be.fileBytes()).batchTx())).toEqual([
      { id: 3n, ttlSec: 10, remainingTtlSec: 4 },
      { id: 7n, ttlSec: 60, remainingTtlSec: 0 },
    ]);
  });
});
