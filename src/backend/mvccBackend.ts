// The KV store's storage on the bolt backend: etcd's `key` bucket (disk-formats.md §2.2–2.4).
//   key bucket:  17-byte revision {main BE, '_', sub BE} → marshalled mvccpb.KeyValue;
//                a delete is stored under the 18-byte key (revision + 't') with a KeyValue holding
//                only the key.
//   meta bucket: scheduledCompactRev / finishedCompactRev → 17-byte revision {C, 0}.
// Bucket order is revision order, so forEachRevision is a cursor walk.

import type { KeyValue } from '../etcd/api';
import type { MvccBackend } from '../mvcc/backend';
import type { Revision } from '../mvcc/revision';
import { decodeRevision, encodeRevision, REV_BYTES_LEN } from '../bolt';
import { decodeKeyValue, encodeKeyValue } from '../pb/mvccpb';
import type { Backend } from './backend';
import { BackendError } from './errors';
import { KEY_BUCKET, META_BUCKET } from './schema';
import { LsmMvccBackend } from './lsmBackend';

/** The KV store's storage on this backend, by its engine (`--backend-engine`). */
export function mvccBackendFor(backend: Backend): MvccBackend {
  return backend.engine === 'lsm' ? new LsmMvccBackend(backend) : new BoltMvccBackend(backend);
}

type CompactMetaKey = 'scheduledCompactRev' | 'finishedCompactRev';

export class BoltMvccBackend implements MvccBackend {
  constructor(readonly backend: Backend) {}

  beginWrite(): void {
    // The batch tx is always open; nothing to do (etcd: batchTx.Lock).
  }

  putRevision(rev: Revision, kv: KeyValue, tombstone: boolean): void {
    // A tombstone's record is KeyValue{key} only, whatever else the caller's object carries.
    const value = encodeKeyValue(tombstone ? { key: kv.key, value: kv.value.subarray(0, 0), createRevision: 0, modRevision: 0, version: 0, lease: 0n } : kv);
    this.backend.batchTx().unsafeSeqPut(KEY_BUCKET, encodeRevision(rev, tombstone), value);
    this.backend.noteRecordPut(REV_BYTES_LEN + value.length);
  }

  getRevision(rev: Revision): KeyValue | undefined {
    const e = this.seek(rev);
    this.backend.noteLookup(e?.pages ?? 0);
    return e === null || e.value === null ? undefined : decodeRecord(e.key, e.value);
  }

  deleteRevision(rev: Revision): void {
    const e = this.seek(rev);
    if (e === null || e.value === null) return;
    this.backend.batchTx().unsafeDelete(KEY_BUCKET, e.key);
    this.backend.noteRecordDeleted(REV_BYTES_LEN + e.value.length);
  }

  putMeta(name: CompactMetaKey, main: number): void {
    this.backend.batchTx().unsafePut(META_BUCKET, name, encodeRevision({ main, sub: 0 }));
  }

  getMeta(name: CompactMetaKey): number | undefined {
    const v = this.backend.batchTx().unsafeGet(META_BUCKET, name);
    if (v === null) return undefined;
    try {
      return decodeRevision(v).main;
    } catch {
      throw new BackendError('corrupt', `meta/${name} is not a 17-byte revision (${v.length} bytes)`);
    }
  }

  /** etcd's batchTx.Unlock: the batch limit is checked once the whole KV txn is in. */
  endWrite(): void {
    this.backend.endWrite();
  }

  /** A cursor walk in key = revision order; `fn` returning false stops it. */
  forEachRevision(fn: (rev: Revision, kv: KeyValue, tombstone: boolean) => boolean | void): void {
    const c = this.backend.batchTx().bucket(KEY_BUCKET).cursor();
    for (let e = c.first(); e !== null; e = c.next()) {
      if (e.value === null) continue;
      const r = decodeKey(e.key);
      if (fn({ main: r.main, sub: r.sub }, decodeRecord(e.key, e.value), r.tombstone) === false) return;
    }
  }

  /**
   * The record at rev, plain or tombstone (exactly one of the two can exist), and the pages the
   * search touched (value null: not there). Null only when the bucket is empty.
   */
  private seek(rev: Revision): { key: Uint8Array; value: Uint8Array | null; pages: number } | null {
    const want = encodeRevision(rev);
    const c = this.backend.batchTx().bucket(KEY_BUCKET).cursor();
    const e = c.seek(want);
    const pages = c.pathPages();
    if (e === null || e.value === null || e.key.length < REV_BYTES_LEN) return { key: want, value: null, pages };
    for (let i = 0; i < REV_BYTES_LEN; i++) if (e.key[i] !== want[i]) return { key: want, value: null, pages };
    return { key: e.key, value: e.value, pages };
  }
}

function decodeKey(k: Uint8Array): ReturnType<typeof decodeRevision> {
  try {
    return decodeRevision(k);
  } catch (e) {
    throw new BackendError('corrupt', `key bucket holds a key that is not a revision: ${(e as Error).message}`);
  }
}

function decodeRecord(k: Uint8Array, v: Uint8Array): KeyValue {
  try {
    return decodeKeyValue(v);
  } catch (e) {
    const r = decodeKey(k);
    throw new BackendError('corrupt', `key bucket: revision ${r.main}_${r.sub} does not hold an mvccpb.KeyValue (${(e as Error).message})`);
  }
}
