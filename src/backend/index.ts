// Public API of the backend core: etcd 3.4's mvcc/backend on top of src/bolt. See README.md.

export {
  Backend,
  DEFAULT_BATCH_INTERVAL_TICKS,
  DEFAULT_BATCH_LIMIT,
  type BackendInspection,
  type BackendOptions,
  type BackendStats,
  type DefragResult,
} from './backend';
export { BatchTx, SEQ_FILL_PERCENT } from './batchTx';
export { type BackendBatch } from './boltFile';
export { BoltMvccBackend, mvccBackendFor } from './mvccBackend';
export { LsmMvccBackend, LSM_BUCKET } from './lsmBackend';
export { BACKEND_ENGINES, type BackendEngine, type EngineChoice, type EngineStats, checkEngineChoice, engineFields, engineFor, engineRatios } from './engineStats';
export { BackendError, type BackendErrorCode } from './errors';
export { MemPageStore } from './pageStore';
export {
  LEASE_BUCKET,
  type LeaseRecord,
  decodeLease,
  deleteLease,
  encodeLease,
  leaseIdFromKey,
  leaseIdKey,
  putLease,
  readLeases,
} from './leaseBucket';
export {
  DEFAULT_QUOTA_BYTES,
  KV_OVERHEAD,
  LEASE_OVERHEAD,
  MAX_QUOTA_BYTES,
  costLeaseGrant,
  costPut,
  costTxn,
  effectiveQuota,
  wouldExceedQuota,
} from './quota';
export { SNAPSHOT_HASH_SIZE, type SnapshotStatus, type VerifyOptions, appendSnapshotHash, verifySnapshotFile } from './snapshot';
export { Sha256, sha256 } from './sha256';
export { BUCKETS, REQUIRED_BUCKETS } from './schema';
