// etcd server errors as a client sees them: a gRPC code name and etcd's exact message
// (see ../shared/reference/etcd-behaviour.md; etcdctl prints `Error: <message>`).
export interface EtcdErrorInfo {
  code: string;
  message: string;
}

export const etcdErrors = {
  noLeader: { code: 'Unavailable', message: 'etcdserver: no leader' },
  requestTimedOut: { code: 'Unavailable', message: 'etcdserver: request timed out' },
  compacted: { code: 'OutOfRange', message: 'etcdserver: mvcc: required revision has been compacted' },
  futureRev: { code: 'OutOfRange', message: 'etcdserver: mvcc: required revision is a future revision' },
  tooManyOps: { code: 'InvalidArgument', message: 'etcdserver: too many operations in txn request' },
  duplicateKey: { code: 'InvalidArgument', message: 'etcdserver: duplicate key given in txn request' },
  requestTooLarge: { code: 'InvalidArgument', message: 'etcdserver: request is too large' },
  emptyKey: { code: 'InvalidArgument', message: 'etcdserver: key is not provided' },
  leaseNotFound: { code: 'NotFound', message: 'etcdserver: requested lease not found' },
  memberNotFound: { code: 'NotFound', message: 'etcdserver: member not found' },
  memberIdExists: { code: 'FailedPrecondition', message: 'etcdserver: member ID already exist' },
  tooManyLearners: { code: 'FailedPrecondition', message: 'etcdserver: too many learner members in cluster' },
  peerURLExists: { code: 'FailedPrecondition', message: 'etcdserver: Peer URLs already exists' },
  learnerNotReady: { code: 'FailedPrecondition', message: 'etcdserver: can only promote a learner member which is in sync with leader' },
  notLearner: { code: 'FailedPrecondition', message: 'etcdserver: can only promote a learner member' },
  notLeader: { code: 'FailedPrecondition', message: 'etcdserver: not leader' },
  transferTimeout: { code: 'DeadlineExceeded', message: 'etcdserver: leader transfer timeout' },
  /** What the client library reports when its per-command deadline passes (etcdctl --command-timeout). */
  deadlineExceeded: { code: 'DeadlineExceeded', message: 'context deadline exceeded' },
} as const satisfies Record<string, EtcdErrorInfo>;
