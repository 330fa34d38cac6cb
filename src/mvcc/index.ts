export { KVStore, type KVStoreOptions, type KVStoreInspect, type CommitListener, type RangeResult, rangeRequest } from './kvStore';
export { DEFAULT_MAX_TXN_OPS, checkRangeRequest, checkPutRequest, checkDeleteRequest, checkTxnRequest, checkIntervals, isTxnReadonly } from './txnCheck';
export { type MvccBackend, MemBackend } from './backend';
export { type Revision, compareRev, revToBytes, bytesToRev, revKey } from './revision';
export { KeyIndex, Generation } from './keyIndex';
export { TreeIndex } from './treeIndex';
export * from './errors';
export { WatchableStore, type WatchSpec, type WatcherResponse, type WatchFilter, MAX_REVS_PER_BATCH } from './watchableStore';
export { hashByRev } from './hash';
