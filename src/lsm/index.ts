// Public API of the LSM engine core (etcdscope's own storage engine; see README.md).
export { LsmTree, DEFAULT_LSM_OPTIONS, type LsmOptions, type LsmStats, type LsmLevelStats } from './lsmTree';
export { type LsmStorage, MemLsmStorage } from './storage';
export { LsmError, type LsmErrorCode } from './errors';
export { buildTable, TableReader, type Entry, type ReadCounters } from './sstable';
export { BloomFilter, buildBloom } from './bloom';
