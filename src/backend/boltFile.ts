// Bolt files coming in from outside (the host's persisted pages, an imported snapshot) and going
// out whole (a new db, after defrag): error mapping and the "whole image" batch.

import { BoltError, DB, type WriteBatch } from '../bolt';
import { BackendError } from './errors';

/**
 * A commit's pages for the host to persist. `replacesFile`: this batch is the whole file — a new
 * db, a defragmented one, an imported snapshot — and the host must drop every page it holds that
 * is not in it (pages at or above highWaterPgid included) in the same atomic write.
 */
export interface BackendBatch extends WriteBatch {
  replacesFile: boolean;
}

/** Open a bolt image, turning every failure into a BackendError that says what is wrong. */
export function openBoltFile(bytes: Uint8Array, what: string): DB {
  return guard(what, () => {
    try {
      return DB.open(bytes, { noFreelistSync: true });
    } catch (e) {
      if (e instanceof BoltError) {
        const notBolt = e.code === 'invalid' || e.code === 'version-mismatch' || e.code === 'checksum';
        throw new BackendError(notBolt ? 'not-bolt' : 'corrupt', `${what} is not a usable bbolt file: ${e.message}`);
      }
      throw e;
    }
  });
}

/**
 * Run fn on untrusted bytes: a BackendError passes through; anything else a decoder or the bolt
 * reader throws on garbage (RangeError, proto errors, invariant failures, stack overflow on a
 * cyclic tree) becomes a 'corrupt' BackendError, so callers only ever see typed errors.
 */
export function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof BackendError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new BackendError('corrupt', `${what} is corrupt: ${msg}`);
  }
}

/** The committed file as one batch: every page, with the current meta page as the batch's meta. */
export function imageBatch(db: DB): BackendBatch {
  const file = db.fileBytes();
  const ps = db.pageSize;
  const cur = db.meta();
  const metas = db.metaPages();
  // Usually the current meta sits on page txid % 2; a snapshot image keeps it on page 0 (WriteTo).
  const metaPgid: 0 | 1 = metas[0] !== null && metas[0].txid === cur.txid ? 0 : 1;
  const pages: WriteBatch['pages'] = [];
  const hwm = file.length / ps;
  for (let id = 0; id < hwm; id++) {
    if (id === metaPgid) continue;
    pages.push({ pgid: id, bytes: file.slice(id * ps, (id + 1) * ps) });
  }
  return {
    txid: cur.txid,
    pages,
    meta: { pgid: metaPgid, bytes: file.slice(metaPgid * ps, (metaPgid + 1) * ps) },
    highWaterPgid: hwm,
    replacesFile: true,
  };
}
