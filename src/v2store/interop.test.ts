// The v2 store against a real etcd 3.4.23 started with --enable-v2: the same operations through
// its /v2/keys HTTP API and through V2Store give the same JSON (store indexes shifted by the real
// server's starting index, which its own internal writes moved; expiration times dropped), and the
// 1,000-event history loses an old index the same way (errorCode 401).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveEtcd, skipNote, startEtcd, stopEtcd, type Etcd } from '../sim/testing/realEtcd';
import { V2Store, type V2Event } from './store';
import { V2Error } from './errors';

let etcd: Etcd | undefined;
let dir = '';

beforeAll(async () => {
  if (!haveEtcd) return;
  dir = mkdtempSync(join(tmpdir(), 'etcdscope-v2-'));
  etcd = await startEtcd(join(dir, 'data'), 'v2', dir, undefined, ['--enable-v2']);
}, 60_000);

afterAll(async () => {
  if (etcd) await stopEtcd(etcd.proc);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Op = { method: 'GET' | 'PUT' | 'DELETE'; key: string; query?: Record<string, string>; value?: string };

async function realCall(op: Op): Promise<{ body: Record<string, unknown>; index: number }> {
  const q = new URLSearchParams(op.query ?? {}).toString();
  const init: RequestInit = { method: op.method };
  if (op.method === 'PUT') {
    init.body = new URLSearchParams(op.value !== undefined ? { value: op.value } : {}).toString();
    init.headers = { 'content-type': 'application/x-www-form-urlencoded' };
  }
  const r = await fetch(`${etcd!.client}/v2/keys${op.key}${q ? `?${q}` : ''}`, init);
  return { body: (await r.json()) as Record<string, unknown>, index: Number(r.headers.get('x-etcd-index')) };
}

function ourCall(s: V2Store, op: Op): Record<string, unknown> {
  const q = op.query ?? {};
  const bool = (k: string) => (q[k] === undefined ? undefined : q[k] === 'true');
  try {
    let e: V2Event;
    if (op.method === 'GET') e = s.get(op.key, 0, { recursive: bool('recursive'), sorted: bool('sorted') });
    else if (op.method === 'PUT')
      e = s.set(op.key, op.value ?? '', 0, {
        dir: bool('dir'),
        prevExist: bool('prevExist'),
        prevValue: q.prevValue,
        prevIndex: q.prevIndex !== undefined ? Number(q.prevIndex) : undefined,
        ttlSec: q.ttl !== undefined ? Number(q.ttl) : undefined,
      });
    else e = s.delete(op.key, 0, { dir: bool('dir'), recursive: bool('recursive'), prevValue: q.prevValue });
    return JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof V2Error) return err.toJSON();
    throw err;
  }
}

/** Indexes relative to the first op's; times gone. */
function normalize(v: unknown, base: number): unknown {
  if (Array.isArray(v)) return v.map((x) => normalize(x, base));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'expiration') continue;
      out[k] = ['modifiedIndex', 'createdIndex', 'index'].includes(k) ? (x as number) - base : normalize(x, base);
    }
    return out;
  }
  return v;
}

const OPS: Op[] = [
  { method: 'PUT', key: '/foo', value: 'bar' },
  { method: 'PUT', key: '/foo', value: 'baz' },
  { method: 'GET', key: '/foo' },
  { method: 'GET', key: '/nope' },
  { method: 'PUT', key: '/dir', query: { dir: 'true' } },
  { method: 'PUT', key: '/dir/a', value: '1', query: { ttl: '30' } },
  { method: 'PUT', key: '/dir/b/c', value: '2' },
  { method: 'GET', key: '/dir', query: { recursive: 'true', sorted: 'true' } },
  { method: 'GET', key: '/dir', query: { sorted: 'true' } },
  { method: 'PUT', key: '/foo', value: 'x', query: { prevExist: 'false' } },
  { method: 'PUT', key: '/missing', value: 'x', query: { prevExist: 'true' } },
  { method: 'PUT', key: '/foo', value: 'x', query: { prevValue: 'zzz' } },
  { method: 'PUT', key: '/foo', value: 'qux', query: { prevValue: 'baz' } },
  { method: 'PUT', key: '/foo/under', value: 'x' },
  { method: 'DELETE', key: '/foo', query: { prevValue: 'nope' } },
  { method: 'DELETE', key: '/foo' },
  { method: 'DELETE', key: '/dir' },
  { method: 'DELETE', key: '/dir', query: { dir: 'true' } },
  { method: 'DELETE', key: '/dir', query: { recursive: 'true' } },
  { method: 'PUT', key: '/', value: 'x' },
  { method: 'GET', key: '/', query: { recursive: 'true' } },
];

describe('the v2 store matches etcd 3.4 with --enable-v2', () => {
  test.skipIf(!haveEtcd)(`keys API: set, get, dirs, TTLs, create/update/CAS, deletes and their errors${skipNote(haveEtcd)}`, async () => {
    const ours = new V2Store();
    const first = await realCall({ method: 'GET', key: '/', query: {} });
    const base = first.index; // our store starts at 0
    for (const op of OPS) {
      const real = await realCall(op);
      const mine = ourCall(ours, op);
      expect(normalize(mine, 0), `${op.method} ${op.key} ${JSON.stringify(op.query ?? {})}`).toEqual(normalize(real.body, base));
    }
  }, 60_000);

  test.skipIf(!haveEtcd)(`the event history keeps 1,000 events: an older waitIndex is cleared (401)${skipNote(haveEtcd)}`, async () => {
    const ours = new V2Store();
    const base = (await realCall({ method: 'GET', key: '/' })).index;
    const N = 1010;
    for (let i = 0; i < N; i++) {
      await realCall({ method: 'PUT', key: '/h', value: String(i) });
      ours.set('/h', String(i), 0);
    }
    // the first writes are gone from the history
    const oldReal = await realCall({ method: 'GET', key: '/h', query: { wait: 'true', waitIndex: String(base + 5) } });
    let oldOurs: unknown;
    try {
      ours.watch('/h', { sinceIndex: 5 }, () => {});
    } catch (e) {
      oldOurs = (e as V2Error).toJSON();
    }
    expect(oldReal.body.errorCode).toBe(401);
    expect((oldOurs as { errorCode: number }).errorCode).toBe(401);
    const cause = (j: unknown) => ((j as { cause: string }).cause.match(/\[(\d+)\/(\d+)\]/) ?? []).slice(1).map(Number);
    const [rs, ri] = cause(oldReal.body);
    const [os, oi] = cause(oldOurs);
    expect([os, oi]).toEqual([rs! - base, ri! - base]);
    expect((oldOurs as { message: string }).message).toBe(oldReal.body.message);
    expect((oldOurs as { index: number }).index).toBe((oldReal.body.index as number) - base);
    // a recent one is answered from the history at once
    const recentReal = await realCall({ method: 'GET', key: '/h', query: { wait: 'true', waitIndex: String(base + N - 3) } });
    let recentOurs: unknown;
    ours.watch('/h', { sinceIndex: N - 3 }, (e) => (recentOurs = JSON.parse(JSON.stringify(e))));
    expect(normalize(recentOurs, 0)).toEqual(normalize(recentReal.body, base));
  }, 120_000);
});
