// etcd's Auth service and authApplierV3 on one member (etcdserver/v3_server.go, apply_auth.go):
// applies committed auth requests, checks every KV write against the requester's permissions when
// it applies (the requester travels in the entry's header: username + auth revision), and answers
// the API layer's questions (who holds this token, may they read this range, are they root).
import type { InternalRaftRequest, RequestOp, ResponseHeader, TxnRequest } from './api';
import type { ClientRequest, ClientResult } from './nodeTypes';
import type { EtcdErrorInfo } from './errors';
import { AuthError, AuthStore, type AuthInfo } from '../auth/store';
import { authError } from '../auth/errors';
import { authRequestName } from '../pb/authpb';
import type { Lessor } from '../lease/lessor';
import { EMPTY } from '../lib/bytes';

/** The request names etcd's needAdminPermission lists (user get / role get are decided separately). */
const ADMIN_ONLY = new Set([
  'authEnable',
  'authDisable',
  'authUserAdd',
  'authUserDelete',
  'authUserChangePassword',
  'authUserGrantRole',
  'authUserRevokeRole',
  'authRoleAdd',
  'authRoleGrantPermission',
  'authRoleRevokePermission',
  'authRoleDelete',
  'authUserList',
  'authRoleList',
]);

const keyBytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

export class AuthService {
  constructor(
    readonly store: AuthStore,
    private readonly lessor: Lessor,
  ) {}

  /** AuthInfoFromCtx: no token → null; an unknown or expired token is an error. */
  authInfo(token: string | undefined): { ai: AuthInfo | null } | { error: EtcdErrorInfo } {
    if (token === undefined || token === '') return { ai: null };
    const ai = this.store.authInfoFromToken(token);
    return ai ? { ai } : { error: authError('invalidAuthToken').grpc() };
  }

  /** Runs an auth check; its AuthError becomes what gRPC returns (or the raw text, for maintenance). */
  check(fn: () => void, raw = false): EtcdErrorInfo | null {
    try {
      fn();
      return null;
    } catch (e) {
      if (e instanceof AuthError) return raw ? e.raw() : e.grpc();
      throw e;
    }
  }

  /** Reads (range, read-only txn served locally): permission first, then a stale-revision check after. */
  checkRange(ai: AuthInfo | null, key: Uint8Array, rangeEnd: Uint8Array): EtcdErrorInfo | null {
    return this.check(() => this.store.isRangePermitted(ai ?? { username: '', revision: 0 }, key, rangeEnd));
  }

  /** Maintenance calls etcd guards with IsAdminPermitted and answers with the raw auth error. */
  checkMaintenance(ai: AuthInfo | null): EtcdErrorInfo | null {
    return this.check(() => this.store.isAdminPermitted(ai), true);
  }

  /** Member add/remove/update/promote (checkMembershipOperationPermission). */
  checkMembership(ai: AuthInfo | null): EtcdErrorInfo | null {
    return this.check(() => this.store.isAdminPermitted(ai));
  }

  /** isWatchPermitted */
  watchPermitted(ai: AuthInfo | null, key: Uint8Array, rangeEnd: Uint8Array): boolean {
    return this.checkRange(ai, key, rangeEnd) === null;
  }

  /** The API layer's checks for calls that do not go through raft's applier (null = allowed). */
  checkCall(creq: ClientRequest, ai: AuthInfo | null): EtcdErrorInfo | null {
    switch (creq.op) {
      case 'memberAdd':
      case 'memberRemove':
      case 'memberUpdate':
      case 'memberPromote':
        return this.checkMembership(ai);
      case 'defragment':
      case 'snapshot':
      case 'hashKV':
      case 'moveLeader':
        return this.checkMaintenance(ai);
      default:
        return null;
    }
  }

  /** A read served locally: the token's user must be allowed to read [key, rangeEnd). */
  readDenied(token: string | undefined, key: Uint8Array, rangeEnd: Uint8Array): EtcdErrorInfo | null {
    const a = this.authInfo(token);
    return 'error' in a ? a.error : this.checkRange(a.ai, key, rangeEnd);
  }

  /** isWatchPermitted for a watch create request (its token rides in the request). */
  watchAllowed(req: { key: Uint8Array; rangeEnd: Uint8Array; token?: string }): boolean {
    const a = this.authInfo(req.token);
    return !('error' in a) && this.watchPermitted(a.ai, req.key, req.rangeEnd);
  }

  /** The requester a committed entry carries. */
  private static infoOf(irr: InternalRaftRequest): AuthInfo {
    return { username: irr.header.username ?? '', revision: irr.header.authRevision ?? 0 };
  }

  /**
   * authApplierV3's checks for KV writes and lease revokes, at apply time; null = go ahead.
   * (Compaction and lease grant are not checked in 3.4.)
   */
  checkApply(irr: InternalRaftRequest): EtcdErrorInfo | null {
    if (!this.store.isAuthEnabled()) return null;
    const ai = AuthService.infoOf(irr);
    return this.check(() => {
      if (irr.put) {
        this.store.isPutPermitted(ai, irr.put.key);
        this.checkLeasePuts(ai, irr.put.lease);
        if (irr.put.prevKv) this.store.isRangePermitted(ai, irr.put.key, EMPTY);
      }
      if (irr.deleteRange) {
        this.store.isDeleteRangePermitted(ai, irr.deleteRange.key, irr.deleteRange.rangeEnd);
        if (irr.deleteRange.prevKv) this.store.isRangePermitted(ai, irr.deleteRange.key, irr.deleteRange.rangeEnd);
      }
      if (irr.txn) this.checkTxn(ai, irr.txn);
      if (irr.range) this.store.isRangePermitted(ai, irr.range.key, irr.range.rangeEnd);
      if (irr.leaseRevoke) this.checkLeasePuts(ai, irr.leaseRevoke.ID);
    });
  }

  /** checkTxnAuth: compares are reads; then every op of both branches. */
  checkTxn(ai: AuthInfo, t: TxnRequest): void {
    for (const c of t.compare) this.store.isRangePermitted(ai, c.key, c.rangeEnd);
    const op = (o: RequestOp) => {
      if ('requestRange' in o) this.store.isRangePermitted(ai, o.requestRange.key, o.requestRange.rangeEnd);
      else if ('requestPut' in o) this.store.isPutPermitted(ai, o.requestPut.key);
      else if ('requestDeleteRange' in o) {
        if (o.requestDeleteRange.prevKv) this.store.isRangePermitted(ai, o.requestDeleteRange.key, o.requestDeleteRange.rangeEnd);
        this.store.isDeleteRangePermitted(ai, o.requestDeleteRange.key, o.requestDeleteRange.rangeEnd);
      } else this.checkTxn(ai, o.requestTxn); // etcd 3.4 skips nested txns; see docs/compatibility.md
    };
    t.success.forEach(op);
    t.failure.forEach(op);
  }

  /** A lease whose keys the user may not write can be neither attached to nor revoked by them. */
  private checkLeasePuts(ai: AuthInfo, leaseId: bigint): void {
    if (!leaseId) return;
    for (const k of this.lessor.timeToLive(leaseId)?.keys ?? []) this.store.isPutPermitted(ai, keyBytes(k));
  }

  /** Applies an auth request (null when `irr` carries none): the result for the proposer. */
  apply(irr: InternalRaftRequest, index: number, header: () => ResponseHeader): ClientResult | null {
    const name = authRequestName(irr);
    if (!name) return null;
    const ai = AuthService.infoOf(irr);
    const s = this.store;
    try {
      if (ADMIN_ONLY.has(name)) s.isAdminPermitted(ai);
      if (irr.authUserGet && irr.authUserGet.name !== ai.username) s.isAdminPermitted(ai);
      if (irr.authRoleGet && !s.hasRole(ai.username, irr.authRoleGet.role)) s.isAdminPermitted(ai);
      const extra = this.applyOne(irr, index);
      return { ok: true, resp: { header: header(), ...extra } };
    } catch (e) {
      if (e instanceof AuthError) return { ok: false, error: e.grpc() };
      throw e;
    }
  }

  private applyOne(irr: InternalRaftRequest, index: number): Record<string, unknown> {
    const s = this.store;
    if (irr.authEnable) s.authEnable();
    else if (irr.authDisable) s.authDisable();
    else if (irr.authenticate) return { token: s.authenticate(irr.authenticate.name, irr.authenticate.simpleToken, index) };
    else if (irr.authUserAdd) s.userAdd(irr.authUserAdd.name, irr.authUserAdd.password, irr.authUserAdd.options);
    else if (irr.authUserDelete) s.userDelete(irr.authUserDelete.name);
    else if (irr.authUserChangePassword) s.userChangePassword(irr.authUserChangePassword.name, irr.authUserChangePassword.password);
    else if (irr.authUserGrantRole) s.userGrantRole(irr.authUserGrantRole.user, irr.authUserGrantRole.role);
    else if (irr.authUserRevokeRole) s.userRevokeRole(irr.authUserRevokeRole.name, irr.authUserRevokeRole.role);
    else if (irr.authUserGet) return { roles: s.userGet(irr.authUserGet.name) };
    else if (irr.authUserList) return { users: s.userList() };
    else if (irr.authRoleAdd) s.roleAdd(irr.authRoleAdd.name);
    else if (irr.authRoleDelete) s.roleDelete(irr.authRoleDelete.role);
    else if (irr.authRoleGet) return { perm: s.roleGet(irr.authRoleGet.role) };
    else if (irr.authRoleList) return { roles: s.roleList() };
    else if (irr.authRoleGrantPermission) {
      const p = irr.authRoleGrantPermission.perm;
      s.roleGrantPermission(irr.authRoleGrantPermission.name, p ?? { permType: 0, key: EMPTY, rangeEnd: EMPTY });
    } else if (irr.authRoleRevokePermission) {
      const r = irr.authRoleRevokePermission;
      s.roleRevokePermission(r.role, r.key, r.rangeEnd);
    }
    return {};
  }
}
