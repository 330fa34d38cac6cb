// The UI's cluster state: a vanilla zustand store fed by a ClusterController.
// Snapshots and events are coalesced into one store update per animation frame; components read it
// through narrow selectors (see hooks.ts), and the animated SVG layers read it transiently with
// getState() from their own requestAnimationFrame loop.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClusterController, ClusterSnapshot } from '../../protocol/controller';
import type { ClusterEvent } from '../../protocol/view';
import { deriveCards, deriveLeaderProgress, deriveLogRows, type LeaderProgress, type LogRow, type MemberCard } from './derive';

export const MAX_EVENTS = 400;
export const MAX_CONSOLE_ENTRIES = 200;
export const MAX_HISTORY = 100;

export interface ConsoleEntry {
  id: number;
  line: string;
  stdout: string;
  stderr: string;
  /** null while the command is running. */
  exitCode: number | null;
}

export interface ClusterState {
  snapshot: ClusterSnapshot | null;
  /** Real time (performance.now()) at which `snapshot` was committed: the anchor of the display clock. */
  receivedAtMs: number;
  cards: MemberCard[];
  logRows: LogRow[];
  leaderProgress: LeaderProgress | null;
  /** Newest first. */
  events: ClusterEvent[];
  consoleEntries: ConsoleEntry[];
  /** Command lines, oldest first, without consecutive duplicates. */
  history: string[];
  /** PreVote / CheckQuorum as the controller reports them; null when it cannot tell. */
  raftOptions: RaftOptions | null;
  /** Membership and settings operations still running (e.g. "add", "promote:4", "raft"). */
  pendingOps: string[];
  /** Outcomes of membership / settings operations, newest last (shown as toasts). */
  notices: Notice[];
}

export interface RaftOptions {
  preVote: boolean;
  checkQuorum: boolean;
  /** --snapshot-count; absent when the controller does not report it. */
  snapshotCount?: number;
}

export type MemberOp = 'add' | 'promote' | 'remove' | 'move-leader' | 'raft';

export interface Notice {
  id: number;
  ok: boolean;
  op: MemberOp;
  /** Member name the operation was about ("n4"), or the option that changed. */
  subject: string;
  /** The error text as etcd / the controller gave it (not translated). */
  detail: string;
}

export const MAX_NOTICES = 4;

export function initialClusterState(): ClusterState {
  return {
    snapshot: null,
    receivedAtMs: 0,
    cards: [],
    logRows: [],
    leaderProgress: null,
    events: [],
    consoleEntries: [],
    history: [],
    raftOptions: null,
    pendingOps: [],
    notices: [],
  };
}

export type ClusterStore = StoreApi<ClusterState>;

export function createClusterStore(): ClusterStore {
  return createStore<ClusterState>()(() => initialClusterState());
}

/** The page's store. Tests may build their own with createClusterStore(). */
export const clusterStore: ClusterStore = createClusterStore();

// ---- pure reducers -------------------------------------------------------------------------

export function reduceSnapshot(state: ClusterState, snap: ClusterSnapshot, realNowMs: number): Partial<ClusterState> {
  return {
    snapshot: snap,
    receivedAtMs: realNowMs,
    cards: deriveCards(state.cards, snap),
    logRows: deriveLogRows(state.logRows, snap),
    leaderProgress: deriveLeaderProgress(state.leaderProgress, snap),
  };
}

/** Prepend new events (newest first), dropping duplicates by seq and keeping at most MAX_EVENTS. */
export function reduceEvents(current: readonly ClusterEvent[], incoming: readonly ClusterEvent[]): ClusterEvent[] {
  if (incoming.length === 0) return current as ClusterEvent[];
  const reset = incoming.some((e) => e.kind === 'reset');
  const seen = new Set(reset ? [] : current.map((e) => e.seq));
  const fresh = incoming.filter((e) => !seen.has(e.seq) && (seen.add(e.seq), true));
  if (fresh.length === 0) return current as ClusterEvent[];
  fresh.sort((a, b) => b.seq - a.seq);
  // After a reset the old timeline is gone: keep only what came with and after the reset.
  const base = reset ? [] : current;
  return [...fresh, ...base].slice(0, MAX_EVENTS);
}

export function pushHistory(history: readonly string[], line: string): string[] {
  const trimmed = line.trim();
  if (!trimmed) return history as string[];
  if (history[history.length - 1] === trimmed) return history as string[];
  return [...history, trimmed].slice(-MAX_HISTORY);
}

// ---- feeding the store from a controller ----------------------------------------------------

export type FrameScheduler = (cb: () => void) => void;

function defaultScheduler(): FrameScheduler {
  if (typeof requestAnimationFrame === 'function') return (cb) => requestAnimationFrame(() => cb());
  return (cb) => setTimeout(cb, 16);
}

function defaultClock(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export interface ConnectOptions {
  store?: ClusterStore;
  schedule?: FrameScheduler;
  now?: () => number;
  /**
   * Minimum real milliseconds between updates of the React-rendered views (member cards, log rows,
   * the leader's Progress). The snapshot itself — which the animation loops read every frame — still
   * follows every frame; only the tables and the ring's members re-render at most this often, and
   * the last snapshot of a burst always reaches them (trailing update). 0 (default): every frame.
   */
  viewIntervalMs?: number;
}

/** Which controller feeds which store (the page has one; tests make their own). */
const controllers = new WeakMap<ClusterStore, ClusterController>();

/**
 * Subscribe the store to a controller. Snapshots and events that arrive within one frame become
 * one store update. Returns the unsubscribe function.
 */
export function connectController(controller: ClusterController, opts: ConnectOptions = {}): () => void {
  const store = opts.store ?? clusterStore;
  const schedule = opts.schedule ?? defaultScheduler();
  const now = opts.now ?? defaultClock;
  controllers.set(store, controller);

  const viewIntervalMs = opts.viewIntervalMs ?? 0;
  let pendingSnap: ClusterSnapshot | null = null;
  let pendingEvents: ClusterEvent[] = [];
  let scheduled = false;
  let live = true;
  let lastViewAtMs = -Infinity;
  /** A snapshot that reached the animation but not yet the views. */
  let viewBehind: ClusterSnapshot | null = null;
  let trailing: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    scheduled = false;
    if (!live) return;
    const snap = pendingSnap;
    const evs = pendingEvents;
    pendingSnap = null;
    pendingEvents = [];
    const at = now();
    let views = true;
    if (snap && viewIntervalMs > 0) {
      const cur = store.getState().snapshot;
      // Membership or a reset is shown at once; commit indexes and the like at most every viewIntervalMs.
      const structural = !cur || cur.members.length !== snap.members.length || cur.seed !== snap.seed || cur.paused !== snap.paused;
      if (!structural && at - lastViewAtMs < viewIntervalMs) {
        views = false;
        viewBehind = snap;
        if (trailing === null)
          trailing = setTimeout(() => {
            trailing = null;
            if (!live || !viewBehind) return;
            if (!pendingSnap) pendingSnap = viewBehind;
            lastViewAtMs = -Infinity;
            request();
          }, viewIntervalMs - (at - lastViewAtMs));
      }
    }
    if (snap && views) {
      lastViewAtMs = at;
      viewBehind = null;
    }
    store.setState((s) => {
      const patch: Partial<ClusterState> = snap ? (views ? reduceSnapshot(s, snap, at) : { snapshot: snap, receivedAtMs: at }) : {};
      if (evs.length) patch.events = reduceEvents(s.events, evs);
      const ro = readRaftOptions(controller);
      if (!sameRaftOptions(ro, s.raftOptions)) patch.raftOptions = ro;
      return patch;
    });
  };
  const request = () => {
    if (scheduled) return;
    scheduled = true;
    schedule(flush);
  };

  // Start from the controller's current state so the first frame is not blank.
  store.setState({ raftOptions: readRaftOptions(controller) });
  try {
    store.setState((s) => reduceSnapshot(s, controller.snapshot(), now()));
  } catch {
    // A controller that is still starting may not have a snapshot yet; the subscription will bring one.
  }
  const unsubscribe = controller.subscribe(
    (snap) => {
      pendingSnap = snap;
      request();
    },
    (evs) => {
      if (evs.length === 0) return;
      pendingEvents.push(...evs);
      request();
    },
  );
  return () => {
    live = false;
    if (trailing !== null) clearTimeout(trailing);
    unsubscribe();
    if (controllers.get(store) === controller) controllers.delete(store);
  };
}

function readRaftOptions(c: ClusterController): RaftOptions | null {
  try {
    const o = c.raftOptions?.() ?? memberOpsFallback()?.raftOptions?.();
    if (!o) return null;
    const ro: RaftOptions = { preVote: !!o.preVote, checkQuorum: !!o.checkQuorum };
    if (typeof o.snapshotCount === 'number') ro.snapshotCount = o.snapshotCount;
    return ro;
  } catch {
    return null;
  }
}

function sameRaftOptions(a: RaftOptions | null, b: RaftOptions | null): boolean {
  return a === b || (!!a && !!b && a.preVote === b.preVote && a.checkQuorum === b.checkQuorum && a.snapshotCount === b.snapshotCount);
}

/**
 * The membership operations a controller may lack: the page's window.etcdscope API offers the same
 * ones (taking member names), so the buttons work on a hub that exposes them only there.
 */
interface MemberOpsApi {
  addMember?(opts?: { learner?: boolean }): Promise<string>;
  promote?(member: string | number): Promise<void>;
  removeMember?(member: string | number): Promise<void>;
  moveLeader?(member: string | number): Promise<void>;
  setRaftOptions?(o: { preVote?: boolean; checkQuorum?: boolean; snapshotCount?: number }): Promise<void>;
  raftOptions?(): RaftOptions;
}

function memberOpsFallback(): MemberOpsApi | null {
  const api = (globalThis as { etcdscope?: MemberOpsApi }).etcdscope;
  return api && typeof api === 'object' ? api : null;
}

export function getController(store: ClusterStore = clusterStore): ClusterController | null {
  return controllers.get(store) ?? null;
}

// ---- actions (plain functions) ---------------------------------------------------------------

function withController(fn: (c: ClusterController) => unknown, store: ClusterStore = clusterStore): void {
  const c = getController(store);
  if (!c) return;
  try {
    const r = fn(c);
    if (r && typeof (r as Promise<unknown>).catch === 'function') {
      (r as Promise<unknown>).catch((err) => console.error('[etcdscope ui]', err));
    }
  } catch (err) {
    console.error('[etcdscope ui]', err);
  }
}

export function togglePause(store: ClusterStore = clusterStore): void {
  const snap = store.getState().snapshot;
  withController((c) => (snap?.paused ? c.resume() : c.pause()), store);
}

export function setSpeed(speed: number): void {
  withController((c) => c.setSpeed(speed));
}

export function killMember(id: number): void {
  withController((c) => c.kill(id));
}

export function restartMember(id: number): void {
  withController((c) => c.restart(id));
}

export function isolateMember(id: number): void {
  withController((c) => c.isolate(id));
}

export function healAll(): void {
  withController((c) => c.heal());
}

export function resetCluster(): void {
  withController((c) => c.reset());
}

let nextConsoleId = 1;

/** Run an etcdctl line through the controller and record it in the console transcript. */
export async function runCommand(line: string, store: ClusterStore = clusterStore): Promise<void> {
  const trimmed = line.trim();
  if (!trimmed) return;
  const id = nextConsoleId++;
  store.setState((s) => ({
    history: pushHistory(s.history, trimmed),
    consoleEntries: [...s.consoleEntries, { id, line: trimmed, stdout: '', stderr: '', exitCode: null }].slice(
      -MAX_CONSOLE_ENTRIES,
    ),
  }));
  const controller = getController(store);
  let result: { stdout: string; stderr: string; exitCode: number };
  if (!controller) {
    result = { stdout: '', stderr: 'no cluster connected', exitCode: 1 };
  } else {
    try {
      result = await controller.run(trimmed);
    } catch (err) {
      result = { stdout: '', stderr: err instanceof Error ? err.message : String(err), exitCode: 1 };
    }
  }
  store.setState((s) => ({
    consoleEntries: s.consoleEntries.map((e) => (e.id === id ? { ...e, ...result } : e)),
  }));
}

export function clearConsole(store: ClusterStore = clusterStore): void {
  store.setState({ consoleEntries: [] });
}

// ---- membership and raft settings ------------------------------------------------------------

let nextNoticeId = 1;

function pushNotice(store: ClusterStore, n: Omit<Notice, 'id'>): void {
  store.setState((s) => ({ notices: [...s.notices, { ...n, id: nextNoticeId++ }].slice(-MAX_NOTICES) }));
}

export function dismissNotice(id: number, store: ClusterStore = clusterStore): void {
  store.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** Which operations the connected controller (or the page API) supports, for enabling buttons. */
export function memberOpsAvailable(store: ClusterStore = clusterStore): Record<MemberOp, boolean> {
  const c = getController(store);
  const f = memberOpsFallback();
  return {
    add: !!(c?.addMember ?? f?.addMember),
    promote: !!(c?.promote ?? f?.promote),
    remove: !!(c?.removeMember ?? f?.removeMember),
    'move-leader': !!(c?.moveLeader ?? f?.moveLeader),
    raft: !!(c?.setRaftOptions ?? f?.setRaftOptions),
  };
}

function errorText(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m || 'error';
}

/**
 * Run one operation, marking it pending while it runs; its outcome becomes a notice.
 * Resolves to false when it failed or could not run.
 */
async function runOp(
  store: ClusterStore,
  op: MemberOp,
  key: string,
  subject: string,
  fn: (c: ClusterController | null, f: MemberOpsApi | null) => Promise<unknown> | undefined,
): Promise<boolean> {
  if (store.getState().pendingOps.includes(key)) return false;
  store.setState((s) => ({ pendingOps: [...s.pendingOps, key] }));
  try {
    const p = fn(getController(store), memberOpsFallback());
    if (!p) throw new Error('not supported by this cluster');
    const r = await p;
    pushNotice(store, { ok: true, op, subject: op === 'add' && typeof r === 'string' ? r : subject, detail: '' });
    return true;
  } catch (err) {
    pushNotice(store, { ok: false, op, subject, detail: errorText(err) });
    return false;
  } finally {
    store.setState((s) => ({
      pendingOps: s.pendingOps.filter((k) => k !== key),
      raftOptions: (() => {
        const c = getController(store);
        const ro = c ? readRaftOptions(c) : s.raftOptions;
        return sameRaftOptions(ro, s.raftOptions) ? s.raftOptions : ro;
      })(),
    }));
  }
}

export function addLearner(store: ClusterStore = clusterStore): Promise<boolean> {
  return runOp(store, 'add', 'add', '', (c, f) => (c?.addMember ? c.addMember({ learner: true }) : f?.addMember?.({ learner: true })));
}

export function promoteMember(id: number, store: ClusterStore = clusterStore): Promise<boolean> {
  return runOp(store, 'promote', `promote:${id}`, `n${id}`, (c, f) => (c?.promote ? c.promote(id) : f?.promote?.(id)));
}

export function removeMember(id: number, store: ClusterStore = clusterStore): Promise<boolean> {
  return runOp(store, 'remove', `remove:${id}`, `n${id}`, (c, f) => (c?.removeMember ? c.removeMember(id) : f?.removeMember?.(id)));
}

export function moveLeaderTo(id: number, store: ClusterStore = clusterStore): Promise<boolean> {
  return runOp(store, 'move-leader', `move:${id}`, `n${id}`, (c, f) => (c?.moveLeader ? c.moveLeader(id) : f?.moveLeader?.(id)));
}

export function setRaftOption(
  name: 'preVote' | 'checkQuorum',
  value: boolean,
  store: ClusterStore = clusterStore,
): Promise<boolean> {
  const o = { [name]: value };
  return runOp(store, 'raft', 'raft', name === 'preVote' ? 'PreVote' : 'CheckQuorum', (c, f) =>
    c?.setRaftOptions ? c.setRaftOptions(o) : f?.setRaftOptions?.(o),
  );
}

/** etcd's --snapshot-count for every member (a restart of each, as a flag change needs). */
export function setSnapshotCount(value: number, store: ClusterStore = clusterStore): Promise<boolean> {
  const o = { snapshotCount: value };
  return runOp(store, 'raft', 'raft', `--snapshot-count=${value}`, (c, f) => (c?.setRaftOptions ? c.setRaftOptions(o) : f?.setRaftOptions?.(o)));
}
