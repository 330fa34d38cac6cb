// Swarm testing: every seed draws its own fault mix. Each fault is switched off entirely for some
// seeds, because a bug that needs (say) duplication without drops hides when every run has both.
import type { Prng } from '../lib/prng';

export type DelayKind = 'fixed' | 'uniform' | 'exponential' | 'bimodal';

export interface FaultParams {
  clusterSize: 1 | 3 | 5;
  preVote: boolean;
  checkQuorum: boolean;
  heartbeatTick: number;
  electionTick: number;
  /** Virtual ms between ticks before jitter (etcd's default heartbeat interval is 100 ms). */
  tickMs: number;
  /** Each tick interval is tickMs * (1 ± tickJitter): members' clocks drift apart. */
  tickJitter: number;
  /** Each member's clock runs at a fixed rate in [1 - clockSkew, 1 + clockSkew]: some members'
   *  election timers fire systematically earlier, which stresses leases and CheckQuorum. */
  clockSkew: number;
  /** 0 makes every MsgApp carry a single entry, which stresses flow control. */
  maxSizePerMsg: number;
  maxInflightMsgs: number;

  dropRate: number;
  dupRate: number;
  reorderRate: number;
  reorderExtraMs: number;
  delayKind: DelayKind;
  delayBaseMs: number;
  delayJitterMs: number;

  /** Mean virtual ms between partition starts; 0 disables partitions. */
  partitionEveryMs: number;
  partitionMaxMs: number;
  oneWayRate: number;

  /** Mean virtual ms between crashes; 0 disables crashes. */
  crashEveryMs: number;
  crashDownMaxMs: number;

  diskBaseMs: number;
  diskSpikeRate: number;
  diskSpikeMs: number;
  /** Chance that a crash during a write leaves a prefix of it on disk instead of nothing. */
  tornWriteRate: number;

  proposeEveryMs: number;
  /** Mean virtual ms between ReadIndex requests; 0 disables reads. */
  readEveryMs: number;
  /** Mean virtual ms between leadership-transfer requests; 0 disables them. */
  transferEveryMs: number;
  /** Compact each member's log every this many applied entries; 0 disables snapshots. */
  compactEvery: number;
  compactKeep: number;

  safetyMs: number;
  /** At the start of the liveness phase crash and restart every member (a cold cluster restart). */
  coldRestart: boolean;
}

export function drawFaultParams(p: Prng): FaultParams {
  const on = (chance: number) => p.chance(chance);
  const uniform = (lo: number, hi: number) => lo + p.next() * (hi - lo);
  const size = p.pick([1, 3, 3, 3, 5, 5, 5] as const);
  const maxSizePerMsg = p.pick([0, 64, 1024, 1024 * 1024]);
  // One entry per message: with one message in flight that is ~1 entry per round trip, slower than
  // the clients propose, so a backlog would outlast any liveness bound without any raft bug; with
  // 256 in flight and lossy links, every lost MsgApp gets the rest of its window rejected, and
  // the resend storms (etcd's behaviour too, but TCP spares it) made single seeds take 20 s.
  const maxInflightMsgs = maxSizePerMsg === 0 ? 16 : p.pick([1, 4, 256]);
  return {
    clusterSize: size,
    preVote: on(0.5),
    checkQuorum: on(0.5),
    heartbeatTick: p.pick([1, 1, 2, 3]),
    electionTick: 10,
    tickMs: 100,
    tickJitter: on(0.8) ? uniform(0, 0.3) : 0,
    clockSkew: on(0.3) ? uniform(0, 0.5) : 0,
    maxSizePerMsg,
    maxInflightMsgs,

    dropRate: on(0.8) ? uniform(0, 0.3) : 0,
    dupRate: on(0.5) ? uniform(0, 0.1) : 0,
    reorderRate: on(0.5) ? uniform(0, 0.2) : 0,
    reorderExtraMs: uniform(10, 500),
    delayKind: p.pick(['fixed', 'uniform', 'exponential', 'bimodal'] as const),
    delayBaseMs: uniform(0.5, 20),
    delayJitterMs: uniform(0, 40),

    partitionEveryMs: size > 1 && on(0.7) ? uniform(500, 5000) : 0,
    partitionMaxMs: uniform(200, 6000),
    oneWayRate: uniform(0, 0.6),

    crashEveryMs: on(0.6) ? uniform(1000, 8000) : 0,
    crashDownMaxMs: uniform(0, 3000),

    diskBaseMs: uniform(0.05, 5),
    diskSpikeRate: on(0.6) ? uniform(0, 0.05) : 0,
    diskSpikeMs: uniform(50, 1500),
    tornWriteRate: on(0.5) ? uniform(0.2, 1) : 0,

    proposeEveryMs: uniform(20, 400),
    readEveryMs: on(0.6) ? uniform(20, 500) : 0,
    transferEveryMs: size > 1 && on(0.3) ? uniform(1000, 8000) : 0,
    compactEvery: on(0.6) ? p.intn(3, 40) : 0,
    compactKeep: p.intn(0, 6),

    safetyMs: uniform(10_000, 20_000),
    coldRestart: on(0.3),
  };
}

/** The delay of one message under the seed's distribution (before any reordering penalty). */
export function drawDelayMs(fp: FaultParams, p: Prng): number {
  switch (fp.delayKind) {
    case 'fixed':
      return fp.delayBaseMs;
    case 'uniform':
      return fp.delayBaseMs + p.next() * fp.delayJitterMs;
    case 'exponential':
      // Capped so one message cannot stall for the whole run.
      return fp.delayBaseMs + Math.min(-Math.log(1 - p.next()) * fp.delayJitterMs, 10 * fp.delayJitterMs);
    case 'bimodal':
      return p.chance(0.1) ? fp.delayBaseMs + 5 * fp.delayJitterMs : fp.delayBaseMs;
  }
}

/** An exponentially distributed wait with the given mean: Poisson arrivals of faults and clients. */
export function drawExpMs(meanMs: number, p: Prng): number {
  return -Math.log(1 - p.next()) * meanMs;
}

/**
 * Directed link cuts. Partitions overlap and each heals on its own, so every blocked link is a
 * count rather than a flag. heal() starts a new epoch so heals scheduled before it are ignored.
 */
export class Partitions {
  private readonly blockedCount: Int32Array;
  private readonly n: number;
  epoch = 0;

  constructor(clusterSize: number) {
    this.n = clusterSize + 1;
    this.blockedCount = new Int32Array(this.n * this.n);
  }

  blocked(from: number, to: number): boolean {
    return this.blockedCount[from * this.n + to]! > 0;
  }

  cut(links: ReadonlyArray<readonly [number, number]>): void {
    for (const [f, t] of links) this.blockedCount[f * this.n + t]!++;
  }

  restore(links: ReadonlyArray<readonly [number, number]>, epoch: number): void {
    if (epoch !== this.epoch) return;
    for (const [f, t] of links) this.blockedCount[f * this.n + t]!--;
  }

  healAll(): void {
    this.blockedCount.fill(0);
    this.epoch++;
  }
}

/**
 * Draws the links of one partition: a symmetric split into two sides, or (with oneWayRate) a
 * one-way cut where one side can send to the other but not hear back, which is what trips up
 * leaders that cannot tell "the follower is gone" from "its answers are lost".
 */
export function drawPartition(ids: readonly number[], oneWayRate: number, p: Prng): { links: Array<[number, number]>; oneWay: boolean } {
  const side = new Set<number>();
  // One member alone half the time: an isolated leader or follower is the classic case.
  if (p.chance(0.5)) side.add(p.pick(ids));
  else for (const id of ids) if (p.chance(0.5)) side.add(id);
  if (side.size === 0) side.add(p.pick(ids));
  if (side.size === ids.length) side.delete(p.pick(ids));
  const oneWay = p.chance(oneWayRate);
  const links: Array<[number, number]> = [];
  for (const a of side) {
    for (const b of ids) {
      if (side.has(b)) continue;
      // One-way: `side` can no longer receive from the others (but still sends).
      links.push([b, a]);
      if (!oneWay) links.push([a, b]);
    }
  }
  return { links, oneWay };
}
