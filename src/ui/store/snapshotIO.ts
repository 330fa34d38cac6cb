// Import / export of `snapshot.db` files from the page: export = `etcdctl snapshot save` from one
// member; import = `etcdctl snapshot restore` into a fresh cluster. A bad file is refused by the
// controller before anything is stopped, so the running cluster is untouched; the outcome is kept
// here (one at a time) for the status banner, with the backend's error code for a translated message.
import { createStore } from 'zustand/vanilla';
import { getController } from './clusterStore';
import { downloadFile } from './download';

export type SnapshotRejectCode = 'not-bolt' | 'corrupt' | 'missing-hash' | 'bad-hash' | 'missing-bucket' | 'empty' | 'unreadable' | 'unsupported' | 'failed';

export type SnapshotOutcome =
  | { ok: true; op: 'import'; fileName: string; sizeBytes: number }
  | { ok: true; op: 'export'; fileName: string; sizeBytes: number; member: string }
  | { ok: false; op: 'import' | 'export'; fileName: string; code: SnapshotRejectCode; detail: string };

export interface SnapshotIOState {
  busy: 'import' | 'export' | null;
  outcome: SnapshotOutcome | null;
  /** Increments with every outcome, so the banner can re-announce the same text. */
  seq: number;
}

export const snapshotStore = createStore<SnapshotIOState>(() => ({ busy: null, outcome: null, seq: 0 }));

const KNOWN_CODES: readonly SnapshotRejectCode[] = ['not-bolt', 'corrupt', 'missing-hash', 'bad-hash', 'missing-bucket'];

function finish(outcome: SnapshotOutcome): void {
  snapshotStore.setState((s) => ({ busy: null, outcome, seq: s.seq + 1 }));
}

export function dismissSnapshotOutcome(): void {
  snapshotStore.setState({ outcome: null });
}

/** Classify a restore failure: the hub puts the backend's code on the error; older controllers only say it in the text. */
export function rejectCode(err: unknown): SnapshotRejectCode {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (KNOWN_CODES as readonly string[]).includes(code)) return code as SnapshotRejectCode;
  const m = err instanceof Error ? err.message : String(err);
  if (/hash mismatch/.test(m)) return 'bad-hash';
  if (/missing hash/.test(m)) return 'missing-hash';
  if (/not a usable bbolt|invalid|magic/.test(m)) return 'not-bolt';
  if (/bucket .* is missing|not an etcd backend/.test(m)) return 'missing-bucket';
  if (/not a usable etcd snapshot/.test(m)) return 'corrupt';
  return 'failed';
}

/** Restore a cluster from a dropped or picked file. Resolves to whether the cluster was restored. */
export async function importSnapshotFile(file: { name: string; arrayBuffer(): Promise<ArrayBuffer> }): Promise<boolean> {
  if (snapshotStore.getState().busy) return false;
  const c = getController();
  if (!c?.restoreSnapshot) {
    finish({ ok: false, op: 'import', fileName: file.name, code: 'unsupported', detail: '' });
    return false;
  }
  snapshotStore.setState({ busy: 'import' });
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    finish({ ok: false, op: 'import', fileName: file.name, code: 'unreadable', detail: e instanceof Error ? e.message : String(e) });
    return false;
  }
  if (bytes.length === 0) {
    finish({ ok: false, op: 'import', fileName: file.name, code: 'empty', detail: '' });
    return false;
  }
  try {
    await c.restoreSnapshot(bytes);
    finish({ ok: true, op: 'import', fileName: file.name, sizeBytes: bytes.length });
    return true;
  } catch (e) {
    finish({ ok: false, op: 'import', fileName: file.name, code: rejectCode(e), detail: e instanceof Error ? e.message : String(e) });
    return false;
  }
}

/** `etcdctl snapshot save` from one member, offered to the browser as a download named snapshot.db. */
export async function exportSnapshot(member: number, memberName: string, download: (bytes: Uint8Array, name: string) => void = browserDownload): Promise<boolean> {
  if (snapshotStore.getState().busy) return false;
  const c = getController();
  const fileName = 'snapshot.db';
  if (!c?.saveSnapshot) {
    finish({ ok: false, op: 'export', fileName, code: 'unsupported', detail: '' });
    return false;
  }
  snapshotStore.setState({ busy: 'export' });
  try {
    const bytes = await c.saveSnapshot(member);
    download(bytes, fileName);
    finish({ ok: true, op: 'export', fileName, sizeBytes: bytes.length, member: memberName });
    return true;
  } catch (e) {
    finish({ ok: false, op: 'export', fileName, code: 'failed', detail: e instanceof Error ? e.message : String(e) });
    return false;
  }
}

function browserDownload(bytes: Uint8Array, name: string): void {
  downloadFile(bytes as BlobPart, name, 'application/octet-stream');
}
