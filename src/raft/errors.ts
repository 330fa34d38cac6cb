// The raft core's errors. Go's sentinel errors become classes so callers can use `instanceof`.

/** Storage: the requested index is older than the compacted prefix. */
export class ErrCompacted extends Error {
  override name = 'ErrCompacted';
  constructor() {
    super('requested index is unavailable due to compaction');
  }
}

/** Storage: a snapshot older than the one already held. */
export class ErrSnapOutOfDate extends Error {
  override name = 'ErrSnapOutOfDate';
  constructor() {
    super('requested index is older than the existing snapshot');
  }
}

/** Storage: the requested index is beyond the last entry. */
export class ErrUnavailable extends Error {
  override name = 'ErrUnavailable';
  constructor() {
    super('requested entry at index is unavailable');
  }
}

/** Storage: the snapshot cannot be produced right now; the leader retries later. */
export class ErrSnapshotTemporarilyUnavailable extends Error {
  override name = 'ErrSnapshotTemporarilyUnavailable';
  constructor() {
    super('snapshot is temporarily unavailable');
  }
}

/** A proposal was not accepted: no known leader, a leader transfer in progress, the
 *  uncommitted-size limit reached, or this node is a candidate. The client should retry. */
export class ErrProposalDropped extends Error {
  override name = 'ErrProposalDropped';
  constructor(reason = 'raft proposal dropped') {
    super(reason);
  }
}

/** RawNode.step was given a message type that only the node itself may generate (MsgHup, MsgBeat ...). */
export class ErrStepLocalMsg extends Error {
  override name = 'ErrStepLocalMsg';
  constructor() {
    super('raft: cannot step raft local message');
  }
}

/** A response from a peer that is not in the configuration. Kept for API parity with etcd:
 *  RawNode.step drops such responses silently instead of throwing this. */
export class ErrStepPeerNotFound extends Error {
  override name = 'ErrStepPeerNotFound';
  constructor() {
    super('raft: cannot step as peer not found');
  }
}
