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
}

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

  let pendingSnap: ClusterSnapshot | null = null;
  let pendingEvents: ClusterEvent[] = [];
  let scheduled = false;
  let live = true;

  const flush = () => {
    scheduled = false;
    if (!live) return;
    const snap = pendingSnap;
    const evs = pendingEvents;
    pendingSnap = null;
    pendingEvents = [];
    store.setState((s) => {
      const patch: Partial<ClusterState> = snap ? reduceSnapshot(s, snap, now()) : {};
      if (evs.length) patch.events = reduceEvents(s.events, evs);
      return patch;
    });
  };
  const request = () => {
    if (scheduled) return;
    scheduled = true;
    schedule(flush);
  };

  // Start from the controller's current state so the first frame is not blank.
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
    unsubscribe();
    if (controllers.get(store) === controller) controllers.delete(store);
  };
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
