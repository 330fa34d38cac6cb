// The manifest: which tables make up each level, and the next table number. Small, rewritten whole
// on every flush (a real engine appends version edits; a whole rewrite is the same state, simpler).
import { fromUtf8, utf8 } from '../lib/bytes';
import { LsmError } from './errors';

export interface Manifest {
  version: 1;
  nextTableId: number;
  /** levels[0] oldest first (its tables may overlap); deeper levels in key order, not overlapping. */
  levels: number[][];
}

export function encodeManifest(m: Manifest): Uint8Array {
  return utf8(JSON.stringify(m));
}

export function decodeManifest(b: Uint8Array): Manifest {
  let m: unknown;
  try {
    m = JSON.parse(fromUtf8(b));
  } catch (e) {
    throw new LsmError('corrupt', `manifest is not JSON: ${(e as Error).message}`);
  }
  const ok =
    typeof m === 'object' &&
    m !== null &&
    (m as Manifest).version === 1 &&
    Number.isInteger((m as Manifest).nextTableId) &&
    Array.isArray((m as Manifest).levels) &&
    (m as Manifest).levels.every((l) => Array.isArray(l) && l.every((id) => Number.isInteger(id) && id >= 0 && id < (m as Manifest).nextTableId));
  if (!ok) throw new LsmError('corrupt', 'manifest does not describe levels of table ids');
  return m as Manifest;
}
