// Snapshot files, as `etcdctl snapshot save` writes them and `snapshot status` / `snapshot restore`
// read them (disk-formats.md §4.2–4.4): the bolt image of a read tx (bbolt Tx.WriteTo: meta 0 = T,
// meta 1 = T−1, then the pages up to the high-water mark), followed by the 32-byte SHA-256 of that
// image. A reader recognises the trailer by size: body is whole pages, so size % 512 == 32.

import { check, type DB, decodeRevision } from '../bolt';
import { bytesEqual, toHex, utf8 } from '../lib/bytes';
import { crc32c } from '../lib/crc32c';
import { decodeKeyValue } from '../pb/mvccpb';
import { guard, openBoltFile } from './boltFile';
import { decodeConsistentIndex } from './consistentIndex';
import { BackendError } from './errors';
import { CONSISTENT_INDEX_KEY, FINISHED_COMPACT_KEY, KEY_BUCKET, META_BUCKET, REQUIRED_BUCKETS, SCHEDULED_COMPACT_KEY } from './schema';
import { sha256 } from './sha256';

export const SNAPSHOT_HASH_SIZE = 32;

/** The body with its SHA-256 appended: the file `etcdctl snapshot save` leaves on disk. */
export function appendSnapshotHash(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + SNAPSHOT_HASH_SIZE);
  out.set(body, 0);
  out.set(sha256(body), body.length);
  return out;
}

/** `etcdctl snapshot status` (clientv3/snapshot Status), plus what the node needs on import. */
export interface SnapshotStatus {
  /** CRC-32C over every bucket name followed by its keys and values, in order. */
  hash: number;
  /** Main revision of the last key of the `key` bucket (0 when empty). */
  revision: number;
  /** Keys in all buckets. */
  totalKeys: number;
  /** High-water mark × page size (the trailer is not counted). */
  totalSize: number;
  /** meta/consistent_index of the image (0 if absent). */
  consistentIndex: number;
  /** meta/finishedCompactRev main revision, or 0. */
  compactRevision: number;
  /** Whether a SHA-256 trailer was present (and matched). */
  hasHash: boolean;
}

export interface VerifyOptions {
  /** etcdctl --skip-hash-check: accept a file without trailer, or with a wrong one. */
  skipHashCheck?: boolean;
}

/**
 * Check a snapshot file end to end and return its status. Throws only BackendError:
 * 'missing-hash', 'bad-hash', 'not-bolt', 'corrupt' (bolt integrity, or etcd records that do not
 * decode — etcd's restore would die on them), 'missing-bucket'.
 */
export function verifySnapshotFile(bytes: Uint8Array, opts: VerifyOptions = {}): SnapshotStatus {
  return loadSnapshot(bytes, opts).status;
}

/** @internal verify and keep the opened db (Backend.fromSnapshot). */
export function loadSnapshot(bytes: Uint8Array, opts: VerifyOptions = {}): { db: DB; status: SnapshotStatus } {
  return guard('snapshot', () => {
    if (!(bytes instanceof Uint8Array)) throw new BackendError('not-bolt', 'snapshot is not a byte array');
    const { body, hasHash } = splitTrailer(bytes, opts.skipHashCheck ?? false);
    const db = openBoltFile(body, 'snapshot');
    // snapshot status runs bbolt's Tx.Check first; so do we (ours also checks key order). A branch
    // key that differs from its child's first key is harmless to every reader, so it is not fatal.
    const problems = check(db).filter((p) => !/branch key .* is not child/.test(p));
    if (problems.length > 0) {
      throw new BackendError('corrupt', `snapshot file integrity check failed, ${problems.length} error(s): ${problems.slice(0, 5).join('; ')}`);
    }
    return { db, status: { ...validateEtcdSchema(db), hasHash } };
  });
}

function splitTrailer(bytes: Uint8Array, skipHashCheck: boolean): { body: Uint8Array; hasHash: boolean } {
  // etcd's hasChecksum: the body is whole pages, so only a trailer makes size % 512 == 32.
  if (bytes.length % 512 === SNAPSHOT_HASH_SIZE) {
    const body = bytes.subarray(0, bytes.length - SNAPSHOT_HASH_SIZE);
    const want = bytes.subarray(bytes.length - SNAPSHOT_HASH_SIZE);
    if (!skipHashCheck) {
      const got = sha256(body);
      if (!bytesEqual(got, want)) {
        throw new BackendError('bad-hash', `snapshot hash mismatch: expected sha256 ${toHex(want)}, got ${toHex(got)} (file damaged or truncated)`);
      }
    }
    return { body, hasHash: true };
  }
  if (!skipHashCheck) {
    throw new BackendError(
      'missing-hash',
      `snapshot missing hash: ${bytes.length} bytes is not whole 512-byte sectors plus a 32-byte SHA-256 trailer (truncated, or not made by snapshot save)`,
    );
  }
  return { body: bytes, hasHash: false };
}

/** The etcd layer on top of bolt: required buckets, revision keys, KeyValue values, meta values. */
function validateEtcdSchema(db: DB): Omit<SnapshotStatus, 'hasHash'> {
  return db.view((tx) => {
    for (const name of REQUIRED_BUCKETS) {
      if (tx.bucket(name) === null) throw new BackendError('missing-bucket', `not an etcd backend: bucket "${name}" is missing`);
    }
    let h = 0;
    let totalKeys = 0;
    let revision = 0;
    tx.forEach((name, b) => {
      h = crc32c(name, h);
      const isKey = bytesEqual(name, utf8(KEY_BUCKET));
      b.forEach((k, v) => {
        if (v === null) return; // etcd never nests buckets; bbolt's ForEach would hand a nil value
        h = crc32c(k, h);
        h = crc32c(v, h);
        totalKeys++;
        if (!isKey) return;
        let r;
        try {
          r = decodeRevision(k);
        } catch (e) {
          throw new BackendError('corrupt', `key bucket: key ${toHex(k)} is not a revision (${(e as Error).message})`);
        }
        try {
          decodeKeyValue(v);
        } catch (e) {
          throw new BackendError('corrupt', `key bucket: value at revision ${r.main}_${r.sub} is not an mvccpb.KeyValue (${(e as Error).message})`);
        }
        revision = r.main;
      });
    });
    const meta = tx.bucket(META_BUCKET)!;
    const consistentIndex = decodeConsistentIndex(meta.get(CONSISTENT_INDEX_KEY));
    let compactRevision = 0;
    for (const key of [SCHEDULED_COMPACT_KEY, FINISHED_COMPACT_KEY]) {
      const v = meta.get(key);
      if (v === null) continue;
      let main: number;
      try {
        main = decodeRevision(v).main;
      } catch {
        throw new BackendError('corrupt', `meta/${key} is not a 17-byte revision (${v.length} bytes)`);
      }
      if (key === FINISHED_COMPACT_KEY) compactRevision = main;
    }
    return { hash: h >>> 0, revision, totalKeys, totalSize: db.stats().sizeBytes, consistentIndex, compactRevision };
  });
}
