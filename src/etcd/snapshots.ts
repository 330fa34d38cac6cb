// etcd's raft snapshots for one member (etcdserver/server.go triggerSnapshot/snapshot,
// raft MemoryStorage.CreateSnapshot/Compact, rafthttp's merged snapshot message, applySnapshot):
//  - every snapshotCount applied entries: snapshot at the applied index (data: the membership, see
//    Membership.toSnapshotData; ConfState in the metadata), persist a `.snap` record and a WAL
//    snapshot record, then compact the in-memory raft log to index − catchUpEntries;
//  - a MsgSnap leaving this member carries the committed db file after the snapshot data;
//  - a MsgSnap arriving here is split: raft gets the snapshot, the db waits for the Ready that
//    installs it and is persisted with that Ready's WAL record.
// Pure bookkeeping: the node decides when; the host persists what take() returns.
import type { MemoryStorage, ProgressInspect } from '../raft';
import type { ConfState, Message, NodeId, Ready } from '../raft/types';
import { MessageType } from '../raft/types';
import type { WalEncoder } from '../wal';
import { encodeSnapFile, mergeSnapshotData, splitSnapshotData, SnapFileError } from '../wal/snapFile';
import { DEFAULT_SNAPSHOT_CATCH_UP_ENTRIES, DEFAULT_SNAPSHOT_COUNT, type EtcdNodeConfig, type SnapshotSave } from './nodeTypes';

/** etcd's rafthttp snapResponseReadTimeout: a MsgSnap not answered in this time is reported failed. */
export const SNAPSHOT_SEND_TIMEOUT_MS = 5_000;

export class Snapshots {
  created = 0;
  sent = 0;
  installed = 0;
  readonly count: number;
  readonly catchUpEntries: number;
  /** Made after apply, not yet handed to the host. */
  private pending: SnapshotSave | null = null;
  /** Handed to the host, not yet durable: the log is compacted once it is. */
  private saving: SnapshotSave | null = null;
  /** The save for the Ready just taken (a snapshot received from the leader). */
  private readySave: SnapshotSave | null = null;
  /** The db file of the last MsgSnap stepped into raft, until its Ready is taken. */
  private incoming: { index: number; db: Uint8Array } | null = null;
  /** The db of the Ready being persisted, installed at advance. */
  private installing: { index: number; db: Uint8Array } | null = null;
  /** MsgSnaps in flight: peer → snapshot index and ticks left before reporting failure. */
  private readonly inFlight = new Map<NodeId, { index: number; ticksLeft: number }>();
  private readonly timeoutTicks: number;

  constructor(
    cfg: EtcdNodeConfig,
    private readonly storage: MemoryStorage,
    private readonly wal: WalEncoder,
  ) {
    this.count = cfg.snapshotCount ?? DEFAULT_SNAPSHOT_COUNT;
    this.catchUpEntries = cfg.snapshotCatchUpEntries ?? DEFAULT_SNAPSHOT_CATCH_UP_ENTRIES;
    this.timeoutTicks = Math.max(1, Math.ceil(SNAPSHOT_SEND_TIMEOUT_MS / (cfg.tickMs ?? 100)));
  }

  /** etcd's snapi: the index of the last snapshot (0: none). */
  get index(): number {
    return this.storage.snapshot().metadata.index;
  }

  get term(): number {
    return this.storage.snapshot().metadata.term;
  }

  /** etcd's triggerSnapshot check: more than snapshotCount entries applied since the last one, none in progress. */
  due(applied: number): boolean {
    return this.pending === null && this.saving === null && applied - this.index > this.count;
  }

  /**
   * CreateSnapshot at `applied` (the caller committed the backend first, so the db file's
   * consistent_index is at least `applied` once its pages land) and queue its persistence.
   */
  create(applied: number, confState: ConfState, data: Uint8Array): void {
    const snap = this.storage.createSnapshot(applied, confState, data);
    const { index, term } = snap.metadata;
    this.pending = { index, term, snapFile: encodeSnapFile(snap), walRecord: this.wal.encodeSnapshot({ index, term }) };
    this.created++;
  }

  /** The next snapshot write for the host: the one of the Ready just taken, else one this member made. */
  take(): SnapshotSave | null {
    if (this.readySave) {
      const s = this.readySave;
      this.readySave = null;
      return s;
    }
    if (this.pending) {
      this.saving = this.pending;
      this.pending = null;
      return this.saving;
    }
    return null;
  }

  /** A snapshot this member made is durable: compact the log behind it (etcd: raftStorage.Compact). True if there was one. */
  onSaved(): boolean {
    const s = this.saving;
    if (!s) return false;
    this.saving = null;
    // etcd keeps SnapshotCatchUpEntries so a slightly slow follower still gets entries, not a snapshot.
    const compactTo = s.index - this.catchUpEntries;
    if (compactTo > this.storage.firstIndex() - 1) this.storage.compact(compactTo);
    return true;
  }

  /** True while a snapshot this member made waits to be persisted (the host must take it first). */
  hasPending(): boolean {
    return this.pending !== null;
  }

  /** A MsgSnap from the leader: keep its db, hand raft the snapshot with its own data. Null: malformed, dropped. */
  receive(m: Message): Message | null {
    if (m.type !== MessageType.MsgSnap || !m.snapshot) return m;
    try {
      const { data, db } = splitSnapshotData(m.snapshot.data);
      this.incoming = { index: m.snapshot.metadata.index, db: db.slice() };
      return { ...m, snapshot: { ...m.snapshot, data: data.slice() } };
    } catch (e) {
      if (e instanceof SnapFileError) return null;
      throw e;
    }
  }

  /** The WAL record for a Ready that installs a snapshot; its db and `.snap` go in the same write. */
  readyRecord(rd: Ready): Uint8Array {
    const snap = rd.snapshot!;
    const { index, term } = snap.metadata;
    const db = this.incoming?.index === index ? this.incoming.db : undefined;
    if (!db) throw new Error(`raft installs snapshot ${index} but no db file arrived with it`);
    this.incoming = null;
    this.installing = { index, db };
    const walRecord = this.wal.encodeReady(rd.hardState, rd.entries, { index, term });
    this.readySave = { index, term, snapFile: encodeSnapFile(snap), walRecord, db };
    return walRecord;
  }

  /** The db of the snapshot whose Ready is now durable, for the node to install. */
  takeInstallingDb(index: number): Uint8Array {
    const i = this.installing;
    this.installing = null;
    if (!i || i.index !== index) throw new Error(`snapshot ${index} installed without its db file`);
    return i.db;
  }

  /** A MsgSnap leaving: append the db file (etcd's createMergedSnapshotMessage) and start its timer. */
  outgoing(m: Message, dbImage: () => Uint8Array): Message {
    if (m.type !== MessageType.MsgSnap || !m.snapshot) return m;
    this.sent++;
    this.inFlight.set(m.to, { index: m.snapshot.metadata.index, ticksLeft: this.timeoutTicks });
    return { ...m, snapshot: { ...m.snapshot, data: mergeSnapshotData(m.snapshot.data, dbImage()) } };
  }

  /**
   * One tick on the leader: a peer still waiting in Progress `snapshot` for the snapshot we sent
   * after the timeout is reported failed (etcd's sender reports SnapshotFailure when the POST
   * fails), so raft probes it again; one that left the state needs nothing.
   */
  onTick(progressOf: () => readonly ProgressInspect[], report: (to: NodeId, ok: boolean) => void): void {
    if (this.inFlight.size === 0) return;
    const progress = progressOf();
    for (const [to, f] of this.inFlight) {
      const pr = progress.find((p) => p.id === to);
      if (!pr || pr.state !== 'snapshot' || pr.pendingSnapshot !== f.index) {
        this.inFlight.delete(to);
        continue;
      }
      if (--f.ticksLeft > 0) continue;
      this.inFlight.delete(to);
      report(to, false);
    }
  }
}
