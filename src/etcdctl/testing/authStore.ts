// A small auth store for the test client: users, roles, permissions, enable/disable, and the
// permission checks etcd 3.4 makes (root may do anything; others need READ/WRITE ranges covering
// the request). Error texts are etcd's.

import type { RangeRequest, RequestOp, TxnRequest } from '../../etcd/api';
import { compareBytes } from '../../lib/bytes';
import { type AuthRequest, type AuthResponse, EtcdError, type Permission } from '../client';

const err = (code: EtcdError['code'], msg: string, phase?: 'connect') => new EtcdError(code, msg, phase);
export const ErrPermissionDenied = () => err('PermissionDenied', 'etcdserver: permission denied');
/** Removing root's rights while auth is on would lock everyone out. */
const invalidMgmt = () => err('FailedPrecondition', 'etcdserver: invalid auth management');
const ErrUserEmpty = () => err('InvalidArgument', 'etcdserver: user name is empty');

interface User {
  password: string | null;
  roles: Set<string>;
}

type Interval = [Uint8Array, Uint8Array | null]; // [begin, end); null end = +inf

function permInterval(p: { key: Uint8Array; rangeEnd: Uint8Array }): Interval {
  if (p.rangeEnd.length === 0) return [p.key, new Uint8Array([...p.key, 0])];
  if (p.rangeEnd.length === 1 && p.rangeEnd[0] === 0) return [p.key, null];
  return [p.key, p.rangeEnd];
}

/** Whether the union of `ivs` covers `want`. */
function covers(ivs: Interval[], want: Interval): boolean {
  const sorted = ivs.slice().sort((a, b) => compareBytes(a[0], b[0]));
  let pos = want[0];
  for (const [b, e] of sorted) {
    if (compareBytes(b, pos) > 0) break;
    if (e === null) return true;
    if (compareBytes(e, pos) > 0) pos = e;
    if (want[1] !== null && compareBytes(pos, want[1]) >= 0) return true;
  }
  return want[1] !== null && compareBytes(pos, want[1]) >= 0;
}

export class AuthStore {
  enabled = false;
  private users = new Map<string, User>();
  private roles = new Map<string, Permission[]>();

  /** clientv3's Authenticate at connect; returns the user name requests run as ('' = none). */
  authenticate(user: { name: string; password: string } | undefined): string {
    if (!user || user.name === '' || user.password === '') return '';
    if (!this.enabled) throw err('FailedPrecondition', 'etcdserver: authentication is not enabled', 'connect');
    const u = this.users.get(user.name);
    if (u && u.password === null) throw err('Unknown', 'rpc error: code = Unknown desc = auth: authentication failed, password was given for no password user', 'connect');
    if (!u || u.password !== user.password) throw err('InvalidArgument', 'etcdserver: authentication failed, invalid user ID or password', 'connect');
    return user.name;
  }

  private isRoot(name: string): boolean {
    return this.users.get(name)?.roles.has('root') ?? false;
  }

  /** Requests need a user once auth is enabled. */
  requireUser(name: string): void {
    if (this.enabled && name === '') throw ErrUserEmpty();
  }

  private allowed(name: string, type: 'READ' | 'WRITE', key: Uint8Array, rangeEnd: Uint8Array): boolean {
    if (!this.enabled || this.isRoot(name)) return true;
    const ivs: Interval[] = [];
    for (const r of this.users.get(name)?.roles ?? []) {
      for (const p of this.roles.get(r) ?? []) if (p.permType === type || p.permType === 'READWRITE') ivs.push(permInterval(p));
    }
    return covers(ivs, permInterval({ key, rangeEnd }));
  }

  checkRange(name: string, r: { key: Uint8Array; rangeEnd: Uint8Array }): void {
    this.requireUser(name);
    if (!this.allowed(name, 'READ', r.key, r.rangeEnd)) throw ErrPermissionDenied();
  }

  checkWrite(name: string, r: { key: Uint8Array; rangeEnd: Uint8Array; prevKv?: boolean }): void {
    this.requireUser(name);
    if (!this.allowed(name, 'WRITE', r.key, r.rangeEnd)) throw ErrPermissionDenied();
    if (r.prevKv && !this.allowed(name, 'READ', r.key, r.rangeEnd)) throw ErrPermissionDenied();
  }

  checkTxn(name: string, t: TxnRequest): void {
    this.requireUser(name);
    for (const c of t.compare) this.checkRange(name, c);
    const op = (o: RequestOp) => {
      if ('requestRange' in o) this.checkRange(name, o.requestRange as RangeRequest);
      else if ('requestPut' in o) this.checkWrite(name, { key: o.requestPut.key, rangeEnd: new Uint8Array(0), prevKv: o.requestPut.prevKv });
      else if ('requestDeleteRange' in o) this.checkWrite(name, o.requestDeleteRange);
      else this.checkTxn(name, o.requestTxn);
    };
    t.success.forEach(op);
    t.failure.forEach(op);
  }

  /** Admin operations (members, defrag) need root once auth is on. */
  checkAdmin(name: string, denied: () => EtcdError = ErrPermissionDenied): void {
    this.requireUser(name);
    if (this.enabled && !this.isRoot(name)) throw denied();
  }

  handle(name: string, req: AuthRequest, header: AuthResponse['header']): AuthResponse {
    const self = (u: string) => name !== '' && u === name;
    const own = (role: string) => this.users.get(name)?.roles.has(role) ?? false;
    if (this.enabled) {
      this.requireUser(name);
      const ok = (req.op === 'userGet' && self(req.name)) || (req.op === 'roleGet' && own(req.role));
      if (!ok && !this.isRoot(name)) throw ErrPermissionDenied();
    }
    const user = (n: string) => {
      const u = this.users.get(n);
      if (!u) throw err('FailedPrecondition', 'etcdserver: user name not found');
      return u;
    };
    const role = (n: string) => {
      const r = this.roles.get(n);
      if (!r) throw err('FailedPrecondition', 'etcdserver: role name not found');
      return r;
    };
    switch (req.op) {
      case 'authEnable': {
        if (this.enabled) return { header };
        const root = this.users.get('root');
        if (!root) throw err('FailedPrecondition', 'etcdserver: root user does not exist');
        if (!root.roles.has('root')) throw err('FailedPrecondition', 'etcdserver: root user does not have root role');
        this.enabled = true;
        return { header };
      }
      case 'authDisable':
        this.enabled = false;
        return { header };
      case 'userAdd':
        if (req.name === '') throw ErrUserEmpty();
        if (this.users.has(req.name)) throw err('FailedPrecondition', 'etcdserver: user name already exists');
        this.users.set(req.name, { password: req.noPassword ? null : req.password, roles: new Set() });
        return { header };
      case 'userDelete':
        if (this.enabled && req.name === 'root') throw invalidMgmt();
        user(req.name);
        this.users.delete(req.name);
        return { header };
      case 'userChangePassword':
        user(req.name).password = req.password;
        return { header };
      case 'userGet':
        return { header, roles: [...user(req.name).roles].sort() };
      case 'userList':
        return { header, users: [...this.users.keys()].sort() };
      case 'userGrantRole': {
        const u = user(req.user);
        role(req.role);
        u.roles.add(req.role);
        return { header };
      }
      case 'userRevokeRole': {
        if (this.enabled && req.name === 'root' && req.role === 'root') throw invalidMgmt();
        const u = user(req.name);
        if (!u.roles.has(req.role)) throw err('FailedPrecondition', 'etcdserver: role is not granted to the user');
        u.roles.delete(req.role);
        return { header };
      }
      case 'roleAdd':
        if (req.name === '') throw err('InvalidArgument', 'etcdserver: role name is empty');
        if (this.roles.has(req.name)) throw err('FailedPrecondition', 'etcdserver: role name already exists');
        this.roles.set(req.name, []);
        return { header };
      case 'roleDelete':
        if (this.enabled && req.role === 'root') throw invalidMgmt();
        role(req.role);
        this.roles.delete(req.role);
        for (const u of this.users.values()) u.roles.delete(req.role);
        return { header };
      case 'roleGet':
        return { header, perm: role(req.role).slice() };
      case 'roleList':
        return { header, roles: [...this.roles.keys()].sort() };
      case 'roleGrantPermission': {
        const perms = role(req.name);
        const i = perms.findIndex((p) => compareBytes(p.key, req.perm.key) === 0 && compareBytes(p.rangeEnd, req.perm.rangeEnd) === 0);
        if (i >= 0) perms[i] = req.perm;
        else perms.push(req.perm);
        perms.sort((a, b) => compareBytes(a.key, b.key) || compareBytes(a.rangeEnd, b.rangeEnd));
        return { header };
      }
      case 'roleRevokePermission': {
        const perms = role(req.role);
        const i = perms.findIndex((p) => compareBytes(p.key, req.key) === 0 && compareBytes(p.rangeEnd, req.rangeEnd) === 0);
        if (i < 0) throw err('FailedPrecondition', 'etcdserver: permission is not granted to the role');
        perms.splice(i, 1);
        return { header };
      }
    }
  }
}
