// `-w protobuf`: etcdctl 3.4's pbPrinter marshals the gRPC response and writes its bytes to stdout
// as they are. Our stdout is a string, so each byte travels as one char (U+0000–U+00FF, a "binary
// string"); `binaryStdout` turns it back into bytes for whatever reads the pipe (the oracle's `od`).
// etcdctl writes them with fmt.Printf(string(b)), so a '%' byte would be read as a verb there; we
// write the bytes unchanged (see docs/compatibility.md).
import type { DeleteRangeResponse, PutResponse, RangeResponse, TxnResponse } from '../etcd/api';
import { ProtoWriter } from '../lib/proto';
import { writeDeleteRangeResponse, writePutResponse, writeRangeResponse, writeTxnResponse } from '../pb/responses';
import type { Printer } from './printer';

/** Bytes as a string of one char per byte. */
export function bytesToBinaryString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return s;
}

/** The bytes a binary string stands for (chars above U+00FF cannot come from bytesToBinaryString). */
export function binaryStringToBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

export class ProtobufPrinter implements Printer {
  constructor(private readonly out: (s: string) => void) {}

  private emit(write: (w: ProtoWriter) => void): void {
    const w = new ProtoWriter(256);
    write(w);
    this.out(bytesToBinaryString(w.finish()));
  }

  get(r: RangeResponse): void {
    this.emit((w) => writeRangeResponse(w, r));
  }
  put(r: PutResponse): void {
    this.emit((w) => writePutResponse(w, r));
  }
  del(r: DeleteRangeResponse): void {
    this.emit((w) => writeDeleteRangeResponse(w, r));
  }
  txn(r: TxnResponse): void {
    this.emit((w) => writeTxnResponse(w, r));
  }
}
