// etcd's Cluster service checks, turning a member request into the raft conf change to propose
// (context = etcd's JSON-encoded member) or into etcd's error for it.
import type { ConfChange, NodeId } from '../raft/types';
import { ConfChangeType } from '../raft/types';
import type { Member } from './api';
import { etcdErrors, type EtcdErrorInfo } from './errors';
import { encodeMemberContext, type Membership } from './membership';
import { memberIdHex } from './ids';
import type { ClientRequest } from './nodeTypes';

export type MemberChangeRequest = ClientRequest & { op: 'memberAdd' | 'memberRemove' | 'memberUpdate' | 'memberPromote' };

export function memberChange(
  creq: MemberChangeRequest,
  membership: Membership,
  seed: number,
  /** etcd's isLearnerReady, as the leader sees it. */
  learnerReady: (raftId: NodeId) => boolean,
): { cc: ConfChange } | { error: EtcdErrorInfo } {
  if (creq.op === 'memberAdd') {
    if (creq.req.peerURLs.some((u) => membership.hasPeerURL(u))) return { error: etcdErrors.peerURLExists };
    const raftId = membership.nextRaftId();
    const member: Member = {
      ID: memberIdHex(seed, raftId),
      name: creq.req.name ?? '',
      peerURLs: creq.req.peerURLs,
      clientURLs: [],
      isLearner: creq.req.isLearner,
    };
    const type = creq.req.isLearner ? ConfChangeType.AddLearnerNode : ConfChangeType.AddNode;
    return { cc: { type, nodeId: raftId, context: encodeMemberContext(member) } };
  }
  const rec = membership.byMemberId(creq.id);
  if (!rec) return { error: etcdErrors.memberNotFound };
  if (creq.op === 'memberRemove') return { cc: { type: ConfChangeType.RemoveNode, nodeId: rec.raftId } };
  if (creq.op === 'memberUpdate') {
    return { cc: { type: ConfChangeType.UpdateNode, nodeId: rec.raftId, context: encodeMemberContext({ ...rec.member, peerURLs: creq.peerURLs }) } };
  }
  if (!rec.member.isLearner) return { error: etcdErrors.notLearner };
  if (!learnerReady(rec.raftId)) return { error: etcdErrors.learnerNotReady };
  return { cc: { type: ConfChangeType.AddNode, nodeId: rec.raftId, context: encodeMemberContext({ ...rec.member, isLearner: false }) } };
}
