// etcd's batchTx (mvcc/backend/batch_tx.go): the one bolt write transaction the backend keeps open.
// Every write of every applied entry lands in it; it is committed as a whole every batch interval
// or when `pending` reaches the batch limit, so one bolt txid covers many raft entries. Reads go
// through the same transaction, so they see the writes not yet committed (etcd gets the same effect
// with its read buffer; with a single thread, reading the open tx is simpler and exact).
//
// "unsafe" in the names, as in etcd: the caller is inside the backend's write (in etcd, holding the
// batchTx lock). Here everything is synchronous, so it only means "between beginWrite and endWrite".

import { type Bucket, type DB, DEFAULT_FILL_PERCENT, type Tx, type WriteBatch } from '../bolt';
import { compareBytes, utf8 } from '../lib/bytes';
import { BackendError } from './errors';
import { KEY_BUCKET } from './schema';

type Name = string | Uint8Array;
const nameBytes = (b: Name): Uint8Array => (typeof b === 'string' ? utf8(b) : b);

/** etcd sets FillPercent 0.9 on buckets that only grow at the end (UnsafeSeqPut): fuller pages. */
export const SEQ_FILL_PERCENT = 0.9;

export class BatchTx {
  private tx: Tx | null = null;
  /** Puts and deletes since the last commit (etcd's batchTx.pending): what the batch limit counts. */
  pending = 0;
  /** Changed without counting toward the limit: buckets created, consistent_index written. */
  private touched = false;
  /** Records in the `key` bucket, kept up to date so stats() need not walk the tree. */
  keyRecords = 0;

  constructor(private readonly db: DB) {}

  /** The open bolt write tx, begun on first use (after a commit there is none until needed). */
  boltTx(): Tx {
    if (this.tx === null || this.tx.isClosed) this.tx = this.db.begin(true);
    return this.tx;
  }

  get isOpen(): boolean {
    return this.tx !== null && !this.tx.isClosed;
  }

  /** Anything to commit? */
  get dirty(): boolean {
    return this.pending > 0 || this.touched;
  }

  /** Mark the tx as holding a change that is not a counted put/delete. */
  touch(): void {
    this.touched = true;
  }

  bucket(name: Name): Bucket {
    const b = this.boltTx().bucket(name);
    if (b === null) throw new BackendError('missing-bucket', `bucket ${JSON.stringify(typeof name === 'string' ? name : String(name))} does not exist`);
    return b;
  }

  hasBucket(name: Name): boolean {
    return this.boltTx().bucket(name) !== null;
  }

  unsafeCreateBucket(name: Name): void {
    const tx = this.boltTx();
    if (tx.bucket(name) !== null) return;
    tx.createBucket(name);
    this.touched = true;
  }

  /** Put a key (overwrites). */
  unsafePut(bucket: Name, key: Uint8Array | string, value: Uint8Array): void {
    this.put(bucket, nameBytes(key), value, DEFAULT_FILL_PERCENT, true);
  }

  /**
   * Put a key that sorts after every key already in the bucket (the `key` bucket's revisions):
   * etcd then packs split pages 90% full instead of 50%.
   */
  unsafeSeqPut(bucket: Name, key: Uint8Array, value: Uint8Array): void {
    this.put(bucket, key, value, SEQ_FILL_PERCENT, false);
  }

  private put(bucket: Name, key: Uint8Array, value: Uint8Array, fill: number, mayOverwrite: boolean): void {
    const b = this.bucket(bucket);
    const isKeyBucket = isKey(bucket);
    // Counting the key bucket: a sequential put is new by contract; any other put may replace.
    const isNew = isKeyBucket && (!mayOverwrite || b.get(key) === null);
    if (fill !== DEFAULT_FILL_PERCENT) b.fillPercent = fill;
    b.put(key, value);
    if (isNew) this.keyRecords++;
    this.pending++;
  }

  unsafeGet(bucket: Name, key: Uint8Array | string): Uint8Array | null {
    return this.bucket(bucket).get(key);
  }

  /** Delete a key; returns whether it existed. */
  unsafeDelete(bucket: Name, key: Uint8Array | string): boolean {
    const b = this.bucket(bucket);
    const k = nameBytes(key);
    if (b.get(k) === null) return false;
    b.delete(k);
    if (isKey(bucket)) this.keyRecords--;
    this.pending++;
    return true;
  }

  /**
   * etcd's UnsafeRange: with no `end`, the single key (if present); else keys in [key, end) in order,
   * at most `limit` of them when limit > 0.
   */
  unsafeRange(bucket: Name, key: Uint8Array, end?: Uint8Array, limit = 0): { keys: Uint8Array[]; values: Uint8Array[] } {
    const keys: Uint8Array[] = [];
    const values: Uint8Array[] = [];
    const b = this.bucket(bucket);
    if (end === undefined || end.length === 0) {
      const v = b.get(key);
      if (v !== null) {
        keys.push(key.slice());
        values.push(v);
      }
      return { keys, values };
    }
    const c = b.cursor();
    for (let e = c.seek(key); e !== null && compareBytes(e.key, end) < 0; e = c.next()) {
      if (e.value === null) continue; // a nested bucket
      keys.push(e.key);
      values.push(e.value);
      if (limit > 0 && keys.length >= limit) break;
    }
    return { keys, values };
  }

  /** Every key/value of a bucket in key order (nested buckets skipped). */
  unsafeForEach(bucket: Name, fn: (key: Uint8Array, value: Uint8Array) => void): void {
    this.bucket(bucket).forEach((k, v) => {
      if (v !== null) fn(k, v);
    });
  }

  /**
   * Commit the open tx if it holds changes (returning its WriteBatch), else just close it: etcd skips
   * empty commits too. Afterwards no tx is open; the next access begins a new one.
   */
  commit(): WriteBatch | null {
    const tx = this.tx;
    this.tx = null;
    if (tx === null || tx.isClosed) return null;
    if (!this.dirty) {
      tx.rollback();
      return null;
    }
    const batch = tx.commit();
    this.pending = 0;
    this.touched = false;
    return batch;
  }
}

function isKey(bucket: Name): boolean {
  return typeof bucket === 'string' ? bucket === KEY_BUCKET : bucket.length === 3 && bucket[0] === 0x6b && bucket[1] === 0x65 && bucket[2] === 0x79;
}
