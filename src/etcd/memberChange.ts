// etcd's Cluster service checks, turning a member request into the raft conf change to propose
// (context = etcd's JSON-encoded member) or into etcd's error for it: first the strict reconfig
// check (reconfigCheck.ts), then what etcd's ValidateConfigurationChange refuses.
import type { ConfChange, NodeId } from '../raft/types';
import { ConfChangeType } from '../raft/types';
import type { Member } from './api';
import { etcdErrors, type EtcdErrorInfo } from './errors';
import { encodeMemberContext, type Membership } from './membership';
import type { ClientRequest } from './nodeTypes';
import { mayAddMember, mayPromoteMember, mayRemoveMember, type ActiveSince, type ReconfigMember } from './reconfigCheck';
import { sha1 } from '../lib/sha1';
import { toHex, utf8 } from '../lib/bytes';

export type MemberChangeRequest = ClientRequest & { op: 'memberAdd' | 'memberRemove' | 'memberUpdate' | 'memberPromote' };

/** etcd allows one learner at a time (membership.maxLearners). */
const MAX_LEARNERS = 1;

export interface MemberChangeContext {
  membership: Membership;
  /** This member's raft id. */
  self: NodeId;
  /** The member's clock (virtual ms): `member add` ids depend on the second it happens in. */
  nowMs: number;
  /** rafthttp's ActiveSince for each peer, as this member sees it. */
  activeSince: ActiveSince;
  /** etcd's isLearnerReady, as the leader sees it. */
  learnerReady: (raftId: NodeId) => boolean;
}

/**
 * etcd's membership.NewMember for `member add`: the first 8 bytes (big-endian) of SHA-1 over the
 * sorted peer URLs, the cluster name (empty here, as the Cluster service passes it) and the Unix
 * second — so adding the same URLs twice within a second yields the same id.
 */
export function newMemberId(peerURLs: readonly string[], unixSeconds: number): string {
  const text = [...peerURLs].sort().join('') + String(unixSeconds);
  return toHex(sha1(utf8(text)).subarray(0, 8));
}

function reconfigMembers(membership: Membership): ReconfigMember[] {
  return membership.records().map((r) => ({ raftId: r.raftId, isLearner: r.member.isLearner, started: r.member.name !== '' }));
}

export function memberChange(creq: MemberChangeRequest, ctx: MemberChangeContext): { cc: ConfChange } | { error: EtcdErrorInfo } {
  const { membership } = ctx;
  const members = reconfigMembers(membership);
  if (creq.op === 'memberAdd') {
    const refused = mayAddMember(creq.req.isLearner, members, ctx.self, ctx.activeSince, ctx.nowMs);
    if (refused) return { error: refused };
    const ID = newMemberId(creq.req.peerURLs, Math.floor(ctx.nowMs / 1000));
    if (membership.byMemberId(ID)) return { error: etcdErrors.memberIdExists };
    if (membership.isRemovedMemberId(ID)) return { error: etcdErrors.memberNotFound };
    if (creq.req.peerURLs.some((u) => membership.hasPeerURL(u))) return { error: etcdErrors.peerURLExists };
    if (creq.req.isLearner && members.filter((m) => m.isLearner).length + 1 > MAX_LEARNERS) return { error: etcdErrors.tooManyLearners };
    const raftId = membership.nextRaftId();
    const member: Member = { ID, name: creq.req.name ?? '', peerURLs: creq.req.peerURLs, clientURLs: [], isLearner: creq.req.isLearner };
    const type = creq.req.isLearner ? ConfChangeType.AddLearnerNode : ConfChangeType.AddNode;
    return { cc: { type, nodeId: raftId, context: encodeMemberContext(member) } };
  }
  const rec = membership.byMemberId(creq.id);
  if (!rec) return { error: etcdErrors.memberNotFound };
  if (creq.op === 'memberRemove') {
    const refused = mayRemoveMember(rec.raftId, members, ctx.self, ctx.activeSince, ctx.nowMs);
    if (refused) return { error: refused };
    return { cc: { type: ConfChangeType.RemoveNode, nodeId: rec.raftId } };
  }
  if (creq.op === 'memberUpdate') {
    return { cc: { type: ConfChangeType.UpdateNode, nodeId: rec.raftId, context: encodeMemberContext({ ...rec.member, peerURLs: creq.peerURLs }) } };
  }
  if (!rec.member.isLearner) return { error: etcdErrors.notLearner };
  if (!ctx.learnerReady(rec.raftId)) return { error: etcdErrors.learnerNotReady };
  const refused = mayPromoteMember(members);
  if (refused) return { error: refused };
  return { cc: { type: ConfChangeType.AddNode, nodeId: rec.raftId, context: encodeMemberContext({ ...rec.member, isLearner: false }) } };
}
