// auth enable/disable, user and role commands (ctlv3/command/{auth,user,role}_command.go, 3.4).

import { EMPTY, fromUtf8 } from '../lib/bytes';
import { type AuthRequest, type AuthResponse, type PermissionType, unimplemented } from './client';
import type { CommandContext } from './context';
import { ExitCode, ExitError } from './exit';
import { utf8Bytes } from './goFormat';
import { prefixEnd } from './ops';
import { printAuth, roleGetSimple } from './printAuth';

type Check = (n: number) => boolean;
const exactly = (k: number): Check => (n) => n === k;
const atLeast = (k: number): Check => (n) => n >= k;
const badArgs = (msg: string) => new ExitError(ExitCode.BadArgs, msg);

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

/** permRange / rangeEndFromPermFlags: [key, rangeEnd] of a permission from args and --prefix/--from-key. */
function permRange(ctx: CommandContext, args: string[]): [Uint8Array, Uint8Array] {
  const prefix = ctx.bool('prefix');
  const fromKey = ctx.bool('from-key');
  const key = args[0]!;
  if (key.length === 0) {
    if (prefix && fromKey) throw badArgs('--from-key and --prefix flags are mutually exclusive');
    // the whole key space is ["\0", "\0")
    return [new Uint8Array([0]), prefix || fromKey ? new Uint8Array([0]) : EMPTY];
  }
  const k = utf8Bytes(key);
  if (args.length === 1) {
    if (prefix) {
      if (fromKey) throw badArgs('--from-key and --prefix flags are mutually exclusive');
      return [k, prefixEnd(k)];
    }
    return [k, fromKey ? new Uint8Array([0]) : EMPTY];
  }
  if (prefix) throw badArgs('unexpected endkey argument with --prefix flag');
  if (fromKey) throw badArgs('unexpected endkey argument with --from-key flag');
  return [k, utf8Bytes(args[1]!)];
}

function permType(s: string): PermissionType {
  const t = s.toUpperCase();
  if (t === 'READ' || t === 'WRITE' || t === 'READWRITE') return t;
  throw badArgs(`invalid permission type: ${s}`);
}

/** Builds the request (argument errors first, as etcdctl does) and the simple-format text. */
function request(ctx: CommandContext, name: string): { req: AuthRequest; simple: (r: AuthResponse) => string } {
  const a = ctx.args;
  switch (name) {
    case 'auth enable':
      return { req: { op: 'authEnable' }, simple: () => 'Authentication Enabled\n' };
    case 'auth disable':
      return { req: { op: 'authDisable' }, simple: () => 'Authentication Disabled\n' };
    case 'user add': {
      const noPassword = ctx.bool('no-password');
      let user = a[0]!;
      let password = '';
      const i = user.indexOf(':');
      if (i >= 0) {
        password = user.slice(i + 1);
        user = user.slice(0, i);
        if (user.length === 0) throw badArgs('empty user name is not allowed');
      } else if (!noPassword) {
        password = ctx.str('new-user-password');
        if (password === '') password = readPassword(ctx, `Password of ${user}: `);
      }
      return { req: { op: 'userAdd', name: user, password, noPassword }, simple: () => `User ${user} created\n` };
    }
    case 'user delete':
      return { req: { op: 'userDelete', name: a[0]! }, simple: () => `User ${a[0]} deleted\n` };
    case 'user passwd': {
      const password = readPassword(ctx, 'Password of ' + a[0] + ': ');
      return { req: { op: 'userChangePassword', name: a[0]!, password }, simple: () => 'Password updated\n' };
    }
    case 'user get':
      return { req: { op: 'userGet', name: a[0]! }, simple: (r) => `User: ${a[0]}\nRoles:${(r.roles ?? []).map((x) => ' ' + x).join('')}\n` };
    case 'user list':
      return { req: { op: 'userList' }, simple: (r) => (r.users ?? []).map((u) => u + '\n').join('') };
    case 'user grant-role':
      return { req: { op: 'userGrantRole', user: a[0]!, role: a[1]! }, simple: () => `Role ${a[1]} is granted to user ${a[0]}\n` };
    case 'user revoke-role':
      return { req: { op: 'userRevokeRole', name: a[0]!, role: a[1]! }, simple: () => `Role ${a[1]} is revoked from user ${a[0]}\n` };
    case 'role add':
      return { req: { op: 'roleAdd', name: a[0]! }, simple: () => `Role ${a[0]} created\n` };
    case 'role delete':
      return { req: { op: 'roleDelete', role: a[0]! }, simple: () => `Role ${a[0]} deleted\n` };
    case 'role get':
      return { req: { op: 'roleGet', role: a[0]! }, simple: (r) => roleGetSimple(a[0]!, r.perm ?? []) };
    case 'role list':
      return { req: { op: 'roleList' }, simple: (r) => (r.roles ?? []).map((x) => x + '\n').join('') };
    case 'role grant-permission': {
      const t = permType(a[1]!);
      const [key, rangeEnd] = permRange(ctx, a.slice(2));
      return { req: { op: 'roleGrantPermission', name: a[0]!, perm: { permType: t, key, rangeEnd } }, simple: () => `Role ${a[0]} updated\n` };
    }
    case 'role revoke-permission': {
      const [key, rangeEnd] = permRange(ctx, a.slice(1));
      const k = a[1]!;
      const simple = () => {
        if (rangeEnd.length === 0) return `Permission of key ${k} is revoked from role ${a[0]}\n`;
        if (rangeEnd.length === 1 && rangeEnd[0] === 0) return `Permission of range [${k}, <open ended> is revoked from role ${a[0]}\n`;
        return `Permission of range [${k}, ${fromUtf8(rangeEnd)}) is revoked from role ${a[0]}\n`;
      };
      return { req: { op: 'roleRevokePermission', role: a[0]!, key, rangeEnd }, simple };
    }
  }
  throw new ExitError(ExitCode.Error, `unknown auth command ${name}`);
}

/**
 * readPasswordInteractive: etcdctl asks the terminal (--interactive, the default) or reads a line
 * from stdin. The console has no terminal, so both read the first line of stdin.
 */
function readPassword(ctx: CommandContext, prompt: string): string {
  const line = ctx.stdinText().split('\n')[0] ?? '';
  if (ctx.bool('interactive')) ctx.passwordPrompt(prompt);
  if (line === '') throw badArgs('empty password');
  return line;
}

export async function authCommand(ctx: CommandContext, name: string): Promise<void> {
  const [ok, msg] = RULES[name]!;
  if (!ok(ctx.args.length)) throw badArgs(msg);
  const { req, simple } = request(ctx, name);
  const { client, call } = ctx.mustClient();
  const auth = (r: AuthRequest) => (client.auth ? client.auth(r, call) : Promise.reject(unimplemented('Auth')));
  let resp: AuthResponse;
  if (req.op === 'authEnable') {
    // etcdctl creates the root role and grants it to root when that is all that is missing
    resp = await ctx.call(async () => {
      for (;;) {
        try {
          return await auth(req);
        } catch (e) {
          if ((e as Error).message !== 'etcdserver: root user does not have root role') throw e;
          await auth({ op: 'roleAdd', name: 'root' }).catch((e2: Error) => {
            if (e2.message !== 'etcdserver: role name already exists') throw e2;
          });
          await auth({ op: 'userGrantRole', user: 'root', role: 'root' });
        }
      }
    });
  } else resp = await ctx.call(() => auth(req));
  if (name === 'user get' && ctx.bool('detail') && ctx.format === 'simple') {
    // --detail: each role's permissions after the user line
    let s = `User: ${ctx.args[0]}\n`;
    for (const role of resp.roles ?? []) {
      const rr = await ctx.call(() => client.auth!({ op: 'roleGet', role }, call));
      s += '\n' + roleGetSimple(role, rr.perm ?? []);
    }
    ctx.out(s);
    return;
  }
  ctx.out(printAuth(ctx.format, resp, () => simple(resp)));
}
