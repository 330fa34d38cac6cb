// Raft's data types, named and numbered as etcd-io/raft's raftpb so that the WAL and the
// messages can be encoded byte-for-byte as etcd does (see src/pb/raftpb.ts).

/** A raft member id. etcd uses uint64 member ids; the raft core uses small integers (1, 2, 3 ...)
 *  and the etcd layer maps them to etcd member ids (see docs/compatibility.md). 0 means "none". */
export type NodeId = number;
export const NONE: NodeId = 0;

export const EntryType = {
  Normal: 0,
  ConfChange: 1,
  ConfChangeV2: 2,
} as const;
export type EntryType = (typeof EntryType)[keyof typeof EntryType];

export interface Entry {
  term: number;
  index: number;
  type: EntryType;
  /** For Normal entries an encoded etcdserverpb.InternalRaftRequest; empty for the leader's no-op. */
  data: Uint8Array;
}

export interface HardState {
  term: number;
  vote: NodeId;
  commit: number;
}

export const EMPTY_HARD_STATE: HardState = Object.freeze({ term: 0, vote: 0, commit: 0 });

export interface ConfState {
  voters: NodeId[];
  learners: NodeId[];
  /** Joint consensus (ConfChangeV2) outgoing config; empty outside a joint config. */
  votersOutgoing: NodeId[];
  learnersNext: NodeId[];
  autoLeave: boolean;
}

export interface SnapshotMetadata {
  confState: ConfState;
  index: number;
  term: number;
}

export interface Snapshot {
  /** The state machine image (etcd: the whole bbolt db file). */
  data: Uint8Array;
  metadata: SnapshotMetadata;
}

export const MessageType = {
  MsgHup: 0,
  MsgBeat: 1,
  MsgProp: 2,
  MsgApp: 3,
  MsgAppResp: 4,
  MsgVote: 5,
  MsgVoteResp: 6,
  MsgSnap: 7,
  MsgHeartbeat: 8,
  MsgHeartbeatResp: 9,
  MsgUnreachable: 10,
  MsgSnapStatus: 11,
  MsgCheckQuorum: 12,
  MsgTransferLeader: 13,
  MsgTimeoutNow: 14,
  MsgReadIndex: 15,
  MsgReadIndexResp: 16,
  MsgPreVote: 17,
  MsgPreVoteResp: 18,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export const MESSAGE_TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(MessageType).map(([k, v]) => [v, k]),
);

export interface Message {
  type: MessageType;
  to: NodeId;
  from: NodeId;
  term: number;
  /** Term of the entry at `index` (MsgApp: the entry preceding `entries`; votes: the candidate's last term). */
  logTerm: number;
  index: number;
  entries: Entry[];
  commit: number;
  snapshot?: Snapshot;
  reject: boolean;
  rejectHint: number;
  /** Opaque request context (ReadIndex request ids, campaign-transfer marker). */
  context?: Uint8Array;
}

export const StateType = {
  Follower: 0,
  Candidate: 1,
  Leader: 2,
  PreCandidate: 3,
} as const;
export type StateType = (typeof StateType)[keyof typeof StateType];
export const STATE_NAMES = ['follower', 'candidate', 'leader', 'pre-candidate'] as const;
export type RoleName = (typeof STATE_NAMES)[number];

export interface SoftState {
  lead: NodeId;
  raftState: StateType;
}

export interface ReadState {
  index: number;
  requestCtx: Uint8Array;
}

/**
 * What the raft core hands to its host after inputs. Ordering contract (etcd's):
 *  1. persist `hardState`, `entries` and `snapshot` durably (one WAL record);
 *  2. only THEN send `messages` (so a vote or an append ack is never sent for state that could be lost);
 *  3. apply `committedEntries` (they are durable on a quorum);
 *  4. call advance(ready).
 */
export interface Ready {
  softState?: SoftState;
  hardState?: HardState;
  readStates: ReadState[];
  entries: Entry[];
  snapshot?: Snapshot;
  committedEntries: Entry[];
  messages: Message[];
  /** False when only soft state / messages changed and no fsync is needed. */
  mustSync: boolean;
  /** Set when the membership changed since the last Ready (bootstrap, applied conf change, restored
   *  snapshot). etcd keeps ConfState only inside snapshots and replays conf-change entries on restart;
   *  etcdscope also persists it here so a restarted node knows its voters without a snapshot. */
  confState?: ConfState;
}

/** raftpb.ConfChangeType, same numbering. */
export const ConfChangeType = {
  AddNode: 0,
  RemoveNode: 1,
  UpdateNode: 2,
  AddLearnerNode: 3,
} as const;
export type ConfChangeType = (typeof ConfChangeType)[keyof typeof ConfChangeType];

/** raftpb.ConfChange (the single-change, non-joint form). */
export interface ConfChange {
  type: ConfChangeType;
  nodeId: NodeId;
  /** etcd puts the JSON-encoded member (name, peer URLs) here. */
  context?: Uint8Array;
  /** raftpb.ConfChange.ID: an opaque id the proposer chooses to recognise its change; 0 if unused. */
  id?: number;
}
