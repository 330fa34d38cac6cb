// The VOPR-style simulator of the raft core. One seed fixes everything: the fault mix (swarm
// testing), every delay, every drop, every crash and every election timeout. A run has two phases:
//   safety   — faults on, clients proposing; the checkers watch continuously;
//   liveness — everything healed and restarted, faults off; within LIVENESS_MS the cluster must
//              elect a leader and get a fresh proposal applied by a quorum (and by every member
//              within CONVERGE_MS).
// Each seed is meant to be run twice (runSeedTwice) and its trace hashes compared.
import { Prng } from '../lib/prng';
import { EventQueue } from '../sim/eventQueue';
import { StateType } from '../raft';
import type { Entry } from '../raft';
import { Checkers, type Violation } from './checkers';
import { type Counters, zeroCounters } from './counters';
import { Disk } from './disk';
import { type FaultParams, Partitions, drawExpMs, drawFaultParams, drawPartition } from './faults';
import { TraceHash } from './hash';
import { Member, type MemberEnv, type Mutation } from './member';
import { Network } from './network';

export const LIVENESS_MS = 30_000;
export const CONVERGE_MS = 60_000;
/** How often the log-matching checker inspects every live member's log (virtual ms). */
const CHECK_EVERY_MS = 250;
/** A run that schedules this many events is stuck in a loop: itself a failure. */
const MAX_EVENTS = 3_000_000;
/** Liveness marks are proposals whose payload starts with this byte. */
const MARK = 0x4c; // 'L'

export interface SeedResult {
  seed: number;
  hash: string;
  counters: Counters;
  violations: Violation[];
  params: FaultParams;
  /** Virtual ms the run lasted. */
  virtualMs: number;
  events: number;
  /** Virtual ms from the start of the liveness phase to recovery (-1 if it never recovered). */
  recoveryMs: number;
}

export interface RunOptions {
  /** Overrides the drawn parameters (tests pin a configuration this way). */
  tweak?: (p: FaultParams) => void;
  /** Break the host on purpose (tests prove the checkers then fire). */
  mutation?: Mutation;
  /** Receives a narrated timeline (phases, faults, role changes), prefixed with virtual time. */
  log?: (line: string) => void;
}

export function runSeed(seed: number, opts: RunOptions = {}): SeedResult {
  return new Simulation(seed, opts).run();
}

/** Runs the seed twice; differing trace hashes are a determinism violation. */
export function runSeedTwice(seed: number, opts: RunOptions = {}): SeedResult {
  const a = runSeed(seed, opts);
  const b = runSeed(seed, { ...opts, log: undefined });
  if (a.hash !== b.hash) {
    a.violations.push({ kind: 'determinism', detail: `trace hash ${a.hash} then ${b.hash}`, atMs: a.virtualMs });
  }
  return a;
}

export function replayCommand(seed: number, mutation?: Mutation): string {
  return `npm run vopr -- --seed ${seed}${mutation ? ` --mutation ${mutation}` : ''}`;
}

class Simulation {
  private readonly params: FaultParams;
  private readonly queue = new EventQueue();
  private readonly counters = zeroCounters();
  private readonly trace = new TraceHash();
  private readonly violations: Violation[] = [];
  private readonly checkers: Checkers;
  private readonly partitions: Partitions;
  private readonly network: Network;
  private readonly members: Member[] = [];
  private readonly ids: number[];
  private readonly faultPrng: Prng;
  private readonly clientPrng: Prng;
  private readonly raftRoot: Prng;
  private phase: 'safety' | 'liveness' | 'done' = 'safety';
  private livenessStartMs = 0;
  private recoveryMs = -1;
  /** The lowest index at which a liveness mark was applied; 0 until then. */
  private markIndex = 0;
  private markTerm = -1;
  private markAtMs = 0;
  private proposalSeq = 0;
  private readSeq = 0;
  private readonly log: ((line: string) => void) | undefined;

  constructor(
    private readonly seed: number,
    opts: RunOptions,
  ) {
    const root = new Prng(seed);
    const sink = opts.log;
    this.log = sink ? (line) => sink(`${(this.queue.nowMs / 1000).toFixed(3).padStart(7)}s ${line}`) : undefined;
    this.params = drawFaultParams(root.fork('params'));
    opts.tweak?.(this.params);
    const p = this.params;
    this.faultPrng = root.fork('faults');
    this.clientPrng = root.fork('clients');
    this.raftRoot = root.fork('raft');
    const netPrng = root.fork('net');
    this.ids = Array.from({ length: p.clusterSize }, (_, i) => i + 1);
    this.checkers = new Checkers((kind, detail) => this.fail(kind, detail));
    this.partitions = new Partitions(p.clusterSize);
    this.network = new Network(p, netPrng, this.partitions, this.queue, this.counters, this.trace, this.members);
    const env: MemberEnv = {
      params: p,
      queue: this.queue,
      counters: this.counters,
      trace: this.trace,
      checkers: this.checkers,
      voters: this.ids,
      send: (m, from) => this.network.send(m, from),
      raftPrng: (id, inc) => this.raftRoot.fork(`raft-${id}-${inc}`),
      onApplied: (m, e) => this.onApplied(m, e),
      mutation: opts.mutation,
      log: this.log,
    };
    for (const id of this.ids) {
      const disk = new Disk(p.diskBaseMs * (0.5 + root.next()), p.diskSpikeRate, p.diskSpikeMs, root.fork(`disk-${id}`), this.counters);
      const clockRate = 1 + p.clockSkew * (2 * root.next() - 1);
      this.members[id] = new Member(id, env, disk, root.fork(`tick-${id}`), clockRate);
    }
  }

  private fail(kind: string, detail: string): void {
    this.violations.push({ kind, detail, atMs: this.queue.nowMs });
  }

  run(): SeedResult {
    const p = this.params;
    let events = 0;
    try {
      for (const id of this.ids) this.members[id]!.start();
      if (p.partitionEveryMs > 0) this.every(p.partitionEveryMs, () => this.startPartition());
      if (p.crashEveryMs > 0) this.every(p.crashEveryMs, () => this.crashOne());
      this.every(p.proposeEveryMs, () => this.clientPropose());
      if (p.readEveryMs > 0) this.every(p.readEveryMs, () => this.clientRead());
      if (p.transferEveryMs > 0) this.every(p.transferEveryMs, () => this.clientTransfer());
      this.checkLogsPeriodically();
      this.queue.at(p.safetyMs, () => this.startLiveness());
      while (this.phase !== 'done' && this.violations.length === 0) {
        if (!this.queue.step()) {
          this.fail('stall', 'the event queue ran dry');
          break;
        }
        if (++events > MAX_EVENTS) {
          this.fail('runaway', `more than ${MAX_EVENTS} events`);
          break;
        }
      }
      if (this.violations.length === 0) this.checkLogs();
    } catch (e) {
      // An assertion inside the raft core (or a storage contract error) is a finding, not a crash.
      const err = e as Error;
      this.fail('panic', `${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}`);
    }
    return {
      seed: this.seed,
      hash: this.trace.digest(),
      counters: this.counters,
      violations: this.violations,
      params: p,
      virtualMs: this.queue.nowMs,
      events,
      recoveryMs: this.recoveryMs,
    };
  }

  /** A Poisson process that lives during the safety phase only. */
  private every(meanMs: number, fn: () => void): void {
    const next = () => {
      if (this.phase !== 'safety') return;
      fn();
      this.queue.after(drawExpMs(meanMs, this.faultPrng), next);
    };
    this.queue.after(drawExpMs(meanMs, this.faultPrng), next);
  }

  private startPartition(): void {
    const { links, oneWay } = drawPartition(this.ids, this.params.oneWayRate, this.faultPrng);
    this.partitions.cut(links);
    this.log?.(`partition${oneWay ? ' (one-way)' : ''}: cut ${links.map(([f, t]) => `${f}->${t}`).join(' ')}`);
    this.counters.partitionsStarted++;
    if (oneWay) this.counters.oneWayPartitions++;
    this.trace.mix(0x9a);
    this.trace.mix(links.length);
    const epoch = this.partitions.epoch;
    this.queue.after(100 + this.faultPrng.next() * this.params.partitionMaxMs, () => {
      if (epoch !== this.partitions.epoch) return;
      this.partitions.restore(links, epoch);
      this.log?.(`partition healed: ${links.map(([f, t]) => `${f}->${t}`).join(' ')}`);
    });
  }

  private crashOne(): void {
    const up = this.ids.filter((id) => this.members[id]!.alive);
    if (up.length === 0) return;
    const m = this.members[this.faultPrng.pick(up)]!;
    // Half the crashes strike in the middle of the member's next disk write: writes are short, so
    // crashes at random instants would almost never lose or tear one.
    if (this.faultPrng.chance(0.5)) {
      const inc = m.incarnation;
      m.armCrashInNextWrite(() => {
        if (m.incarnation === inc && this.phase === 'safety') this.crashMember(m);
      });
    } else this.crashMember(m);
  }

  private crashMember(m: Member): void {
    m.crash();
    this.counters.crashes++;
    this.log?.(`member ${m.id}: CRASH`);
    const inc = m.incarnation;
    this.queue.after(this.faultPrng.next() * this.params.crashDownMaxMs, () => {
      // The liveness phase may have restarted it already.
      if (m.alive || m.incarnation !== inc) return;
      this.restart(m);
    });
  }

  private restart(m: Member): void {
    this.counters.restarts++;
    this.log?.(`member ${m.id}: RESTART`);
    this.trace.mix(0x5e);
    this.trace.mix(m.id);
    m.start();
  }

  private clientPropose(): void {
    const m = this.members[this.clientPrng.pick(this.ids)]!;
    if (!m.alive) return;
    this.counters.proposals++;
    // Unique payloads, so the checkers can tell any two proposals apart.
    const n = this.proposalSeq++;
    const data = Uint8Array.of(0x63, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff);
    if (!m.propose(data)) this.counters.proposalsDropped++;
  }

  private clientRead(): void {
    const m = this.members[this.clientPrng.pick(this.ids)]!;
    if (!m.alive) return;
    const id = this.readSeq++;
    this.counters.readsIssued++;
    this.checkers.reads.issued(id, this.checkers.stateMachine.maxIndex);
    m.readIndex(id);
  }

  private clientTransfer(): void {
    const m = this.members[this.clientPrng.pick(this.ids)]!;
    if (!m.alive) return;
    this.counters.leaderTransfers++;
    const to = this.clientPrng.pick(this.ids);
    this.log?.(`transfer leadership to ${to} requested at member ${m.id}`);
    m.transferLeader(to);
  }

  private checkLogsPeriodically(): void {
    this.queue.after(CHECK_EVERY_MS, () => {
      if (this.phase === 'done') return;
      this.checkLogs();
      this.checkLogsPeriodically();
    });
  }

  private checkLogs(): void {
    for (const id of this.ids) {
      const m = this.members[id]!;
      if (m.alive) this.checkers.logMatching.check(id, m.logView());
    }
  }

  private startLiveness(): void {
    this.phase = 'liveness';
    this.log?.(`LIVENESS phase: partitions healed, faults off, all members ${this.params.coldRestart ? 'restarted' : 'up'}`);
    this.livenessStartMs = this.queue.nowMs;
    this.partitions.healAll();
    this.network.faultsOn = false;
    for (const id of this.ids) {
      const m = this.members[id]!;
      m.disk.spikesOn = false;
      // Without PreVote, Raft cannot elect under heavy skew: a member with a stale log and a fast
      // clock times out first every time and its higher term resets everyone else's timer, for
      // ever (seed 4 showed it). PreVote is meant to cure exactly that, so with PreVote the skew stays.
      if (!this.params.preVote) m.clockRate = 1;
      if (m.alive && this.params.coldRestart) {
        m.crash();
        this.counters.crashes++;
      }
      if (!m.alive) this.restart(m);
    }
    this.trace.mix(0x11);
    this.pollLiveness();
  }

  /**
   * Proposes a mark at the current leader until it is applied. Liveness: a quorum applies a mark
   * within LIVENESS_MS of healing. Convergence: every member applies it within CONVERGE_MS (a
   * follower stuck, say, in snapshot state would otherwise go unnoticed).
   */
  private pollLiveness(): void {
    const now = this.queue.nowMs;
    const elapsed = now - this.livenessStartMs;
    if (this.markIndex > 0) {
      const caughtUp = this.ids.filter((id) => this.members[id]!.applied >= this.markIndex).length;
      if (this.recoveryMs < 0 && caughtUp > this.ids.length / 2) {
        this.recoveryMs = elapsed;
        this.log?.(`recovered: mark at index ${this.markIndex} applied by a quorum`);
      }
      if (caughtUp === this.ids.length) {
        this.log?.(`converged: mark applied by every member`);
        this.phase = 'done';
        return;
      }
    }
    const late = this.recoveryMs < 0 ? elapsed > LIVENESS_MS : elapsed > CONVERGE_MS;
    if (late) {
      const states = this.ids.map((id) => {
        const m = this.members[id]!;
        return `${id}:${['F', 'C', 'L', 'P'][m.state]}@t${m.term}/applied ${m.applied}`;
      });
      if (this.recoveryMs < 0) {
        const what = this.markIndex > 0 ? `mark committed at ${this.markIndex} but not applied by a quorum` : 'no proposal committed';
        this.fail('liveness', `${what} within ${LIVENESS_MS / 1000}s of healing [${states.join(' ')}]`);
      } else {
        this.fail('convergence', `mark at ${this.markIndex} not applied by every member within ${CONVERGE_MS / 1000}s of healing [${states.join(' ')}]`);
      }
      this.phase = 'done';
      return;
    }
    let leader: Member | undefined;
    for (const id of this.ids) {
      const m = this.members[id]!;
      if (m.state === StateType.Leader && (!leader || m.term > leader.term)) leader = m;
    }
    // A new leader gets its own mark; an old one is retried in case it was lost with a deposed leader.
    if (leader && this.markIndex === 0 && (leader.term !== this.markTerm || now - this.markAtMs > 5000)) {
      this.markTerm = leader.term;
      this.markAtMs = now;
      leader.propose(Uint8Array.of(MARK, this.proposalSeq++ & 0xff));
      this.log?.(`liveness mark proposed at leader ${leader.id} (term ${leader.term})`);
    }
    this.queue.after(50, () => this.pollLiveness());
  }

  private onApplied(_m: Member, e: Entry): void {
    if (this.phase === 'liveness' && this.markIndex === 0 && e.data.length === 2 && e.data[0] === MARK) this.markIndex = e.index;
  }
}
