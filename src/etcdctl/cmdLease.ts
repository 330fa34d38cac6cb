// lease grant/revoke/timetolive/list/keep-alive (ctlv3/command/lease_command.go).

import type { CommandContext } from './context';
import { unimplemented } from './client';
import { ExitCode, ExitError } from './exit';
import { GoNumError, goParseInt, goParseIntBig } from './goFormat';
import { leaseHex, printGrant, printKeepAlive, printLeases, printRevoke, printTimeToLive } from './printLease';

const badArgs = (msg: string) => new ExitError(ExitCode.BadArgs, msg);

function leaseFromArgs(arg: string): bigint {
  try {
    return goParseIntBig(arg, 16);
  } catch (e) {
    if (e instanceof GoNumError) throw badArgs(`bad lease ID arg (${e.message}), expecting ID in Hex`);
    throw e;
  }
}

export async function leaseGrantCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('lease grant command needs TTL argument');
  let ttl: number;
  try {
    ttl = goParseInt(ctx.args[0]!, 10);
  } catch (e) {
    if (e instanceof GoNumError) throw badArgs(`bad TTL (${e.message})`);
    throw e;
  }
  const { client, call } = ctx.mustClient();
  const resp = await ctx.call(
    () => (client.leaseGrant ? client.leaseGrant({ TTL: ttl, ID: 0n }, call) : Promise.reject(unimplemented('LeaseGrant'))),
    ExitCode.Error,
    (m) => `failed to grant lease (${m})`,
  );
  ctx.out(printGrant(ctx.format, resp));
}

export async function leaseRevokeCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('lease revoke command needs 1 argument');
  const id = leaseFromArgs(ctx.args[0]!);
  const { client, call } = ctx.mustClient();
  const resp = await ctx.call(
    () => (client.leaseRevoke ? client.leaseRevoke({ ID: id }, call) : Promise.reject(unimplemented('LeaseRevoke'))),
    ExitCode.Error,
    (m) => `failed to revoke lease (${m})`,
  );
  ctx.out(printRevoke(ctx.format, id, resp));
}

export async function leaseTimeToLiveCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('lease timetolive command needs lease ID as argument');
  const id = leaseFromArgs(ctx.args[0]!);
  const keys = ctx.bool('keys');
  const { client, call } = ctx.mustClient();
  const resp = await ctx.call(
    () => (client.leaseTimeToLive ? client.leaseTimeToLive({ ID: id, keys }, call) : Promise.reject(unimplemented('LeaseTimeToLive'))),
    ExitCode.BadConnection,
  );
  ctx.out(printTimeToLive(ctx.format, resp, keys));
}

export async function leaseListCommand(ctx: CommandContext): Promise<void> {
  const { client, call } = ctx.mustClient();
  const resp = await ctx.call(
    () => (client.leaseLeases ? client.leaseLeases(call) : Promise.reject(unimplemented('LeaseLeases'))),
    ExitCode.BadConnection,
  );
  ctx.out(printLeases(ctx.format, resp));
}

export async function leaseKeepAliveCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('lease keep-alive command needs lease ID as argument');
  const id = leaseFromArgs(ctx.args[0]!);
  const { client, call } = ctx.mustClient();
  if (!ctx.bool('once')) return keepAliveStream(ctx, id);
  const resp = await ctx.call(
    () => (client.leaseKeepAliveOnce ? client.leaseKeepAliveOnce({ ID: id }, call) : Promise.reject(unimplemented('LeaseKeepAlive'))),
    ExitCode.BadConnection,
  );
  ctx.out(printKeepAlive(ctx.format, resp));
}

/** Streams renewals until the lease is gone ("expired or revoked.", exit 0) or an interrupt. */
async function keepAliveStream(ctx: CommandContext, id: bigint): Promise<void> {
  const { client, call } = ctx.mustClient();
  if (!client.leaseKeepAlive) throw new ExitError(ExitCode.BadConnection, unimplemented('LeaseKeepAlive').message);
  let ended!: () => void;
  const done = new Promise<'ended'>((resolve) => (ended = () => resolve('ended')));
  const handle = client.leaseKeepAlive(
    { ID: id },
    (r) => {
      if (r) ctx.out(printKeepAlive(ctx.format, r));
      else ended();
    },
    call,
  );
  const how = await Promise.race([done, ctx.io.interrupt ?? new Promise<never>(() => {})]);
  handle.cancel();
  if (how !== 'ended') throw new ExitError(how, '', '');
  if (ctx.format === 'simple') ctx.out(`lease ${leaseHex(id)} expired or revoked.\n`);
}
