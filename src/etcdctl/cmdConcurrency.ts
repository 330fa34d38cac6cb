// `etcdctl lock` and `etcdctl elect` (ctlv3/command/{lock,elect}_command.go): hold a lock or
// campaign until interrupted, then release; observe the leader with `elect -l`.

import { emptyRangeRequest } from '../etcd/api';
import type { CommandContext } from './context';
import { Cancel, Election, Mutex, Session } from './concurrency';
import { ExitCode, ExitError } from './exit';
import { goQuote, utf8Bytes } from './goFormat';

const never = new Promise<never>(() => {});

/** Runs `body` until it ends; an interrupt cancels `ctx` and its exit code is reported. */
async function untilInterrupt(ctx: CommandContext, body: (cancel: Cancel) => Promise<void>): Promise<void> {
  const cancel = new Cancel();
  let code: number | undefined;
  void (ctx.io.interrupt ?? never).then((c) => {
    code = c;
    cancel.cancel();
  });
  try {
    await body(cancel);
  } catch (e) {
    if (e instanceof ExitError) throw e;
    // an error after an interrupt: etcdctl prints it, the shell reports the signal's status
    throw new ExitError(code ?? ExitCode.Error, (e as Error).message, code !== undefined ? `Error: ${(e as Error).message}\n` : undefined);
  }
  if (code !== undefined) throw new ExitError(code, '', '');
}

export async function lockCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length === 0) throw new ExitError(ExitCode.BadArgs, 'lock takes a lock name argument and an optional command to execute');
  const { client, call } = ctx.mustClient();
  const cmdArgs = ctx.args.slice(1);
  await untilInterrupt(ctx, async (cancel) => {
    const s = await Session.create(client, ctx.int('ttl'), call);
    try {
      await holdLock(ctx, s, cancel, cmdArgs);
    } finally {
      s.abandon();
    }
  });
}

async function holdLock(ctx: CommandContext, s: Session, cancel: Cancel, cmdArgs: string[]): Promise<void> {
  const { client, call, display } = ctx.mustClient();
  {
    const m = new Mutex(s, ctx.args[0]!);
    await m.lock(cancel);
    if (cmdArgs.length > 0) {
      const r = await ctx.exec(cmdArgs, { ETCD_LOCK_KEY: m.myKey, ETCD_LOCK_REV: String(m.headerRev) });
      await m.unlock();
      if (!r) throw new ExitError(ExitCode.Error, `exec: ${goQuote(cmdArgs[0]!)}: executable file not found in $PATH`);
      if (r.exitCode !== 0) throw new ExitError(ExitCode.Error, `exit status ${r.exitCode}`);
      return;
    }
    const k = await client.range(emptyRangeRequest(utf8Bytes(m.myKey)), call);
    if (k.kvs.length === 0) throw new ExitError(ExitCode.Error, 'lock lost on init');
    display.get(k);
    const how = await Promise.race([cancel.done.then(() => 'interrupt' as const), s.expired.then(() => 'expired' as const)]);
    if (how === 'expired') throw new ExitError(ExitCode.Error, 'session expired');
    await m.unlock();
  }
}

export async function electCommand(ctx: CommandContext): Promise<void> {
  const args = ctx.args;
  if (args.length !== 1 && args.length !== 2) throw new ExitError(ExitCode.BadArgs, 'elect takes one election name argument and an optional proposal argument');
  const listen = ctx.bool('listen');
  if (args.length === 1 && !listen) throw new ExitError(ExitCode.BadArgs, 'no proposal argument but -l not set');
  if (args.length === 2 && listen) throw new ExitError(ExitCode.BadArgs, 'proposal given but -l is set');
  const { client, call } = ctx.mustClient();
  await untilInterrupt(ctx, async (cancel) => {
    const s = await Session.create(client, 60, call);
    try {
      await runElection(ctx, s, cancel, listen);
    } finally {
      s.abandon();
    }
  });
}

async function runElection(ctx: CommandContext, s: Session, cancel: Cancel, listen: boolean): Promise<void> {
  const { client, call, display } = ctx.mustClient();
  const args = ctx.args;
  {
    const e = new Election(s, args[0]!);
    if (listen) {
      try {
        await e.observe((kv, header) => display.get({ header, kvs: [kv], more: false, count: 1 }), cancel);
      } catch (err) {
        if (cancel.canceled) return;
        throw err;
      }
      return;
    }
    await e.campaign(args[1]!, cancel);
    const resp = await client.range(emptyRangeRequest(utf8Bytes(e.leaderKey)), call);
    display.get(resp);
    const how = await Promise.race([cancel.done.then(() => 'interrupt' as const), s.expired.then(() => 'expired' as const)]);
    if (how === 'expired') throw new ExitError(ExitCode.Error, 'elect: session expired');
    await e.resign();
  }
}
