import { describe, expect, test } from 'vitest';
import { IdGenerator } from './idGenerator';

describe("IdGenerator (etcd's pkg/idutil)", () => {
  test('member id low 16 bits on top, start time in ms, a counter below; leases drop the sign bit', () => {
    // Real etcd 3.4.23, member 1a20d890be0dc40b: the first lease on a fresh member was
    // 440ba20c60736206 and a grant spends two ids (lease id, then the request id).
    const unixMs = 0xa20c607362;
    const g = new IdGenerator('1a20d890be0dc40b', unixMs);
    for (let i = 0; i < 5; i++) g.next();
    expect(g.nextLeaseId().toString(16)).toBe('440ba20c60736206');
    expect(g.next().toString(16)).toBe('c40ba20c60736207'); // request ids keep the top bit
    expect(g.nextLeaseId().toString(16)).toBe('440ba20c60736208');
  });

  test('only the low 40 bits of the time are used, and the counter carries into them', () => {
    const g = new IdGenerator('000000000000abcd', 2 ** 40 + 5);
    expect(g.next()).toBe((0xabcdn << 48n) | (5n << 8n) | 1n);
    const h = new IdGenerator('000000000000abcd', 7);
    for (let i = 0; i < 255; i++) h.next();
    expect(h.next()).toBe((0xabcdn << 48n) | (8n << 8n)); // 7·256 + 256
  });

  test('a restarted member (later start time) does not reuse ids', () => {
    const a = new IdGenerator('1a20d890be0dc40b', 1_700_000_000_000);
    const first = Array.from({ length: 100 }, () => a.next());
    const b = new IdGenerator('1a20d890be0dc40b', 1_700_000_000_001);
    const second = Array.from({ length: 100 }, () => b.next());
    expect(new Set([...first, ...second]).size).toBe(200);
    expect(second[0]! > first[0]!).toBe(true);
  });
});
