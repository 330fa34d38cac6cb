// Record and replay from the page: the recorder's state (recording / replaying / replayed), the last
// outcome for the banner, and the actions behind the header's buttons and shortcuts. A run file or
// link is checked completely before the recorder resets anything, so a bad one leaves the cluster
// as it was (src/protocol/run.ts says why it was refused).
import { createStore } from 'zustand/vanilla';
import type { ClusterController } from '../../protocol/controller';
import { RunFileError, parseRun, stringifyRun, type RecorderState, type RunErrorCode, type RunFile } from '../../protocol/run';
import { getController } from './clusterStore';
import { downloadFile } from './download';

export type RunFailCode = RunErrorCode | 'unreadable';

export type RunOutcome =
  | { ok: true; kind: 'recording'; seed: number }
  | { ok: true; kind: 'stopped'; actions: number; endMs: number }
  | { ok: true; kind: 'export'; fileName: string; actions: number }
  | { ok: true; kind: 'import' | 'fromLink'; fileName: string; seed: number; members: number; actions: number }
  | { ok: true; kind: 'link'; url: string; copied: boolean }
  | { ok: false; kind: 'import' | 'link'; fileName: string; code: RunFailCode; detail: string }
  | { ok: false; kind: 'noRun' }
  | { ok: false; kind: 'other'; detail: string };

export interface RunIOState {
  recorder: RecorderState;
  hasRun: boolean;
  busy: boolean;
  outcome: RunOutcome | null;
  seq: number;
}

export const runStore = createStore<RunIOState>(() => ({ recorder: { mode: 'idle' }, hasRun: false, busy: false, outcome: null, seq: 0 }));

function finish(outcome: RunOutcome): void {
  runStore.setState((s) => ({ busy: false, outcome, seq: s.seq + 1, hasRun: !!getController()?.recorder?.lastRun() }));
}

export function dismissRunOutcome(): void {
  runStore.setState({ outcome: null });
}

/** Follows the controller's recorder (if it has one); returns the unsubscribe. */
export function connectRecorder(c: ClusterController): () => void {
  const r = c.recorder;
  if (!r) return () => {};
  return r.subscribe((recorder) => runStore.setState({ recorder, hasRun: !!r.lastRun() }));
}

async function guarded(f: () => Promise<void>): Promise<void> {
  if (runStore.getState().busy) return;
  runStore.setState({ busy: true });
  try {
    await f();
  } catch (e) {
    finish({ ok: false, kind: 'other', detail: e instanceof Error ? e.message : String(e) });
  }
}

/** R: start recording, or stop and keep the run. */
export function toggleRecording(): Promise<void> {
  return guarded(async () => {
    const r = getController()?.recorder;
    if (!r) throw new Error('this cluster cannot record');
    if (r.state().mode === 'recording') {
      const run = await r.stopRecording();
      finish({ ok: true, kind: 'stopped', actions: run.actions.length, endMs: run.end.atMs });
    } else {
      await r.startRecording();
      finish({ ok: true, kind: 'recording', seed: getController()?.snapshot().seed ?? 0 });
    }
  });
}

export function runFileName(run: RunFile): string {
  return `etcdscope-run-seed${run.seed}-${run.actions.length}actions.json`;
}

/** E: the last run as a JSON download. */
export function exportRun(download: (text: string, name: string) => void = browserDownload): Promise<void> {
  return guarded(async () => {
    const run = getController()?.recorder?.lastRun();
    if (!run) return finish({ ok: false, kind: 'noRun' });
    const fileName = runFileName(run);
    download(stringifyRun(run), fileName);
    finish({ ok: true, kind: 'export', fileName, actions: run.actions.length });
  });
}

function refusal(kind: 'import' | 'link', fileName: string, e: unknown): RunOutcome {
  if (e instanceof RunFileError) return { ok: false, kind, fileName, code: e.code, detail: e.message };
  return { ok: false, kind: 'other', detail: e instanceof Error ? e.message : String(e) };
}

/** I / the Import button: read, check, replay. A bad file is refused before anything is reset. */
export function importRunFile(file: { name: string; text(): Promise<string> }): Promise<void> {
  return guarded(async () => {
    const r = getController()?.recorder;
    if (!r) throw new Error('this cluster cannot replay');
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      return finish({ ok: false, kind: 'import', fileName: file.name, code: 'unreadable', detail: e instanceof Error ? e.message : String(e) });
    }
    let run: RunFile;
    try {
      run = parseRun(text);
    } catch (e) {
      return finish(refusal('import', file.name, e));
    }
    await r.replay(run);
    finish({ ok: true, kind: 'import', fileName: file.name, seed: run.seed, members: run.config.members, actions: run.actions.length });
  });
}

/** The page was opened with `#run=…`: decode, check, replay (or say why not). */
export function replayFromLink(code: string): Promise<void> {
  return guarded(async () => {
    const r = getController()?.recorder;
    if (!r) throw new Error('this cluster cannot replay');
    let run: RunFile;
    try {
      run = await r.fromLink(code);
    } catch (e) {
      return finish(refusal('link', '', e));
    }
    await r.replay(run);
    finish({ ok: true, kind: 'fromLink', fileName: '', seed: run.seed, members: run.config.members, actions: run.actions.length });
  });
}

/** Copies the link that replays the last run (or shows it when the clipboard is not available). */
export function copyRunLink(): Promise<void> {
  return guarded(async () => {
    const r = getController()?.recorder;
    const run = r?.lastRun();
    if (!r || !run) return finish({ ok: false, kind: 'noRun' });
    const url = await r.link(run);
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      copied = false;
    }
    finish({ ok: true, kind: 'link', url, copied });
  });
}

export function replayLastRun(): Promise<void> {
  return guarded(async () => {
    const r = getController()?.recorder;
    const run = r?.lastRun();
    if (!r || !run) return finish({ ok: false, kind: 'noRun' });
    await r.replay(run);
    finish({ ok: true, kind: 'import', fileName: runFileName(run), seed: run.seed, members: run.config.members, actions: run.actions.length });
  });
}

export function stopReplay(): void {
  getController()?.recorder?.stopReplay();
}

export const MAX_SEED = 0xffffffff;

/** The seed field: a whole number in range, or null. */
export function parseSeed(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t)) return null;
  const n = Number(t);
  return n <= MAX_SEED ? n : null;
}

/** Seed field / size picker: reset with that seed or size, keeping the other and the raft settings. */
export function resetWith(req: { seed?: number; members?: number }): Promise<void> {
  return guarded(async () => {
    const c = getController();
    if (!c) throw new Error('no cluster connected');
    const snap = c.snapshot();
    const raft = c.raftOptions?.();
    await c.reset({ seed: req.seed ?? snap.seed, members: req.members ?? clusterSize(c), ...(raft ? { raft } : {}) });
    runStore.setState({ busy: false });
  });
}

/** The initial cluster's size as the recorder knows it (the members shown, when it cannot tell). */
export function clusterSize(c: ClusterController | null = getController()): number {
  return c?.runConfig?.().members ?? c?.snapshot().members.length ?? 3;
}

function browserDownload(text: string, name: string): void {
  downloadFile(text, name, 'application/json');
}
