// Pure derivations from a ClusterSnapshot, with structural sharing: an unchanged member keeps the
// same object, so components selecting it with useShallow do not re-render.
import type { ClusterSnapshot } from '../../protocol/controller';
import type { LogEntryView, MemberInspect, ProgressStateName } from '../../protocol/view';
import type { NodeId, RoleName } from '../../raft/types';

export interface MemberCard {
  id: NodeId;
  name: string;
  alive: boolean;
  isolated: boolean;
  role: RoleName;
  term: number;
  vote: NodeId;
  lead: NodeId;
  commitIndex: number;
  appliedIndex: number;
  firstIndex: number;
  lastIndex: number;
  revision: number;
  keys: number;
  /** Backend file size (etcd's dbSize) and the part of it in use (dbSizeInUse). */
  dbSizeBytes: number;
  dbSizeInUseBytes: number;
  /** Alarms this member raised (NOSPACE, CORRUPT), joined by spaces; '' when none. */
  alarms: string;
}

export interface LogRow {
  id: NodeId;
  name: string;
  alive: boolean;
  commitIndex: number;
  appliedIndex: number;
  lastIndex: number;
  /** Entries at or below this index were compacted into the member's last raft snapshot (0: none). */
  compactedTo: number;
  entries: LogEntryView[];
}

const CARD_FIELDS: (keyof MemberCard)[] = [
  'id',
  'name',
  'alive',
  'isolated',
  'role',
  'term',
  'vote',
  'lead',
  'commitIndex',
  'appliedIndex',
  'firstIndex',
  'lastIndex',
  'revision',
  'keys',
  'dbSizeBytes',
  'dbSizeInUseBytes',
  'alarms',
];

export function toCard(m: MemberInspect, isolated: boolean): MemberCard {
  return {
    id: m.id,
    name: m.name,
    alive: m.alive,
    isolated,
    role: m.role,
    term: m.term,
    vote: m.vote,
    lead: m.lead,
    commitIndex: m.commitIndex,
    appliedIndex: m.appliedIndex,
    firstIndex: m.firstIndex,
    lastIndex: m.lastIndex,
    revision: m.revision,
    keys: m.keys,
    dbSizeBytes: m.dbSizeBytes ?? 0,
    dbSizeInUseBytes: m.dbSizeInUseBytes ?? 0,
    alarms: (m.alarms ?? []).join(' '),
  };
}

function sameCard(a: MemberCard, b: MemberCard): boolean {
  for (const f of CARD_FIELDS) if (a[f] !== b[f]) return false;
  return true;
}

export function deriveCards(prev: readonly MemberCard[], snap: ClusterSnapshot): MemberCard[] {
  const isolated = new Set(snap.isolated);
  const byId = new Map(prev.map((c) => [c.id, c]));
  const next = snap.members.map((m) => {
    const fresh = toCard(m, isolated.has(m.id));
    const old = byId.get(m.id);
    return old && sameCard(old, fresh) ? old : fresh;
  });
  return sameArray(prev, next) ? (prev as MemberCard[]) : next;
}

function sameEntries(a: readonly LogEntryView[], b: readonly LogEntryView[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.index !== y.index || x.term !== y.term || x.kind !== y.kind || x.summary !== y.summary) return false;
  }
  return true;
}

export function deriveLogRows(prev: readonly LogRow[], snap: ClusterSnapshot): LogRow[] {
  const byId = new Map(prev.map((r) => [r.id, r]));
  const next = snap.members.map((m): LogRow => {
    const old = byId.get(m.id);
    if (
      old &&
      old.name === m.name &&
      old.alive === m.alive &&
      old.commitIndex === m.commitIndex &&
      old.appliedIndex === m.appliedIndex &&
      old.lastIndex === m.lastIndex &&
      old.compactedTo === compactedTo(m) &&
      sameEntries(old.entries, m.log)
    ) {
      return old;
    }
    const entries = old && sameEntries(old.entries, m.log) ? old.entries : m.log.slice();
    return {
      id: m.id,
      name: m.name,
      alive: m.alive,
      commitIndex: m.commitIndex,
      appliedIndex: m.appliedIndex,
      lastIndex: m.lastIndex,
      compactedTo: compactedTo(m),
      entries,
    };
  });
  return sameArray(prev, next) ? (prev as LogRow[]) : next;
}

/** The end of the compacted prefix: the snapshot index (firstIndex − 1 once the log was compacted behind it). */
function compactedTo(m: { firstIndex: number; snapshotIndex?: number }): number {
  return m.snapshotIndex ? Math.max(0, m.firstIndex - 1) : 0;
}

export function sameArray<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The current leader as most members see it: the live leader with the highest term. */
export function currentLeader(cards: readonly MemberCard[]): MemberCard | undefined {
  let best: MemberCard | undefined;
  for (const c of cards) {
    if (!c.alive || c.role !== 'leader') continue;
    if (!best || c.term > best.term) best = c;
  }
  return best;
}

export function namesById(cards: readonly { id: NodeId; name: string }[]): Map<NodeId, string> {
  return new Map(cards.map((c) => [c.id, c.name]));
}

/** The current leader's view of its followers (match/next), as the raft log view draws it. */
export interface LeaderProgress {
  leader: NodeId;
  term: number;
  peers: PeerProgress[];
}

export interface PeerProgress {
  id: NodeId;
  match: number;
  next: number;
  state: ProgressStateName;
  isLearner: boolean;
}

export function deriveLeaderProgress(prev: LeaderProgress | null, snap: ClusterSnapshot): LeaderProgress | null {
  let leader: MemberInspect | undefined;
  for (const m of snap.members) {
    if (m.alive && m.role === 'leader' && (!leader || m.term > leader.term)) leader = m;
  }
  if (!leader) return null;
  const peers = leader.progress
    .filter((p) => p.id !== leader.id)
    .map((p) => ({ id: p.id, match: p.match, next: p.next, state: p.state, isLearner: !!p.isLearner }));
  if (
    prev &&
    prev.leader === leader.id &&
    prev.term === leader.term &&
    prev.peers.length === peers.length &&
    prev.peers.every((p, i) => p.id === peers[i].id && p.match === peers[i].match && p.next === peers[i].next && p.state === peers[i].state && p.isLearner === peers[i].isLearner)
  ) {
    return prev;
  }
  return { leader: leader.id, term: leader.term, peers };
}

/** Live members of the candidate's term that voted for it (the candidate's own vote included). */
export function votesFor(candidate: MemberCard, cards: readonly MemberCard[]): number {
  return cards.filter((c) => c.alive && c.term === candidate.term && c.vote === candidate.id).length;
}
