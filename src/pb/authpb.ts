// authpb (etcd 3.4 `auth/authpb/auth.proto`) — the values of the `authUsers` / `authRoles` buckets —
// and the auth request messages of etcdserverpb.InternalRaftRequest (fields 1000–1204,
// `rpc.proto` / `raft_internal.proto`). proto3 + gogoproto: empty scalars are not written, a set
// sub-message is (even when empty: clientv3 always sends `options:<>` with a user add).
import { ProtoReader, ProtoWriter, lengthDelimitedSize } from '../lib/proto';
import { EMPTY, fromUtf8 } from '../lib/bytes';
import type { AuthPermission, AuthRaftRequests, AuthRole, AuthUser, PermType, UserAddOptions } from '../auth/types';

type W = ProtoWriter;
const str = (w: W, f: number, s: string) => {
  if (s.length > 0) w.stringField(f, s);
};
const bytes = (w: W, f: number, b: Uint8Array) => {
  if (b.length > 0) w.bytesField(f, b);
};
function body(write: (w: W) => void): Uint8Array {
  const w = new ProtoWriter(64);
  write(w);
  return w.finish();
}

// UserAddOptions {no_password=1 bool}
function encodeOptions(o: UserAddOptions): Uint8Array {
  return body((w) => {
    if (o.noPassword) w.boolField(1, true);
  });
}
function readOptions(r: ProtoReader): UserAddOptions {
  const o: UserAddOptions = { noPassword: false };
  while (!r.done()) {
    const t = r.tag();
    if (t >>> 3 === 1) o.noPassword = r.bool();
    else r.skip(t & 7);
  }
  return o;
}

// Permission {permType=1 enum, key=2 bytes, range_end=3 bytes}
export function encodePermission(p: AuthPermission): Uint8Array {
  return body((w) => {
    if (p.permType !== 0) w.uint64Field(1, p.permType);
    bytes(w, 2, p.key);
    bytes(w, 3, p.rangeEnd);
  });
}
function readPermission(r: ProtoReader): AuthPermission {
  const p: AuthPermission = { permType: 0, key: EMPTY, rangeEnd: EMPTY };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: p.permType = r.uint64() as PermType; break;
      case 2: p.key = r.bytes(); break;
      case 3: p.rangeEnd = r.bytes(); break;
      default: r.skip(t & 7);
    }
  }
  return p;
}

// User {name=1 bytes, password=2 bytes, roles=3 repeated string, options=4 UserAddOptions}
export function encodeUser(u: AuthUser): Uint8Array {
  return body((w) => {
    str(w, 1, u.name);
    bytes(w, 2, u.password);
    for (const role of u.roles) w.stringField(3, role);
    if (u.options) w.bytesField(4, encodeOptions(u.options));
  });
}
export function decodeUser(b: Uint8Array): AuthUser {
  const r = new ProtoReader(b);
  const u: AuthUser = { name: '', password: EMPTY, roles: [] };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: u.name = r.string(); break;
      case 2: u.password = r.bytes(); break;
      case 3: u.roles.push(r.string()); break;
      case 4: u.options = readOptions(r.sub()); break;
      default: r.skip(t & 7);
    }
  }
  return u;
}

// Role {name=1 bytes, keyPermission=2 repeated Permission}
export function encodeRole(role: AuthRole): Uint8Array {
  return body((w) => {
    str(w, 1, role.name);
    for (const p of role.keyPermission) w.bytesField(2, encodePermission(p));
  });
}
export function decodeRole(b: Uint8Array): AuthRole {
  const r = new ProtoReader(b);
  const role: AuthRole = { name: '', keyPermission: [] };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: role.name = r.string(); break;
      case 2: role.keyPermission.push(readPermission(r.sub())); break;
      default: r.skip(t & 7);
    }
  }
  return role;
}

// ---- the auth fields of InternalRaftRequest ----

/** Field numbers, in the order gogo writes them (after the header, field 100). */
export const AUTH_FIELDS: ReadonlyArray<[number, keyof AuthRaftRequests]> = [
  [1000, 'authEnable'],
  [1011, 'authDisable'],
  [1012, 'authenticate'],
  [1100, 'authUserAdd'],
  [1101, 'authUserDelete'],
  [1102, 'authUserGet'],
  [1103, 'authUserChangePassword'],
  [1104, 'authUserGrantRole'],
  [1105, 'authUserRevokeRole'],
  [1106, 'authUserList'],
  [1107, 'authRoleList'],
  [1200, 'authRoleAdd'],
  [1201, 'authRoleDelete'],
  [1202, 'authRoleGet'],
  [1203, 'authRoleGrantPermission'],
  [1204, 'authRoleRevokePermission'],
];

/** One auth request message's body. */
function encodeAuthBody(q: AuthRaftRequests, name: keyof AuthRaftRequests): Uint8Array {
  return body((w) => {
    switch (name) {
      case 'authEnable':
      case 'authDisable':
      case 'authUserList':
      case 'authRoleList':
        return;
      case 'authenticate': {
        const a = q.authenticate!;
        str(w, 1, a.name);
        str(w, 2, a.password);
        str(w, 3, a.simpleToken);
        return;
      }
      case 'authUserAdd': {
        const a = q.authUserAdd!;
        str(w, 1, a.name);
        str(w, 2, a.password);
        if (a.options) w.bytesField(3, encodeOptions(a.options));
        return;
      }
      case 'authUserDelete':
        return str(w, 1, q.authUserDelete!.name);
      case 'authUserGet':
        return str(w, 1, q.authUserGet!.name);
      case 'authUserChangePassword':
        str(w, 1, q.authUserChangePassword!.name);
        return str(w, 2, q.authUserChangePassword!.password);
      case 'authUserGrantRole':
        str(w, 1, q.authUserGrantRole!.user);
        return str(w, 2, q.authUserGrantRole!.role);
      case 'authUserRevokeRole':
        str(w, 1, q.authUserRevokeRole!.name);
        return str(w, 2, q.authUserRevokeRole!.role);
      case 'authRoleAdd':
        return str(w, 1, q.authRoleAdd!.name);
      case 'authRoleDelete':
        return str(w, 1, q.authRoleDelete!.role);
      case 'authRoleGet':
        return str(w, 1, q.authRoleGet!.role);
      case 'authRoleGrantPermission': {
        const a = q.authRoleGrantPermission!;
        str(w, 1, a.name);
        if (a.perm) w.bytesField(2, encodePermission(a.perm));
        return;
      }
      case 'authRoleRevokePermission': {
        const a = q.authRoleRevokePermission!;
        str(w, 1, a.role);
        bytes(w, 2, a.key);
        bytes(w, 3, a.rangeEnd);
        return;
      }
    }
  });
}

/** Bytes the set auth fields add to an InternalRaftRequest. */
export function sizeAuthFields(q: AuthRaftRequests): number {
  let n = 0;
  for (const [f, name] of AUTH_FIELDS) if (q[name]) n += lengthDelimitedSize(f, encodeAuthBody(q, name).length);
  return n;
}

export function writeAuthFields(w: ProtoWriter, q: AuthRaftRequests): void {
  for (const [f, name] of AUTH_FIELDS) if (q[name]) w.bytesField(f, encodeAuthBody(q, name));
}

/** Strings of a message body by field number (all auth request fields are strings or bytes). */
function fieldsOf(r: ProtoReader, on: (field: number, r: ProtoReader, wire: number) => void): void {
  while (!r.done()) {
    const t = r.tag();
    on(t >>> 3, r, t & 7);
  }
}

/** Decodes auth field `field` into `q`; false when `field` is not an auth field. */
export function readAuthField(field: number, r: ProtoReader, q: AuthRaftRequests): boolean {
  const entry = AUTH_FIELDS.find(([f]) => f === field);
  if (!entry) return false;
  const name = entry[1];
  const sub = r.sub();
  const s: Record<number, Uint8Array> = {};
  let options: UserAddOptions | undefined;
  let perm: AuthPermission | undefined;
  fieldsOf(sub, (f, rr, wire) => {
    if (wire !== 2) return rr.skip(wire);
    if (name === 'authUserAdd' && f === 3) options = readOptions(rr.sub());
    else if (name === 'authRoleGrantPermission' && f === 2) perm = readPermission(rr.sub());
    else s[f] = rr.bytes();
  });
  const t = (f: number) => fromUtf8(s[f] ?? EMPTY);
  const b = (f: number) => s[f] ?? EMPTY;
  switch (name) {
    case 'authEnable':
    case 'authDisable':
    case 'authUserList':
    case 'authRoleList':
      q[name] = {};
      break;
    case 'authenticate': q.authenticate = { name: t(1), password: t(2), simpleToken: t(3) }; break;
    case 'authUserAdd': q.authUserAdd = { name: t(1), password: t(2), ...(options ? { options } : {}) }; break;
    case 'authUserDelete': q.authUserDelete = { name: t(1) }; break;
    case 'authUserGet': q.authUserGet = { name: t(1) }; break;
    case 'authUserChangePassword': q.authUserChangePassword = { name: t(1), password: t(2) }; break;
    case 'authUserGrantRole': q.authUserGrantRole = { user: t(1), role: t(2) }; break;
    case 'authUserRevokeRole': q.authUserRevokeRole = { name: t(1), role: t(2) }; break;
    case 'authRoleAdd': q.authRoleAdd = { name: t(1) }; break;
    case 'authRoleDelete': q.authRoleDelete = { role: t(1) }; break;
    case 'authRoleGet': q.authRoleGet = { role: t(1) }; break;
    case 'authRoleGrantPermission': q.authRoleGrantPermission = { name: t(1), ...(perm ? { perm } : {}) }; break;
    case 'authRoleRevokePermission': q.authRoleRevokePermission = { role: t(1), key: b(2), rangeEnd: b(3) }; break;
  }
  return true;
}

/** Which auth request an InternalRaftRequest carries, if any. */
export function authRequestName(q: AuthRaftRequests): keyof AuthRaftRequests | undefined {
  for (const [, name] of AUTH_FIELDS) if (q[name]) return name;
  return undefined;
}

