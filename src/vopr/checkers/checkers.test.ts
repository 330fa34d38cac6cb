// The checkers must be able to fail: feed each one a history that breaks its property.
import { describe, expect, it } from 'vitest';
import { Checkers, type LogView, type Violation } from './index';
import { chainNext, entryHash } from '../hash';

function setup(): { c: Checkers; violations: Violation[] } {
  const violations: Violation[] = [];
  const c = new Checkers((kind, detail) => violations.push({ kind, detail, atMs: 0 }));
  return { c, violations };
}

const bytes = (s: string) => new TextEncoder().encode(s);
const ent = (index: number, term: number, data: string) => ({ index, term, type: 0, data: bytes(data) });
const log = (...entries: ReturnType<typeof ent>[]): LogView => ({ firstIndex: 1, prevTerm: 0, entries, durableUpTo: entries.length, life: 0 });

/** Applies `entries` in order on `member` through the state-machine checker, as a member would. */
function applyAll(c: Checkers, member: number, entries: ReturnType<typeof ent>[]): void {
  let applied = 0;
  let chain = 0;
  for (const e of entries) {
    const h = entryHash(e.type, e.data);
    const next = chainNext(chain, e.index, e.term, h);
    c.stateMachine.onApply(member, applied, e.index, e.term, h, next);
    applied = e.index;
    chain = next;
  }
}

describe('checkers catch broken histories', () => {
  it('election safety: two leaders in one term', () => {
    const { c, violations } = setup();
    c.onLeader(1, 2, () => log());
    c.onLeader(1, 2, () => log());
    c.onLeader(2, 3, () => log());
    expect(violations).toEqual([]);
    c.onLeader(3, 2, () => log());
    expect(violations.map((v) => v.kind)).toEqual(['election-safety']);
  });

  it('log matching: same index and term with different payloads', () => {
    const { c, violations } = setup();
    c.logMatching.check(1, log(ent(1, 1, 'a'), ent(2, 2, 'b')));
    c.logMatching.check(2, log(ent(1, 1, 'a'), ent(2, 2, 'b'), ent(3, 2, 'c')));
    expect(violations).toEqual([]);
    c.logMatching.check(3, log(ent(1, 1, 'a'), ent(2, 2, 'X')));
    expect(violations.map((v) => v.kind)).toEqual(['log-matching']);
  });

  it('log matching: same index and term over different prefixes', () => {
    const { c, violations } = setup();
    c.logMatching.check(1, log(ent(1, 1, 'a'), ent(2, 3, 'b')));
    c.logMatching.check(2, log(ent(1, 2, 'z'), ent(2, 3, 'b')));
    expect(violations.map((v) => v.kind)).toEqual(['log-matching']);
  });

  it('log matching: only a crashed life of the same member may have held another, volatile entry', () => {
    const { c, violations } = setup();
    const volatile = (life: number, ...entries: ReturnType<typeof ent>[]): LogView => ({ ...log(...entries), durableUpTo: 0, life });
    c.logMatching.check(1, volatile(0, ent(1, 2, 'lost')));
    c.logMatching.check(1, volatile(1, ent(1, 2, 'again')));
    expect(violations).toEqual([]);
    // The same life changing it, another member disagreeing, or a durable entry changing: all bugs.
    c.logMatching.check(1, volatile(1, ent(1, 2, 'changed')));
    c.logMatching.check(2, log(ent(1, 2, 'other')));
    c.logMatching.check(3, log(ent(1, 3, 'x')));
    c.logMatching.check(3, volatile(1, ent(1, 3, 'y')));
    expect(violations.map((v) => v.kind)).toEqual(['log-matching', 'log-matching', 'log-matching']);
  });

  it('log matching: a gap or a falling term inside one log', () => {
    const { c, violations } = setup();
    c.logMatching.check(1, log(ent(1, 1, 'a'), ent(3, 1, 'b')));
    c.logMatching.check(2, log(ent(1, 2, 'a'), ent(2, 1, 'b')));
    expect(violations.map((v) => v.kind)).toEqual(['log-matching', 'log-matching']);
  });

  it('state machine safety: different entries applied at one index', () => {
    const { c, violations } = setup();
    applyAll(c, 1, [ent(1, 1, 'a'), ent(2, 1, 'b')]);
    applyAll(c, 2, [ent(1, 1, 'a'), ent(2, 1, 'b')]);
    expect(violations).toEqual([]);
    applyAll(c, 3, [ent(1, 1, 'a'), ent(2, 2, 'other')]);
    expect(violations.map((v) => v.kind)).toEqual(['state-machine-safety']);
  });

  it('state machine safety: applying out of order or with a gap', () => {
    const { c, violations } = setup();
    const e = ent(2, 1, 'b');
    c.stateMachine.onApply(1, 0, e.index, e.term, entryHash(e.type, e.data), 0);
    expect(violations.map((v) => v.kind)).toEqual(['apply-order']);
  });

  it('state machine safety: a snapshot whose image differs from the applied history', () => {
    const { c, violations } = setup();
    applyAll(c, 1, [ent(1, 1, 'a'), ent(2, 1, 'b')]);
    c.stateMachine.onRestore(2, 2, 12345);
    c.stateMachine.onRestore(2, 7, 0);
    expect(violations.map((v) => v.kind)).toEqual(['state-machine-safety', 'state-machine-safety']);
  });

  it('leader completeness: a new leader lacking a committed entry', () => {
    const { c, violations } = setup();
    applyAll(c, 1, [ent(1, 1, 'a'), ent(2, 1, 'b'), ent(3, 2, 'c')]);
    c.onLeader(2, 3, () => log(ent(1, 1, 'a'), ent(2, 1, 'b'), ent(3, 2, 'c'), ent(4, 3, '')));
    expect(violations).toEqual([]);
    // Too short.
    c.onLeader(3, 4, () => log(ent(1, 1, 'a'), ent(2, 1, 'b')));
    // Long enough, but holding a different entry at a committed index.
    c.onLeader(1, 5, () => log(ent(1, 1, 'a'), ent(2, 1, 'b'), ent(3, 3, 'c')));
    expect(violations.map((v) => v.kind)).toEqual(['leader-completeness', 'leader-completeness']);
  });

  it('linearizable reads: a read index older than a write that completed before the read', () => {
    const { c, violations } = setup();
    applyAll(c, 1, [ent(1, 1, 'a'), ent(2, 1, 'b')]);
    c.reads.issued(1, c.stateMachine.maxIndex);
    c.reads.answered(2, 1, 2);
    c.reads.answered(3, 1, 5);
    expect(violations).toEqual([]);
    c.reads.answered(1, 1, 1);
    c.reads.answered(1, 99, 3);
    expect(violations.map((v) => v.kind)).toEqual(['linearizable-read', 'linearizable-read']);
  });
});
