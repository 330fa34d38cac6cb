// Detailed, on-demand views of one member's insides for the panels (MVCC, leases, pages, watchers).
// Fetched by a panel when it is open (a few times a second), not pushed with every status.

export interface RevisionView {
  main: number;
  sub: number;
}

export interface KeyIndexView {
  /** The key as text (UTF-8, invalid bytes replaced). */
  key: string;
  modified: RevisionView;
  generations: Array<{ ver: number; created: RevisionView; revs: RevisionView[] }>;
}

export interface MvccInspect {
  revision: number;
  /** -1 before the first compaction. */
  compactRevision: number;
  /** At most MVCC_KEYS_LIMIT keyIndexes, in key order. */
  keys: KeyIndexView[];
  totalKeys: number;
  /** The most recent applied entries and the revision each left the store at. */
  history: Array<{ raftIndex: number; revision: number; summary: string }>;
}

export const MVCC_KEYS_LIMIT = 200;
export const MVCC_HISTORY_LIMIT = 256;

export interface LeaseView {
  /** 16 hex digits, as etcdctl prints lease ids. */
  id: string;
  ttlSec: number;
  remainingSec: number;
  keys: string[];
}

export interface LeasesInspect {
  /** True on the leader: only its lessor runs the clocks. */
  primary: boolean;
  leases: LeaseView[];
}

export type InspectKind = 'mvcc' | 'leases';

export interface InspectResultMap {
  mvcc: MvccInspect;
  leases: LeasesInspect;
}
