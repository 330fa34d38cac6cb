// meta/consistent_index: the raft index of the last entry whose effects are in the backend
// (etcd 3.4 mvcc/kvstore.go saveIndex / ConsistentIndex). It is written in the same bolt transaction
// as the data of that entry, so after a crash the committed file says exactly which entries it
// already holds: the node replays only the WAL entries above it — never one twice, never one lost.

import { bytesToU64, u64ToBytes } from '../bolt';
import { BackendError } from './errors';

export const encodeConsistentIndex = (index: number): Uint8Array => u64ToBytes(index);

/** A missing key means nothing was ever applied (a fresh db, or one etcd never wrote it to): 0. */
export function decodeConsistentIndex(v: Uint8Array | null): number {
  if (v === null) return 0;
  if (v.length !== 8) throw new BackendError('corrupt', `meta/consistent_index is ${v.length} bytes, expected 8 (u64 big-endian)`);
  try {
    return bytesToU64(v);
  } catch {
    throw new BackendError('corrupt', 'meta/consistent_index is beyond 2^53 (not an index this implementation can hold)');
  }
}
