// etcdctl's output for cluster and maintenance commands: member list/add/remove/update/promote,
// endpoint status/health/hashkv, alarms (ctlv3/command/printer*.go, 3.4).

import type { ResponseHeader } from '../etcd/api';
import type { AlarmResponse, HashKVResponse, Member, MemberAddResponse, MemberListResponse, StatusResponse } from './client';
import { ExitCode, ExitError } from './exit';
import { goQuote } from './goFormat';
import { headerJson, hexIdToDec, jsonString, obj } from './json';
import type { OutputFormat } from './printer';
import { renderTable } from './table';

const unsupported = (fmt: string): never => {
  throw new ExitError(ExitCode.BadFeature, `${fmt} not supported as output format`);
};

/** %x of a uint64 id (no padding). */
export const idHex = (hex: string) => BigInt('0x' + (hex || '0')).toString(16);
/** %16x: space-padded to 16. */
export const idHex16 = (hex: string) => idHex(hex).padStart(16, ' ');

const strArr = (xs: string[]) => (xs.length ? '[' + xs.map(jsonString).join(',') + ']' : undefined);

function memberJson(m: Member): string {
  const id = hexIdToDec(m.ID);
  return obj([
    ['ID', id === '0' ? undefined : id],
    ['name', m.name ? jsonString(m.name) : undefined],
    ['peerURLs', strArr(m.peerURLs)],
    ['clientURLs', strArr(m.clientURLs)],
    ['isLearner', m.isLearner ? 'true' : undefined],
  ]);
}

const membersJson = (ms: Member[]) => (ms.length ? '[' + ms.map(memberJson).join(',') + ']' : undefined);

function fieldsHeader(h: ResponseHeader): string {
  return `"ClusterID" : ${hexIdToDec(h.clusterId)}\n"MemberID" : ${hexIdToDec(h.memberId)}\n"Revision" : ${h.revision}\n"RaftTerm" : ${h.raftTerm}\n`;
}

function memberRow(m: Member): string[] {
  return [idHex(m.ID), m.name ? 'started' : 'unstarted', m.name, m.peerURLs.join(','), m.clientURLs.join(','), String(m.isLearner)];
}

export function printMemberList(fmt: OutputFormat, r: MemberListResponse): string {
  switch (fmt) {
    case 'json':
    case 'protobuf':
      return obj([['header', headerJson(r.header)], ['members', membersJson(r.members)]]) + '\n';
    case 'fields': {
      let s = fieldsHeader(r.header);
      for (const m of r.members) {
        s += `"ID" : ${hexIdToDec(m.ID)}\n"Name" : ${goQuote(m.name)}\n`;
        for (const u of m.peerURLs) s += `"PeerURL" : ${goQuote(u)}\n`;
        for (const u of m.clientURLs) s += `"ClientURL" : ${goQuote(u)}\n`;
        s += `"IsLearner" : ${m.isLearner}\n\n`;
      }
      return s;
    }
    case 'table':
      return renderTable(['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'], r.members.map(memberRow));
    default:
      return r.members.map((m) => memberRow(m).join(', ') + '\n').join('');
  }
}

export function printMemberAdd(fmt: OutputFormat, r: MemberAddResponse): string {
  switch (fmt) {
    case 'json':
    case 'protobuf':
      return obj([['header', headerJson(r.header)], ['member', memberJson(r.member)], ['members', membersJson(r.members)]]) + '\n';
    case 'fields':
      return printMemberList('fields', r);
    case 'table':
      return unsupported('table');
    default:
      // etcdctl 3.4 says "added to cluster" for a learner too ("as learner" came with 3.5)
      return `Member ${idHex16(r.member.ID)} added to cluster ${idHex16(r.header.clusterId)}\n`;
  }
}

/** remove / update / promote: `verb` is "removed from", "updated in", "promoted in". */
export function printMemberChange(fmt: OutputFormat, id: string, verb: string, r: MemberListResponse): string {
  switch (fmt) {
    case 'json':
    case 'protobuf':
      return obj([['header', headerJson(r.header)], ['members', membersJson(r.members)]]) + '\n';
    case 'fields':
      return printMemberList('fields', r);
    case 'table':
      return unsupported('table');
    default:
      return `Member ${idHex16(id)} ${verb} cluster ${idHex16(r.header.clusterId)}\n`;
  }
}

/** go-humanize Bytes (SI units). */
export function humanizeBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const sizes = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / Math.pow(1000, e)) * 10 + 0.5) / 10;
  return val < 10 ? `${goFixed(val, 1)} ${sizes[e]}` : `${goFixed(val, 0)} ${sizes[e]}`;
}

/** %.Nf with round-half-to-even on the decimal representation, as Go's strconv does. */
function goFixed(v: number, digits: number): string {
  const scaled = v * Math.pow(10, digits);
  const fl = Math.floor(scaled);
  const diff = scaled - fl;
  let r = diff > 0.5 + 1e-9 ? fl + 1 : diff < 0.5 - 1e-9 ? fl : fl % 2 === 0 ? fl : fl + 1;
  const s = String(r).padStart(digits + 1, '0');
  return digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
}

export interface EpStatus {
  ep: string;
  resp: StatusResponse;
}

function statusRow(s: EpStatus): string[] {
  const r = s.resp;
  return [
    s.ep,
    idHex(r.header.memberId),
    r.version,
    humanizeBytes(r.dbSize),
    String(BigInt('0x' + (r.leader || '0')) === BigInt('0x' + (r.header.memberId || '0'))),
    String(r.isLearner),
    String(r.raftTerm),
    String(r.raftIndex),
    String(r.raftAppliedIndex),
    r.errors.join(', '),
  ];
}

function statusJson(r: StatusResponse): string {
  const leader = hexIdToDec(r.leader);
  return obj([
    ['header', headerJson(r.header)],
    ['version', r.version ? jsonString(r.version) : undefined],
    ['dbSize', r.dbSize ? String(r.dbSize) : undefined],
    ['leader', leader === '0' ? undefined : leader],
    ['raftIndex', r.raftIndex ? String(r.raftIndex) : undefined],
    ['raftTerm', r.raftTerm ? String(r.raftTerm) : undefined],
    ['raftAppliedIndex', r.raftAppliedIndex ? String(r.raftAppliedIndex) : undefined],
    ['errors', strArr(r.errors)],
    ['dbSizeInUse', r.dbSizeInUse ? String(r.dbSizeInUse) : undefined],
    ['isLearner', r.isLearner ? 'true' : undefined],
  ]);
}

export function printEndpointStatus(fmt: OutputFormat, list: EpStatus[]): string {
  switch (fmt) {
    case 'json':
    case 'protobuf':
      return '[' + list.map((s) => `{"Endpoint":${jsonString(s.ep)},"Status":${statusJson(s.resp)}}`).join(',') + ']\n';
    case 'fields':
      return list
        .map(({ ep, resp: r }) =>
          [
            fieldsHeader(r.header),
            `"Version" : ${goQuote(r.version)}\n`,
            `"DBSize" : ${r.dbSize}\n`,
            `"Leader" : ${hexIdToDec(r.leader)}\n`,
            `"IsLearner" : ${r.isLearner}\n`,
            `"RaftIndex" : ${r.raftIndex}\n`,
            `"RaftTerm" : ${r.raftTerm}\n`,
            `"RaftAppliedIndex" : ${r.raftAppliedIndex}\n`,
            `"Errors" : [${r.errors.join(' ')}]\n`,
            `"Endpoint" : ${goQuote(ep)}\n\n`,
          ].join(''),
        )
        .join('');
    case 'table':
      return renderTable(
        ['endpoint', 'ID', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'],
        list.map(statusRow),
      );
    default:
      return list.map((s) => statusRow(s).join(', ') + '\n').join('');
  }
}

export interface EpHealth {
  ep: string;
  health: boolean;
  took: string;
  error: string;
}

/** Returns [stdout, stderr]: 3.4 prints the simple health lines on stderr. */
export function printEndpointHealth(fmt: OutputFormat, list: EpHealth[]): [string, string] {
  switch (fmt) {
    case 'json':
    case 'protobuf':
      return [
        '[' +
          list
            .map((h) => obj([['endpoint', jsonString(h.ep)], ['health', String(h.health)], ['took', jsonString(h.took)], ['error', h.error ? jsonString(h.error) : undefined]]))
            .join(',') +
          ']\n',
        '',
      ];
    case 'table':
      return [renderTable(['endpoint', 'health', 'took', 'error'], list.map((h) => [h.ep, String(h.health), h.took, h.error])), ''];
    case 'fields':
      return unsupported('fields');
    default:
      return [
        '',
        list
          .map((h) =>
            h.error === ''
              ? `${h.ep} is healthy: successfully committed proposal: took = ${h.took}\n`
              : `${h.ep} is unhealthy: failed to commit proposal: ${h.error}\n`,
          )
          .join(''),
      ];
  }
}

export interface EpHashKV {
  ep: string;
  resp: HashKVResponse;
}

export function printEndpointHashKV(fmt: OutputFormat, list: EpHashKV[]): string {
  switch (fmt) {
    case 'json':
    case 'protobuf':
      return (
        '[' +
        list
          .map(
            (h) =>
              `{"Endpoint":${jsonString(h.ep)},"HashKV":${obj([
                ['header', headerJson(h.resp.header)],
                ['hash', h.resp.hash ? String(h.resp.hash) : undefined],
                ['compact_revision', h.resp.compactRevision ? String(h.resp.compactRevision) : undefined],
              ])}}`,
          )
          .join(',') +
        ']\n'
      );
    case 'fields':
      return list.map((h) => `${fieldsHeader(h.resp.header)}"Endpoint" : ${goQuote(h.ep)}\n"Hash" : ${h.resp.hash}\n\n`).join('');
    case 'table':
      return renderTable(['endpoint', 'hash'], list.map((h) => [h.ep, String(h.resp.hash)]));
    default:
      return list.map((h) => `${h.ep}, ${h.resp.hash}\n`).join('');
  }
}

export function printAlarms(fmt: OutputFormat, r: AlarmResponse): string {
  switch (fmt) {
    case 'json':
    case 'protobuf':
      return (
        obj([
          ['header', headerJson(r.header)],
          ['alarms', r.alarms.length ? '[' + r.alarms.map((a) => obj([['memberID', hexIdToDec(a.memberID)], ['alarm', a.alarm === 'NONE' ? undefined : String(['NONE', 'NOSPACE', 'CORRUPT'].indexOf(a.alarm))]])).join(',') + ']' : undefined],
        ]) + '\n'
      );
    case 'table':
      return unsupported('table');
    case 'fields': {
      let s = r.header ? fieldsHeader(r.header) : '';
      for (const a of r.alarms) s += `"MemberID" : ${hexIdToDec(a.memberID)}\n"AlarmType" : ${a.alarm}\n`;
      return s;
    }
    default:
      return r.alarms.map((a) => `memberID:${hexIdToDec(a.memberID)} alarm:${a.alarm} \n`).join('');
  }
}
