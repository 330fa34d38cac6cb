// Public API of the bolt core: a bbolt-format database held in memory, no I/O.
// See README.md in this folder for the contract with the persistence layer.

export { DB, DEFAULT_PAGE_SIZE, type CommitRecord, type DBOptions, type DBStats } from './db';
export { Tx, type WriteBatch } from './tx';
export { Bucket, DEFAULT_FILL_PERCENT, MAX_KEY_SIZE, MAX_VALUE_SIZE, type KeyLike } from './bucket';
export { Cursor, type CursorEntry } from './cursor';
export { BoltError, type BoltErrorCode } from './errors';
export { type Meta, type BucketHeader } from './meta';
export { check } from './check';
export {
  inspect,
  inspectBuckets,
  inspectCommits,
  inspectFreelist,
  inspectMetas,
  inspectPages,
  inspectPage,
  type PageElements,
  type BucketInfo,
  type DbInspection,
  type FreelistInfo,
  type MetaInfo,
  type PageInfo,
  type PageKind,
} from './inspect';
export * from './etcdSchema';
export { describeCommit, describeMeta, describePages } from './describe';
