// Closed-loop load generator for real etcd, the twin of src/platform/browser/loadGen.ts:
// same workloads, same keys (`bench/NNNNNNNN`, round-robin from a shared counter), same 256 B values,
// same warm-up and measured window, a request counts when it completes inside the window.
// Uses the npm `etcd3` gRPC client (raw KV calls, no builders); `clients` workers share
// min(clients, 4) channels, every request goes to one endpoint (the caller passes the leader's).
//
//   node bench/etcd-load.mjs http://127.0.0.1:2379 put 16 [durationMs] [warmupMs]
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Etcd3 } from 'etcd3';

const MAX_REQUESTS = 5_000_000;

export const benchKey = (i) => `bench/${String(i).padStart(8, '0')}`;

function makeValue(n, stamp) {
  const v = Buffer.alloc(n);
  for (let i = 0; i < n; i++) v[i] = 97 + (i % 26);
  let s = stamp;
  for (let i = 0; i < Math.min(8, n); i++) {
    v[i] = 48 + (s % 10);
    s = Math.floor(s / 10);
  }
  return v;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Opens `n` clients (one gRPC channel each) to `endpoint`. */
export function openClients(endpoint, n) {
  return Array.from({ length: n }, () => new Etcd3({ hosts: endpoint, dialTimeout: 5000 }));
}

/**
 * Runs one workload. spec: { op: 'put'|'getLinearizable'|'getSerializable'|'txnCas', clients, warmupMs,
 * durationMs, valueBytes, keySpace }. Returns { ops, opsPerSec, p50Ms, p99Ms, errors } like runLoad.
 */
export async function runEtcdLoad(endpoint, spec) {
  const channels = openClients(endpoint, Math.max(1, Math.min(spec.clients, 4)));
  try {
    // Connect every channel before the clock starts.
    await Promise.all(channels.map((c) => c.maintenance.status()));
    return await runWith(channels, spec);
  } finally {
    for (const c of channels) c.close();
  }
}

async function runWith(channels, spec) {
  const keys = new Map();
  const key = (i) => {
    let k = keys.get(i);
    if (!k) {
      k = Buffer.from(benchKey(i));
      if (keys.size < 200_000) keys.set(i, k);
    }
    return k;
  };
  const value = makeValue(spec.valueBytes, 0);
  let nextKey = 0;
  let sent = 0;
  let stamp = 1;
  const t0 = performance.now();
  const measureFrom = t0 + spec.warmupMs;
  const measureTo = measureFrom + spec.durationMs;
  const lat = [];
  let errors = 0;
  let casSucceeded = 0;

  const client = async (c) => {
    const kv = channels[c % channels.length].kv;
    const casKey = key(c % spec.keySpace);
    let casKnown = null; // the value last seen, or null when the key is believed absent
    for (;;) {
      const start = performance.now();
      if (start >= measureTo || sent >= MAX_REQUESTS) return;
      sent++;
      let ok = true;
      try {
        if (spec.op === 'put') {
          await kv.put({ key: key(nextKey++ % spec.keySpace), value });
        } else if (spec.op === 'getLinearizable' || spec.op === 'getSerializable') {
          await kv.range({ key: key(nextKey++ % spec.keySpace), serializable: spec.op === 'getSerializable' });
        } else if (spec.op === 'txnCas') {
          const next = makeValue(spec.valueBytes, stamp++);
          const r = await kv.txn({
            compare: [
              casKnown === null
                ? { key: casKey, result: 'Equal', target: 'Create', create_revision: 0 }
                : { key: casKey, result: 'Equal', target: 'Value', value: casKnown },
            ],
            success: [{ request_put: { key: casKey, value: next } }],
            failure: [{ request_range: { key: casKey } }],
          });
          if (r.succeeded) {
            casKnown = next;
            const t = performance.now();
            if (t >= measureFrom && t <= measureTo) casSucceeded++;
          }
          else {
            const kvs = r.responses?.[0]?.response_range?.kvs;
            casKnown = kvs && kvs[0] ? Buffer.from(kvs[0].value) : null;
          }
        } else throw new Error(`unknown op ${spec.op}`);
      } catch (e) {
        ok = false;
        if (errors === 0) console.error(`etcd ${spec.op}: ${e?.message ?? e}`);
      }
      const end = performance.now();
      if (end >= measureFrom && end <= measureTo) {
        if (ok) lat.push(end - start);
        else errors++;
      }
      if (!ok) await new Promise((r) => setTimeout(r, 1));
    }
  };
  await Promise.all(Array.from({ length: spec.clients }, (_, c) => client(c)));
  const sorted = Float64Array.from(lat).sort();
  return {
    ops: sorted.length,
    opsPerSec: sorted.length / (spec.durationMs / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    errors,
    ...(spec.op === 'txnCas' ? { casSucceeded } : {}),
  };
}

/** The endpoint whose member is the leader (maintenance.status reports leader and member ids). */
export async function findLeader(endpoints, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const ep of endpoints) {
      const c = new Etcd3({ hosts: ep, dialTimeout: 2000 });
      try {
        const s = await c.maintenance.status();
        if (s.leader && s.leader !== '0' && s.leader === s.header.member_id) return ep;
      } catch {
        /* member not ready */
      } finally {
        c.close();
      }
    }
    if (Date.now() > deadline) throw new Error(`no etcd leader among ${endpoints.join(', ')} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [endpoint, op = 'put', clients = '1', durationMs = '5000', warmupMs = '1000'] = process.argv.slice(2);
  if (!endpoint) {
    console.error('usage: node bench/etcd-load.mjs ENDPOINT put|getLinearizable|getSerializable|txnCas CLIENTS [durationMs] [warmupMs]');
    process.exit(2);
  }
  const r = await runEtcdLoad(endpoint, { op, clients: Number(clients), durationMs: Number(durationMs), warmupMs: Number(warmupMs), valueBytes: 256, keySpace: 1000 });
  console.log(JSON.stringify(r));
}
