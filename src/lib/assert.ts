/** Thrown when an invariant a core relies on does not hold: a bug, never bad user input. */
export class InvariantError extends Error {
  override name = 'InvariantError';
}

export function assert(cond: unknown, msg: string | (() => string)): asserts cond {
  if (!cond) throw new InvariantError(typeof msg === 'function' ? msg() : msg);
}

export function unreachable(x: never, what = 'value'): never {
  throw new InvariantError(`unexpected ${what}: ${JSON.stringify(x)}`);
}
