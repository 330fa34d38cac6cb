// The cluster's members as etcd's membership store keeps them: applied from committed conf-change
// entries on every member, so every member lists the same cluster. Raft knows only ids; names and
// URLs travel in the conf change's context as etcd's JSON-encoded Member.
import type { ConfChange, NodeId } from '../raft/types';
import { ConfChangeType } from '../raft/types';
import type { Member } from './api';
import { fromUtf8, utf8 } from '../lib/bytes';

export interface MemberRecord {
  raftId: NodeId;
  member: Member;
}

export interface InitialMember {
  id: NodeId;
  name: string;
  memberId: string;
  peerURLs: string[];
  clientURLs: string[];
}

/** etcd encodes the member id as a JSON number (uint64); hex → decimal digits via BigInt. */
function hexToDec(hex: string): string {
  return BigInt(`0x${hex}`).toString(10);
}

function decToHex(dec: string): string {
  return BigInt(dec).toString(16).padStart(16, '0');
}

export function encodeMemberContext(m: Member): Uint8Array {
  const urls = JSON.stringify(m.peerURLs);
  const learner = m.isLearner ? ',"isLearner":true' : '';
  return utf8(`{"id":${hexToDec(m.ID)},"peerURLs":${urls},"name":${JSON.stringify(m.name)}${learner}}`);
}

export function decodeMemberContext(b: Uint8Array): Member | null {
  const text = fromUtf8(b);
  const id = /"id":(\d+)/.exec(text)?.[1];
  if (!id) return null;
  const rest = JSON.parse(text.replace(/"id":\d+/, '"id":0')) as { peerURLs?: string[]; name?: string; isLearner?: boolean };
  return { ID: decToHex(id), name: rest.name ?? '', peerURLs: rest.peerURLs ?? [], clientURLs: [], isLearner: rest.isLearner ?? false };
}

export class Membership {
  private readonly byRaftId = new Map<NodeId, MemberRecord>();
  private readonly removed = new Set<NodeId>();
  /** etcd keeps removed member ids (members_removed): such an id can never be added again. */
  private readonly removedMemberIds = new Set<string>();

  constructor(initial: InitialMember[]) {
    for (const m of initial) {
      this.byRaftId.set(m.id, {
        raftId: m.id,
        member: { ID: m.memberId, name: m.name, peerURLs: m.peerURLs, clientURLs: m.clientURLs, isLearner: false },
      });
    }
  }

  /** Applies a committed conf change; returns the member it concerned (for the response). */
  apply(cc: ConfChange): MemberRecord | undefined {
    const ctx = cc.context && cc.context.length ? decodeMemberContext(cc.context) : null;
    const existing = this.byRaftId.get(cc.nodeId);
    switch (cc.type) {
      case ConfChangeType.AddNode:
      case ConfChangeType.AddLearnerNode: {
        const isLearner = cc.type === ConfChangeType.AddLearnerNode;
        if (existing) {
          // Adding a present member: bootstrap replays and learner promotion.
          existing.member = { ...existing.member, isLearner };
          return existing;
        }
        if (!ctx) return undefined;
        const rec = { raftId: cc.nodeId, member: { ...ctx, isLearner } };
        this.byRaftId.set(cc.nodeId, rec);
        return rec;
      }
      case ConfChangeType.RemoveNode:
        if (existing) {
          this.byRaftId.delete(cc.nodeId);
          this.removed.add(cc.nodeId);
          this.removedMemberIds.add(existing.member.ID);
        }
        return existing;
      case ConfChangeType.UpdateNode:
        if (existing && ctx) existing.member = { ...existing.member, peerURLs: ctx.peerURLs };
        return existing;
    }
    return undefined;
  }

  /** Members sorted by id, as etcd lists them. */
  list(): Member[] {
    return [...this.byRaftId.values()].map((r) => r.member).sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0));
  }

  byMemberId(hex: string): MemberRecord | undefined {
    for (const r of this.byRaftId.values()) if (r.member.ID === hex) return r;
    return undefined;
  }

  get(raftId: NodeId): MemberRecord | undefined {
    return this.byRaftId.get(raftId);
  }

  /** Every member with its raft id, in no particular order. */
  records(): MemberRecord[] {
    return [...this.byRaftId.values()];
  }

  isRemovedMemberId(hex: string): boolean {
    return this.removedMemberIds.has(hex);
  }

  isRemoved(raftId: NodeId): boolean {
    return this.removed.has(raftId);
  }

  /** The next raft id: never reuse one (a removed member's id stays retired, as in etcd). */
  nextRaftId(): NodeId {
    let max = 0;
    for (const id of this.byRaftId.keys()) max = Math.max(max, id);
    for (const id of this.removed) max = Math.max(max, id);
    return max + 1;
  }

  /**
   * The membership as a raft snapshot's data. etcd 3.4 puts its whole v2 store there as JSON, of
   * which a v3 cluster uses only the membership (`/0/members`, `/0/removed_members`); etcdscope
   * stores just that part, as JSON, so a member restored from a snapshot knows the cluster without
   * the conf-change entries the compaction dropped.
   */
  toSnapshotData(): Uint8Array {
    const members = [...this.byRaftId.values()]
      .sort((a, b) => a.raftId - b.raftId)
      .map((r) => ({ raftId: r.raftId, id: r.member.ID, name: r.member.name, peerURLs: r.member.peerURLs, clientURLs: r.member.clientURLs, isLearner: r.member.isLearner }));
    const removed = [...this.removed].sort((a, b) => a - b);
    return utf8(JSON.stringify({ members, removed }));
  }

  /** Replaces the membership with a snapshot's (toSnapshotData). Throws on data that is not one. */
  restoreSnapshotData(data: Uint8Array): void {
    const parsed = JSON.parse(fromUtf8(data)) as {
      members?: Array<{ raftId: number; id: string; name: string; peerURLs: string[]; clientURLs?: string[]; isLearner?: boolean }>;
      removed?: number[];
    };
    if (!Array.isArray(parsed.members)) throw new Error('snapshot data holds no membership');
    this.byRaftId.clear();
    this.removed.clear();
    for (const m of parsed.members) {
      this.byRaftId.set(m.raftId, {
        raftId: m.raftId,
        member: { ID: m.id, name: m.name, peerURLs: m.peerURLs, clientURLs: m.clientURLs ?? [], isLearner: m.isLearner ?? false },
      });
    }
    for (const id of parsed.removed ?? []) this.removed.add(id);
  }

  hasPeerURL(url: string): boolean {
    for (const r of this.byRaftId.values()) if (r.member.peerURLs.includes(url)) return true;
    return false;
  }
}
