// etcd 3.4's auth errors (auth/store.go) and how a client sees them. The auth store's own errors
// read "auth: …"; the gRPC layer turns most into etcdserver errors with a status code
// (api/v3rpc/rpctypes). A few are never translated: the client then sees code Unknown and the raw
// "auth: …" text (e.g. a no-password user who gives a password, or defrag refused by the
// maintenance server, which returns the store's error as it is).

export const AUTH_ERRORS = {
  rootUserNotExist: ['auth: root user does not exist', 'FailedPrecondition', 'etcdserver: root user does not exist'],
  rootRoleNotExist: ['auth: root user does not have root role', 'FailedPrecondition', 'etcdserver: root user does not have root role'],
  userAlreadyExist: ['auth: user already exists', 'FailedPrecondition', 'etcdserver: user name already exists'],
  userEmpty: ['auth: user name is empty', 'InvalidArgument', 'etcdserver: user name is empty'],
  userNotFound: ['auth: user not found', 'FailedPrecondition', 'etcdserver: user name not found'],
  roleAlreadyExist: ['auth: role already exists', 'FailedPrecondition', 'etcdserver: role name already exists'],
  roleNotFound: ['auth: role not found', 'FailedPrecondition', 'etcdserver: role name not found'],
  roleEmpty: ['auth: role name is empty', 'InvalidArgument', 'etcdserver: role name is empty'],
  authFailed: ['auth: authentication failed, invalid user ID or password', 'InvalidArgument', 'etcdserver: authentication failed, invalid user ID or password'],
  noPasswordUser: ['auth: authentication failed, password was given for no password user', null, null],
  permissionDenied: ['auth: permission denied', 'PermissionDenied', 'etcdserver: permission denied'],
  roleNotGranted: ['auth: role is not granted to the user', 'FailedPrecondition', 'etcdserver: role is not granted to the user'],
  permissionNotGranted: ['auth: permission is not granted to the role', 'FailedPrecondition', 'etcdserver: permission is not granted to the role'],
  authNotEnabled: ['auth: authentication is not enabled', 'FailedPrecondition', 'etcdserver: authentication is not enabled'],
  authOldRevision: ['auth: revision in header is old', 'InvalidArgument', 'etcdserver: revision of auth store is old'],
  invalidAuthToken: ['auth: invalid auth token', 'Unauthenticated', 'etcdserver: invalid auth token'],
  invalidAuthMgmt: ['auth: invalid auth management', 'InvalidArgument', 'etcdserver: invalid auth management'],
  // jwt.go's ErrVerifyOnly: a member given only pub-key cannot sign (not translated by the gRPC layer)
  verifyOnly: ['jwt: token signing attempted with verify-only key', null, null],
} as const satisfies Record<string, readonly [string, string | null, string | null]>;

export type AuthErrorKind = keyof typeof AUTH_ERRORS;

export class AuthError extends Error {
  override name = 'AuthError';
  constructor(readonly kind: AuthErrorKind) {
    super(AUTH_ERRORS[kind][0]);
  }

  /** What togRPCError makes of it: etcd's status code and text, or Unknown and the raw text. */
  grpc(): { code: string; message: string } {
    const [raw, code, message] = AUTH_ERRORS[this.kind];
    return code && message ? { code, message } : { code: 'Unknown', message: raw };
  }

  /** The error untranslated (the maintenance server's answer). */
  raw(): { code: string; message: string } {
    return { code: 'Unknown', message: AUTH_ERRORS[this.kind][0] };
  }
}

export const authError = (kind: AuthErrorKind): AuthError => new AuthError(kind);
