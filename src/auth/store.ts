// etcd 3.4's auth store (auth/store.go): users, roles and key-range permissions in the `authUsers` /
// `authRoles` buckets (authpb records), the `authEnabled` flag and `authRevision` counter in the
// `auth` bucket, the root rules, bcrypt password hashes, simple tokens and the permission checks.
// Every change is applied from a committed raft entry on every member, so all members agree; each
// change bumps the auth revision (except auth enable, as in etcd) and empties the merged range
// permission cache of the users it touches.
import type { Backend } from '../backend';
import { bytesToU64, u64ToBytes } from '../bolt';
import { EMPTY, compareBytes, fromUtf8, utf8 } from '../lib/bytes';
import { decodeRole, decodeUser, encodeRole, encodeUser } from '../pb/authpb';
import { BCRYPT_SALT_BYTES, DEFAULT_BCRYPT_COST, MAX_BCRYPT_COST, MIN_BCRYPT_COST, bcryptCompare, bcryptHash } from './bcrypt';
import { AuthError, authError } from './errors';
import { UnifiedRangePermissions } from './rangePerm';
import { SimpleTokenProvider, genSimpleTokenPrefix } from './simpleToken';
import { JwtTokenProvider } from './jwtToken';
import { parseAuthTokenFlag } from './tokenProvider';
import type { AuthPermission, AuthRole, AuthUser, UserAddOptions } from './types';

export const AUTH_BUCKET = 'auth';
export const AUTH_USERS_BUCKET = 'authUsers';
export const AUTH_ROLES_BUCKET = 'authRoles';
export const ENABLE_FLAG_KEY = 'authEnabled';
export const REVISION_KEY = 'authRevision';
export const ROOT_USER = 'root';
export const ROOT_ROLE = 'root';

/** Who a request runs as: the token's user and the auth revision it was checked at (0 = nobody). */
export interface AuthInfo {
  username: string;
  revision: number;
}

export interface AuthStoreOptions {
  /** Virtual milliseconds (token TTLs). */
  nowMs: () => number;
  /** A seeded source in [0, 1): bcrypt salts and token prefixes. */
  random: () => number;
  /** etcd's --bcrypt-cost (default 10). */
  bcryptCost?: number;
  tokenTtlMs?: number;
  /** etcd's --auth-token ("simple" when absent; "jwt,sign-method=…,priv-key=…" — see tokenProvider.ts). */
  authToken?: string;
  /** Wall-clock (Unix) ms on this member, for JWT expiry (defaults to nowMs). */
  unixNowMs?: () => number;
}

export class AuthStore {
  private enabled = false;
  private rev = 0;
  /** etcd's rangePermCache: merged permissions by user name, dropped when they may have changed. */
  private readonly rangePermCache = new Map<string, UnifiedRangePermissions>();
  readonly tokens: SimpleTokenProvider;
  /** Set when --auth-token is jwt: tokens are then signed, self-contained, and never stored. */
  readonly jwt: JwtTokenProvider | null = null;
  readonly bcryptCost: number;

  constructor(
    private backend: Backend,
    private readonly opts: AuthStoreOptions,
  ) {
    this.bcryptCost = opts.bcryptCost ?? DEFAULT_BCRYPT_COST;
    // etcd refuses to start with a cost bcrypt cannot use
    if (!Number.isInteger(this.bcryptCost) || this.bcryptCost < MIN_BCRYPT_COST || this.bcryptCost > MAX_BCRYPT_COST) {
      throw new RangeError(`--bcrypt-cost should be between ${MIN_BCRYPT_COST} and ${MAX_BCRYPT_COST}, got ${this.bcryptCost}`);
    }
    this.tokens = new SimpleTokenProvider(opts.nowMs, opts.tokenTtlMs);
    const flag = parseAuthTokenFlag(opts.authToken);
    if (flag.type === 'jwt') this.jwt = new JwtTokenProvider({ ...flag, unixNowMs: opts.unixNowMs ?? opts.nowMs });
    this.load();
    // NewAuthStore: a store without a revision starts at 1
    if (this.rev === 0) this.commitRevision();
  }

  /** Reads the enabled flag and revision from the backend (creating the buckets if missing). */
  private load(): void {
    const tx = this.backend.batchTx();
    for (const b of [AUTH_BUCKET, AUTH_USERS_BUCKET, AUTH_ROLES_BUCKET]) if (!tx.hasBucket(b)) tx.unsafeCreateBucket(b);
    const flag = tx.unsafeGet(AUTH_BUCKET, ENABLE_FLAG_KEY);
    this.enabled = flag !== null && flag.length === 1 && flag[0] === 1;
    const rev = tx.unsafeGet(AUTH_BUCKET, REVISION_KEY);
    this.rev = rev && rev.length === 8 ? bytesToU64(rev) : 0;
    if (this.enabled) this.tokens.enable();
    this.rangePermCache.clear();
  }

  /** Recover: a raft snapshot's db file replaced the backend; tokens stay (etcd keeps them too). */
  recover(backend: Backend): void {
    this.backend = backend;
    this.load();
  }

  isAuthEnabled(): boolean {
    return this.enabled;
  }

  revision(): number {
    return this.rev;
  }

  private commitRevision(): void {
    this.rev++;
    this.backend.batchTx().unsafePut(AUTH_BUCKET, REVISION_KEY, u64ToBytes(this.rev));
  }

  /** The write is done: let the backend count it (and commit on its batch limit). */
  private endWrite(): void {
    this.backend.endWrite();
  }

  // ---- records ----

  getUser(name: string): AuthUser | null {
    const v = this.backend.batchTx().unsafeGet(AUTH_USERS_BUCKET, utf8(name));
    return v ? decodeUser(v) : null;
  }

  private putUser(u: AuthUser): void {
    this.backend.batchTx().unsafePut(AUTH_USERS_BUCKET, utf8(u.name), encodeUser(u));
  }

  getRole(name: string): AuthRole | null {
    const v = this.backend.batchTx().unsafeGet(AUTH_ROLES_BUCKET, utf8(name));
    return v ? decodeRole(v) : null;
  }

  private putRole(r: AuthRole): void {
    this.backend.batchTx().unsafePut(AUTH_ROLES_BUCKET, utf8(r.name), encodeRole(r));
  }

  /** All users, in bucket (byte) order. */
  allUsers(): AuthUser[] {
    const out: AuthUser[] = [];
    this.backend.batchTx().unsafeForEach(AUTH_USERS_BUCKET, (_k, v) => out.push(decodeUser(v)));
    return out;
  }

  allRoles(): AuthRole[] {
    const out: AuthRole[] = [];
    this.backend.batchTx().unsafeForEach(AUTH_ROLES_BUCKET, (_k, v) => out.push(decodeRole(v)));
    return out;
  }

  private hash(password: string): Uint8Array {
    const salt = new Uint8Array(BCRYPT_SALT_BYTES);
    for (let i = 0; i < salt.length; i++) salt[i] = Math.floor(this.opts.random() * 256);
    return utf8(bcryptHash(utf8(password), this.bcryptCost, salt));
  }

  // ---- enable / disable ----

  authEnable(): void {
    if (this.enabled) return; // "authentication is already enabled; ignored auth enable request"
    const root = this.getUser(ROOT_USER);
    if (!root) throw authError('rootUserNotExist');
    if (!root.roles.includes(ROOT_ROLE)) throw authError('rootRoleNotExist');
    this.backend.batchTx().unsafePut(AUTH_BUCKET, ENABLE_FLAG_KEY, Uint8Array.of(1));
    this.enabled = true;
    this.tokens.enable();
    this.rangePermCache.clear();
    this.endWrite();
    this.backend.forceCommit();
  }

  authDisable(): void {
    if (!this.enabled) return;
    this.backend.batchTx().unsafePut(AUTH_BUCKET, ENABLE_FLAG_KEY, Uint8Array.of(0));
    this.commitRevision();
    this.endWrite();
    this.backend.forceCommit();
    this.enabled = false;
    this.tokens.disable();
  }

  // ---- authentication ----

  /** CheckPassword (the API layer, before proposing): the auth revision the password was checked at. */
  checkPassword(name: string, password: string): number {
    if (!this.enabled) throw authError('authNotEnabled');
    const u = this.getUser(name);
    if (!u) throw authError('authFailed');
    if (u.options?.noPassword) throw authError('noPasswordUser');
    if (!bcryptCompare(fromUtf8(u.password), utf8(password))) throw authError('authFailed');
    return this.rev;
  }

  genTokenPrefix(): string {
    // tokenJWT.genTokenPrefix returns "": the token is made at apply, not proposed
    if (this.jwt) return '';
    return genSimpleTokenPrefix(this.opts.random);
  }

  /** Authenticate (applied): the password was checked before proposing; assigns the token. */
  authenticate(name: string, simpleToken: string, index: number): string {
    if (!this.enabled) throw authError('authNotEnabled');
    const u = this.getUser(name);
    if (!u || u.options?.noPassword) throw authError('authFailed');
    if (this.jwt) {
      const token = this.jwt.assign(name, this.rev);
      if (token === null) throw authError('verifyOnly');
      return token;
    }
    return this.tokens.assign(name, simpleToken, index);
  }

  /** AuthInfoFromCtx for a simple token: its user at the current revision; null if invalid. */
  authInfoFromToken(token: string): AuthInfo | null {
    // A JWT carries the auth revision it was signed at: after any auth change it is "old"
    // (ErrAuthOldRevision) and clientv3 authenticates again.
    if (this.jwt) {
      const r = this.jwt.check(token);
      return r.ok ? r.info : null;
    }
    const user = this.tokens.info(token);
    return user === null ? null : { username: user, revision: this.rev };
  }

  // ---- users ----

  userAdd(name: string, password: string, options: UserAddOptions | undefined): void {
    if (name.length === 0) throw authError('userEmpty');
    const noPassword = options?.noPassword ?? false;
    if (this.getUser(name)) throw authError('userAlreadyExist');
    const hashed = noPassword ? EMPTY : this.hash(password);
    this.putUser({ name, password: hashed, roles: [], options: options ?? { noPassword: false } });
    this.commitRevision();
    this.endWrite();
  }

  userDelete(name: string): void {
    if (this.enabled && name === ROOT_USER) throw authError('invalidAuthMgmt');
    if (!this.getUser(name)) throw authError('userNotFound');
    this.backend.batchTx().unsafeDelete(AUTH_USERS_BUCKET, utf8(name));
    this.rangePermCache.delete(name);
    this.tokens.invalidateUser(name);
    this.commitRevision();
    this.endWrite();
  }

  userChangePassword(name: string, password: string): void {
    const u = this.getUser(name);
    if (!u) throw authError('userNotFound');
    this.putUser({ ...u, password: this.hash(password) });
    this.rangePermCache.delete(name);
    this.tokens.invalidateUser(name);
    this.commitRevision();
    this.endWrite();
  }

  userGrantRole(user: string, role: string): void {
    const u = this.getUser(user);
    if (!u) throw authError('userNotFound');
    // the root role need not exist as a record to be granted
    if (role !== ROOT_ROLE && !this.getRole(role)) throw authError('roleNotFound');
    if (u.roles.includes(role)) return; // "ignored grant role request to a user"
    u.roles = [...u.roles, role].sort(compareStrings);
    this.putUser(u);
    this.rangePermCache.delete(user);
    this.commitRevision();
    this.endWrite();
  }

  userGet(name: string): string[] {
    const u = this.getUser(name);
    if (!u) throw authError('userNotFound');
    return u.roles.slice();
  }

  userList(): string[] {
    return this.allUsers().map((u) => u.name);
  }

  userRevokeRole(name: string, role: string): void {
    if (this.enabled && name === ROOT_USER && role === ROOT_ROLE) throw authError('invalidAuthMgmt');
    const u = this.getUser(name);
    if (!u) throw authError('userNotFound');
    const roles = u.roles.filter((r) => r !== role);
    if (roles.length === u.roles.length) throw authError('roleNotGranted');
    this.putUser({ ...u, roles });
    this.rangePermCache.delete(name);
    this.commitRevision();
    this.endWrite();
  }

  hasRole(user: string, role: string): boolean {
    return this.getUser(user)?.roles.includes(role) ?? false;
  }

  // ---- roles ----

  roleAdd(name: string): void {
    if (name.length === 0) throw authError('roleEmpty');
    if (this.getRole(name)) throw authError('roleAlreadyExist');
    this.putRole({ name, keyPermission: [] });
    this.commitRevision();
    this.endWrite();
  }

  roleGet(name: string): AuthPermission[] {
    const r = this.getRole(name);
    if (!r) throw authError('roleNotFound');
    return r.keyPermission;
  }

  roleList(): string[] {
    return this.allRoles().map((r) => r.name);
  }

  roleDelete(name: string): void {
    if (this.enabled && name === ROOT_ROLE) throw authError('invalidAuthMgmt');
    if (!this.getRole(name)) throw authError('roleNotFound');
    this.backend.batchTx().unsafeDelete(AUTH_ROLES_BUCKET, utf8(name));
    for (const u of this.allUsers()) {
      const roles = u.roles.filter((r) => r !== name);
      if (roles.length === u.roles.length) continue;
      this.putUser({ ...u, roles });
      this.rangePermCache.delete(u.name);
    }
    this.commitRevision();
    this.endWrite();
  }

  roleGrantPermission(name: string, perm: AuthPermission): void {
    const r = this.getRole(name);
    if (!r) throw authError('roleNotFound');
    const perms = r.keyPermission;
    // etcd looks only at the first permission whose key is ≥ the new one (sort.Search)
    const idx = perms.findIndex((p) => compareBytes(p.key, perm.key) >= 0);
    const at = perms[idx];
    if (at && compareBytes(at.key, perm.key) === 0 && compareBytes(at.rangeEnd, perm.rangeEnd) === 0) at.permType = perm.permType;
    else {
      perms.push({ permType: perm.permType, key: perm.key, rangeEnd: perm.rangeEnd });
      perms.sort((a, b) => compareBytes(a.key, b.key)); // stable, by key only (etcd's permSlice)
    }
    this.putRole(r);
    this.rangePermCache.clear();
    this.commitRevision();
    this.endWrite();
  }

  roleRevokePermission(name: string, key: Uint8Array, rangeEnd: Uint8Array): void {
    const r = this.getRole(name);
    if (!r) throw authError('roleNotFound');
    const kept = r.keyPermission.filter((p) => compareBytes(p.key, key) !== 0 || compareBytes(p.rangeEnd, rangeEnd) !== 0);
    if (kept.length === r.keyPermission.length) throw authError('permissionNotGranted');
    this.putRole({ name: r.name, keyPermission: kept });
    this.rangePermCache.clear();
    this.commitRevision();
    this.endWrite();
  }

  // ---- permission checks ----

  /** IsAdminPermitted: with auth on, only a user holding the root role. */
  isAdminPermitted(ai: AuthInfo | null): void {
    if (!this.enabled) return;
    if (!ai || ai.username === '') throw authError('userEmpty');
    const u = this.getUser(ai.username);
    if (!u) throw authError('userNotFound');
    if (!u.roles.includes(ROOT_ROLE)) throw authError('permissionDenied');
  }

  private mergedPerms(user: AuthUser): UnifiedRangePermissions {
    let p = this.rangePermCache.get(user.name);
    if (!p) {
      const perms: AuthPermission[] = [];
      for (const role of user.roles) perms.push(...(this.getRole(role)?.keyPermission ?? []));
      p = new UnifiedRangePermissions(perms);
      this.rangePermCache.set(user.name, p);
    }
    return p;
  }

  /** isOpPermitted: root may do anything; others need the merged permissions to cover the range. */
  private isOpPermitted(ai: AuthInfo | null, key: Uint8Array, rangeEnd: Uint8Array, type: 'read' | 'write'): void {
    if (!this.enabled) return;
    if (!ai || ai.revision === 0) throw authError('userEmpty');
    if (ai.revision < this.rev) throw authError('authOldRevision');
    const u = this.getUser(ai.username);
    if (!u) throw authError('permissionDenied');
    if (u.roles.includes(ROOT_ROLE)) return;
    if (!this.mergedPerms(u).permits(type, key, rangeEnd)) throw authError('permissionDenied');
  }

  isRangePermitted(ai: AuthInfo | null, key: Uint8Array, rangeEnd: Uint8Array): void {
    this.isOpPermitted(ai, key, rangeEnd, 'read');
  }

  isPutPermitted(ai: AuthInfo | null, key: Uint8Array): void {
    this.isOpPermitted(ai, key, EMPTY, 'write');
  }

  isDeleteRangePermitted(ai: AuthInfo | null, key: Uint8Array, rangeEnd: Uint8Array): void {
    this.isOpPermitted(ai, key, rangeEnd, 'write');
  }

  /** For the inspector: how many users have merged permissions cached. */
  cachedPermissionUsers(): number {
    return this.rangePermCache.size;
  }
}

/** Go's sort.Strings: by bytes (UTF-16 order differs for astral characters). */
function compareStrings(a: string, b: string): number {
  return compareBytes(utf8(a), utf8(b));
}

export { AuthError };
