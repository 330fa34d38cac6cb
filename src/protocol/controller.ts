// The one interface through which the UI, window.etcdscope, e2e tests and (later) scenarios drive a cluster.
// The browser implements it with the main-thread hub over real node workers (src/platform/browser/hub.ts).
import type { NodeId } from '../raft/types';
import type { ClusterEvent, MemberInspect, MessageView } from './view';
import type { InspectKind, InspectResultMap } from './inspect';

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ClusterSnapshot {
  /** Virtual milliseconds since the cluster started (one raft tick = tickMs). */
  nowMs: number;
  tickMs: number;
  paused: boolean;
  /** Virtual time per real time: 1 = real time, 0.25 = four times slower. */
  speed: number;
  seed: number;
  members: MemberInspect[];
  /** Members cut off from everyone else (both directions). */
  isolated: NodeId[];
  messages: MessageView[];
}

export interface ClusterController {
  /** Called with a fresh snapshot at most once per animation frame, and with each new event. */
  subscribe(onSnapshot: (s: ClusterSnapshot) => void, onEvents: (e: ClusterEvent[]) => void): () => void;
  snapshot(): ClusterSnapshot;
  /** One etcdctl line; `stdin` is what a shell would pipe into it (e.g. `txn`'s compares and ops). */
  run(line: string, stdin?: string): Promise<CommandResult>;
  kill(member: NodeId): Promise<void>;
  restart(member: NodeId): Promise<void>;
  isolate(member: NodeId): void;
  heal(): void;
  reset(): Promise<void>;
  pause(): void;
  resume(): void;
  setSpeed(speed: number): void;
  /** `member add` (a learner unless learner: false) and start the new member; resolves to its name ("n4"). */
  addMember?(opts?: { learner?: boolean }): Promise<string>;
  /** `member promote`; rejects with etcd's message while the learner is not in sync. */
  promote?(member: NodeId): Promise<void>;
  removeMember?(member: NodeId): Promise<void>;
  moveLeader?(member: NodeId): Promise<void>;
  /** --pre-vote / CheckQuorum; changing them restarts every member, as in etcd. */
  setRaftOptions?(o: { preVote?: boolean; checkQuorum?: boolean }): Promise<void>;
  raftOptions?(): { preVote: boolean; checkQuorum: boolean };
  /** `etcdctl snapshot save` from a member: the db file with etcd's SHA-256 trailer. */
  saveSnapshot?(member: NodeId): Promise<Uint8Array>;
  /** `etcdctl snapshot restore` into a new cluster; rejects (and leaves the cluster untouched) on a bad file. */
  restoreSnapshot?(file: Uint8Array): Promise<void>;
  /** One member's detailed state for a panel (MVCC keyIndex, leases …); null when it is not running. */
  inspectMember?<K extends InspectKind>(member: NodeId, kind: K): Promise<InspectResultMap[K] | null>;
}
