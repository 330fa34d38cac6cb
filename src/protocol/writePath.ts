// The write path of one raft entry across the cluster, assembled from the members' step events
// (src/host/writeTraces.ts) for the Write path panel.
import type { NodeId } from '../raft/types';
import type { WriteStep } from '../etcd/nodeTypes';

export type { WriteStep } from '../etcd/nodeTypes';
export { WRITE_STEPS } from '../etcd/nodeTypes';

export interface WriteStepView {
  step: WriteStep;
  /** The member the step happened on. */
  member: NodeId;
  /** replicate: the follower whose match index now covers the entry (seen on the leader). */
  peer?: NodeId;
  /** Virtual ms since the cluster started. */
  atMs: number;
  /** apply: the store's revision after the entry. */
  revision?: number;
}

export interface WriteTraceView {
  index: number;
  /** The decoded request, e.g. `put foo=bar`. */
  summary: string;
  /** The leader that appended the entry to its log. */
  leader: NodeId;
  proposedAtMs: number;
  /** Every step seen so far on every member, in time order. */
  steps: WriteStepView[];
}
