// etcdctl's output formats for KV responses (ctlv3/command/printer*.go): simple, json, fields;
// `table` exists only for cluster commands and fails for KV ones after the request has run.

import type { DeleteRangeResponse, KeyValue, PutResponse, RangeResponse, ResponseHeader, TxnResponse } from '../etcd/api';
import { fromUtf8, toHex } from '../lib/bytes';
import { goQuote } from './goFormat';
import { delJson, hexIdToDec, putJson, rangeJson, txnJson } from './json';
import { ExitError, ExitCode } from './exit';

export type OutputFormat = 'simple' | 'json' | 'fields' | 'protobuf' | 'table';

export interface Printer {
  get(r: RangeResponse): void;
  put(r: PutResponse): void;
  del(r: DeleteRangeResponse): void;
  txn(r: TxnResponse): void;
}

export interface PrinterOptions {
  hex: boolean;
  valueOnly?: boolean;
}

/** Go's string([]byte) written to a terminal: our stdout is text, bytes are decoded as UTF-8. */
const text = (b: Uint8Array) => fromUtf8(b);
const hexPrefixed = (b: Uint8Array) => toHex(b).replace(/(..)/g, '\\x$1');

export class SimplePrinter implements Printer {
  valueOnly: boolean;

  constructor(
    private readonly out: (s: string) => void,
    private readonly opts: PrinterOptions,
  ) {
    this.valueOnly = opts.valueOnly ?? false;
  }

  private kv(kv: KeyValue): void {
    const k = this.opts.hex ? hexPrefixed(kv.key) : text(kv.key);
    const v = this.opts.hex ? hexPrefixed(kv.value) : text(kv.value);
    if (!this.valueOnly) this.out(k + '\n');
    this.out(v + '\n');
  }

  get(r: RangeResponse): void {
    for (const kv of r.kvs) this.kv(kv);
  }

  put(r: PutResponse): void {
    this.out('OK\n');
    if (r.prevKv) this.kv(r.prevKv);
  }

  del(r: DeleteRangeResponse): void {
    this.out(`${r.deleted}\n`);
    for (const kv of r.prevKvs) this.kv(kv);
  }

  txn(r: TxnResponse): void {
    this.out(r.succeeded ? 'SUCCESS\n' : 'FAILURE\n');
    for (const op of r.responses) {
      this.out('\n');
      if ('responseRange' in op) this.get(op.responseRange);
      else if ('responsePut' in op) this.put(op.responsePut);
      else if ('responseDeleteRange' in op) this.del(op.responseDeleteRange);
      else this.out(`unexpected response ${goStructText(op)}\n`);
    }
  }
}

/** A rough %+v of a nested txn response (etcdctl has no real format for it). */
function goStructText(op: object): string {
  return `{Response:${Object.keys(op)[0] ?? ''}}`;
}

export class JsonPrinter implements Printer {
  constructor(private readonly out: (s: string) => void) {}
  get(r: RangeResponse): void {
    this.out(rangeJson(r) + '\n');
  }
  put(r: PutResponse): void {
    this.out(putJson(r) + '\n');
  }
  del(r: DeleteRangeResponse): void {
    this.out(delJson(r) + '\n');
  }
  txn(r: TxnResponse): void {
    this.out(txnJson(r) + '\n');
  }
}

export class FieldsPrinter implements Printer {
  constructor(private readonly out: (s: string) => void) {}

  private hdr(h: ResponseHeader): void {
    this.out(`"ClusterID" : ${hexIdToDec(h.clusterId)}\n`);
    this.out(`"MemberID" : ${hexIdToDec(h.memberId)}\n`);
    this.out(`"Revision" : ${h.revision}\n`);
    this.out(`"RaftTerm" : ${h.raftTerm}\n`);
  }

  private kv(pfx: string, kv: KeyValue): void {
    this.out(`"${pfx}Key" : ${goQuote(kv.key)}\n`);
    this.out(`"${pfx}CreateRevision" : ${kv.createRevision}\n`);
    this.out(`"${pfx}ModRevision" : ${kv.modRevision}\n`);
    this.out(`"${pfx}Version" : ${kv.version}\n`);
    this.out(`"${pfx}Value" : ${goQuote(kv.value)}\n`);
    this.out(`"${pfx}Lease" : ${kv.lease}\n`);
  }

  get(r: RangeResponse): void {
    this.hdr(r.header);
    for (const kv of r.kvs) this.kv('', kv);
    this.out(`"More" : ${r.more}\n`);
    this.out(`"Count" : ${r.count}\n`);
  }

  put(r: PutResponse): void {
    this.hdr(r.header);
    if (r.prevKv) this.kv('Prev', r.prevKv);
  }

  del(r: DeleteRangeResponse): void {
    this.hdr(r.header);
    this.out(`"Deleted" : ${r.deleted}\n`);
    for (const kv of r.prevKvs) this.kv('Prev', kv);
  }

  txn(r: TxnResponse): void {
    this.hdr(r.header);
    this.out(`"Succeeded" : ${r.succeeded}\n`);
    for (const op of r.responses) {
      if ('responseRange' in op) this.get(op.responseRange);
      else if ('responsePut' in op) this.put(op.responsePut);
      else if ('responseDeleteRange' in op) this.del(op.responseDeleteRange);
      else this.out(`"Unknown" : ${goQuote(goStructText(op))}\n`);
    }
  }
}

/** `-w table` for KV commands: the request has run; printing fails. */
export class TablePrinter implements Printer {
  private fail(): never {
    throw new ExitError(ExitCode.BadFeature, 'table not supported as output format');
  }
  get(): void {
    this.fail();
  }
  put(): void {
    this.fail();
  }
  del(): void {
    this.fail();
  }
  txn(): void {
    this.fail();
  }
}
