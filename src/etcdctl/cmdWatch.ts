// `etcdctl watch` (ctlv3/command/watch_command.go, 3.4): argument rules including the `--`
// separator and ETCDCTL_WATCH_KEY, history replay, live events until interrupted or canceled by
// the server (exit 5), and the interactive `-i` mode.

import { EMPTY } from '../lib/bytes';
import { unimplemented, type WatchCreateRequest, type WatchResponse } from './client';
import { WATCH_SPEC } from './commands';
import type { CommandContext } from './context';
import { ExitCode, ExitError } from './exit';
import { FlagError, FlagSet, type FlagValue } from './flags';
import { goQuote, utf8Bytes } from './goFormat';
import { prefixEnd } from './ops';
import { flagsOf } from './parse';
import { printWatch } from './printWatch';

const badArgs = (msg: string) => new ExitError(ExitCode.BadArgs, msg);
const ERR_BAD_ARGS_NUM = 'bad number of arguments';
const ERR_CONFLICT_ENV = 'bad number of arguments (found conflicting environment key)';
const ERR_SEPARATOR = 'bad number of arguments (found separator --, but no commands)';

/** parseWatchArgs for the non-interactive command line. */
function parseWatchArgs(rawArgv: string[], args: string[], envKey: string, envRange: string): { watchArgs: string[]; execArgs: string[] } {
  const wi = rawArgv.indexOf('watch');
  const raw = wi >= 0 ? rawArgv.slice(wi + 1) : rawArgv.slice();
  let watchArgs = args.slice();
  const execIdx = raw.indexOf('--');
  const execExist = execIdx >= 0;
  if (execExist && execIdx === raw.length - 1) throw badArgs(ERR_SEPARATOR);
  if (!execExist && raw.length < 1 && envKey === '') throw badArgs(ERR_BAD_ARGS_NUM);
  if (execExist && envKey !== '') {
    let ridx = raw.length - 1;
    for (let widx = watchArgs.length - 1; widx >= 0; widx--) {
      if (watchArgs[widx] === raw[ridx]) {
        ridx--;
        continue;
      }
      if (ridx === execIdx) throw badArgs(ERR_CONFLICT_ENV);
    }
  }
  if (!execExist && watchArgs.length > 0 && envKey !== '') throw badArgs(ERR_CONFLICT_ENV);
  if (envKey !== '') watchArgs = [envKey, ...(envRange !== '' ? [envRange] : []), ...watchArgs];
  if (!execExist) return { watchArgs, execArgs: [] };
  const execArgs = raw.slice(execIdx + 1);
  let end = watchArgs.length - 1;
  for (; end >= 0; end--) if (watchArgs[end] === execArgs[0]) break;
  return { watchArgs: watchArgs.slice(0, Math.max(end, 0)), execArgs };
}

/** getWatchChan's argument rules and clientv3's key/range options. */
function watchRequest(args: string[], f: Map<string, FlagValue>): WatchCreateRequest {
  if (args.length < 1) throw badArgs(ERR_BAD_ARGS_NUM);
  let key = utf8Bytes(args[0]!);
  let rangeEnd: Uint8Array = EMPTY;
  const prefix = f.get('prefix') === true;
  if (args.length === 2) {
    if (prefix) throw badArgs('`range_end` and `--prefix` are mutually exclusive');
    rangeEnd = utf8Bytes(args[1]!);
  }
  if (prefix) {
    if (key.length === 0) (key = new Uint8Array([0])), (rangeEnd = new Uint8Array([0]));
    else rangeEnd = prefixEnd(key);
  }
  return { key, rangeEnd, startRevision: Number(f.get('rev') ?? 0), prevKv: f.get('prev-kv') === true };
}

function printWatchResponse(ctx: CommandContext, r: WatchResponse, hex: boolean): void {
  if (r.canceled) ctx.err(`watch was canceled (${r.compactRevision !== 0 ? 'etcdserver: mvcc: required revision has been compacted' : r.cancelReason || 'etcdserver: mvcc: required revision is a future revision'})\n`);
  if (r.progressNotify) ctx.out(`progress notify: ${r.header.revision}\n`);
  ctx.out(printWatch(ctx.format, r, hex));
}

/** Go's %q of a []string: ["sh" "-c" "..."]. */
const quoteSlice = (xs: string[]) => `[${xs.map(goQuote).join(' ')}]`;

export async function watchCommand(ctx: CommandContext): Promise<void> {
  const env = ctx.io.env ?? {};
  const envKey = env['ETCDCTL_WATCH_KEY'] ?? '';
  const envRange = env['ETCDCTL_WATCH_RANGE_END'] ?? '';
  if (envKey === '' && envRange !== '') throw badArgs(`ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END=${goQuote(envRange)}`);
  if (ctx.bool('interactive')) return watchInteractive(ctx, envKey);
  const { watchArgs, execArgs } = parseWatchArgs(ctx.argv, ctx.args, envKey, envRange);
  const { client, call } = ctx.mustClient();
  const req = watchRequest(watchArgs, ctx.flags);
  if (!client.watch) throw new ExitError(ExitCode.Error, unimplemented('Watch').message);
  const hex = ctx.bool('hex');
  let serverClosed!: () => void;
  const closed = new Promise<'closed'>((resolve) => (serverClosed = () => resolve('closed')));
  let execFailed: ExitError | undefined;
  // responses are printed, and their commands run, one after another, as etcdctl's loop does
  let queue: Promise<void> = Promise.resolve();
  const handleResponse = async (r: WatchResponse) => {
    if (execFailed) return;
    printWatchResponse(ctx, r, hex);
    if (execArgs.length > 0) {
      for (const ev of r.events) {
        const env = {
          ETCD_WATCH_REVISION: String(r.header.revision),
          ETCD_WATCH_EVENT_TYPE: goQuote(ev.type === 1 ? 'DELETE' : 'PUT'),
          ETCD_WATCH_KEY: goQuote(ev.kv.key),
          ETCD_WATCH_VALUE: goQuote(ev.kv.value),
        };
        const res = await ctx.exec(execArgs, env);
        const why = !res ? `exec: ${goQuote(execArgs[0]!)}: executable file not found in $PATH` : res.exitCode !== 0 ? `exit status ${res.exitCode}` : '';
        if (why) {
          execFailed = new ExitError(1, '', `command ${quoteSlice(execArgs)} error (${why})\n`);
          serverClosed();
          return;
        }
      }
    }
    if (r.canceled) serverClosed();
  };
  const onResponse = (r: WatchResponse) => {
    queue = queue.then(() => handleResponse(r));
  };
  const handle = client.watch(req, onResponse, call);
  const how = await Promise.race([closed, ctx.io.interrupt ?? new Promise<never>(() => {})]);
  handle.cancel();
  if (execFailed) throw execFailed;
  if (how === 'closed') throw new ExitError(ExitCode.Interrupted, 'watch is canceled by the server');
  throw new ExitError(how, '', '');
}

/** `watch -i`: "watch ..." and "progress" lines from stdin; when stdin ends, etcdctl exits (3). */
async function watchInteractive(ctx: CommandContext, envKey: string): Promise<void> {
  const { client, call } = ctx.mustClient();
  const hex = ctx.bool('hex');
  const handles: { requestProgress?: () => void; cancel(): void }[] = [];
  const text = ctx.stdinText();
  let pos = 0;
  try {
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) {
        // the last line has been read: wait for the end of input (or an interrupt)
        const how = await Promise.race([(ctx.io.stdinClosed ?? Promise.resolve()).then(() => -1), ctx.io.interrupt ?? new Promise<never>(() => {})]);
        if (how !== -1) throw new ExitError(how, '', '');
        throw new ExitError(ExitCode.InvalidInput, 'Error reading watch request line: EOF');
      }
      const l = text.slice(pos, nl);
      pos = nl + 1;
      const args: string[] = l.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^'"\s]\S*[^'"\s]?/g) ?? [];
      if (args.length < 1) {
        ctx.err(`Invalid command: ${l} (watch and progress supported)\n`);
        continue;
      }
      if (args[0] === 'progress') {
        for (const h of handles) h.requestProgress?.();
        continue;
      }
      if (args[0] !== 'watch') {
        ctx.err(`Invalid command ${l} (only support watch)\n`);
        continue;
      }
      if (args.length < 2 && envKey === '') {
        ctx.err(`Invalid command ${l} (command type or key is not provided)\n`);
        continue;
      }
      let parsed;
      try {
        const sep = args.indexOf('--');
        if (sep >= 0 && sep === args.length - 1) throw badArgs(ERR_SEPARATOR);
        parsed = new FlagSet(flagsOf([WATCH_SPEC])).parse(args.slice(1));
      } catch (e) {
        if (e instanceof FlagError) throw badArgs(e.message);
        throw e;
      }
      let req: WatchCreateRequest;
      try {
        req = watchRequest(envKey ? [envKey, ...parsed.args] : parsed.args, parsed.values);
      } catch (e) {
        if (!(e instanceof ExitError)) throw e;
        ctx.err(`Invalid command ${l} (${e.message})\n`);
        continue;
      }
      if (!client.watch) throw new ExitError(ExitCode.Error, unimplemented('Watch').message);
      // Without stdinClosed the input ends right after its last line: etcdctl exits before a new
      // watch has printed anything, so none is opened.
      if (ctx.io.stdinClosed) handles.push(client.watch(req, (r) => printWatchResponse(ctx, r, hex), call));
    }
  } finally {
    for (const h of handles) h.cancel();
  }
}
