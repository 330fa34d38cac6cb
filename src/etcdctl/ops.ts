// Building requests from etcdctl's arguments, as ctlv3's getGetOp/getPutOp/getDelOp and
// clientv3's OpOptions do. Shared by the get/put/del commands and by txn op lines.

import {
  type DeleteRangeRequest,
  type PutRequest,
  type RangeRequest,
  SortOrder,
  SortTarget,
  emptyRangeRequest,
} from '../etcd/api';
import { EMPTY } from '../lib/bytes';
import { ExitCode, ExitError } from './exit';
import type { FlagValue } from './flags';
import { GoNumError, goParseIntBig, utf8Bytes } from './goFormat';

type Flags = Map<string, FlagValue>;
const b = (f: Flags, n: string) => f.get(n) === true;
const s = (f: Flags, n: string) => String(f.get(n) ?? '');
const bad = (msg: string) => new ExitError(ExitCode.BadArgs, msg);

const FROM_KEY_END = new Uint8Array([0]);

/** clientv3.GetPrefixRangeEnd: the key with its last byte below 0xff incremented ("\0" if none). */
export function prefixEnd(key: Uint8Array): Uint8Array {
  for (let i = key.length - 1; i >= 0; i--) {
    if (key[i]! < 0xff) {
      const end = key.slice(0, i + 1);
      end[i]!++;
      return end;
    }
  }
  return FROM_KEY_END;
}

/** [key, end] for --prefix / --from-key, with clientv3's handling of the empty key. */
function applyRangeFlags(key: Uint8Array, end: Uint8Array, prefix: boolean, fromKey: boolean): [Uint8Array, Uint8Array] {
  if (prefix) {
    if (key.length === 0) return [FROM_KEY_END, FROM_KEY_END];
    return [key, prefixEnd(key)];
  }
  if (fromKey) return [key.length === 0 ? FROM_KEY_END : key, FROM_KEY_END];
  return [key, end];
}

export interface GetOp {
  req: RangeRequest;
}

export function getGetOp(args: string[], f: Flags): RangeRequest {
  if (args.length === 0) throw bad('get command needs one argument as key and an optional argument as range_end');
  const prefix = b(f, 'prefix');
  const fromKey = b(f, 'from-key');
  if (prefix && fromKey) throw bad('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  const consistency = s(f, 'consistency');
  if (consistency !== 's' && consistency !== 'l') throw new ExitError(ExitCode.BadFeature, `unknown consistency flag "${consistency}"`);
  let end: Uint8Array = EMPTY;
  if (args.length > 1) {
    if (prefix || fromKey) throw bad('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
    end = utf8Bytes(args[1]!);
  }
  const rev = Number(f.get('rev') ?? 0);
  const orderText = s(f, 'order').toUpperCase();
  let order: SortOrder = SortOrder.NONE;
  if (orderText === 'ASCEND') order = SortOrder.ASCEND;
  else if (orderText === 'DESCEND') order = SortOrder.DESCEND;
  else if (orderText !== '') throw new ExitError(ExitCode.BadFeature, `bad sort order ${s(f, 'order')}`);
  const targetText = s(f, 'sort-by').toUpperCase();
  const targets: Record<string, SortTarget> = { CREATE: SortTarget.CREATE, KEY: SortTarget.KEY, MODIFY: SortTarget.MOD, VALUE: SortTarget.VALUE, VERSION: SortTarget.VERSION };
  let target: SortTarget = SortTarget.KEY;
  if (targetText in targets) target = targets[targetText]!;
  else if (targetText !== '') throw new ExitError(ExitCode.BadFeature, `bad sort target ${s(f, 'sort-by')}`);
  // clientv3.WithSort: ascending by key is what the server does anyway, so it sends no order
  if (target === SortTarget.KEY && order === SortOrder.ASCEND) order = SortOrder.NONE;
  const [key, rangeEnd] = applyRangeFlags(utf8Bytes(args[0]!), end, prefix, fromKey);
  return {
    ...emptyRangeRequest(key),
    rangeEnd,
    limit: Number(f.get('limit') ?? 0),
    revision: rev > 0 ? rev : 0,
    sortOrder: order,
    sortTarget: target,
    serializable: consistency === 's',
    keysOnly: b(f, 'keys-only'),
  };
}

/** `stdinValue` is consulted only when the value argument is missing (etcdctl reads stdin then). */
export function getPutOp(args: string[], f: Flags, stdinValue: () => Uint8Array): PutRequest {
  const needArgs = 'put command needs 1 argument and input from stdin or 2 arguments';
  if (args.length === 0) throw bad(needArgs);
  const ignoreValue = b(f, 'ignore-value');
  if (ignoreValue && args.length > 1) throw bad("put command needs only 1 argument when 'ignore-value' is set");
  let value: Uint8Array = EMPTY;
  if (!ignoreValue) {
    if (args.length > 1) value = utf8Bytes(args[1]!);
    else {
      value = stdinValue();
      if (value.length === 0) throw bad(needArgs);
    }
  }
  let lease: bigint;
  try {
    lease = goParseIntBig(s(f, 'lease'), 16);
  } catch (e) {
    if (e instanceof GoNumError) throw bad(`bad lease ID (${e.message}), expecting ID in Hex`);
    throw e;
  }
  return { key: utf8Bytes(args[0]!), value, lease, prevKv: b(f, 'prev-kv'), ignoreValue, ignoreLease: b(f, 'ignore-lease') };
}

export function getDelOp(args: string[], f: Flags): DeleteRangeRequest {
  if (args.length === 0 || args.length > 2) throw bad('del command needs one argument as key and an optional argument as range_end');
  const prefix = b(f, 'prefix');
  const fromKey = b(f, 'from-key');
  if (prefix && fromKey) throw bad('`--prefix` and `--from-key` cannot be set at the same time, choose one');
  let end: Uint8Array = EMPTY;
  if (args.length > 1) {
    if (prefix || fromKey) throw bad('too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
    end = utf8Bytes(args[1]!);
  }
  const [key, rangeEnd] = applyRangeFlags(utf8Bytes(args[0]!), end, prefix, fromKey);
  return { key, rangeEnd, prevKv: b(f, 'prev-kv') };
}
