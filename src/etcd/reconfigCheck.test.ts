// etcd 3.4's strict reconfig check: membership changes that could cost the cluster its quorum are
// refused before they are proposed.
import { describe, expect, test } from 'vitest';
import { HEALTH_INTERVAL_MS, PeerActivity, mayAddMember, mayPromoteMember, mayRemoveMember, notEnoughStartedError, unhealthyError, type ReconfigMember } from './reconfigCheck';
import { newMemberId } from './memberChange';

const voter = (raftId: number, started = true): ReconfigMember => ({ raftId, isLearner: false, started });
const learner = (raftId: number): ReconfigMember => ({ raftId, isLearner: true, started: false });
const NOW = 60_000;
const longAgo = () => NOW - HEALTH_INTERVAL_MS - 1;

describe('mayAddMember', () => {
  const three = [voter(1), voter(2), voter(3)];

  test('refused while any voter\'s link is younger than 5 s or down; learners are checked too', () => {
    expect(mayAddMember(false, three, 1, () => longAgo(), NOW)).toBeNull();
    expect(mayAddMember(false, three, 1, (p) => (p === 3 ? NOW - 1000 : longAgo()), NOW)).toBe(unhealthyError);
    expect(mayAddMember(true, three, 1, (p) => (p === 2 ? null : longAgo()), NOW)).toBe(unhealthyError);
  });

  test('a voter is refused when too few members have started; a learner is not counted', () => {
    // one added member never started: 2 started of (3 + the new one) voters is below a quorum of 3
    const withUnstarted = [voter(1), voter(2), voter(3, false)];
    expect(mayAddMember(false, withUnstarted, 1, () => longAgo(), NOW)).toBe(notEnoughStartedError);
    expect(mayAddMember(true, withUnstarted, 1, () => longAgo(), NOW)).toBeNull();
    expect(mayAddMember(false, [voter(1), learner(2)], 1, () => longAgo(), NOW)).toBeNull();
    // restoring: a 1-member cluster may add its second member
    expect(mayAddMember(false, [voter(1)], 1, () => null, NOW)).toBeNull();
  });
});

describe('mayRemoveMember / mayPromoteMember', () => {
  test('a member that is down, or a learner, may always go', () => {
    const m = [voter(1), voter(2), voter(3), learner(4)];
    expect(mayRemoveMember(3, m, 1, (p) => (p === 3 ? null : NOW - 10), NOW)).toBeNull();
    expect(mayRemoveMember(4, m, 1, () => null, NOW)).toBeNull();
  });

  test('removing an up voter needs enough long-connected voters left', () => {
    const m = [voter(1), voter(2), voter(3)];
    expect(mayRemoveMember(3, m, 1, () => longAgo(), NOW)).toBeNull();
    expect(mayRemoveMember(3, m, 1, (p) => (p === 2 ? NOW - 10 : longAgo()), NOW)).toBe(unhealthyError);
    expect(mayRemoveMember(3, [voter(1), voter(2, false), voter(3)], 1, () => longAgo(), NOW)).toBe(notEnoughStartedError);
  });

  test('promotion counts the learner as a started voter', () => {
    expect(mayPromoteMember([voter(1), voter(2), voter(3), learner(4)])).toBeNull();
    expect(mayPromoteMember([voter(1), voter(2, false), voter(3, false), learner(4)])).toBe(notEnoughStartedError);
  });
});

describe('PeerActivity', () => {
  test('a link is up since its first message, until a sample finds no evidence', () => {
    const a = new PeerActivity(1000);
    a.heard(2, 100);
    a.heard(2, 900);
    a.sample([2, 3], 1000, () => false);
    expect(a.activeSince(2)).toBe(100);
    expect(a.activeSince(3)).toBeNull();
    a.sample([2, 3], 2500, (p) => p === 3); // 2 silent for 1.6 s: down; 3 counted up by the owner
    expect(a.activeSince(2)).toBeNull();
    expect(a.activeSince(3)).toBe(2500);
    a.heard(2, 2600);
    expect(a.activeSince(2)).toBe(2600);
  });
});

describe('newMemberId', () => {
  test('SHA-1 of the sorted peer URLs and the Unix second: same URLs in the same second, same id', () => {
    const a = newMemberId(['http://127.0.0.1:23895'], 1700000000);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(newMemberId(['http://127.0.0.1:23895'], 1700000000)).toBe(a);
    expect(newMemberId(['http://127.0.0.1:23895'], 1700000001)).not.toBe(a);
    expect(newMemberId(['http://b:1', 'http://a:1'], 5)).toBe(newMemberId(['http://a:1', 'http://b:1'], 5));
  });
});
