// Typed errors for the bolt core. Bad input (a corrupt file, a wrong key) is a BoltError with a
// stable `code`; a broken internal invariant is an InvariantError from src/lib/assert.ts.

export type BoltErrorCode =
  | 'invalid' // not a bolt file: bad magic, too short, unreadable meta
  | 'version-mismatch' // meta.version != 2
  | 'checksum' // meta checksum does not match its 56 bytes
  | 'corrupt' // the metas validate but the rest of the file does not fit them
  | 'tx-closed'
  | 'tx-not-writable'
  | 'tx-busy' // a second writable tx while one is open (bbolt would block; we are single-threaded)
  | 'db-busy' // defrag / close while transactions are open
  | 'bucket-exists'
  | 'bucket-not-found'
  | 'bucket-name-required'
  | 'incompatible-value' // a bucket where a plain value was expected, or the reverse
  | 'key-required'
  | 'key-too-large'
  | 'value-too-large';

export class BoltError extends Error {
  override name = 'BoltError';
  constructor(
    readonly code: BoltErrorCode,
    message: string,
  ) {
    super(`bolt: ${message}`);
  }
}
