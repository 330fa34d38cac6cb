// Errors the KV layer reports, carrying the gRPC status code name and the exact description real
// etcd 3.4 puts on the wire (what `etcdctl` prints after "Error: "). The node layer and the client
// pass them through unchanged, so the console shows what a real cluster would.

export type GrpcCode =
  | 'OK'
  | 'Canceled'
  | 'Unknown'
  | 'InvalidArgument'
  | 'DeadlineExceeded'
  | 'NotFound'
  | 'AlreadyExists'
  | 'PermissionDenied'
  | 'ResourceExhausted'
  | 'FailedPrecondition'
  | 'Aborted'
  | 'OutOfRange'
  | 'Unimplemented'
  | 'Internal'
  | 'Unavailable'
  | 'DataLoss'
  | 'Unauthenticated';

export class EtcdServerError extends Error {
  override name = 'EtcdServerError';
  constructor(
    readonly code: GrpcCode,
    message: string,
  ) {
    super(message);
  }
}

// mvcc's own errors, as the gRPC layer words them (rpctypes.ErrGRPCCompacted / ErrGRPCFutureRev).
export const ErrCompacted = () => new EtcdServerError('OutOfRange', 'etcdserver: mvcc: required revision has been compacted');
export const ErrFutureRev = () => new EtcdServerError('OutOfRange', 'etcdserver: mvcc: required revision is a future revision');
// Request validation and apply errors (etcdserver/api/v3rpc/rpctypes).
export const ErrEmptyKey = () => new EtcdServerError('InvalidArgument', 'etcdserver: key is not provided');
export const ErrKeyNotFound = () => new EtcdServerError('InvalidArgument', 'etcdserver: key not found');
export const ErrTooManyOps = () => new EtcdServerError('InvalidArgument', 'etcdserver: too many operations in txn request');
export const ErrDuplicateKey = () => new EtcdServerError('InvalidArgument', 'etcdserver: duplicate key given in txn request');
export const ErrLeaseNotFound = () => new EtcdServerError('NotFound', 'etcdserver: requested lease not found');
