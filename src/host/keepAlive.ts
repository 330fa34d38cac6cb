// clientv3's lease keep-alive loop (clientv3/lease.go, 3.4) over a request path: what `etcdctl lease
// keep-alive` and the concurrency Session (lock/elect) run while they hold a lease.
//
//  - The send loop wakes every 500 ms and renews every lease whose next renewal time has passed; a
//    new keep-alive is due at once.
//  - Each answer with TTL > 0 sets the next renewal to TTL/3 from now and the deadline to TTL from
//    now; an answer with TTL 0 (the server's reply for a lease it does not have) ends the stream.
//  - The deadline loop ends a keep-alive that heard nothing before its deadline (5 s before the first
//    answer), as when the member stays unreachable.
// Failed sends (no leader, timeouts) are retried at the next wake, as clientv3 reopens its stream.
import type { ClientRequest, ClientResult } from '../etcd/nodeTypes';
import type { CallOptions, LeaseKeepAliveResponse, WatchHandle } from '../etcdctl/client';

/** Runs `fn` after `delayMs` of the host's (virtual) time. */
export type Timer = (delayMs: number, fn: () => void) => void;

export const KEEPALIVE_LOOP_MS = 500;
/**
 * A Go timer wakes a little late, and the loop waits 500 ms after its sends: wake-ups drift by about
 * a millisecond per round, more than a local round trip. So the wake-up TTL/3 after a renewal
 * already finds the next renewal due, as real etcdctl shows (three renewals in `timeout 5` for TTL 6).
 */
const LOOP_LATENESS_MS = 1;
/** clientv3's defaultTTL: the deadline before the first answer. */
const DEFAULT_TTL_MS = 5000;

export function runKeepAlive(
  send: (req: ClientRequest, opts?: CallOptions) => Promise<ClientResult>,
  timer: Timer,
  nowMs: () => number,
  id: bigint,
  onResponse: (r: LeaseKeepAliveResponse | null) => void,
  opts?: CallOptions,
): WatchHandle {
  let active = true;
  let inFlight = false;
  let nextKeepAliveMs = nowMs();
  let deadlineMs = nowMs() + DEFAULT_TTL_MS;
  const end = () => {
    if (!active) return;
    active = false;
    onResponse(null);
  };
  const wake = () => {
    if (!active) return;
    const now = nowMs();
    if (now >= deadlineMs) return end();
    if (!inFlight && now >= nextKeepAliveMs) {
      inFlight = true;
      send({ op: 'leaseKeepAlive', id }, opts).then((r) => {
        inFlight = false;
        if (!active) return;
        if (!r.ok) {
          // The server's stream answers TTL 0 for an unknown lease; other errors are retried.
          if (r.error.message === 'etcdserver: requested lease not found') end();
          return;
        }
        const resp = r.resp as LeaseKeepAliveResponse;
        if (resp.TTL <= 0) return end();
        nextKeepAliveMs = nowMs() + (resp.TTL * 1000) / 3;
        deadlineMs = nowMs() + resp.TTL * 1000;
        onResponse(resp);
      });
    }
    timer(KEEPALIVE_LOOP_MS + LOOP_LATENESS_MS, wake);
  };
  wake();
  return {
    cancel: () => {
      active = false;
    },
  };
}
