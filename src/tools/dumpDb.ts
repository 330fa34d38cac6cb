// etcd-dump-db (etcd 3.4.23, tools/etcd-dump-db): list-bucket, iterate-bucket (newest key first,
// decoded per bucket as the tool's decoders do) and hash, over a bbolt db file.
import { DB } from '../bolt';
import { crc32c } from '../lib/crc32c';
import { fromUtf8 } from '../lib/bytes';
import { goQuote } from '../etcdctl/goFormat';
import { compactText, decodeMessage, field, fields, type DecodedMessage } from './protoText';
import { KeyValue, Lease, Role, User } from './etcdSchema';
import { DumpError } from './dumpLogs';

function open(file: Uint8Array): DB {
  try {
    return DB.open(file);
  } catch (e) {
    throw new DumpError(`failed to open bolt DB ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** `list-bucket`: every top-level bucket name, in key order. */
export function listBuckets(file: Uint8Array): string {
  const db = open(file);
  let out = '';
  db.view((tx) => tx.forEach((name) => (out += fromUtf8(name) + '\n')));
  return out;
}

const be64 = (b: Uint8Array, at: number): bigint => {
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(b[at + i] ?? 0);
  return v;
};
const signed = (v: bigint) => BigInt.asIntN(64, v);
const num = (m: DecodedMessage, no: number) => field<bigint>(m, no) ?? 0n;
const byt = (m: DecodedMessage, no: number) => field<Uint8Array>(m, no) ?? new Uint8Array(0);
/** Go's %v of a []byte: decimal bytes in brackets. */
const goBytes = (b: Uint8Array) => `[${[...b].join(' ')}]`;

type Decoder = (k: Uint8Array, v: Uint8Array) => string;

const defaultDecoder: Decoder = (k, v) => `key=${goQuote(k)}, value=${goQuote(v)}`;

const DECODERS: Record<string, Decoder> = {
  key: (k, v) => {
    const kv = decodeMessage(v, KeyValue);
    const rev = `{main:${signed(be64(k, 0))} sub:${signed(be64(k, 9))}}`;
    return `rev=${rev}, value=[key ${goQuote(byt(kv, 1))} | val ${goQuote(byt(kv, 5))} | created ${num(kv, 2)} | mod ${num(kv, 3)} | ver ${num(kv, 4)}]`;
  },
  lease: (_k, v) => {
    const l = decodeMessage(v, Lease);
    return `lease ID=${BigInt.asUintN(64, num(l, 1)).toString(16).padStart(16, '0')}, TTL=${num(l, 2)}s`;
  },
  auth: (k, v) => `key=${goQuote(k)}, value=${fromUtf8(k) === 'authRevision' ? String(be64(v, 0)) : goBytes(v)}`,
  authRoles: (_k, v) => {
    const r = decodeMessage(v, Role);
    return `role=${goQuote(byt(r, 1))}, keyPermission=[${fields<DecodedMessage>(r, 2).map(compactText).join(' ')}]`;
  },
  authUsers: (_k, v) => {
    const u = decodeMessage(v, User);
    const roles = fields<Uint8Array>(u, 3).map((x) => goQuote(x));
    const options = field<DecodedMessage>(u, 4);
    return `user=${goQuote(byt(u, 1))}, roles=[${roles.join(' ')}], password=${goQuote(byt(u, 2))}, option=${options ? compactText(options) : ''}`;
  },
};

export interface IterateOptions {
  /** --limit: at most this many entries (0 = all). */
  limit?: number;
  /** --decode: the bucket's decoder instead of raw %q. */
  decode?: boolean;
}

/** `iterate-bucket`: the bucket's entries from the last key backwards. */
export function iterateBucket(file: Uint8Array, bucket: string, opts: IterateOptions = {}): string {
  const db = open(file);
  return db.view((tx) => {
    const b = tx.bucket(bucket);
    if (!b) throw new DumpError(`got nil bucket for ${bucket}`);
    const dec = (opts.decode && DECODERS[bucket]) || defaultDecoder;
    const lines: string[] = [];
    const c = b.cursor();
    for (let e = c.last(); e; e = c.prev()) {
      lines.push(dec(e.key, e.value ?? new Uint8Array(0)) + '\n');
      if (opts.limit && lines.length >= opts.limit) break;
    }
    return lines.join('');
  });
}

/**
 * `hash`: etcd's backend.Hash — CRC-32C over every bucket name and its keys and values, in order,
 * skipping meta/consistent_index (it moves with entries the user does not control).
 */
export function hashDb(file: Uint8Array, path: string): string {
  const db = open(file);
  let h = 0;
  db.view((tx) =>
    tx.forEach((name, b) => {
      h = crc32c(name, h);
      const meta = fromUtf8(name) === 'meta';
      b.forEach((k, v) => {
        if (meta && fromUtf8(k) === 'consistent_index') return;
        h = crc32c(k, h);
        if (v) h = crc32c(v, h);
      });
    }),
  );
  return `db path: ${path}\nHash: ${h >>> 0}\n`;
}
