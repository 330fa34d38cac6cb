// etcd 3.4 swaps its applier while an alarm is raised (etcdserver/apply.go):
//   NOSPACE → applierV3Capped: refuses puts, txns that would put (cost > 0) and lease grants with
//             "mvcc: database space exceeded"; reads, deletes, compaction, lease revokes, alarms pass.
//   CORRUPT → applierV3Corrupt: refuses every KV and lease request with "corrupt cluster".
// Activating an alarm installs the wrapper over the plain applier; disarming the last alarm of
// that type installs the plain one again (so, as in etcd, the most recent activation wins).
import { costTxn } from '../backend/quota';
import type { AlarmType, InternalRaftRequest } from './api';
import type { EtcdErrorInfo } from './errors';

export type ApplierKind = 'backend' | 'capped' | 'corrupt';

export const noSpaceError: EtcdErrorInfo = { code: 'ResourceExhausted', message: 'etcdserver: mvcc: database space exceeded' };
export const corruptError: EtcdErrorInfo = { code: 'DataLoss', message: 'etcdserver: corrupt cluster' };

/** The error the installed applier answers `irr` with instead of applying it, or null to apply. */
export function applierRejects(kind: ApplierKind, irr: InternalRaftRequest): EtcdErrorInfo | null {
  if (kind === 'capped') {
    if (irr.put || irr.leaseGrant) return noSpaceError;
    if (irr.txn && costTxn(irr.txn) > 0) return noSpaceError;
    return null;
  }
  if (kind === 'corrupt') {
    if (irr.put || irr.range || irr.deleteRange || irr.txn || irr.compaction || irr.leaseGrant || irr.leaseRevoke) return corruptError;
    return null;
  }
  return null;
}

/** Which applier an alarm's activation installs (etcd: only NOSPACE and CORRUPT have one). */
export function applierForAlarm(alarm: AlarmType): ApplierKind | null {
  return alarm === 'NOSPACE' ? 'capped' : alarm === 'CORRUPT' ? 'corrupt' : null;
}

/** The applier a restarted member starts with (etcd's restoreAlarms: capped, then corrupt over it). */
export function applierAfterRestore(active: readonly AlarmType[]): ApplierKind {
  if (active.includes('CORRUPT')) return 'corrupt';
  if (active.includes('NOSPACE')) return 'capped';
  return 'backend';
}
