// The oracle's cluster layout on a SimCluster: member I serves client URL http://127.0.0.1:(23790+I)
// (peer 23890+I) and is named mI; with more than one member, m1 is the leader when the script starts
// (cluster.sh pins it). Client calls carry etcdctl's per-command deadline in virtual time; an
// endpoint that is no member, or a member that is down, answers nothing until that deadline passes.

import { SimCluster, type SimOptions } from '../sim/simCluster';
import { oracleClusterSpec } from './oracleIds';
import type { ServerSettings } from './serverFlags';
import { CLIENT_BASE_PORT, clientURL, peerURL } from './layout';
import type { ClientRequest, ClientResult } from '../etcd/etcdNode';
import { etcdErrors } from '../etcd/errors';
import { emptyRangeRequest, type RangeResponse } from '../etcd/api';
import type { CallOptions } from '../etcdctl';
import { utf8 } from '../lib/bytes';
import type { NodeId } from '../raft/types';
import type { PreambleMember } from './transcript';

/** etcdctl's --command-timeout default. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5000;
/** Longest a startup or restart waits for a healthy member (cluster.sh: ETCD_ORACLE_WAIT=30). */
const HEALTHY_WAIT_MS = 30_000;
/** Seeds tried for a cluster whose first leader is m1 (a pure search: the same every run). */
const MAX_SEEDS = 200;

export interface OracleClusterOptions {
  members: number;
  /** First seed to try (tests pass others to check the search). */
  seed?: number;
  /** Server settings from `#@ flags`. */
  server?: ServerSettings;
}

export class OracleCluster {
  readonly sim: SimCluster;
  readonly seed: number;
  readonly size: number;
  /** Member ids (16 hex digits) by member number, and the cluster id, as the members report them. */
  private readonly memberIds = new Map<NodeId, string>();
  private clusterId = '';

  constructor(opts: OracleClusterOptions) {
    this.size = opts.members;
    const first = opts.seed ?? 1;
    for (let seed = first; seed < first + MAX_SEEDS; seed++) {
      const sim = new SimCluster(simOptions(opts.members, seed, opts.server ?? {}));
      if (!settleWithLeader(sim, 1)) continue;
      this.sim = sim;
      this.seed = seed;
      this.readIds();
      return;
    }
    throw new Error(`no seed in ${first}..${first + MAX_SEEDS - 1} elects m1 first in a ${opts.members}-member cluster`);
  }

  /** host:port of member i, as $EPi. */
  endpoint(i: number): string {
    return `127.0.0.1:${CLIENT_BASE_PORT + i}`;
  }

  endpoints(): string[] {
    return Array.from({ length: this.size }, (_, k) => this.endpoint(k + 1));
  }

  /** The member an etcdctl endpoint reaches (scheme optional), if any. */
  memberAt(endpoint: string): NodeId | undefined {
    const m = /^(?:https?:\/\/)?(?:127\.0\.0\.1|localhost):(\d+)\/?$/.exec(endpoint);
    if (!m) return undefined;
    const i = Number(m[1]) - CLIENT_BASE_PORT;
    return i >= 1 && i <= this.size ? i : undefined;
  }

  /**
   * One client call: `onResult` runs exactly once, with the member's answer or, when the deadline
   * (opts.timeoutMs, default 5 s) passes first, with `context deadline exceeded`.
   */
  send(creq: ClientRequest, opts: CallOptions | undefined, onResult: (r: ClientResult) => void): void {
    let answered = false;
    const finish = (r: ClientResult) => {
      if (answered) return;
      answered = true;
      onResult(r);
    };
    const timeoutMs = opts?.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.sim.queue.after(Math.max(0, timeoutMs), () => finish({ ok: false, error: etcdErrors.deadlineExceeded }));
    const target = this.memberAt(opts?.endpoint ?? this.endpoint(1));
    // Never call sim.request with an undefined target: it would pick one itself.
    if (target === undefined || !this.sim.alive().includes(target)) return;
    this.sim.request(creq, finish, target);
  }

  /** Ids from each member's response header (a serializable read through it). */
  private readIds(): void {
    for (let i = 1; i <= this.size; i++) {
      const req = { ...emptyRangeRequest(utf8('health')), serializable: true };
      const r = this.sim.requestSync({ op: 'range', req }, i);
      if (!r.ok) throw new Error(`member m${i} did not answer a serializable read: ${r.error.message}`);
      const header = (r.resp as RangeResponse).header;
      this.memberIds.set(i, header.memberId);
      this.clusterId = header.clusterId;
    }
  }

  /** Member i's id (16 hex digits), as its response headers carry it. */
  memberId(i: NodeId): string {
    return this.memberIds.get(i)!;
  }

  /** The preamble's member lines, in `member list` order (by id). */
  preambleMembers(): PreambleMember[] {
    const out: PreambleMember[] = [];
    for (const [i, idHex] of this.memberIds) {
      out.push({
        name: `m${i}`,
        idHex,
        clientUrl: clientURL(i),
        peerUrl: peerURL(i),
      });
    }
    return out.sort((a, b) => (BigInt(`0x${a.idHex}`) < BigInt(`0x${b.idHex}`) ? -1 : 1));
  }

  clusterIdHex(): string {
    return this.clusterId;
  }

  /** A linearizable read through member i (what `etcdctl endpoint health` does), without blocking. */
  healthProbe(i: NodeId, timeoutMs: number, onResult: (ok: boolean) => void): void {
    this.send({ op: 'range', req: emptyRangeRequest(utf8('health')) }, { endpoint: this.endpoint(i), timeoutMs }, (r) => onResult(r.ok));
  }
}

/**
 * The cluster's own request deadline is only a backstop (each call carries etcdctl's). The oracle's
 * member names and ids (`initialCluster`, `clusterId`) are offered for a simulator that accepts them;
 * it is built as a variable so a SimOptions without those fields still type-checks and ignores them.
 */
function simOptions(members: number, seed: number, server: ServerSettings): Partial<SimOptions> {
  const spec = oracleClusterSpec(members);
  // etcd ticks once per heartbeat interval; its election timeout is a number of those ticks
  const tickMs = server.heartbeatMs ?? 100;
  const timing = server.heartbeatMs !== undefined || server.electionMs !== undefined ? { tickMs, electionTicks: Math.round((server.electionMs ?? 1000) / tickMs) } : {};
  const byId = new Map(spec.members.map((m) => [m.id, m.memberId]));
  const opts: Partial<SimOptions> = {
    members,
    seed,
    requestTimeoutMs: 3_600_000,
    ...timing,
    // The oracle's member names (m1 …) and etcd's own ids for its peer URLs and token.
    namePrefix: 'm',
    memberIdOf: (id) => byId.get(id) ?? '',
    clusterId: spec.clusterId,
    maxTxnOps: server.maxTxnOps,
    maxRequestBytes: server.maxRequestBytes,
    snapshotCount: server.snapshotCount,
    quotaBackendBytes: server.quotaBackendBytes,
    bcryptCost: server.bcryptCost,
  };
  return opts;
}

/**
 * Runs a fresh cluster until it has a leader that has applied its term's first entry and answers a
 * linearizable read; with `want`, only if that leader is member `want` (for more than one member).
 */
function settleWithLeader(sim: SimCluster, want: NodeId): boolean {
  const ready = () => {
    const l = sim.leader();
    if (l === undefined) return false;
    const s = sim.inspect(l)!;
    return s.appliedIndex >= s.commitIndex && sim.alive().every((id) => sim.inspect(id)!.lead === l);
  };
  if (!sim.runUntil(ready, HEALTHY_WAIT_MS)) return false;
  if (sim.opts.members > 1 && sim.leader() !== want) return false;
  const r = sim.requestSync({ op: 'range', req: emptyRangeRequest(utf8('health')) }, sim.leader());
  return r.ok;
}
