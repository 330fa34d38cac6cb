// What a scenario drives: the live cluster, through the same operations as window.etcdscope.
// The page implements it over the hub (src/platform/browser/scenarioHost.ts); Node over the
// simulator (src/sim/scenarioHost.ts). Both run the same member code.
import type { CommandResult, ServerFlags, ServerLogLine } from '../protocol/controller';
import type { EngineName, NumericField } from './types';
import type { WriteTraceView } from '../protocol/writePath';
import type { MetricsInspect, PagesInspect } from '../protocol/inspect';
import type { CrashPoint, LinkFault } from '../protocol/faults';

/** A client watch as a lesson opens it: one key, or every key under a prefix. */
export interface ScenarioWatchSpec {
  key: string;
  prefix: boolean;
  /** 0: from the next revision. */
  startRevision: number;
}

/** What a lesson needs from each watch response. */
export interface ScenarioWatchResponse {
  /** The mod revision of each event, in the order received. */
  revisions: number[];
  canceled: boolean;
  compactRevision: number;
  cancelReason: string;
}

export interface ScenarioWatch {
  cancel(): void;
  /** The client reads at most this many responses per member tick (null: as fast as they come). */
  setReadsPerTick(readsPerTick: number | null, bufferResponses?: number): void;
}

export interface ScenarioMember extends Record<NumericField, number> {
  /** "n1" … */
  name: string;
  role: 'leader' | 'follower' | 'candidate' | 'pre-candidate' | 'stopped';
  alive: boolean;
  isolated: boolean;
  /** Name of the leader this member follows, if it knows one. */
  lead: string | null;
}

/** Cluster options beyond size and raft flags, set when the cluster is created. */
export interface ClusterShape {
  backendEngine?: EngineName | EngineName[];
  /** Server flags every member starts with (--auto-compaction-*, --auth-token …). */
  flags?: ServerFlags;
}

export interface ScenarioHost {
  /** A fresh cluster from this seed (every viewer sees the same run); resolves once it is started. */
  reset(seed: number, members: number, raft?: { preVote?: boolean; checkQuorum?: boolean; heartbeatMs?: number; electionMs?: number }, cluster?: ClusterShape): Promise<void>;
  members(): ScenarioMember[];
  /** Virtual milliseconds since the cluster started. */
  nowMs(): number;
  /**
   * One etcdctl line. With `interrupt`, a long-running command (watch) runs in the background until
   * it resolves (Ctrl-C: 130); the clock is then moved only by the lesson's other actions.
   */
  run(line: string, stdin?: string, interrupt?: Promise<number>): Promise<CommandResult>;
  /** The member's bbolt file as the pages panel sees it; null when it is not running. */
  pages(member: string): Promise<PagesInspect | null>;
  /** The member's metrics as the Metrics panel sees them; null when it is not running. */
  metrics(member: string): Promise<MetricsInspect | null>;
  /** The client URL etcdctl's --endpoints uses for a member ("127.0.0.1:23792"). */
  endpointOf(member: string): string;
  kill(member: string): Promise<void>;
  restart(member: string): Promise<void>;
  isolate(member: string): Promise<void>;
  heal(): Promise<void>;
  /**
   * Stops (true) or restarts (false) the cluster's clock. A lesson holds the clock between steps, so
   * what a step shows does not depend on how long the viewer reads.
   */
  hold(on: boolean): void;
  /** Resolves once the members' reported state includes everything answered so far (one clock step). */
  settle(): Promise<void>;
  /** Lets `ms` of virtual time pass while the cluster runs. */
  wait(ms: number): Promise<void>;
  /** Lets virtual time pass until `pred` holds; false if `limitMs` passed first. */
  waitUntil(pred: () => boolean, limitMs: number): Promise<boolean>;
  setRaftOptions(o: { preVote?: boolean; checkQuorum?: boolean; heartbeatMs?: number; electionMs?: number }): Promise<void>;
  /** Faults: the same operations as ClusterController's, with member names. */
  partition(groups: string[][]): Promise<void>;
  cutLink(from: string, to: string, both: boolean): Promise<void>;
  restoreLink(from: string, to: string, both: boolean): Promise<void>;
  setLink(from: string, to: string, fault: Partial<LinkFault> | null, both: boolean): Promise<void>;
  setDiskLatency(member: string, fsyncMs: number): Promise<void>;
  armCrashPoint(member: string, point: CrashPoint | null): Promise<void>;
  /** `member add` and start the member; its name. */
  addMember(learner: boolean): Promise<string>;
  promote(member: string): Promise<void>;
  removeMember(member: string): Promise<void>;
  moveLeader(member: string): Promise<void>;
  /** Changes server flags; every member restarts with them. */
  setServerFlags(flags: ServerFlags): Promise<void>;
  /** The members' server log lines so far (oldest first). */
  serverLogs(): ServerLogLine[];
  /** The newest proposed entries' write paths, newest first (the Write path panel's data). */
  writeTraces(): WriteTraceView[];
  /** Opens a client watch stream on a member (the leader when none is named), as the Watch panel does. */
  openWatch(spec: ScenarioWatchSpec, onResponse: (r: ScenarioWatchResponse) => void, member?: string): ScenarioWatch;
  /** Sets --snapshot-count (and how many entries a snapshot keeps) on every member; they restart. */
  setSnapshotCount(count: number, catchUpEntries?: number): Promise<void>;
}
