// Short human summaries of etcd requests for the visualizer's log view and event list:
// `put foo=bar`, `del foo`, `del [a, b)`, `txn 1 cmp 2 ops`, `compact 5`, `lease grant 60s`.
// Keys and values are shown as text when printable, else as hex, and truncated so a line stays short.

import { fromUtf8, toHex, utf8 } from '../lib/bytes';
import type { InternalRaftRequest, RangeRequest, RequestOp } from '../etcd/api';
import type { V2Request } from './etcdserverpb';

const MAX_KEY_CHARS = 32;
const MAX_VALUE_CHARS = 24;

/** Bytes as readable text (or 0x-hex when not printable UTF-8), cut to `max` characters with '…'. */
export function showBytes(b: Uint8Array, max: number): string {
  let printable = true;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x20 || c === 0x7f) {
      printable = false;
      break;
    }
  }
  let s = printable ? fromUtf8(b) : '';
  if (!printable || s.includes('\uFFFD')) s = '0x' + toHex(b.length > max ? b.subarray(0, max) : b);
  return s.length > max ? s.slice(0, max) + '…' : s;
}

const key = (b: Uint8Array): string => showBytes(b, MAX_KEY_CHARS);
/** A lease id in hex as etcdctl prints it. */
const id = (n: bigint): string => BigInt.asUintN(64, n).toString(16);
const val = (b: Uint8Array): string => showBytes(b, MAX_VALUE_CHARS);

/** etcd's range convention: no end = one key; end "\0" = every key ≥ key; else [key, end). */
function keyRange(k: Uint8Array, end: Uint8Array): string {
  if (end.length === 0) return key(k);
  const from = k.length === 1 && k[0] === 0 ? "''" : key(k);
  if (end.length === 1 && end[0] === 0) return `[${from}, +inf)`;
  return `[${from}, ${key(end)})`;
}

function describeRange(q: RangeRequest): string {
  return `range ${keyRange(q.key, q.rangeEnd)}${q.revision ? ` @${q.revision}` : ''}`;
}

function describeOp(op: RequestOp): string {
  if ('requestPut' in op) return `put ${key(op.requestPut.key)}=${val(op.requestPut.value)}`;
  if ('requestDeleteRange' in op) return `del ${keyRange(op.requestDeleteRange.key, op.requestDeleteRange.rangeEnd)}`;
  if ('requestRange' in op) return describeRange(op.requestRange);
  return 'txn';
}

export function describeRequest(r: InternalRaftRequest): string {
  if (r.put) {
    const lease = r.put.lease ? ` lease=${id(r.put.lease)}` : '';
    return `put ${key(r.put.key)}=${val(r.put.value)}${lease}`;
  }
  if (r.deleteRange) return `del ${keyRange(r.deleteRange.key, r.deleteRange.rangeEnd)}`;
  if (r.txn) {
    const t = r.txn;
    const ops = t.success.length + t.failure.length;
    const only = ops === 1 && t.compare.length === 0 ? `: ${describeOp((t.success[0] ?? t.failure[0])!)}` : '';
    return `txn ${t.compare.length} cmp ${ops} op${ops === 1 ? '' : 's'}${only}`;
  }
  if (r.compaction) return `compact ${r.compaction.revision}${r.compaction.physical ? ' physical' : ''}`;
  if (r.leaseGrant) return `lease grant ${r.leaseGrant.TTL}s${r.leaseGrant.ID ? ` id=${id(r.leaseGrant.ID)}` : ''}`;
  if (r.leaseRevoke) return `lease revoke ${id(r.leaseRevoke.ID)}`;
  if (r.range) return describeRange(r.range);
  if (r.alarm) return `alarm ${r.alarm.action.toLowerCase()}${r.alarm.alarm === 'NONE' ? '' : ` ${r.alarm.alarm}`}`;
  const auth = describeAuthRequest(r);
  if (auth) return auth;
  return 'empty request';
}

/** A v2 request as real etcd 3.4 logs them (member attributes, cluster version). */
export function describeV2Request(q: V2Request): string {
  return `v2 ${q.method} ${q.path}${q.val ? ` ${showBytes(utf8(q.val), 48)}` : ''}`;
}

/** Auth requests, named as etcd-dump-logs would (never with a password). */
function describeAuthRequest(r: InternalRaftRequest): string | null {
  if (r.authEnable) return 'auth enable';
  if (r.authDisable) return 'auth disable';
  if (r.authenticate) return `authenticate ${r.authenticate.name}`;
  if (r.authUserAdd) return `user add ${r.authUserAdd.name}${r.authUserAdd.options?.noPassword ? ' (no password)' : ''}`;
  if (r.authUserDelete) return `user delete ${r.authUserDelete.name}`;
  if (r.authUserGet) return `user get ${r.authUserGet.name}`;
  if (r.authUserChangePassword) return `user passwd ${r.authUserChangePassword.name}`;
  if (r.authUserGrantRole) return `user grant-role ${r.authUserGrantRole.user} ${r.authUserGrantRole.role}`;
  if (r.authUserRevokeRole) return `user revoke-role ${r.authUserRevokeRole.name} ${r.authUserRevokeRole.role}`;
  if (r.authUserList) return 'user list';
  if (r.authRoleList) return 'role list';
  if (r.authRoleAdd) return `role add ${r.authRoleAdd.name}`;
  if (r.authRoleDelete) return `role delete ${r.authRoleDelete.role}`;
  if (r.authRoleGet) return `role get ${r.authRoleGet.role}`;
  if (r.authRoleGrantPermission) {
    const p = r.authRoleGrantPermission.perm;
    return `role grant-permission ${r.authRoleGrantPermission.name}${p ? ` ${['read', 'write', 'readwrite'][p.permType] ?? p.permType} ${keyRange(p.key, p.rangeEnd)}` : ''}`;
  }
  if (r.authRoleRevokePermission) return `role revoke-permission ${r.authRoleRevokePermission.role} ${keyRange(r.authRoleRevokePermission.key, r.authRoleRevokePermission.rangeEnd)}`;
  return null;
}
