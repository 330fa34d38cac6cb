// Closed-loop load generator for the benchmark (scripts/bench.mjs), run in the page's main thread.
// Each client sends one request, waits for its answer, and sends the next one (see `SendRequest`).
// It mirrors bench/etcd-load.mjs, the generator that runs the same workloads against real etcd:
// same keys (`bench/NNNNNNNN`, taken round-robin from a shared counter so that a put run covers
// the whole key space before the get runs read it), same 256 B values, same warm-up and window.
import type { ClientRequest, ClientResult } from '../../etcd/etcdNode';
import { CompareResult, CompareTarget, emptyRangeRequest, type RangeResponse, type TxnResponse } from '../../etcd/api';

export type LoadOp = 'put' | 'getLinearizable' | 'getSerializable' | 'txnCas';

export interface LoadSpec {
  op: LoadOp;
  /**
   * Where the clients run: 'worker' (default) — their own worker with a connection straight to the
   * leader's worker, as etcd's clients are their own processes; 'page' — the page's main thread,
   * through the hub, as the console's requests go (they then share the thread with the UI).
   */
  clientThread?: 'worker' | 'page';
  clients: number;
  warmupMs: number;
  durationMs: number;
  valueBytes: number;
  keySpace: number;
  /**
   * Open loop: send at this steady rate (requests per second, shared by all clients) instead of as
   * fast as answers come back; `clients` then bounds the requests outstanding at once. The UI
   * benchmark (scripts/bench-ui.mjs) uses it for a fixed 500 writes/s.
   */
  ratePerSec?: number;
}

export interface LoadResult {
  /** Requests answered successfully inside the measured window. */
  ops: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests answered with an error (or not answered) inside the measured window. */
  errors: number;
  /** txnCas only: transactions in the window whose compare succeeded (the swap happened). */
  casSucceeded?: number;
}

/** No run may send more than this many requests, whatever the clock says. */
const MAX_REQUESTS = 5_000_000;
const MAX_CLIENTS = 1024;

const encoder = new TextEncoder();

export function benchKey(i: number): string {
  return `bench/${String(i).padStart(8, '0')}`;
}

/** A value of `n` bytes; bytes 0..7 carry `stamp` so that CAS values differ from one another. */
function makeValue(n: number, stamp: number): Uint8Array {
  const v = new Uint8Array(n);
  for (let i = 0; i < n; i++) v[i] = 97 + (i % 26);
  let s = stamp;
  for (let i = 0; i < Math.min(8, n); i++) {
    v[i] = 48 + (s % 10);
    s = Math.floor(s / 10);
  }
  return v;
}

function putRequest(key: Uint8Array, value: Uint8Array) {
  return { key, value, lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false };
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function checkSpec(spec: LoadSpec): void {
  const ops: LoadOp[] = ['put', 'getLinearizable', 'getSerializable', 'txnCas'];
  if (!ops.includes(spec.op)) throw new Error(`runLoad: unknown op ${JSON.stringify(spec.op)}`);
  const positive = (n: number, what: string, max: number) => {
    if (!Number.isFinite(n) || n < 0 || n > max) throw new Error(`runLoad: ${what} must be in 0..${max}, got ${n}`);
  };
  positive(spec.clients, 'clients', MAX_CLIENTS);
  if (spec.clients < 1) throw new Error('runLoad: clients must be at least 1');
  positive(spec.warmupMs, 'warmupMs', 600_000);
  positive(spec.durationMs, 'durationMs', 600_000);
  positive(spec.valueBytes, 'valueBytes', 1 << 20);
  positive(spec.keySpace, 'keySpace', 100_000_000);
  if (spec.keySpace < 1) throw new Error('runLoad: keySpace must be at least 1');
  if (spec.ratePerSec !== undefined) {
    positive(spec.ratePerSec, 'ratePerSec', 1_000_000);
    if (spec.ratePerSec <= 0) throw new Error('runLoad: ratePerSec must be positive');
  }
}

/** Sends one request and resolves with its answer (through the hub, or a client port). */
export type SendRequest = (req: ClientRequest) => Promise<ClientResult>;

export async function runLoad(send: SendRequest, spec: LoadSpec): Promise<LoadResult> {
  checkSpec(spec);
  const keyCache = new Map<number, Uint8Array>();
  const keyBytes = (i: number): Uint8Array => {
    let k = keyCache.get(i);
    if (!k) {
      k = encoder.encode(benchKey(i));
      if (keyCache.size < 200_000) keyCache.set(i, k);
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
  let latencies = new Float64Array(1 << 16);
  let nLat = 0;
  let errors = 0;
  let casSucceeded = 0;
  const inWindow = (end: number): boolean => end >= measureFrom && end <= measureTo;
  const record = (start: number, end: number, ok: boolean): void => {
    // A request counts when it completes inside the window (closed loop: completions = throughput).
    if (end < measureFrom || end > measureTo) return;
    if (!ok) {
      errors++;
      return;
    }
    if (nLat === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[nLat++] = end - start;
  };

  const client = async (c: number): Promise<void> => {
    // txnCas: each client owns one key and swaps its value. `casKnown` is the value it last saw, or
    // null when it believes the key absent (compare create_revision == 0). A failed compare reads the
    // current value through the failure branch, for the next attempt.
    const casKey = keyBytes(c % spec.keySpace);
    let casKnown: Uint8Array | null = null;
    for (;;) {
      if (performance.now() >= measureTo || sent >= MAX_REQUESTS) return;
      const slot = sent++;
      if (spec.ratePerSec !== undefined) {
        // Open loop: request `slot` is due at t0 + slot / rate, whenever earlier answers came back.
        const waitMs = t0 + (slot * 1000) / spec.ratePerSec - performance.now();
        if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
        if (performance.now() >= measureTo) return;
      }
      const start = performance.now();
      let req: ClientRequest;
      let casNext: Uint8Array | null = null;
      if (spec.op === 'put') {
        req = { op: 'put', req: putRequest(keyBytes(nextKey++ % spec.keySpace), value) };
      } else if (spec.op === 'getLinearizable' || spec.op === 'getSerializable') {
        const r = emptyRangeRequest(keyBytes(nextKey++ % spec.keySpace));
        r.serializable = spec.op === 'getSerializable';
        req = { op: 'range', req: r };
      } else {
        casNext = makeValue(spec.valueBytes, stamp++);
        req = {
          op: 'txn',
          req: {
            compare: [
              casKnown === null
                ? { result: CompareResult.EQUAL, target: CompareTarget.CREATE, key: casKey, rangeEnd: new Uint8Array(0), createRevision: 0 }
                : { result: CompareResult.EQUAL, target: CompareTarget.VALUE, key: casKey, rangeEnd: new Uint8Array(0), value: casKnown },
            ],
            success: [{ requestPut: putRequest(casKey, casNext) }],
            failure: [{ requestRange: emptyRangeRequest(casKey) }],
          },
        };
      }
      let res: ClientResult;
      try {
        res = await send(req);
      } catch {
        res = { ok: false, error: { code: 'Unknown', message: 'request threw' } };
      }
      const end = performance.now();
      record(start, end, res.ok);
      if (res.ok && casNext) {
        const t = res.resp as TxnResponse;
        if (t.succeeded && inWindow(end)) casSucceeded++;
        if (t.succeeded) casKnown = casNext;
        else {
          const first = t.responses[0];
          const kv = first && 'responseRange' in first ? (first.responseRange as RangeResponse).kvs[0] : undefined;
          casKnown = kv ? kv.value : null;
        }
      }
      if (!res.ok) {
        // An error answer (no leader yet, deadline) comes back fast; yield so a failing cluster
        // does not turn this loop into a busy spin.
        await new Promise((r) => setTimeout(r, 1));
      }
    }
  };

  const clients: Promise<void>[] = [];
  for (let c = 0; c < spec.clients; c++) clients.push(client(c));
  await Promise.all(clients);

  const sorted = latencies.subarray(0, nLat).sort();
  const seconds = spec.durationMs / 1000;
  return {
    ops: nLat,
    opsPerSec: seconds > 0 ? nLat / seconds : 0,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    errors,
    ...(spec.op === 'txnCas' ? { casSucceeded } : {}),
  };
}
