// Server flags a host may change on a running cluster (etcd's --quota-backend-bytes,
// --auto-compaction-mode/-retention, --snapshot-count, --bcrypt-cost, --auth-token): checked here
// once for both hosts, so a bad value is refused with etcd's reason before any member restarts.
import type { ServerFlags } from '../etcd/nodeTypes';
import { AutoCompactionError, parseRetention } from '../etcd/autoCompactor';
import { parseAuthTokenFlag } from '../auth/tokenProvider';

export class ServerFlagError extends Error {
  override name = 'ServerFlagError';
}

/** Throws ServerFlagError when a flag would not start etcd; returns the flags unchanged otherwise. */
export function checkServerFlags(f: ServerFlags): ServerFlags {
  const whole = (k: keyof ServerFlags, v: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) throw new ServerFlagError(`${k} must be a whole number in [${min}, ${max}], got ${v}`);
  };
  whole('quotaBackendBytes', f.quotaBackendBytes, -1);
  whole('snapshotCount', f.snapshotCount, 1);
  // bcrypt's MinCost/MaxCost (golang.org/x/crypto/bcrypt); etcd refuses others at start.
  whole('bcryptCost', f.bcryptCost, 4, 31);
  if (f.autoCompactionMode !== undefined && f.autoCompactionMode !== 'periodic' && f.autoCompactionMode !== 'revision') {
    throw new ServerFlagError(`unknown auto-compaction-mode ${JSON.stringify(f.autoCompactionMode)} (periodic or revision)`);
  }
  if (f.autoCompactionRetention !== undefined) {
    try {
      parseRetention(f.autoCompactionMode ?? 'periodic', f.autoCompactionRetention);
    } catch (e) {
      if (e instanceof AutoCompactionError) throw new ServerFlagError(e.message);
      throw e;
    }
  }
  if (f.authToken !== undefined) {
    try {
      parseAuthTokenFlag(f.authToken);
    } catch (e) {
      throw new ServerFlagError(e instanceof Error ? e.message : String(e));
    }
  }
  return f;
}
