// etcdctl's exit codes (ctlv3/command/error.go) and ExitWithError as an exception: a command
// throws ExitError; the runner prints "Error: <message>" on stderr and returns the code.

export const ExitCode = {
  Success: 0,
  Error: 1,
  BadConnection: 2,
  InvalidInput: 3,
  BadFeature: 4,
  Interrupted: 5,
  IO: 6,
  BadArgs: 128,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class ExitError extends Error {
  override name = 'ExitError';
  constructor(
    readonly code: number,
    message: string,
    /** Printed to stderr verbatim instead of "Error: <message>\n" (panics, usage errors). */
    readonly rawStderr?: string,
  ) {
    super(message);
  }
}

/** A Go panic: etcdctl 3.4 crashes on some txn inputs; exit status 2 with a stack trace. */
export function goPanic(msg: string, frame: string): ExitError {
  return new ExitError(2, msg, `panic: ${msg}\n\ngoroutine 1 [running]:\n${frame}\n`);
}
