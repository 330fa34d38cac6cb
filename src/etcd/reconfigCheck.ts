// etcd 3.4's --strict-reconfig-check (on by default): before proposing a membership change the
// member that received it makes sure the change cannot cost the cluster its quorum
// (etcdserver/server.go mayAddMember / mayRemoveMember / mayPromoteMember, membership's
// IsReadyTo*). "Started" = the member has published its name; "connected since" = rafthttp's
// ActiveSince — when the link to the peer last came up — which PeerActivity approximates from the
// messages this member receives.
import type { NodeId } from '../raft/types';
import type { EtcdErrorInfo } from './errors';

/** etcd's HealthInterval: every voting peer must have been connected at least this long. */
export const HEALTH_INTERVAL_MS = 5000;

export const unhealthyError: EtcdErrorInfo = { code: 'Unavailable', message: 'etcdserver: unhealthy cluster' };
export const notEnoughStartedError: EtcdErrorInfo = { code: 'FailedPrecondition', message: 'etcdserver: re-configuration failed due to not enough started members' };

export interface ReconfigMember {
  raftId: NodeId;
  isLearner: boolean;
  /** Published its name (etcd's IsStarted); a member added but never started is not. */
  started: boolean;
}

/**
 * When each peer's link came up, from the evidence this member has: messages from the peer (a link
 * is up while they keep arriving, gaps shorter than `inactiveAfterMs`) and whatever else the owner
 * counts as proof (`sample`'s `upAnyway`). A link that is down at a sample starts over when it
 * comes back.
 */
export class PeerActivity {
  private readonly lastHeard = new Map<NodeId, number>();
  private readonly since = new Map<NodeId, number>();

  constructor(private readonly inactiveAfterMs: number) {}

  heard(peer: NodeId, nowMs: number): void {
    this.lastHeard.set(peer, nowMs);
    if (!this.since.has(peer)) this.since.set(peer, nowMs);
  }

  heardRecently(peer: NodeId, nowMs: number): boolean {
    const last = this.lastHeard.get(peer);
    return last !== undefined && nowMs - last <= this.inactiveAfterMs;
  }

  /** Called every tick with the member's peers: a link without evidence is down from now on. */
  sample(peers: readonly NodeId[], nowMs: number, upAnyway: (peer: NodeId) => boolean): void {
    for (const p of peers) {
      const up = this.heardRecently(p, nowMs) || upAnyway(p);
      if (!up) this.since.delete(p);
      else if (!this.since.has(p)) this.since.set(p, nowMs);
    }
  }

  /** rafthttp's ActiveSince: when the current connection began, or null when there is none. */
  activeSince(peer: NodeId): number | null {
    return this.since.get(peer) ?? null;
  }
}

/** How this member sees the links to its peers at `nowMs` (null = not connected). */
export type ActiveSince = (peer: NodeId) => number | null;

function numConnectedSince(activeSince: ActiveSince, sinceMs: number, self: NodeId, members: readonly ReconfigMember[]): number {
  let n = 0;
  for (const m of members) {
    if (m.raftId === self) n++;
    else {
      const t = activeSince(m.raftId);
      if (t !== null && t <= sinceMs) n++;
    }
  }
  return n;
}

const voting = (members: readonly ReconfigMember[]) => members.filter((m) => !m.isLearner);

/** etcd's mayAddMember: a new voter must not leave the started members short of a quorum, and every voter must have been connected for HEALTH_INTERVAL_MS. */
export function mayAddMember(isLearner: boolean, members: readonly ReconfigMember[], self: NodeId, activeSince: ActiveSince, nowMs: number): EtcdErrorInfo | null {
  const voters = voting(members);
  if (!isLearner) {
    // IsReadyToAddVotingMember: count the new member as an unstarted voter
    const nmembers = voters.length + 1;
    const nstarted = voters.filter((m) => m.started).length;
    const restoring = nstarted === 1 && nmembers === 2; // adding to a 1-member cluster restored from a snapshot
    if (!restoring && nstarted < Math.floor(nmembers / 2) + 1) return notEnoughStartedError;
  }
  if (numConnectedSince(activeSince, nowMs - HEALTH_INTERVAL_MS, self, voters) !== voters.length) return unhealthyError;
  return null;
}

/** etcd's mayRemoveMember: removing a voter must leave a started quorum and, if it is up, enough connected voters. */
export function mayRemoveMember(target: NodeId, members: readonly ReconfigMember[], self: NodeId, activeSince: ActiveSince, nowMs: number): EtcdErrorInfo | null {
  const t = members.find((m) => m.raftId === target);
  if (t?.isLearner) return null; // a learner is not part of any quorum
  const others = voting(members).filter((m) => m.raftId !== target);
  if (others.filter((m) => m.started).length < Math.floor(others.length / 2) + 1) return notEnoughStartedError;
  // a member that is down is not part of the active quorum: safe to remove
  if (target !== self && activeSince(target) === null) return null;
  const voters = voting(members);
  const active = numConnectedSince(activeSince, nowMs - HEALTH_INTERVAL_MS, self, voters);
  if (active - 1 < 1 + Math.floor((voters.length - 1) / 2)) return unhealthyError;
  return null;
}

/** etcd's IsReadyToPromoteMember: the learner counts as a started voter of the future quorum. */
export function mayPromoteMember(members: readonly ReconfigMember[]): EtcdErrorInfo | null {
  const voters = voting(members);
  const nmembers = voters.length + 1;
  const nstarted = voters.filter((m) => m.started).length + 1;
  return nstarted < Math.floor(nmembers / 2) + 1 ? notEnoughStartedError : null;
}
