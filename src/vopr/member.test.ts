// The durability model of a member: what survives a crash is exactly what Ready writes made durable.
import { describe, expect, it } from 'vitest';
import { Prng } from '../lib/prng';
import { EventQueue } from '../sim/eventQueue';
import { EntryType, type Message } from '../raft';
import { Checkers, type Violation } from './checkers';
import { zeroCounters } from './counters';
import { Disk } from './disk';
import { drawFaultParams } from './faults';
import { TraceHash } from './hash';
import { Member, type MemberEnv } from './member';

function single(): { m: Member; queue: EventQueue; sent: Message[]; violations: Violation[] } {
  const params = drawFaultParams(new Prng(1));
  Object.assign(params, { clusterSize: 1, preVote: false, tornWriteRate: 0, compactEvery: 0, tickJitter: 0, clockSkew: 0 });
  const queue = new EventQueue();
  const counters = zeroCounters();
  const violations: Violation[] = [];
  const sent: Message[] = [];
  const env: MemberEnv = {
    params,
    queue,
    counters,
    trace: new TraceHash(),
    checkers: new Checkers((kind, detail) => violations.push({ kind, detail, atMs: queue.nowMs })),
    voters: [1],
    send: (msg) => sent.push(msg),
    raftPrng: (id, inc) => new Prng(id * 100 + inc),
    onApplied: () => {},
    mutation: undefined,
    log: undefined,
  };
  // A slow disk (50 ms fsyncs) so there is time to crash before the first write lands.
  const disk = new Disk(50, 0, 0, new Prng(2), counters);
  return { m: new Member(1, env, disk, new Prng(3), 1), queue, sent, violations };
}

describe('member durability', () => {
  it('a crash before the first write lands leaves nothing: the restart bootstraps again', () => {
    const { m, queue, violations } = single();
    m.start();
    // The bootstrap Ready (membership entry, HardState, ConfState) is being written.
    expect(m.storage.lastIndex()).toBe(0);
    m.crash();
    while (queue.peekTime() !== undefined && queue.nowMs < 100) queue.step();
    expect(m.storage.lastIndex()).toBe(0);
    m.start();
    // The raft core put the voters into its Storage at once; the restart must not have seen that,
    // or it would come up with voters but no bootstrap log, and could win term 1 with other entries.
    expect(m.rn!.raft.raftLog.lastIndex()).toBe(1);
    while (queue.nowMs < 5000 && queue.step());
    expect(m.storage.entries(1, 2, Infinity)[0]!.type).toBe(EntryType.ConfChange);
    expect(m.applied).toBeGreaterThanOrEqual(2);
    expect(violations).toEqual([]);
  });

  it('what a completed write persisted survives a crash; the in-flight write does not', () => {
    const { m, queue } = single();
    m.start();
    while (queue.nowMs < 5000 && queue.step());
    const durable = m.storage.lastIndex();
    const term = m.storage.initialState().hardState.term;
    expect(term).toBeGreaterThan(1);
    m.propose(Uint8Array.of(1, 2, 3));
    // The proposal is in raft's unstable log, its write in flight.
    expect(m.rn!.raft.raftLog.lastIndex()).toBe(durable + 1);
    m.crash();
    m.start();
    expect(m.rn!.raft.raftLog.lastIndex()).toBe(durable);
    expect(m.rn!.raft.term).toBe(term);
  });
});
