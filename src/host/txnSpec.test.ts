import { describe, expect, test } from 'vitest';
import { SimCluster } from '../sim/simCluster';
import { buildTxn, etcdctlTxnInput, txnOutcome, TxnSpecError } from './txnSpec';
import type { TxnSpec } from '../protocol/txn';
import type { TxnResponse } from '../etcd/api';
import { utf8 } from '../lib/bytes';

const cas = (expectMod: number, value: string): TxnSpec => ({
  compare: [{ key: 'k', target: 'mod', cmp: '=', operand: String(expectMod) }],
  success: [{ op: 'put', key: 'k', value }],
  failure: [{ op: 'get', key: 'k' }],
});

describe('txn builder', () => {
  test('bad operands are refused with a clear message', () => {
    expect(() => buildTxn({ compare: [{ key: 'k', target: 'version', cmp: '=', operand: 'x1' }], success: [], failure: [] })).toThrow(TxnSpecError);
    expect(() => buildTxn({ compare: [{ key: '', target: 'value', cmp: '=', operand: '' }], success: [], failure: [] })).toThrow(/needs a key/);
  });

  test('two conflicting CAS txns on one revision: exactly one wins and makes the next revision', () => {
    const c = new SimCluster({ seed: 81 });
    c.runUntil(() => c.leader() !== undefined, 10_000);
    const r0 = c.requestSync({ op: 'put', req: { key: utf8('k'), value: utf8('v0'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });
    const rev0 = (r0 as { resp: { header: { revision: number } } }).resp.header.revision;
    const [a, b] = [cas(rev0, 'A'), cas(rev0, 'B')];
    const leader = c.leader()!;
    const follower = c.alive().find((id) => id !== leader)!;
    const results: Array<ReturnType<typeof txnOutcome>> = [];
    c.request({ op: 'txn', req: buildTxn(a) }, (r) => r.ok && results.push(txnOutcome(a, r.resp as TxnResponse, leader)), leader);
    c.request({ op: 'txn', req: buildTxn(b) }, (r) => r.ok && results.push(txnOutcome(b, r.resp as TxnResponse, follower)), follower);
    c.runFor(500);
    expect(results).toHaveLength(2);
    const won = results.filter((r) => r.ok && r.succeeded);
    const lost = results.filter((r) => r.ok && !r.succeeded);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(won[0]).toMatchObject({ revision: rev0 + 1, wrote: true });
    expect(lost[0]).toMatchObject({ revision: rev0 + 1, wrote: false });
    expect((lost[0] as { results: Array<{ text: string }> }).results[0]!.text).toMatch(new RegExp(`^get k → [AB] \\(mod ${rev0 + 1}, ver 2\\)$`));
  });

  test('the etcdctl txn input for the same transaction', () => {
    expect(etcdctlTxnInput(cas(5, 'A'))).toBe('mod("k") = "5"\n\nput "k" "A"\n\nget "k"\n');
    expect(etcdctlTxnInput({ compare: [{ key: 'k', target: 'lease', cmp: '=', operand: '0' }], success: [], failure: [] })).toBeNull();
  });
});
