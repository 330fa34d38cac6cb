// etcdctl's output for auth, user and role commands (ctlv3/command/printer*.go, 3.4).

import type { ResponseHeader } from '../etcd/api';
import { fromUtf8 } from '../lib/bytes';
import type { AuthResponse, Permission } from './client';
import { ExitCode, ExitError } from './exit';
import { base64, headerJson, jsonString, obj } from './json';
import { prefixEnd } from './ops';
import type { OutputFormat } from './printer';
import { bytesEqual } from '../lib/bytes';

const PERM_NUM: Record<string, number> = { READ: 0, WRITE: 1, READWRITE: 2 };

function permJson(p: Permission): string {
  const t = PERM_NUM[p.permType]!;
  return obj([
    ['permType', t ? String(t) : undefined],
    ['key', p.key.length ? jsonString(base64(p.key)) : undefined],
    ['range_end', p.rangeEnd.length ? jsonString(base64(p.rangeEnd)) : undefined],
  ]);
}

const strList = (xs: string[] | undefined) => (xs && xs.length ? '[' + xs.map(jsonString).join(',') + ']' : undefined);

/** The JSON of an auth response: header plus its fields (omitempty). */
export function authJson(r: AuthResponse): string {
  return obj([
    ['header', headerJson(r.header)],
    ['users', strList(r.users)],
    ['roles', strList(r.roles)],
    ['perm', r.perm && r.perm.length ? '[' + r.perm.map(permJson).join(',') + ']' : undefined],
  ]) + '\n';
}

function fieldsHeader(h: ResponseHeader): string {
  return `"ClusterID" : ${BigInt('0x' + h.clusterId)}\n"MemberID" : ${BigInt('0x' + h.memberId)}\n"Revision" : ${h.revision}\n"RaftTerm" : ${h.raftTerm}\n`;
}

function printRange(p: Permission): string {
  const key = fromUtf8(p.key);
  let s: string;
  if (p.rangeEnd.length === 0) s = `\t${key}`;
  else if (p.rangeEnd.length === 1 && p.rangeEnd[0] === 0) s = `\t[${key}, <open ended>`;
  else s = `\t[${key}, ${fromUtf8(p.rangeEnd)})`;
  if (p.key.length > 0 && p.rangeEnd.length > 0 && bytesEqual(prefixEnd(p.key), p.rangeEnd)) s += ` (prefix ${key})`;
  return s + '\n';
}

export function roleGetSimple(role: string, perms: Permission[]): string {
  let s = `Role ${role}\nKV Read:\n`;
  for (const p of perms) if (p.permType === 'READ' || p.permType === 'READWRITE') s += printRange(p);
  s += 'KV Write:\n';
  for (const p of perms) if (p.permType === 'WRITE' || p.permType === 'READWRITE') s += printRange(p);
  return s;
}

/** Prints `simple` text, or the response in another format. */
export function printAuth(fmt: OutputFormat, r: AuthResponse, simple: () => string): string {
  switch (fmt) {
    case 'json':
    case 'protobuf':
      return authJson(r);
    case 'fields': {
      let s = fieldsHeader(r.header);
      for (const u of r.users ?? []) s += `"User" : ${jsonString(u)}\n`;
      for (const x of r.roles ?? []) s += `"Role" : ${jsonString(x)}\n`;
      for (const p of r.perm ?? []) s += `"PermType" : ${jsonString(p.permType)}\n"Key" : ${jsonString(fromUtf8(p.key))}\n"RangeEnd" : ${jsonString(fromUtf8(p.rangeEnd))}\n`;
      return s;
    }
    case 'table':
      throw new ExitError(ExitCode.BadFeature, 'table not supported as output format');
    default:
      return simple();
  }
}
