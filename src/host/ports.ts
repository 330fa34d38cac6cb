// The ports through which a host (a Web Worker, or the Node simulator) connects a synchronous node core
// to the outside world. Adapters implement them; the core and the driver never await anything.
import type { Message, NodeId } from '../raft/types';
import type { BackendBatch } from '../backend';
import type { SnapshotSave } from '../etcd/nodeTypes';

/** Durable storage of one member. */
export interface Disk {
  /**
   * Append one WAL record (one raft Ready) durably; call `onDurable` once it would survive a crash.
   * Records become durable in append order, and `onDurable` fires in that order, even with several
   * appends in flight (the driver keeps one in flight; src/host/diskContract.ts checks the rule).
   */
  appendWal(record: Uint8Array, onDurable: () => void): void;
  /**
   * Persist one backend commit (bolt pages, meta last) atomically, after every earlier one. It may
   * lag the WAL: recovery replays the WAL above the file's consistent_index. `onStored` (optional)
   * is called once the batch is stored, for the backend commit latency metric.
   */
  writePages(batch: BackendBatch, onStored?: () => void): void;
  /**
   * Persist a raft snapshot atomically: its `.snap` record, its WAL record (appended to the WAL
   * like appendWal's, in the same CRC chain) and, for a snapshot received from the leader, the db
   * file that came with it (kept until a newer snapshot replaces it: recovery rebuilds the backend
   * from it while the page store is older). It must become durable only after every page batch
   * written before it (the snapshot's db state), and, like appendWal, one at a time, in order.
   * Replacing the page store's whole file is a `writePages` batch with `replacesFile`.
   */
  saveSnapshot(save: SnapshotSave, onDurable: () => void): void;
}

/** The member's view of the network: fire and forget, like raft's transport. */
export interface Transport {
  send(messages: Message[]): void;
}
