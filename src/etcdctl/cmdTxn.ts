// `etcdctl txn`: reads compares, success ops and failure ops from stdin, each section ended by an
// empty line (ctlv3/command/txn_command.go), including its quirks: a section cut off by the end of
// input fails with "EOF", a bad flag in an op line prints cobra's usage, and lease compares or
// unknown operators crash 3.4 with a Go panic (exit 2).

import { type Compare, CompareResult, CompareTarget, type RequestOp, type TxnRequest } from '../etcd/api';
import { EMPTY } from '../lib/bytes';
import { type CommandSpec, DEL_SPEC, GET_SPEC, PUT_SPEC } from './commands';
import type { CommandContext } from './context';
import { ExitCode, ExitError, goPanic } from './exit';
import { FlagError, FlagSet } from './flags';
import { GoNumError, goParseInt, goQuote, goUnquote, utf8Bytes } from './goFormat';
import { getDelOp, getGetOp, getPutOp } from './ops';
import { flagsOf } from './parse';
import { cobraOpUsage } from './usage';
import { checkSendSize } from './sendLimit';
import { fromUtf8 } from '../lib/bytes';

/** bufio.Reader.ReadString('\n') over the whole input. */
class LineReader {
  private pos = 0;
  constructor(private readonly text: string) {}
  readLine(): string {
    const i = this.text.indexOf('\n', this.pos);
    if (i < 0) {
      this.pos = this.text.length;
      throw new ExitError(ExitCode.InvalidInput, 'EOF');
    }
    const line = this.text.slice(this.pos, i + 1);
    this.pos = i + 1;
    return line;
  }
}

/** Go's strings.TrimSpace. */
const trimSpace = (s: string) => s.replace(/^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g, '');

// ---- compares: TARGET("key") OP "value", scanned as fmt.Sscanf(rest, "%q) %s %q") ----

class Scanner {
  pos = 0;
  constructor(private readonly s: string) {}
  skipSpace(): void {
    while (this.pos < this.s.length && ' \t\r'.includes(this.s[this.pos]!)) this.pos++;
  }
  quoted(): string | undefined {
    this.skipSpace();
    const q = this.s[this.pos];
    if (q === '`') {
      const j = this.s.indexOf('`', this.pos + 1);
      if (j < 0) return undefined;
      const v = this.s.slice(this.pos + 1, j);
      this.pos = j + 1;
      return v;
    }
    if (q !== '"') return undefined;
    let j = this.pos + 1;
    for (;;) {
      if (j >= this.s.length) return undefined;
      if (this.s[j] === '\\') j += 2;
      else if (this.s[j] === '"') break;
      else j++;
    }
    const lit = this.s.slice(this.pos, j + 1);
    const v = goUnquote(lit);
    if (v === undefined) return undefined;
    this.pos = j + 1;
    return fromUtf8(v);
  }
  literal(c: string): boolean {
    if (this.s[this.pos] !== c) return false;
    this.pos++;
    return true;
  }
  /** A space in the format: one or more spaces, or the end of input. */
  space(): boolean {
    if (this.pos >= this.s.length) return true;
    if (!' \t\r'.includes(this.s[this.pos]!)) return false;
    this.skipSpace();
    return true;
  }
  word(): string | undefined {
    this.skipSpace();
    const m = /^\S+/.exec(this.s.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
}

const RESULT_OPS: Record<string, CompareResult> = { '=': CompareResult.EQUAL, '!=': CompareResult.NOT_EQUAL, '>': CompareResult.GREATER, '<': CompareResult.LESS };

function parseCompare(line: string): Compare {
  const lp = line.indexOf('(');
  if (lp < 0) throw new ExitError(ExitCode.InvalidInput, `malformed comparison: ${line}`);
  const target = line.slice(0, lp);
  const sc = new Scanner(line.slice(lp + 1));
  let key = '';
  let op = '';
  let val = '';
  let n = 0;
  scan: {
    const k = sc.quoted();
    if (k === undefined) break scan;
    key = k;
    n++;
    if (!sc.literal(')') || !sc.space()) break scan;
    const o = sc.word();
    if (o === undefined) break scan;
    op = o;
    n++;
    if (!sc.space()) break scan;
    const v = sc.quoted();
    if (v === undefined) break scan;
    val = v;
    n++;
  }
  if (n !== 3) {
    throw new ExitError(ExitCode.InvalidInput, `malformed comparison: ${line}; got ${target}(${goQuote(key)}) ${op} ${goQuote(val)}`);
  }
  const cmp: Compare = { key: utf8Bytes(key), rangeEnd: EMPTY, target: CompareTarget.VALUE, result: CompareResult.EQUAL };
  const numeric = (t: CompareTarget, field: 'version' | 'createRevision' | 'modRevision') => {
    let v: number;
    try {
      v = goParseInt(val, 10);
    } catch (e) {
      if (e instanceof GoNumError) throw new ExitError(ExitCode.InvalidInput, `invalid txn compare request: ${line}`);
      throw e;
    }
    cmp.target = t;
    cmp[field] = v;
  };
  switch (target) {
    case 'ver':
    case 'version':
      numeric(CompareTarget.VERSION, 'version');
      break;
    case 'c':
    case 'create':
      numeric(CompareTarget.CREATE, 'createRevision');
      break;
    case 'm':
    case 'mod':
      numeric(CompareTarget.MOD, 'modRevision');
      break;
    case 'val':
    case 'value':
      cmp.target = CompareTarget.VALUE;
      cmp.value = utf8Bytes(val);
      break;
    case 'lease':
      cmp.target = CompareTarget.LEASE;
      break;
    default:
      throw new ExitError(ExitCode.InvalidInput, `malformed comparison: ${line} (unknown target ${target})`);
  }
  // clientv3.Compare panics on an unknown operator, and on any lease operand given as a string
  const result = RESULT_OPS[op];
  if (result === undefined) throw goPanic('Unknown result op', 'go.etcd.io/etcd/clientv3.Compare(...)\n\tgo.etcd.io/etcd/clientv3/compare.go:46');
  if (cmp.target === CompareTarget.LEASE) throw goPanic('bad value', 'go.etcd.io/etcd/clientv3.mustInt64(...)\n\tgo.etcd.io/etcd/clientv3/compare.go:130');
  cmp.result = result;
  return cmp;
}

// ---- op lines: put/get/del with their own flags, split by argify ----

function argify(line: string): string[] {
  const re = /"(?:[^"\\]|\\.)*"|'[^']*'|[^'"\s]\S*[^'"\s]?/g;
  const args = line.match(re) ?? [];
  return args.map((a) => {
    if (a.length === 0) return a;
    if (a[0] === "'") {
      // etcdctl 3.4 slices with len(args)-1 instead of len(arg)-1; keep its behaviour
      const hi = args.length - 1;
      if (hi < 1) throw goPanic(`runtime error: slice bounds out of range [1:${hi}]`, 'go.etcd.io/etcd/etcdctl/ctlv3/command.argify(...)');
      if (hi > a.length) throw goPanic(`runtime error: slice bounds out of range [:${hi}] with length ${a.length}`, 'go.etcd.io/etcd/etcdctl/ctlv3/command.argify(...)');
      return a.slice(1, hi);
    }
    if (a[0] === '"') {
      const v = goUnquote(a);
      if (v === undefined) throw new ExitError(ExitCode.InvalidInput, 'invalid syntax');
      return fromUtf8(v);
    }
    return a;
  });
}

const OP_COMMANDS: CommandSpec[] = [PUT_SPEC, GET_SPEC, DEL_SPEC];

function parseRequestUnion(ctx: CommandContext, line: string): RequestOp {
  const args = argify(line);
  if (args.length < 2) throw new ExitError(ExitCode.InvalidInput, `invalid txn compare request: ${line}`);
  const invalid = () => new ExitError(ExitCode.InvalidInput, `invalid txn request: ${line}`);
  const name = args[0]!;
  const exact = OP_COMMANDS.find((c) => c.name === name);
  const byPrefix = OP_COMMANDS.filter((c) => c.name.startsWith(name));
  const spec = exact ?? (byPrefix.length === 1 ? byPrefix[0] : undefined);
  if (!spec) throw invalid();
  let parsed;
  try {
    parsed = new FlagSet(flagsOf([spec])).parse(args.slice(1));
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    ctx.err(cobraOpUsage(spec) + '\n');
    throw invalid();
  }
  if (spec === PUT_SPEC) return { requestPut: getPutOp(parsed.args, parsed.values, () => EMPTY) };
  if (spec === GET_SPEC) return { requestRange: getGetOp(parsed.args, parsed.values) };
  return { requestDeleteRange: getDelOp(parsed.args, parsed.values) };
}

export async function txnCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 0) throw new ExitError(ExitCode.BadArgs, 'txn command does not accept argument');
  const { client, display } = ctx.mustClient();
  const interactive = ctx.bool('interactive');
  const prompt = (s: string) => interactive && ctx.out(s + '\n');
  const r = new LineReader(ctx.stdinText());
  const readSection = <T>(f: (line: string) => T): T[] => {
    const out: T[] = [];
    for (;;) {
      const line = trimSpace(r.readLine());
      if (line.length === 0) return out;
      out.push(f(line));
    }
  };
  prompt('compares:');
  const compare = readSection(parseCompare);
  prompt('success requests (get, put, del):');
  const success = readSection((l) => parseRequestUnion(ctx, l));
  prompt('failure requests (get, put, del):');
  const failure = readSection((l) => parseRequestUnion(ctx, l));
  const req: TxnRequest = { compare, success, failure };
  checkSendSize({ txn: req });
  // etcdctl commits with context.Background(): no --command-timeout for txn
  const endpoints = ctx.flags.get('endpoints') as string[];
  const resp = await ctx.call(() => client.txn(req, { ...ctx.callFor(endpoints[0] ?? '127.0.0.1:2379'), timeoutMs: Infinity }));
  display.txn(resp);
}
