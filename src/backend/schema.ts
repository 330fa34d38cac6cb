// The buckets a fresh etcd 3.4 backend holds (disk-formats.md §2.1), and the meta keys it writes.
// In etcd each component creates its own buckets at startup if they are missing — mvcc (key, meta),
// lessor (lease), auth store (auth, authUsers, authRoles), membership (members, members_removed,
// cluster), alarms (alarm) — so every 3.4 db has all ten, even when most are empty.

import { ETCD_BUCKET_NAMES, type EtcdBucketName, META_KEYS, u64ToBytes } from '../bolt';

export const BUCKETS = ETCD_BUCKET_NAMES;
export type BucketName = EtcdBucketName;

export const KEY_BUCKET = 'key' as const;
export const META_BUCKET = 'meta' as const;
export const AUTH_BUCKET = 'auth' as const;

/** The buckets without which a bolt file is not an etcd backend (what import insists on). */
export const REQUIRED_BUCKETS: readonly BucketName[] = [KEY_BUCKET, META_BUCKET];

export const CONSISTENT_INDEX_KEY = META_KEYS.consistentIndex;
export const SCHEDULED_COMPACT_KEY = META_KEYS.scheduledCompactRev;
export const FINISHED_COMPACT_KEY = META_KEYS.finishedCompactRev;

/**
 * auth/authRevision: etcd's NewAuthStore commits revision 1 when it finds none, so a fresh member's
 * db has it (u64 big-endian) before any auth command ran.
 */
export const AUTH_REVISION_KEY = 'authRevision';
export const initialAuthRevision = (): Uint8Array => u64ToBytes(1);
