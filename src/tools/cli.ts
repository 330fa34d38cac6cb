// The console's `etcd-dump-logs` and `etcd-dump-db`: argument handling as the real tools do it
// (Go flags for dump-logs, cobra commands for dump-db), over a member's data dir named as etcd
// names it by default: `<name>.etcd` (e.g. n1.etcd, n1.etcd/member/snap/db).
import type { MemberFiles } from '../protocol/inspect';
import { dumpLogs, DumpError } from './dumpLogs';
import { hashDb, iterateBucket, listBuckets } from './dumpDb';

export const DUMP_TOOLS = ['etcd-dump-logs', 'etcd-dump-db'] as const;

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What a tool line needs: the member whose files it reads, then the run over those files. */
export interface ToolCall {
  member: string;
  run(files: MemberFiles | null): ToolResult;
}

const fail = (stderr: string, exitCode = 1): ToolResult => ({ stdout: '', stderr: stderr.endsWith('\n') ? stderr : stderr + '\n', exitCode });

/** `n1.etcd…` → "n1"; anything else is not a data dir of this page. */
function memberOfPath(p: string): string | undefined {
  return /^(?:\.\/)?(n\d+)\.etcd(?:\/|$)/.exec(p)?.[1];
}

const missing = (p: string): ToolResult => fail(`${JSON.stringify(p)} does not exist (data dirs here are <member>.etcd, e.g. n1.etcd)`);

/** Go's flag package: -name=value, -name value, --name … up to the first non-flag. */
function goFlags(argv: string[], known: Record<string, 'int' | 'string'>): { flags: Map<string, string>; args: string[] } | string {
  const flags = new Map<string, string>();
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    if (!(name in known)) return `flag provided but not defined: -${name}`;
    let value = eq >= 0 ? body.slice(eq + 1) : argv[++i];
    if (value === undefined) return `flag needs an argument: -${name}`;
    if (known[name] === 'int' && !/^\d+$/.test(value)) return `invalid value ${JSON.stringify(value)} for flag -${name}: parse error`;
    flags.set(name, value);
  }
  return { flags, args: argv.slice(i) };
}

function dumpLogsCall(argv: string[]): ToolCall | ToolResult {
  const parsed = goFlags(argv, { 'start-index': 'int', 'entry-type': 'string', 'stream-decoder': 'string' });
  if (typeof parsed === 'string') return fail(parsed, 2);
  if (parsed.flags.has('entry-type') || parsed.flags.has('stream-decoder')) return fail('-entry-type and -stream-decoder are not available in this console');
  if (parsed.args.length !== 1) return fail(`Must provide data-dir argument (got [${parsed.args.join(' ')}])`);
  const dir = parsed.args[0]!;
  const member = memberOfPath(dir);
  if (!member) return missing(dir);
  const start = parsed.flags.get('start-index');
  return {
    member,
    run: (files) => {
      if (!files) return fail(`${dir}: the member is not running, so its files cannot be read here`);
      try {
        return { stdout: dumpLogs(files, start !== undefined ? { startIndex: Number(start) } : {}), stderr: '', exitCode: 0 };
      } catch (e) {
        if (e instanceof DumpError) return fail(e.message, e.message.startsWith('panic') ? 2 : 1);
        throw e;
      }
    },
  };
}

const DUMP_DB_USAGE = `etcd-dump-db inspects etcd db files.

Usage:
  etcd-dump-db [command]

Available Commands:
  hash           Compute the hash of db file.
  help           Help about any command
  iterate-bucket iterate-bucket lists key-value pairs in reverse order.
  list-bucket    bucket lists all buckets.

Flags:
  -h, --help   help for etcd-dump-db

Use "etcd-dump-db [command] --help" for more information about a command.
`;

function dumpDbCall(argv: string[]): ToolCall | ToolResult {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '-h' || cmd === '--help') return { stdout: DUMP_DB_USAGE, stderr: '', exitCode: 0 };
  const flags = new Map<string, string>();
  const args: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const m = /^--(limit|decode)(?:=(.*))?$/.exec(a);
    if (!m) {
      if (a.startsWith('-')) return fail(`Error: unknown flag: ${a}`);
      args.push(a);
      continue;
    }
    flags.set(m[1]!, m[2] ?? (m[1] === 'decode' ? 'true' : (rest[++i] ?? '')));
  }
  const want = cmd === 'iterate-bucket' ? 2 : cmd === 'list-bucket' || cmd === 'hash' ? 1 : -1;
  if (want < 0) return fail(`Error: unknown command "${cmd}" for "etcd-dump-db"\nRun 'etcd-dump-db --help' for usage.`);
  if (args.length !== want) return fail(`Must provide ${want === 1 ? '1 argument' : '2 arguments'} (got [${args.join(' ')}])`);
  // As the tool: a path ending in "db" is the file, anything else a data dir.
  const given = args[0]!;
  const path = given.endsWith('db') ? given : `${given.replace(/\/$/, '')}/member/snap/db`;
  const member = memberOfPath(path);
  if (!member || !/^(?:\.\/)?n\d+\.etcd\/member\/snap\/db$/.test(path)) return missing(path);
  const limit = Number(flags.get('limit') ?? '0');
  if (!Number.isInteger(limit) || limit < 0) return fail(`Error: invalid argument "${flags.get('limit')}" for "--limit" flag`);
  const decode = flags.get('decode') === 'true';
  return {
    member,
    run: (files) => {
      if (!files) return fail(`${path}: the member is not running, so its files cannot be read here`);
      try {
        if (cmd === 'list-bucket') return { stdout: listBuckets(files.dbFile), stderr: '', exitCode: 0 };
        if (cmd === 'hash') return { stdout: hashDb(files.dbFile, path), stderr: '', exitCode: 0 };
        return { stdout: iterateBucket(files.dbFile, args[1]!, { limit, decode }), stderr: '', exitCode: 0 };
      } catch (e) {
        if (e instanceof DumpError) return fail(e.message);
        throw e;
      }
    },
  };
}

/** A console line's tool call, an immediate result (usage, bad arguments), or null if not a tool. */
export function parseToolLine(argv: string[]): ToolCall | ToolResult | null {
  if (argv[0] === 'etcd-dump-logs') return dumpLogsCall(argv.slice(1));
  if (argv[0] === 'etcd-dump-db') return dumpDbCall(argv.slice(1));
  return null;
}

export function isToolCall(x: ToolCall | ToolResult): x is ToolCall {
  return 'member' in x;
}
