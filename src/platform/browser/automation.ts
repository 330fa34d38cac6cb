// window.etcdscope: the page's automation API, used by the e2e tests, embedding pages and lessons.
// Members can be named 1, "1" or "n1".
import type { RaftSettings, ServerFlags, ServerLogLine } from '../../protocol/controller';
import type { MessageView } from '../../protocol/view';
import type { CrashPoint, FaultsView, LinkFault } from '../../protocol/faults';
import type { Hub } from './hub';
import type { CommandResult } from '../../protocol/controller';
import type { NodeId } from '../../raft/types';
import type { LoadSpec, LoadResult } from './loadGen';
import { runBenchLoad } from './loadRunner';
import type { WriteTraceView } from '../../protocol/writePath';
import type { TxnOutcome, TxnSpec } from '../../protocol/txn';
import type { InspectKind, InspectResultMap } from '../../protocol/inspect';
import { parseRun, stringifyRun, validateRun, type RecorderState, type RunFile, type RunRecorder } from '../../protocol/run';
import { runCodeFromHash } from './runLink';

export interface MemberStatusSummary {
  id: string;
  role: string;
  term: number;
  commitIndex: number;
  appliedIndex: number;
  alive: boolean;
  isolated: boolean;
  lead: string | null;
  revision: number;
  walRecords: number;
  walDurability: string;
  /** The raft log's first index and the last raft snapshot (entries below firstIndex are compacted). */
  firstIndex: number;
  snapshotIndex: number;
  /** Raft snapshots this member's current incarnation made / sent (MsgSnap) / installed from the leader. */
  snapshots: { created: number; sent: number; installed: number };
  /** Set when the member could not start or had to stop: e.g. a corrupt WAL record. */
  error?: string;
  /** Set when the member dropped a torn last WAL record on recovery. */
  tornTail?: string;
}

export interface EtcdscopeApi {
  status(): MemberStatusSummary[];
  leader(): string | null;
  run(line: string): Promise<CommandResult>;
  kill(member: string | number): Promise<void>;
  restart(member: string | number): Promise<void>;
  isolate(member: string | number): void;
  heal(): void;
  /** quotaBackendBytes: etcd's --quota-backend-bytes for the new cluster (to see NOSPACE without writing 2 GiB). */
  /** backendEngine: etcdscope's --backend-engine ('bbolt' | 'lsm', or one per member: ['bbolt', 'lsm', 'lsm']). */
  reset(opts?: { seed?: number; members?: number; quotaBackendBytes?: number; backendEngine?: 'bbolt' | 'lsm' | Array<'bbolt' | 'lsm'> }): Promise<void>;
  pause(): void;
  resume(): void;
  setSpeed(speed: number): void;
  /** Virtual milliseconds since the cluster started. */
  now(): number;
  /** `member add` (a learner unless { learner: false }) and start the new member's worker; returns its name. */
  addMember(opts?: { learner?: boolean }): Promise<string>;
  /** `member promote` a learner (fails as etcd does while it is not in sync). */
  promote(member: string | number): Promise<void>;
  /** `member remove`; the removed member stops once it applies its removal. */
  removeMember(member: string | number): Promise<void>;
  /** `move-leader` to the member (sent to the current leader). */
  moveLeader(member: string | number): Promise<void>;
  /** etcd's --pre-vote, CheckQuorum and --snapshot-count (+ catch-up entries); changing them restarts every member, as in etcd. */
  setRaftOptions(o: Partial<RaftSettings>): Promise<void>;
  /** --quota-backend-bytes, --auto-compaction-mode/-retention, --snapshot-count, --bcrypt-cost, --auth-token: every member restarts. */
  setServerFlags(flags: ServerFlags): Promise<void>;
  serverFlags(): ServerFlags;
  /** The members' server log lines (etcd's logger), oldest first. */
  serverLogs(): ServerLogLine[];
  raftOptions(): RaftSettings;
  /** The leader's Progress for each peer: match/next and probe/replicate/snapshot state. */
  progress(): Array<{ id: string; match: number; next: number; state: string; isLearner: boolean }>;
  /** Closed-loop load from the page (the benchmark's browser side). */
  bench: { runLoad(spec: LoadSpec): Promise<LoadResult> };
  /** `etcdctl snapshot save` from a member → the snapshot.db bytes (real etcdctl can restore them). */
  saveSnapshot(member: string | number): Promise<Uint8Array>;
  /** `etcdctl snapshot restore` into a new cluster; a bad file is refused and changes nothing. */
  restoreSnapshot(file: Uint8Array): Promise<void>;
  /** The IndexedDB database holding a member's WAL (for inspection and fault-injection tests). */
  dbName(member: string | number): string;
  /** Link latency in virtual ms; { latencyMs: 0, jitterMs: 0 } relays messages at once (free-run). */
  setNetwork(n: { latencyMs: number; jitterMs: number }): void;
  /** direct: raft messages go worker to worker (free-run, no partition); relayedMessages: how many the hub relayed. */
  routing(): { direct: boolean; relayedMessages: number };
  /** false stops the visualizer's updates (the cluster keeps running); true resumes them. */
  setRendering(on: boolean): void;
  /** Benchmark sanity row only; the WAL is written with 'strict' durability otherwise. */
  setDurability(d: 'strict' | 'relaxed'): void;

  seed(): number;
  /** 'lockstep': virtual time advances only when every worker is idle (deterministic per seed); 'realtime': free-running. */
  setClockMode(mode: 'realtime' | 'lockstep'): void;
  clockMode(): 'realtime' | 'lockstep';
  /** Write paths of the most recent proposed entries, newest first (the Write path panel's data). */
  writeTraces(): WriteTraceView[];
  /** A Txn built as in the Txn builder, sent through a member (the leader unless named). */
  txn(spec: TxnSpec, member?: string | number): Promise<TxnOutcome>;
  /** A member's detailed state as a panel reads it ('mvcc', 'leases', 'watch', 'metrics'). */
  inspect<K extends InspectKind>(member: string | number, kind: K): Promise<InspectResultMap[K] | null>;

  // Faults (src/protocol/faults.ts); members as 1, "1" or "n1".
  /** Groups that cannot reach each other, e.g. partition([["n1"], ["n2", "n3"]]); heal() ends it. */
  partition(groups: Array<Array<string | number>>): Promise<void>;
  cutLink(from: string | number, to: string | number, opts?: { both?: boolean }): Promise<void>;
  restoreLink(from: string | number, to: string | number, opts?: { both?: boolean }): Promise<void>;
  /** { latencyMs, jitterMs, lossPct } of from → to (both ways with { both: true }); null: the default link. */
  setLink(from: string | number, to: string | number, fault: Partial<LinkFault> | null, opts?: { both?: boolean }): Promise<void>;
  /** A slow disk: the member's fsyncs and backend commits take at least fsyncMs virtual ms. */
  setDiskLatency(member: string | number, fsyncMs: number): Promise<void>;
  /** Arms a crash point ('wal-before-fsync', 'wal-after-fsync', 'apply-before-commit', 'snapshot-before-save', 'snapshot-before-db-swap'); null disarms. */
  armCrashPoint(member: string | number, point: CrashPoint | null): Promise<void>;
  faults(): FaultsView;
  /** Raft messages in flight now (from, to, type, sentAtMs, deliverAtMs), as the Cluster panel draws them. */
  messages(): MessageView[];
  /** Lockstep steps since the cluster started (a recorded action's `step`). */
  step(): number;
  /** Record and replay runs (seed + settings + actions): see README "Record and replay". */
  record: {
    /** Resets the cluster from its seed and settings in lockstep and records every action from now on. */
    start(): Promise<void>;
    /** Pauses the clock at a step boundary; the run as an object (JSON-ready). */
    stop(): Promise<RunFile>;
    state(): RecorderState;
    lastRun(): RunFile | null;
    /** A run as the text of its file, or the checked run of a file's text (throws RunFileError). */
    toText(run: RunFile): string;
    parse(text: string): RunFile;
    /** Replays a run (an object or a file's text); resolves once it started, state() says when it is done. */
    replay(run: RunFile | string): Promise<void>;
    /** The shareable URL that replays the run; and the run in such a URL (or its `#run=` code). */
    link(run: RunFile): Promise<string>;
    fromLink(urlOrCode: string): Promise<RunFile>;
  };
}

function memberId(m: string | number): NodeId {
  const n = typeof m === 'number' ? m : Number(String(m).replace(/^n/, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`unknown member ${JSON.stringify(m)}; use 1, "1" or "n1"`);
  return n;
}

const name = (id: NodeId) => `n${id}`;



export function automationApi(hub: Hub, recorder?: RunRecorder): EtcdscopeApi {
  const rec = (): RunRecorder => {
    if (!recorder) throw new Error('this page has no recorder');
    return recorder;
  };
  return {
    status() {
      const s = hub.snapshot();
      return s.members.map((m) => {
        const storage = hub.storage(m.id);
        return {
          id: name(m.id),
          role: m.alive ? m.role : 'stopped',
          term: m.term,
          commitIndex: m.commitIndex,
          appliedIndex: m.appliedIndex,
          alive: m.alive,
          isolated: s.isolated.includes(m.id),
          lead: m.lead ? name(m.lead) : null,
          revision: m.revision,
          firstIndex: m.firstIndex,
          snapshotIndex: m.snapshotIndex ?? 0,
          snapshots: m.snapshots ?? { created: 0, sent: 0, installed: 0 },
          walRecords: storage?.walRecords ?? 0,
          walDurability: storage?.walDurability ?? '',
          error: hub.memberError(m.id),
          tornTail: storage?.tornTail,
        };
      });
    },
    leader() {
      const l = hub.leader();
      return l ? name(l) : null;
    },
    run: (line) => hub.run(line),
    kill: (m) => hub.kill(memberId(m)),
    restart: (m) => hub.restart(memberId(m)),
    isolate: (m) => hub.isolate(memberId(m)),
    heal: () => hub.heal(),
    reset: (opts) => hub.reset(opts),
    pause: () => hub.pause(),
    resume: () => hub.resume(),
    setSpeed: (x) => hub.setSpeed(x),
    now: () => hub.snapshot().nowMs,
    addMember: (opts) => hub.addMember(opts),
    promote: (m) => hub.promote(memberId(m)),
    removeMember: (m) => hub.removeMember(memberId(m)),
    moveLeader: (m) => hub.moveLeader(memberId(m)),
    setRaftOptions: (o) => hub.setRaftOptions(o),
    setServerFlags: (f) => hub.setServerFlags(f),
    serverFlags: () => hub.serverFlags(),
    serverLogs: () => hub.serverLogs(),
    dbName: (m) => hub.dbNameOf(memberId(m)),
    saveSnapshot: (m) => hub.saveSnapshot(memberId(m)),
    restoreSnapshot: (f) => hub.restoreSnapshot(f),
    bench: { runLoad: (spec) => runBenchLoad(hub, spec) },
    routing: () => hub.routing(),
    raftOptions: () => hub.raftOptions(),
    progress: () => {
      const l = hub.leader();
      const lm = hub.snapshot().members.find((x) => x.id === l);
      return (lm?.progress ?? []).map((p) => ({ id: name(p.id), match: p.match, next: p.next, state: p.state, isLearner: p.isLearner }));
    },
    setNetwork: (n) => hub.setNetwork(n),
    setDurability: (d) => hub.setWalDurability(d),
    setRendering: (on) => hub.setRendering(on),

    seed: () => hub.snapshot().seed,
    setClockMode: (m) => hub.setClockMode(m),
    clockMode: () => hub.clockMode(),
    writeTraces: () => hub.writeTraces(),
    txn: (spec, m) => hub.txn(spec, m === undefined ? undefined : memberId(m)),
    inspect: (m, kind) => hub.inspectMember(memberId(m), kind),
    partition: (groups) => hub.partition(groups.map((g) => g.map(memberId))),
    cutLink: (a, b, o) => hub.cutLink(memberId(a), memberId(b), o),
    restoreLink: (a, b, o) => hub.restoreLink(memberId(a), memberId(b), o),
    setLink: (a, b, f, o) => hub.setLink(memberId(a), memberId(b), f, o),
    setDiskLatency: (m, ms) => hub.setDiskLatency(memberId(m), ms),
    armCrashPoint: (m, p) => hub.armCrashPoint(memberId(m), p),
    faults: () => hub.faultsView(),
    messages: () => hub.snapshot().messages,
    step: () => hub.stepCount(),
    record: {
      start: () => rec().startRecording(),
      stop: () => rec().stopRecording(),
      state: () => rec().state(),
      lastRun: () => rec().lastRun(),
      toText: (run) => stringifyRun(run),
      parse: (text) => parseRun(text),
      replay: (run) => rec().replay(typeof run === 'string' ? parseRun(run) : validateRun(run)),
      link: (run) => rec().link(run),
      fromLink: (u) => rec().fromLink(u.includes('#') ? (runCodeFromHash(u.slice(u.indexOf('#'))) ?? '') : u),
    },
  };
}

declare global {
  interface Window {
    etcdscope?: EtcdscopeApi;
  }
}
