// etcd's v2 errors (etcd/error/error.go in 3.4: etcdserver/api/v2error): code, message, cause, and
// the store index when it failed — the JSON body of a v2 API error.

export const V2ErrorCode = {
  KeyNotFound: 100,
  TestFailed: 101,
  NotFile: 102,
  NotDir: 104,
  NodeExist: 105,
  RootROnly: 107,
  DirNotEmpty: 108,
  EventIndexCleared: 401,
} as const;

const MESSAGES: Record<number, string> = {
  100: 'Key not found',
  101: 'Compare failed',
  102: 'Not a file',
  104: 'Not a directory',
  105: 'Key already exists',
  107: 'Root is read only',
  108: 'Directory not empty',
  401: 'The event in requested index is outdated and cleared',
};

export class V2Error extends Error {
  constructor(
    readonly errorCode: number,
    /** The v2 error's `cause` (named apart from Error.cause). */
    readonly detail: string,
    readonly index: number,
  ) {
    super(`${errorCode}: ${MESSAGES[errorCode] ?? 'unknown'} (${detail}) [${index}]`);
  }

  get text(): string {
    return MESSAGES[this.errorCode] ?? 'unknown';
  }

  /** The JSON body etcd answers with. */
  toJSON(): { errorCode: number; message: string; cause: string; index: number } {
    return { errorCode: this.errorCode, message: this.text, cause: this.detail, index: this.index };
  }
}
