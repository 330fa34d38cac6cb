// The KV store's revision records on the LSM engine (src/lsm) instead of the `key` bucket: the
// same MvccBackend contract BoltMvccBackend fulfils, so MVCC, watch, lease and compaction code is
// unchanged (`--backend-engine=lsm`, etcdscope's own).
//
// Files: the tree's tables and manifest are kept in bucket `lsm` of the member's bbolt file (the
// bbolt file serves as the LSM's file system; etcd's other buckets stay beside them). The tree has
// no WAL: its memtable is flushed at every backend commit, inside the same bolt transaction as
// `consistent_index`, so a crash loses exactly the entries raft's WAL replays (as with bbolt).
//
// Record encoding in the tree: key = the 17-byte revision; value = 1 flag byte (1 = tombstone,
// i.e. etcd's 't' key suffix) ‖ marshalled mvccpb.KeyValue.
import type { KeyValue } from '../etcd/api';
import type { MvccBackend } from '../mvcc/backend';
import type { Revision } from '../mvcc/revision';
import type { LsmStorage, LsmTree } from '../lsm';
import { decodeRevision, encodeRevision } from '../bolt';
import { decodeKeyValue, encodeKeyValue } from '../pb/mvccpb';
import { utf8 } from '../lib/bytes';
import type { Backend } from './backend';
import type { BatchTx } from './batchTx';
import { BackendError } from './errors';
import { META_BUCKET } from './schema';

/** etcdscope's own bucket: the LSM engine's files. Its presence marks a file as an lsm member's. */
export const LSM_BUCKET = 'lsm';
const MANIFEST_KEY = utf8('manifest');
const TABLE_PREFIX = 0x74; // 't'

function tableKey(id: number): Uint8Array {
  const k = new Uint8Array(9);
  k[0] = TABLE_PREFIX;
  new DataView(k.buffer).setBigUint64(1, BigInt(id));
  return k;
}

/** LsmStorage in the backend's batch tx: written with the next commit, atomically with everything else. */
export class BoltLsmStorage implements LsmStorage {
  constructor(private readonly tx: () => BatchTx) {}

  readManifest(): Uint8Array | null {
    return this.tx().unsafeGet(LSM_BUCKET, MANIFEST_KEY);
  }

  writeManifest(bytes: Uint8Array): void {
    this.tx().unsafePut(LSM_BUCKET, MANIFEST_KEY, bytes);
  }

  readTable(id: number): Uint8Array | null {
    // A copy: bolt hands out views of its pages, which later commits may reuse.
    return this.tx().unsafeGet(LSM_BUCKET, tableKey(id))?.slice() ?? null;
  }

  writeTable(id: number, bytes: Uint8Array): void {
    this.tx().unsafePut(LSM_BUCKET, tableKey(id), bytes);
  }

  deleteTable(id: number): void {
    this.tx().unsafeDelete(LSM_BUCKET, tableKey(id));
  }

  listTables(): number[] {
    const ids: number[] = [];
    this.tx().unsafeForEach(LSM_BUCKET, (k) => {
      if (k.length === 9 && k[0] === TABLE_PREFIX) ids.push(Number(new DataView(k.buffer, k.byteOffset, 9).getBigUint64(1)));
    });
    return ids;
  }
}

const TOMBSTONE = 1;

/** The stored value: flag ‖ KeyValue (a tombstone's KeyValue holds only the key, as etcd's). */
export function encodeLsmRecord(kv: KeyValue, tombstone: boolean): Uint8Array {
  const body = encodeKeyValue(tombstone ? { key: kv.key, value: kv.value.subarray(0, 0), createRevision: 0, modRevision: 0, version: 0, lease: 0n } : kv);
  const out = new Uint8Array(body.length + 1);
  out[0] = tombstone ? TOMBSTONE : 0;
  out.set(body, 1);
  return out;
}

function decodeLsmRecord(key: Uint8Array, v: Uint8Array): { kv: KeyValue; tombstone: boolean } {
  try {
    return { kv: decodeKeyValue(v.subarray(1)), tombstone: v[0] === TOMBSTONE };
  } catch (e) {
    throw new BackendError('corrupt', `lsm: revision ${describeKey(key)} does not hold an mvccpb.KeyValue (${(e as Error).message})`);
  }
}

function describeKey(k: Uint8Array): string {
  try {
    const r = decodeRevision(k);
    return `${r.main}_${r.sub}`;
  } catch {
    return `(${k.length}-byte key)`;
  }
}

export class LsmMvccBackend implements MvccBackend {
  constructor(readonly backend: Backend) {}

  private get tree(): LsmTree {
    return this.backend.lsmTree();
  }

  beginWrite(): void {}

  putRevision(rev: Revision, kv: KeyValue, tombstone: boolean): void {
    const key = encodeRevision(rev);
    const value = encodeLsmRecord(kv, tombstone);
    this.tree.put(key, value);
    this.backend.noteRecordPut(key.length + value.length - 1);
  }

  getRevision(rev: Revision): KeyValue | undefined {
    const key = encodeRevision(rev);
    const before = this.tree.stats().blocksRead;
    const v = this.tree.get(key);
    this.backend.noteLookup(this.tree.stats().blocksRead - before);
    return v === undefined ? undefined : decodeLsmRecord(key, v).kv;
  }

  deleteRevision(rev: Revision): void {
    const key = encodeRevision(rev);
    const v = this.tree.get(key, false);
    if (v === undefined) return;
    this.tree.delete(key);
    this.backend.noteRecordDeleted(key.length + v.length - 1);
  }

  putMeta(name: 'scheduledCompactRev' | 'finishedCompactRev', main: number): void {
    this.backend.batchTx().unsafePut(META_BUCKET, name, encodeRevision({ main, sub: 0 }));
  }

  getMeta(name: 'scheduledCompactRev' | 'finishedCompactRev'): number | undefined {
    const v = this.backend.batchTx().unsafeGet(META_BUCKET, name);
    if (v === null) return undefined;
    try {
      return decodeRevision(v).main;
    } catch {
      throw new BackendError('corrupt', `meta/${name} is not a 17-byte revision (${v.length} bytes)`);
    }
  }

  endWrite(): void {
    this.backend.endWrite();
  }

  forEachRevision(fn: (rev: Revision, kv: KeyValue, tombstone: boolean) => boolean | void): void {
    this.tree.forEach((k, v) => {
      const r = decodeRevision(k);
      const { kv, tombstone } = decodeLsmRecord(k, v);
      return fn({ main: r.main, sub: r.sub }, kv, tombstone);
    });
  }
}
