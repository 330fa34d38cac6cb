// The raft core's public surface.
export { RawNode } from './rawNode';
export type { RaftInspect, ProgressInspect, Status } from './rawNode';
export { MemoryStorage } from './storage';
export type { Storage, InitialState } from './storage';
export type { Config } from './config';
export {
  ErrCompacted,
  ErrSnapOutOfDate,
  ErrUnavailable,
  ErrSnapshotTemporarilyUnavailable,
  ErrProposalDropped,
  ErrStepLocalMsg,
  ErrStepPeerNotFound,
} from './errors';
export { encodeConfChange, decodeConfChange } from './confChangeCodec';
export {
  describeMessage,
  describeEntry,
  describeEntries,
  describeReady,
  describeHardState,
  describeSoftState,
  describeSnapshot,
  describeConfState,
  describeConfChange,
  defaultEntryFormatter,
} from './describe';
export type { EntryFormatter } from './describe';
export { ReadOnlyOption } from './readOnly';
export { isEmptySnap, isEmptyHardState, newMessage, newEntry } from './messages';
export * from './types';
