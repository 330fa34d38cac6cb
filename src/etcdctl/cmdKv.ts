// get, put, del and compaction (ctlv3/command/{get,put,del,compaction}_command.go).

import type { CommandContext } from './context';
import { ExitCode, ExitError } from './exit';
import { GoNumError, goParseInt } from './goFormat';
import { getDelOp, getGetOp, getPutOp } from './ops';
import { SimplePrinter } from './printer';
import { checkSendSize } from './sendLimit';

export async function getCommand(ctx: CommandContext): Promise<void> {
  const req = getGetOp(ctx.args, ctx.flags);
  const { client, call, display } = ctx.mustClient();
  checkSendSize({ range: req });
  const resp = await ctx.call(() => client.range(req, call));
  if (ctx.bool('print-value-only')) {
    if (!(display instanceof SimplePrinter)) throw new ExitError(ExitCode.BadArgs, 'print-value-only is only for `--write-out=simple`');
    display.valueOnly = true;
  }
  display.get(resp);
}

export async function putCommand(ctx: CommandContext): Promise<void> {
  const req = getPutOp(ctx.args, ctx.flags, () => ctx.io.stdin ?? new Uint8Array(0));
  const { client, call, display } = ctx.mustClient();
  checkSendSize({ put: req });
  const resp = await ctx.call(() => client.put(req, call));
  display.put(resp);
}

export async function delCommand(ctx: CommandContext): Promise<void> {
  const req = getDelOp(ctx.args, ctx.flags);
  const { client, call, display } = ctx.mustClient();
  checkSendSize({ deleteRange: req });
  const resp = await ctx.call(() => client.deleteRange(req, call));
  display.del(resp);
}

export async function compactionCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw new ExitError(ExitCode.BadArgs, 'compaction command needs 1 argument');
  let rev: number;
  try {
    rev = goParseInt(ctx.args[0]!, 10);
  } catch (e) {
    if (e instanceof GoNumError) throw new ExitError(ExitCode.Error, e.message);
    throw e;
  }
  const { client, call } = ctx.mustClient();
  await ctx.call(() => client.compact({ revision: rev, physical: ctx.bool('physical') }, call));
  ctx.out(`compacted revision ${rev}\n`);
}
