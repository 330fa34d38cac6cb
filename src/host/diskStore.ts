// Opening a member's durable store: what survived (WAL records, the bbolt file) and the Disk to go
// on with. IndexedDB (src/platform/browser/idbDisk.ts) and the simulator's memory disk
// (src/sim/simDiskStore.ts) implement it; src/host/diskContract.ts holds both to the same rules.
import type { Disk } from './ports';
import type { StoredSnapshot } from '../etcd/nodeTypes';

/** A write the store could not make durable. The member stops on it, as etcd does on a failed fsync. */
export class StorageError extends Error {
  override name = 'StorageError';
}

/** A second open of a member's store while the first still holds it (two workers, two tabs). */
export class StoreInUseError extends StorageError {
  override name = 'StoreInUseError';
  constructor(readonly store: string) {
    super(`the store ${store} is already open in another worker or tab; only one may write a member's WAL`);
  }
}

/** What a browser reports when the origin's storage quota is exhausted, in our words. */
export const QUOTA_EXHAUSTED = 'storage quota exhausted';

export const walWriteFailed = (why: string): StorageError => new StorageError(`WAL write failed: ${why}`);
export const pageWriteFailed = (why: string): StorageError => new StorageError(`page store write failed: ${why}`);

/**
 * Faults a test injects into a store's next writes. Each is consumed by the write it hits. Production
 * passes none; the disks check one field per write.
 */
export interface DiskFaults {
  /** The next write of this kind fails as a full disk fails it (the browser's QuotaExceededError). */
  quotaExceeded?: 'wal' | 'pages';
  /** The next page batch dies half-written, as when the process stops inside the write. */
  tearNextPageBatch?: boolean;
}

/** Takes the quota fault if it is armed for `kind`: true means "fail this write". */
export function takeQuotaFault(faults: DiskFaults | null | undefined, kind: 'wal' | 'pages'): boolean {
  if (!faults || faults.quotaExceeded !== kind) return false;
  faults.quotaExceeded = undefined;
  return true;
}

/** Takes the torn-batch fault if armed. */
export function takeTearFault(faults: DiskFaults | null | undefined): boolean {
  if (!faults?.tearNextPageBatch) return false;
  faults.tearNextPageBatch = false;
  return true;
}

export interface OpenOptions {
  /** A write failed (quota, I/O): the member must stop. Never called for a write reported durable. */
  onFatal?: (err: StorageError) => void;
  faults?: DiskFaults;
}

export interface OpenedStore {
  /** Every WAL record that survived, in append order (one record = one raft Ready). */
  readonly walRecords: readonly Uint8Array[];
  /** The bbolt file: pages [0, high water) as of the last page batch that landed whole; empty if none. */
  readonly dbFile: Uint8Array;
  /** Raft snapshot records that survived (etcd's member/snap), oldest first; the newest may carry its db. */
  readonly snapshots: readonly StoredSnapshot[];
  readonly disk: Disk;
  /** Cuts WAL records from `fromIndex` on (a torn tail, etcd's wal.Repair) before anything is appended. */
  truncateWal(fromIndex: number): Promise<void>;
  /** Lets go of the store (its lock); writes already issued still land. */
  close(): Promise<void>;
}

/** Where a host opens member stores by name. One open at a time per name. */
export interface DiskStore {
  /** Rejects with StoreInUseError while another open of `name` holds it. */
  open(name: string, opts?: OpenOptions): Promise<OpenedStore>;
}
