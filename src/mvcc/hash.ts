// HashKV as etcd 3.4 computes it (mvcc/kvstore.go HashByRev): CRC-32C over the bucket name "key",
// then every stored record with revision <= rev in bucket (revision) order, key bytes then value
// bytes, where the value is the marshalled mvccpb.KeyValue. Records below the compaction point are
// exactly the ones compaction kept (the backend deleted the rest), as etcd's `keep` set selects.
// With the same history, the number equals a real member's `endpoint hashkv`.

import { crc32c } from '../lib/crc32c';
import { utf8 } from '../lib/bytes';
import { encodeKeyValue } from '../pb/mvccpb';
import type { MvccBackend } from './backend';
import { revToBytes } from './revision';

const KEY_BUCKET = utf8('key');

export function hashByRev(backend: MvccBackend, rev: number): number {
  let h = crc32c(KEY_BUCKET);
  backend.forEachRevision((r, kv, tombstone) => {
    if (r.main > rev) return false;
    h = crc32c(revToBytes(r, tombstone), h);
    h = crc32c(encodeKeyValue(kv), h);
    return true;
  });
  return h;
}
