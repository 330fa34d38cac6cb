// Errors of the LSM engine: bad input to a call ('invalid') or stored bytes that are not what the
// engine wrote ('corrupt'); nothing is changed when either is thrown.
export type LsmErrorCode = 'invalid' | 'corrupt';

export class LsmError extends Error {
  constructor(
    readonly code: LsmErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LsmError';
  }
}
