// etcdctl's lease output (ctlv3/command/printer*.go: Grant, Revoke, TimeToLive, Leases, KeepAlive).
// JSON here is clientv3's own response structs: the header is embedded (its fields inline), the
// clientv3 fields carry no omitempty.

import type { LeaseGrantResponse, LeaseRevokeResponse, ResponseHeader } from '../etcd/api';
import type { LeaseKeepAliveResponse, LeaseLeasesResponse, LeaseTimeToLiveResponse } from './client';
import { fromUtf8 } from '../lib/bytes';
import { ExitCode, ExitError } from './exit';
import { goQuote } from './goFormat';
import { base64, headerJson, hexIdToDec, jsonString } from './json';
import type { OutputFormat } from './printer';

export const leaseHex = (id: bigint) => id.toString(16).padStart(16, '0');

/** The embedded *pb.ResponseHeader's fields, inline in the outer object. */
const inlineHeader = (h: ResponseHeader) => (headerJson(h) ?? '{}').slice(1, -1);
const withHeader = (h: ResponseHeader, rest: string) => {
  const head = inlineHeader(h);
  return `{${head}${head && rest ? ',' : ''}${rest}}`;
};

function fieldsHeader(h: ResponseHeader): string {
  return `"ClusterID" : ${hexIdToDec(h.clusterId)}\n"MemberID" : ${hexIdToDec(h.memberId)}\n"Revision" : ${h.revision}\n"RaftTerm" : ${h.raftTerm}\n`;
}

function tableUnsupported(): never {
  throw new ExitError(ExitCode.BadFeature, 'table not supported as output format');
}

export function printGrant(fmt: OutputFormat, r: LeaseGrantResponse): string {
  if (fmt === 'json' || fmt === 'protobuf') return withHeader(r.header, `"ID":${r.ID},"TTL":${r.TTL},"Error":${jsonString(r.error)}`) + '\n';
  if (fmt === 'fields') return fieldsHeader(r.header) + `"ID" : ${r.ID}\n"TTL" : ${r.TTL}\n`;
  if (fmt === 'table') tableUnsupported();
  return `lease ${leaseHex(r.ID)} granted with TTL(${r.TTL}s)\n`;
}

export function printRevoke(fmt: OutputFormat, id: bigint, r: LeaseRevokeResponse): string {
  if (fmt === 'json' || fmt === 'protobuf') return `{"header":${headerJson(r.header)}}\n`;
  if (fmt === 'fields') return fieldsHeader(r.header);
  if (fmt === 'table') tableUnsupported();
  return `lease ${leaseHex(id)} revoked\n`;
}

export function printTimeToLive(fmt: OutputFormat, r: LeaseTimeToLiveResponse, keys: boolean): string {
  if (fmt === 'json' || fmt === 'protobuf') {
    const ks = r.keys.length ? '[' + r.keys.map((k) => jsonString(base64(k))).join(',') + ']' : 'null';
    return withHeader(r.header, `"id":${r.ID},"ttl":${r.TTL},"granted-ttl":${r.grantedTTL},"keys":${ks}`) + '\n';
  }
  if (fmt === 'fields') {
    let s = fieldsHeader(r.header) + `"ID" : ${r.ID}\n"TTL" : ${r.TTL}\n"GrantedTTL" : ${r.grantedTTL}\n`;
    for (const k of r.keys) s += `"Key" : ${goQuote(k)}\n`;
    return s;
  }
  if (fmt === 'table') tableUnsupported();
  if (r.grantedTTL === 0 && r.TTL === -1) return `lease ${leaseHex(r.ID)} already expired\n`;
  let txt = `lease ${leaseHex(r.ID)} granted with TTL(${r.grantedTTL}s), remaining(${r.TTL}s)`;
  if (keys) txt += `, attached keys([${r.keys.map(fromUtf8).join(' ')}])`;
  return txt + '\n';
}

export function printLeases(fmt: OutputFormat, r: LeaseLeasesResponse): string {
  if (fmt === 'json' || fmt === 'protobuf') return withHeader(r.header, `"leases":[${r.leases.map((l) => `{"id":${l.ID}}`).join(',')}]`) + '\n';
  if (fmt === 'fields') return fieldsHeader(r.header) + r.leases.map((l) => `"ID" : ${l.ID}\n`).join('');
  if (fmt === 'table') tableUnsupported();
  return `found ${r.leases.length} leases\n` + r.leases.map((l) => leaseHex(l.ID) + '\n').join('');
}

export function printKeepAlive(fmt: OutputFormat, r: LeaseKeepAliveResponse): string {
  if (fmt === 'json' || fmt === 'protobuf') return withHeader(r.header, `"ID":${r.ID},"TTL":${r.TTL}`) + '\n';
  if (fmt === 'fields') return fieldsHeader(r.header) + `"ID" : ${r.ID}\n"TTL" : ${r.TTL}\n`;
  if (fmt === 'table') tableUnsupported();
  return `lease ${leaseHex(r.ID)} keepalived with TTL(${r.TTL})\n`;
}
