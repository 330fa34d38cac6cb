// etcdctl's watch output: simple (PUT/DELETE, then prev kv and kv lines), json (clientv3's
// WatchResponse struct, capitalised names) and fields.

import { EventType, type KeyValue, type MvccEvent } from '../etcd/api';
import { fromUtf8, toHex } from '../lib/bytes';
import type { WatchResponse } from './client';
import { ExitCode, ExitError } from './exit';
import { goQuote } from './goFormat';
import { headerJson, hexIdToDec, kvJson, obj } from './json';
import type { OutputFormat } from './printer';

const typeName = (t: number) => (t === EventType.DELETE ? 'DELETE' : 'PUT');

function eventJson(e: MvccEvent): string {
  return obj([
    ['type', e.type === EventType.PUT ? undefined : String(e.type)],
    ['kv', kvJson(e.kv)],
    ['prev_kv', e.prevKv ? kvJson(e.prevKv) : undefined],
  ]);
}

export function printWatch(fmt: OutputFormat, r: WatchResponse, hex: boolean): string {
  switch (fmt) {
    case 'json':
    case 'protobuf':
      return `{"Header":${headerJson(r.header) ?? '{}'},"Events":[${r.events.map(eventJson).join(',')}],"CompactRevision":${r.compactRevision},"Canceled":${r.canceled},"Created":false}\n`;
    case 'fields': {
      const h = r.header;
      let s = `"ClusterID" : ${hexIdToDec(h.clusterId)}\n"MemberID" : ${hexIdToDec(h.memberId)}\n"Revision" : ${h.revision}\n"RaftTerm" : ${h.raftTerm}\n`;
      const kv = (pfx: string, k: KeyValue) =>
        `"${pfx}Key" : ${goQuote(k.key)}\n"${pfx}CreateRevision" : ${k.createRevision}\n"${pfx}ModRevision" : ${k.modRevision}\n"${pfx}Version" : ${k.version}\n"${pfx}Value" : ${goQuote(k.value)}\n"${pfx}Lease" : ${k.lease}\n`;
      for (const e of r.events) {
        s += `"Type" : ${typeName(e.type)}\n`;
        if (e.prevKv) s += kv('Prev', e.prevKv);
        s += kv('', e.kv);
      }
      return s;
    }
    case 'table':
      throw new ExitError(ExitCode.BadFeature, 'table not supported as output format');
    default: {
      const text = (b: Uint8Array) => (hex ? toHex(b).replace(/(..)/g, '\\x$1') : fromUtf8(b));
      let s = '';
      for (const e of r.events) {
        s += typeName(e.type) + '\n';
        if (e.prevKv) s += `${text(e.prevKv.key)}\n${text(e.prevKv.value)}\n`;
        s += `${text(e.kv.key)}\n${text(e.kv.value)}\n`;
      }
      return s;
    }
  }
}
