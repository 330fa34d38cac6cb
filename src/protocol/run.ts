// A recorded run: the format version, the seed, the cluster's configuration and the user's actions,
// each stamped with the lockstep step (and virtual time) at which it reached the cluster. In lockstep
// mode a seed replays the same run, so re-issuing the actions at the same steps of a freshly reset
// cluster reproduces every member's state at every virtual time. Plain data plus its validation:
// a file that is not a run, or a broken one, is refused here with a clear message before anything
// touches the cluster.
import type { RaftSettings } from './controller';

export const RUN_FORMAT = 'etcdscope-run';
export const RUN_VERSION = 1;
/** Cluster sizes the page offers (the Cluster panel's ring lays out 1–7). */
export const CLUSTER_SIZES = [1, 3, 5, 7] as const;
/** Files or links bigger than this are refused: a run is actions, not data. */
export const MAX_RUN_BYTES = 4 * 1024 * 1024;
export const MAX_RUN_ACTIONS = 50_000;

export interface RunConfig {
  /** Members of the initial cluster (raft ids 1..members). */
  members: number;
  raft: RaftSettings;
  /** One-way link latency and random extra, virtual ms. */
  network: { latencyMs: number; jitterMs: number };
  /** The clock's tick and raft's election / heartbeat timeouts in ticks (etcd's --heartbeat-interval, --election-timeout). */
  tickMs: number;
  electionTicks: number;
  heartbeatTicks: number;
  /** etcd's --quota-backend-bytes, when it is not the 2 GiB default. */
  quotaBackendBytes?: number;
}

/** One user action: a ClusterController method call, re-issued on replay at the start of step `step`. */
export interface RunAction {
  /** The lockstep step (counted from the reset, 1 = the first) whose start issued it. */
  step: number;
  /** Virtual time of that step, ms: replay checks it to detect a run that went a different way. */
  atMs: number;
  op: string;
  /** Encoded arguments (encodeArgs): JSON, with bytes as { $bytes: base64 } and callbacks as { $fn: 1 }. */
  args: unknown[];
}

export interface RunFile {
  format: typeof RUN_FORMAT;
  version: number;
  seed: number;
  config: RunConfig;
  actions: RunAction[];
  /** Where the recording stopped: replay pauses the clock at the end of this step. */
  end: { step: number; atMs: number };
  /** Informational: when and by what the run was made. */
  createdAt?: string;
  note?: string;
}

export type RunErrorCode = 'not-json' | 'foreign' | 'version' | 'invalid' | 'too-large' | 'empty';

/** Why a file or link is not a usable run; `code` picks the page's translated sentence. */
export class RunFileError extends Error {
  override name = 'RunFileError';
  constructor(
    readonly code: RunErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// ---- arguments --------------------------------------------------------------------------------

type Check = (v: unknown) => string | null;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const memberArg: Check = (v) => (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 1000 ? null : 'a member id (1, 2, …)');
const optional =
  (c: Check): Check =>
  (v) =>
    v === undefined ? null : c(v);
const str: Check = (v) => (typeof v === 'string' ? null : 'a string');
const obj: Check = (v) => (isObj(v) ? null : 'an object');
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');
const nonNeg: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'a number ≥ 0');
const count: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? null : 'a whole number ≥ 0');
const fields =
  (spec: Record<string, Check>, required: string[] = []): Check =>
  (v) => {
    if (!isObj(v)) return 'an object';
    for (const k of Object.keys(v)) if (!(k in spec)) return `an object without "${k}"`;
    for (const k of required) if (!(k in v)) return `an object with "${k}"`;
    for (const [k, c] of Object.entries(spec)) {
      if (v[k] === undefined) continue;
      const e = c(v[k]);
      if (e) return `"${k}": ${e}`;
    }
    return null;
  };
const raftPartial = fields({ preVote: bool, checkQuorum: bool, snapshotCount: count, snapshotCatchUpEntries: count, heartbeatMs: count, electionMs: count });
const bytesArg: Check = (v) => (isObj(v) && typeof v.$bytes === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v.$bytes) ? null : 'bytes');
const watchReq = fields({ key: bytesArg, rangeEnd: bytesArg, startRevision: count, prevKv: bool, token: str }, ['key', 'rangeEnd', 'startRevision', 'prevKv']);
const fnArg: Check = (v) => (isObj(v) && v.$fn === 1 ? null : 'a callback placeholder');

/**
 * The recordable ClusterController methods and their arguments (as encoded). Recording and replay
 * go through this list only: a new controller method becomes recordable by adding it here (and to
 * the recorder's list of methods it wraps).
 */
export const RUN_OPS: Record<string, Check[]> = {
  run: [str, optional(str)],
  kill: [memberArg],
  restart: [memberArg],
  isolate: [memberArg],
  heal: [],
  addMember: [optional(fields({ learner: bool }))],
  promote: [memberArg],
  removeMember: [memberArg],
  moveLeader: [memberArg],
  setRaftOptions: [raftPartial],
  txn: [obj, optional(memberArg)],
  openWatch: [watchReq, fnArg, optional(memberArg)],
  /** Cancels the n-th watch this run opened (0-based), as the Watch panel's × does. */
  cancelWatch: [count],
  setNetwork: [fields({ latencyMs: nonNeg, jitterMs: nonNeg }, ['latencyMs', 'jitterMs'])],
};

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(b: Uint8Array, url = false): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < b.length ? B64[(n >> 6) & 63]! : url ? '' : '=';
    out += i + 2 < b.length ? B64[n & 63]! : url ? '' : '=';
  }
  return url ? out.replace(/\+/g, '-').replace(/\//g, '_') : out;
}

/** Standard or URL-safe base64, padded or not; throws on anything else. */
export function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) throw new Error('not base64');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const c = [0, 1, 2, 3].map((k) => (i + k < clean.length ? B64.indexOf(clean[i + k]!) : 0));
    const n = (c[0]! << 18) | (c[1]! << 12) | (c[2]! << 6) | c[3]!;
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Arguments → JSON: bytes become { $bytes }, callbacks { $fn: 1 }; trailing undefineds are dropped. */
export function encodeArgs(args: readonly unknown[]): unknown[] {
  const enc = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return { $bytes: toBase64(v) };
    if (typeof v === 'function') return { $fn: 1 };
    if (Array.isArray(v)) return v.map(enc);
    if (isObj(v)) {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = enc(x);
      return o;
    }
    return v;
  };
  const out = args.map(enc);
  while (out.length && out[out.length - 1] === undefined) out.pop();
  return out.map((x) => (x === undefined ? null : x));
}

/** The reverse of encodeArgs; `fn` stands in for each recorded callback; null (a skipped argument) is undefined. */
export function decodeArgs(args: readonly unknown[], fn: (...a: unknown[]) => void): unknown[] {
  const dec = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(dec);
    if (isObj(v)) {
      if (typeof v.$bytes === 'string' && Object.keys(v).length === 1) return fromBase64(v.$bytes);
      if (v.$fn === 1 && Object.keys(v).length === 1) return fn;
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = dec(x);
      return o;
    }
    return v;
  };
  return args.map((a) => (a === null ? undefined : dec(a)));
}

// ---- validation -------------------------------------------------------------------------------

function fail(code: RunErrorCode, message: string): never {
  throw new RunFileError(code, message);
}

function checkConfig(c: unknown): RunConfig {
  if (!isObj(c)) fail('invalid', '"config" must be an object');
  const members = c.members;
  if (!Number.isInteger(members) || (members as number) < 1 || (members as number) > 7) fail('invalid', `"config.members" must be 1 to 7, got ${JSON.stringify(members)}`);
  // heartbeatMs / electionMs (etcd's --heartbeat-interval / --election-timeout) are optional: runs recorded before they existed lack them.
  const raftErr = fields({ preVote: bool, checkQuorum: bool, snapshotCount: count, snapshotCatchUpEntries: count, heartbeatMs: count, electionMs: count }, ['preVote', 'checkQuorum', 'snapshotCount', 'snapshotCatchUpEntries'])(c.raft);
  if (raftErr) fail('invalid', `"config.raft" must be ${raftErr}`);
  if ((c.raft as RaftSettings).snapshotCount < 1) fail('invalid', '"config.raft.snapshotCount" must be ≥ 1');
  const netErr = fields({ latencyMs: nonNeg, jitterMs: nonNeg }, ['latencyMs', 'jitterMs'])(c.network);
  if (netErr) fail('invalid', `"config.network" must be ${netErr}`);
  for (const k of ['tickMs', 'electionTicks', 'heartbeatTicks'] as const) {
    if (!Number.isInteger(c[k]) || (c[k] as number) < 1) fail('invalid', `"config.${k}" must be a whole number ≥ 1, got ${JSON.stringify(c[k])}`);
  }
  if ((c.heartbeatTicks as number) >= (c.electionTicks as number)) fail('invalid', '"config.heartbeatTicks" must be below "config.electionTicks"');
  if (c.quotaBackendBytes !== undefined && (!Number.isInteger(c.quotaBackendBytes) || (c.quotaBackendBytes as number) < 1)) fail('invalid', '"config.quotaBackendBytes" must be a whole number ≥ 1');
  const known = ['members', 'raft', 'network', 'tickMs', 'electionTicks', 'heartbeatTicks', 'quotaBackendBytes'];
  for (const k of Object.keys(c)) if (!known.includes(k)) fail('invalid', `"config.${k}" is not a run setting`);
  return c as unknown as RunConfig;
}

/** Checks a parsed value; returns it typed or throws RunFileError saying what is wrong and where. */
export function validateRun(v: unknown): RunFile {
  if (!isObj(v) || v.format !== RUN_FORMAT) fail('foreign', `not an etcdscope run (expected "format": "${RUN_FORMAT}")`);
  if (!Number.isInteger(v.version) || (v.version as number) < 1) fail('invalid', '"version" must be a whole number ≥ 1');
  if ((v.version as number) > RUN_VERSION) fail('version', `this run was made by a newer etcdscope (format version ${v.version as number}; this page reads up to ${RUN_VERSION})`);
  if (!Number.isInteger(v.seed) || (v.seed as number) < 0 || (v.seed as number) > 0xffffffff) fail('invalid', `"seed" must be a whole number 0 to 4294967295, got ${JSON.stringify(v.seed)}`);
  checkConfig(v.config);
  if (!Array.isArray(v.actions)) fail('invalid', '"actions" must be a list');
  if (v.actions.length > MAX_RUN_ACTIONS) fail('too-large', `a run holds at most ${MAX_RUN_ACTIONS} actions, this one ${v.actions.length}`);
  let lastStep = 1;
  let lastMs = 0;
  v.actions.forEach((a: unknown, i: number) => {
    const where = `action ${i + 1}`;
    if (!isObj(a)) fail('invalid', `${where} must be an object`);
    if (!Number.isInteger(a.step) || (a.step as number) < lastStep) fail('invalid', `${where}: "step" must be a whole number ≥ ${lastStep} (actions in step order)`);
    if (typeof a.atMs !== 'number' || !Number.isFinite(a.atMs) || a.atMs < lastMs) fail('invalid', `${where}: "atMs" must be a number ≥ ${lastMs} (actions in time order)`);
    lastStep = a.step as number;
    lastMs = a.atMs;
    if (typeof a.op !== 'string' || !Object.prototype.hasOwnProperty.call(RUN_OPS, a.op)) fail('invalid', `${where}: unknown action ${JSON.stringify(a.op)} (known: ${Object.keys(RUN_OPS).join(', ')})`);
    const checks = RUN_OPS[a.op]!;
    if (!Array.isArray(a.args) || a.args.length > checks.length) fail('invalid', `${where} (${a.op}): "args" must be a list of at most ${checks.length}`);
    checks.forEach((c, k) => {
      const x = a.args as unknown[];
      const e = c(x[k] === null ? undefined : x[k]);
      if (e) fail('invalid', `${where} (${a.op}): argument ${k + 1} must be ${e}`);
    });
  });
  if (!isObj(v.end) || !Number.isInteger(v.end.step) || typeof v.end.atMs !== 'number' || !Number.isFinite(v.end.atMs)) fail('invalid', '"end" must be { step, atMs }');
  if ((v.end.step as number) < (v.actions.length ? lastStep : 0) || (v.end.atMs as number) < lastMs) fail('invalid', '"end" lies before the last action');
  return v as unknown as RunFile;
}

/** A run file's text → a checked run. */
export function parseRun(text: string): RunFile {
  if (text.trim() === '') fail('empty', 'the file is empty');
  if (text.length > MAX_RUN_BYTES) fail('too-large', `a run file is at most ${MAX_RUN_BYTES} bytes`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    fail('not-json', `not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return validateRun(v);
}

/** A run as a file's text (stable key order, one action per line for readable diffs). */
export function stringifyRun(run: RunFile): string {
  const head = { ...run, actions: [] as unknown[] };
  const lines = run.actions.map((a) => '    ' + JSON.stringify({ step: a.step, atMs: a.atMs, op: a.op, args: a.args }));
  const base = JSON.stringify(head, null, 2);
  return base.replace('"actions": []', lines.length ? `"actions": [\n${lines.join(',\n')}\n  ]` : '"actions": []') + '\n';
}

// ---- the recorder as the UI sees it -----------------------------------------------------------

export type RecorderState =
  | { mode: 'idle' }
  | { mode: 'recording'; seed: number; actions: number }
  | {
      mode: 'replaying';
      seed: number;
      /** Steps done / the run's last step. */
      step: number;
      endStep: number;
      /** Actions issued so far / in the run. */
      issued: number;
      total: number;
      /** Set when an action's step came at another virtual time than recorded: the run went another way. */
      diverged?: { action: number; expectedMs: number; gotMs: number };
    }
  | {
      mode: 'replayed';
      seed: number;
      endStep: number;
      endMs: number;
      total: number;
      diverged?: { action: number; expectedMs: number; gotMs: number };
    };

/** Record / replay controls (the hub's Recorder): the page's header and window.etcdscope use them. */
export interface RunRecorder {
  state(): RecorderState;
  subscribe(listener: (s: RecorderState) => void): () => void;
  /** Resets the cluster from its current seed and settings in lockstep and starts recording. */
  startRecording(): Promise<void>;
  /** Pauses the clock at a step boundary and returns the run (also kept as lastRun()). */
  stopRecording(): Promise<RunFile>;
  /** The run last recorded, replayed or imported. */
  lastRun(): RunFile | null;
  /** Restores the run's seed and settings, resets in lockstep and re-issues each action at its step; pauses at the run's end. */
  replay(run: RunFile): Promise<void>;
  stopReplay(): void;
  /** A shareable URL that opens the page and replays the run. */
  link(run: RunFile): Promise<string>;
  /** The run in a link's `#run=` code; a damaged or foreign one rejects with RunFileError. */
  fromLink(code: string): Promise<RunFile>;
}
