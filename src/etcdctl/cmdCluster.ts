// member, endpoint, alarm, defrag and move-leader (ctlv3/command/{member,ep,alarm,defrag,
// move_leader}_command.go, 3.4).

import type { CallOptions, EtcdClient, Member } from './client';
import { unimplemented } from './client';
import type { CommandContext } from './context';
import { ExitCode, ExitError } from './exit';
import { GoNumError, goDurationString, goParseInt } from './goFormat';
import { type EpHashKV, type EpHealth, type EpStatus, idHex, printAlarms, printEndpointHashKV, printEndpointHealth, printEndpointStatus, printMemberAdd, printMemberChange, printMemberList } from './printCluster';
import { emptyRangeRequest } from '../etcd/api';
import { utf8Bytes, goQuote } from './goFormat';

const badArgs = (msg: string) => new ExitError(ExitCode.BadArgs, msg);

/** Calls an optional client method, or rejects as a server without that service would. */
function need<K extends keyof EtcdClient>(client: EtcdClient, name: K, grpcName: string): NonNullable<EtcdClient[K]> {
  const f = client[name];
  if (!f) return (() => Promise.reject(unimplemented(grpcName))) as never;
  return (f as (...a: unknown[]) => unknown).bind(client) as NonNullable<EtcdClient[K]>;
}

function memberIdArg(arg: string): string {
  try {
    goParseInt(arg, 16, 'ParseUint');
  } catch (e) {
    if (e instanceof GoNumError) throw badArgs(`bad member ID arg (${e.message}), expecting ID in Hex`);
    throw e;
  }
  return BigInt('0x' + arg).toString(16).padStart(16, '0');
}

/** types.NewURLs' checks, which clientv3 runs before MemberAdd/MemberUpdate. */
function checkURLs(urls: string[]): void {
  for (const u of urls) {
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(u);
    const scheme = m ? m[1]!.toLowerCase() : '';
    if (!['http', 'https', 'unix', 'unixs'].includes(scheme)) throw new ExitError(ExitCode.Error, `URL scheme must be http, https, unix, or unixs: ${u}`);
    if (!/^(\[[^\]]*\]|[^:]*):[^:]*$/.test(m![2]!)) throw new ExitError(ExitCode.Error, `URL address does not have the form "host:port": ${u}`);
    if (m![3] !== '') throw new ExitError(ExitCode.Error, `URL must not contain a path: ${u}`);
  }
}

export async function memberListCommand(ctx: CommandContext): Promise<void> {
  const { client, call } = ctx.mustClient();
  const resp = await ctx.call(() => need(client, 'memberList', 'MemberList')(call));
  ctx.out(printMemberList(ctx.format, resp));
}

export async function memberAddCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length < 1) throw badArgs('member name not provided');
  if (ctx.args.length > 1) {
    let ev = 'too many arguments';
    for (const s of ctx.args) if (s.toLowerCase().startsWith('http')) ev += `, did you mean --peer-urls=${s}`;
    throw badArgs(ev);
  }
  const name = ctx.args[0]!;
  const peerURLs = ctx.str('peer-urls');
  if (peerURLs.length === 0) throw badArgs('member peer urls not provided');
  const urls = peerURLs.split(',');
  const { client, call } = ctx.mustClient();
  checkURLs(urls);
  const resp = await ctx.call(() => need(client, 'memberAdd', 'MemberAdd')({ peerURLs: urls, isLearner: ctx.bool('learner') }, call));
  ctx.out(printMemberAdd(ctx.format, resp));
  if (ctx.format !== 'simple') return;
  const list = await ctx.call(() => need(client, 'memberList', 'MemberList')(call));
  const conf: string[] = [];
  for (const m of list.members) for (const u of m.peerURLs) conf.push(`${m.ID === resp.member.ID ? name : m.name}=${u}`);
  ctx.out('\n');
  ctx.out(`ETCD_NAME=${goQuote(name)}\n`);
  ctx.out(`ETCD_INITIAL_CLUSTER=${goQuote(conf.join(','))}\n`);
  ctx.out(`ETCD_INITIAL_ADVERTISE_PEER_URLS=${goQuote(resp.member.peerURLs.join(','))}\n`);
  ctx.out('ETCD_INITIAL_CLUSTER_STATE="existing"\n');
}

export async function memberRemoveCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('member ID is not provided');
  const id = memberIdArg(ctx.args[0]!);
  const { client, call } = ctx.mustClient();
  const resp = await ctx.call(() => need(client, 'memberRemove', 'MemberRemove')({ ID: id }, call));
  ctx.out(printMemberChange(ctx.format, id, 'removed from', resp));
}

export async function memberUpdateCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('member ID is not provided');
  const id = memberIdArg(ctx.args[0]!);
  const peerURLs = ctx.str('peer-urls');
  if (peerURLs.length === 0) throw badArgs('member peer urls not provided');
  const urls = peerURLs.split(',');
  const { client, call } = ctx.mustClient();
  checkURLs(urls);
  const resp = await ctx.call(() => need(client, 'memberUpdate', 'MemberUpdate')({ ID: id, peerURLs: urls }, call));
  ctx.out(printMemberChange(ctx.format, id, 'updated in', resp));
}

export async function memberPromoteCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('member ID is not provided');
  const id = memberIdArg(ctx.args[0]!);
  const { client, call } = ctx.mustClient();
  const resp = await ctx.call(() => need(client, 'memberPromote', 'MemberPromote')({ ID: id }, call));
  ctx.out(printMemberChange(ctx.format, id, 'promoted in', resp));
}

/** --endpoints, or with --cluster every member's client URLs in member-list order. */
async function endpointsFromCmd(ctx: CommandContext, client: EtcdClient, call: CallOptions): Promise<string[]> {
  if (!ctx.bool('cluster')) return ctx.endpoints();
  const resp = await ctx.call(() => need(client, 'memberList', 'MemberList')(call));
  return resp.members.flatMap((m: Member) => m.clientURLs);
}

export async function endpointStatusCommand(ctx: CommandContext): Promise<void> {
  const { client, call } = ctx.mustClient();
  const eps = await endpointsFromCmd(ctx, client, call);
  const list: EpStatus[] = [];
  let failed = false;
  for (const ep of eps) {
    try {
      list.push({ ep, resp: await need(client, 'status', 'Status')(ctx.callFor(ep)) });
    } catch (e) {
      ctx.err(`Failed to get the status of endpoint ${ep} (${(e as Error).message})\n`);
      failed = true;
    }
  }
  ctx.out(printEndpointStatus(ctx.format, list));
  if (failed) throw new ExitError(ExitCode.Error, '', '');
}

export async function endpointHashKVCommand(ctx: CommandContext): Promise<void> {
  const { client, call } = ctx.mustClient();
  const eps = await endpointsFromCmd(ctx, client, call);
  const list: EpHashKV[] = [];
  let failed = false;
  for (const ep of eps) {
    try {
      list.push({ ep, resp: await need(client, 'hashKV', 'HashKV')({ revision: ctx.int('rev') }, ctx.callFor(ep)) });
    } catch (e) {
      ctx.err(`Failed to get the hash of endpoint ${ep} (${(e as Error).message})\n`);
      failed = true;
    }
  }
  ctx.out(printEndpointHashKV(ctx.format, list));
  if (failed) throw new ExitError(ExitCode.Error, '', '');
}

export async function endpointHealthCommand(ctx: CommandContext): Promise<void> {
  const { client, call } = ctx.mustClient();
  const eps = await endpointsFromCmd(ctx, client, call);
  const clock = ctx.io.clockMs ?? (() => 0);
  const list: EpHealth[] = [];
  // a linearizable get of "health" through each endpoint; permission denied still counts as healthy
  for (const ep of eps) {
    const st = clock();
    let error = '';
    try {
      await client.range(emptyRangeRequest(utf8Bytes('health')), ctx.callFor(ep));
    } catch (e) {
      const msg = (e as Error).message;
      if (msg !== 'etcdserver: permission denied') error = msg;
    }
    list.push({ ep, health: error === '', took: goDurationString((clock() - st) * 1e6), error });
  }
  const [out, err] = printEndpointHealth(ctx.format, list);
  ctx.out(out);
  ctx.err(err);
  if (list.some((h) => h.error !== '')) throw new ExitError(ExitCode.Error, 'unhealthy cluster');
}

export async function defragCommand(ctx: CommandContext): Promise<void> {
  const { client, call } = ctx.mustClient();
  const eps = await endpointsFromCmd(ctx, client, call);
  let failures = 0;
  for (const ep of eps) {
    try {
      await need(client, 'defragment', 'Defragment')(ctx.callFor(ep));
      ctx.out(`Finished defragmenting etcd member[${ep}]\n`);
    } catch (e) {
      ctx.err(`Failed to defragment etcd member[${ep}] (${(e as Error).message})\n`);
      failures++;
    }
  }
  if (failures) throw new ExitError(ExitCode.Error, '', '');
}

export async function alarmListCommand(ctx: CommandContext): Promise<void> {
  const { client, call } = ctx.mustClient();
  const resp = await ctx.call(() => need(client, 'alarmList', 'Alarm')(call));
  ctx.out(printAlarms(ctx.format, resp));
}

export async function alarmDisarmCommand(ctx: CommandContext): Promise<void> {
  const { client, call } = ctx.mustClient();
  const resp = await ctx.call(() => need(client, 'alarmDisarm', 'Alarm')(call));
  ctx.out(printAlarms(ctx.format, resp));
}

export async function moveLeaderCommand(ctx: CommandContext): Promise<void> {
  if (ctx.args.length !== 1) throw badArgs('move-leader command needs 1 argument');
  let target: string;
  try {
    goParseInt(ctx.args[0]!, 16, 'ParseUint');
    target = BigInt('0x' + ctx.args[0]!).toString(16).padStart(16, '0');
  } catch (e) {
    if (e instanceof GoNumError) throw badArgs(e.message);
    throw e;
  }
  const { client } = ctx.mustClient();
  const eps = ctx.endpoints();
  let leader: { ep: string; id: string } | undefined;
  for (const ep of eps) {
    const st = await ctx.call(() => need(client, 'status', 'Status')(ctx.callFor(ep)));
    if (BigInt('0x' + st.header.memberId) === BigInt('0x' + (st.leader || '0'))) {
      leader = { ep, id: st.leader };
      break;
    }
  }
  if (!leader) throw badArgs(`no leader endpoint given at [${eps.join(' ')}]`);
  const at = leader;
  await ctx.call(() => need(client, 'moveLeader', 'MoveLeader')({ targetID: target }, ctx.callFor(at.ep)));
  ctx.out(`Leadership transferred from ${idHex(at.id)} to ${idHex(target)}\n`);
}
