// Typed errors of the backend. Everything that comes from outside (a persisted file, an imported
// snapshot) and turns out to be bad is reported as a BackendError with a stable code and a message
// a person can act on; the backend never lets a raw decoder exception escape on such input.

export type BackendErrorCode =
  | 'not-bolt' // not a bbolt file at all (magic, version, meta checksums)
  | 'corrupt' // a bbolt file whose pages do not fit its metas, or whose etcd records do not decode
  | 'missing-hash' // a snapshot without the SHA-256 trailer (etcdctl: "snapshot missing hash")
  | 'bad-hash' // the trailer does not match the body
  | 'missing-bucket' // a bolt file without etcd's `key` / `meta` buckets: not an etcd backend
  | 'busy'; // an operation that needs the batch tx committed was called in the middle of a write

export class BackendError extends Error {
  override name = 'BackendError';
  constructor(
    readonly code: BackendErrorCode,
    message: string,
  ) {
    super(`backend: ${message}`);
  }
}
