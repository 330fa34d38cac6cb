// user, role and auth: etcdctl 3.4's argument checks (exit 128). The auth service itself is not
// part of EtcdClient yet, so a well-formed command reports that instead of a server answer.

import type { CommandContext } from './context';
import { ExitCode, ExitError } from './exit';

type Check = (n: number) => boolean;
const exactly = (k: number): Check => (n) => n === k;
const atLeast = (k: number): Check => (n) => n >= k;

const RULES: Record<string, [Check, string]> = {
  'user add': [exactly(1), 'user add command requires user name as its argument'],
  'user delete': [exactly(1), 'user delete command requires user name as its argument'],
  'user get': [exactly(1), 'user get command requires user name as its argument'],
  'user passwd': [exactly(1), 'user passwd command requires user name as its argument'],
  'user list': [exactly(0), 'user list command requires no arguments'],
  'user grant-role': [exactly(2), 'user grant command requires user name and role name as its argument'],
  'user revoke-role': [exactly(2), 'user revoke-role requires user name and role name as its argument'],
  'role add': [exactly(1), 'role add command requires role name as its argument'],
  'role delete': [exactly(1), 'role delete command requires role name as its argument'],
  'role get': [exactly(1), 'role get command requires role name as its argument'],
  'role list': [exactly(0), 'role list command requires no arguments'],
  'role grant-permission': [atLeast(3), 'role grant command requires role name, permission type, and key [endkey] as its argument'],
  'role revoke-permission': [atLeast(2), 'role revoke-permission command requires role name and key [endkey] as its argument'],
  'auth enable': [exactly(0), 'auth enable command does not accept any arguments'],
  'auth disable': [exactly(0), 'auth disable command does not accept any arguments'],
};

export const AUTH_COMMANDS = Object.keys(RULES);

export async function authCommand(ctx: CommandContext, name: string): Promise<void> {
  const [ok, msg] = RULES[name]!;
  if (!ok(ctx.args.length)) throw new ExitError(ExitCode.BadArgs, msg);
  ctx.mustClient();
  throw new ExitError(ExitCode.Error, `"${name}" is not available in this console yet`);
}
