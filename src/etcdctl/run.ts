// runEtcdctl: one etcdctl 3.4.23 invocation, from argv to (stdout, stderr, exit code).

import { snapshotSaveCommand, snapshotStatusCommand } from './cmdSnapshot';
import type { EtcdClient } from './client';
import { compactionCommand, delCommand, getCommand, putCommand } from './cmdKv';
import { txnCommand } from './cmdTxn';
import { watchCommand } from './cmdWatch';
import { electCommand, lockCommand } from './cmdConcurrency';
import { AUTH_COMMANDS, authCommand } from './cmdAuth';
import {
  alarmDisarmCommand,
  alarmListCommand,
  defragCommand,
  endpointHashKVCommand,
  endpointHealthCommand,
  endpointStatusCommand,
  memberAddCommand,
  memberListCommand,
  memberPromoteCommand,
  memberRemoveCommand,
  memberUpdateCommand,
  moveLeaderCommand,
} from './cmdCluster';
import { leaseGrantCommand, leaseKeepAliveCommand, leaseListCommand, leaseRevokeCommand, leaseTimeToLiveCommand } from './cmdLease';
import { CommandContext, type EtcdctlIO } from './context';
import { ExitError } from './exit';
import { findCommand, parse } from './parse';
import { API_VERSION, ETCDCTL_VERSION, commandPath, etcdctlUsage } from './usage';
import { ROOT } from './commands';

export interface EtcdctlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

type Handler = (ctx: CommandContext) => Promise<void>;

const HANDLERS: Record<string, Handler> = {
  get: getCommand,
  put: putCommand,
  del: delCommand,
  txn: txnCommand,
  compaction: compactionCommand,
  watch: watchCommand,
  lock: lockCommand,
  elect: electCommand,
  'lease grant': leaseGrantCommand,
  'lease revoke': leaseRevokeCommand,
  'lease timetolive': leaseTimeToLiveCommand,
  'lease list': leaseListCommand,
  'lease keep-alive': leaseKeepAliveCommand,
  'member list': memberListCommand,
  'member add': memberAddCommand,
  'member remove': memberRemoveCommand,
  'member update': memberUpdateCommand,
  'member promote': memberPromoteCommand,
  'endpoint status': endpointStatusCommand,
  'endpoint health': endpointHealthCommand,
  'endpoint hashkv': endpointHashKVCommand,
  defrag: defragCommand,
  'alarm list': alarmListCommand,
  'alarm disarm': alarmDisarmCommand,
  'move-leader': moveLeaderCommand,
  'snapshot save': snapshotSaveCommand,
  'snapshot status': snapshotStatusCommand,
  version: async (ctx) => ctx.out(`etcdctl version: ${ETCDCTL_VERSION}\nAPI version: ${API_VERSION}\n`),
  help: async (ctx) => {
    const found = findCommand(ctx.args);
    if (found.error) {
      ctx.out(`Unknown help topic [\`${ctx.args.join(' ')}\`]\n`);
      ctx.out(etcdctlUsage([ROOT]));
      return;
    }
    ctx.out(etcdctlUsage(found.path));
  },
};

for (const name of AUTH_COMMANDS) HANDLERS[name] = (ctx) => authCommand(ctx, name);

/** The command names this console can run (the rest print an error saying so). */
export const IMPLEMENTED_COMMANDS = Object.keys(HANDLERS);

export async function runEtcdctl(argv: string[], client: EtcdClient, io: EtcdctlIO = {}): Promise<EtcdctlResult> {
  const p = parse(argv);
  if (p.kind === 'exit') return { stdout: p.stdout, stderr: p.stderr, exitCode: p.exitCode };
  const ctx = new CommandContext(argv, p.path, p.args, p.argsLenAtDash, p.flags, p.changed, client, io);
  const name = commandPath(p.path.slice(1));
  const handler = HANDLERS[name];
  try {
    if (!handler) throw new ExitError(1, `"${name}" is not available in this console yet`);
    await handler(ctx);
    return { stdout: ctx.stdout, stderr: ctx.stderr, exitCode: 0 };
  } catch (e) {
    if (!(e instanceof ExitError)) throw e;
    ctx.err(e.rawStderr ?? `Error: ${e.message}\n`);
    return { stdout: ctx.stdout, stderr: ctx.stderr, exitCode: e.code };
  }
}
