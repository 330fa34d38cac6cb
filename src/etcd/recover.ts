// A member's restart from what its host persisted (etcd 3.4 etcdserver/storage.go readWAL,
// backend.go recoverSnapshotBackend): the newest snapshot the WAL references and whose state
// machine is at hand, the WAL records after it, and the backend from the page store — or, when the
// page store does not yet hold the snapshot's db (a crash between persisting a received snapshot
// and rewriting the pages), from the db saved with the snapshot.
import type { BackendEngine } from '../backend/engineStats';
import { MemoryStorage } from '../raft';
import type { Snapshot } from '../raft/types';
import { decodeWalRecords, WalCorruptError, type DecodedWal } from '../wal';
import { decodeSnapFile, SnapFileError } from '../wal/snapFile';
import { Backend } from '../backend';
import type { StoredSnapshot } from './nodeTypes';

export interface Recovered {
  storage: MemoryStorage;
  backend: Backend;
  wal: DecodedWal;
  /** The snapshot recovery started from, if any. */
  snapshot?: Snapshot;
  /** Snapshots passed over (bad CRC, not in the WAL, state machine missing), with why. */
  skipped: string[];
}

export function recoverMember(walRecords: Uint8Array[], dbFile: Uint8Array | undefined, snapshots: readonly StoredSnapshot[], engine?: BackendEngine): Recovered {
  const fileBackend = dbFile && dbFile.length ? Backend.open(dbFile) : undefined;
  const consistentIndex = fileBackend?.consistentIndex() ?? 0;
  const skipped: string[] = [];
  // etcd loads the newest .snap first and falls back to older ones (a broken one is renamed .broken).
  for (const stored of [...snapshots].sort((a, b) => b.index - a.index)) {
    let snap: Snapshot;
    try {
      snap = decodeSnapFile(stored.snapFile);
    } catch (e) {
      if (!(e instanceof SnapFileError)) throw e;
      skipped.push(`snapshot ${stored.index}: ${e.message}`);
      continue;
    }
    const { index, term } = snap.metadata;
    if (index !== stored.index || term !== stored.term) {
      skipped.push(`snapshot ${stored.index}: file says index ${index} term ${term}`);
      continue;
    }
    // The db must hold everything up to the snapshot: the page store (consistent_index) or the db saved with it.
    if (consistentIndex < index && !stored.db) {
      skipped.push(`snapshot ${index}: db file is at ${consistentIndex} and no snapshot db was saved`);
      continue;
    }
    let wal: DecodedWal;
    try {
      wal = decodeWalRecords(walRecords, { from: { index, term } });
    } catch (e) {
      if (!(e instanceof WalCorruptError)) throw e;
      skipped.push(`snapshot ${index}: ${e.message}`);
      continue;
    }
    if (!wal.snapshotFound) {
      skipped.push(`snapshot ${index}: not referenced by the WAL (ErrSnapshotNotFound)`);
      continue;
    }
    const storage = new MemoryStorage();
    storage.applySnapshot(snap);
    if (wal.entries.length) storage.append(wal.entries);
    // raft's loadState refuses a commit below the snapshot (everything in it is committed).
    if (wal.hardState) storage.setHardState({ ...wal.hardState, commit: Math.max(wal.hardState.commit, index) });
    const backend = consistentIndex >= index && fileBackend ? fileBackend : Backend.fromSnapshot(stored.db!, { skipHashCheck: true, engine: fileBackend?.engine ?? engine }).backend;
    return { storage, backend, wal, snapshot: snap, skipped };
  }
  const wal = decodeWalRecords(walRecords);
  const storage = new MemoryStorage();
  if (wal.entries.length) storage.append(wal.entries);
  if (wal.hardState) storage.setHardState(wal.hardState);
  return { storage, backend: fileBackend ?? Backend.create({ engine }), wal, skipped };
}
