// What a checker reports. The simulator stamps the virtual time and the seed.

export interface Violation {
  kind: string;
  detail: string;
  atMs: number;
}

export type Fail = (kind: string, detail: string) => void;

/** A member's whole raft log at one instant: durable entries plus the unstable tail. */
export interface LogView {
  firstIndex: number;
  /** Term of the entry just before firstIndex (the snapshot's term, or 0). */
  prevTerm: number;
  entries: ReadonlyArray<{ index: number; term: number; type: number; data: Uint8Array }>;
  /** Entries up to this index are durable; the rest is the unstable tail a crash may lose. */
  durableUpTo: number;
  /** The member's incarnation (bumped by every crash). */
  life: number;
}
