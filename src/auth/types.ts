// The auth requests etcd 3.4 puts through raft (etcdserverpb.InternalRaftRequest fields 1000–1204)
// and the authpb records kept in the `authUsers` / `authRoles` buckets, as plain objects.

/** authpb.Permission.Type */
export const PermType = { READ: 0, WRITE: 1, READWRITE: 2 } as const;
export type PermType = (typeof PermType)[keyof typeof PermType];

/** authpb.Permission: [key, rangeEnd) — empty rangeEnd is the single key, [0x00] every key ≥ key. */
export interface AuthPermission {
  permType: PermType;
  key: Uint8Array;
  rangeEnd: Uint8Array;
}

/** authpb.UserAddOptions */
export interface UserAddOptions {
  noPassword: boolean;
}

/** authpb.User: the password is the bcrypt hash (bytes of "$2a$10$…"), empty for no-password users. */
export interface AuthUser {
  name: string;
  password: Uint8Array;
  /** Sorted. */
  roles: string[];
  options?: UserAddOptions;
}

/** authpb.Role: permissions sorted by key. */
export interface AuthRole {
  name: string;
  keyPermission: AuthPermission[];
}

export type Empty = Record<string, never>;

/** etcdserverpb.InternalAuthenticateRequest: the password stays empty (checked before proposing). */
export interface InternalAuthenticateRequest {
  name: string;
  password: string;
  simpleToken: string;
}

/** The auth fields of an InternalRaftRequest (at most one is set). 3.4 proposes plaintext passwords. */
export interface AuthRaftRequests {
  authEnable?: Empty;
  authDisable?: Empty;
  authenticate?: InternalAuthenticateRequest;
  authUserAdd?: { name: string; password: string; options?: UserAddOptions };
  authUserDelete?: { name: string };
  authUserGet?: { name: string };
  authUserChangePassword?: { name: string; password: string };
  authUserGrantRole?: { user: string; role: string };
  authUserRevokeRole?: { name: string; role: string };
  authUserList?: Empty;
  authRoleList?: Empty;
  authRoleAdd?: { name: string };
  authRoleDelete?: { role: string };
  authRoleGet?: { role: string };
  authRoleGrantPermission?: { name: string; perm?: AuthPermission };
  authRoleRevokePermission?: { role: string; key: Uint8Array; rangeEnd: Uint8Array };
}

export type AuthRaftRequestName = keyof AuthRaftRequests;
