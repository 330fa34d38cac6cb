// etcdctl 3.4.23's command tree: names, usage lines, one-line descriptions and flags, as its
// `--help` prints them (the Debian build, which also carries cobra's `completion` commands).
// Behaviour lives in cmd*.ts; this file is data, shared by parsing, help text and completion.

import type { FlagSpec } from './flags';

export interface CommandSpec {
  name: string;
  /** cobra `Use`: the name, then the argument synopsis. */
  use: string;
  short: string;
  long?: string;
  flags?: FlagSpec[];
  /** Flags inherited by the subcommands too (cobra persistent flags). */
  persistentFlags?: FlagSpec[];
  children?: CommandSpec[];
  /** Group commands only print their usage. */
  runnable: boolean;
}

const S = 1e9;
const bool = (name: string, usage: string, def = false, shorthand?: string): FlagSpec => ({ name, type: 'bool', def, usage, ...(shorthand ? { shorthand } : {}) });
const str = (name: string, usage: string, def = '', shorthand?: string): FlagSpec => ({ name, type: 'string', def, usage, ...(shorthand ? { shorthand } : {}) });
const int = (name: string, usage: string, def = 0): FlagSpec => ({ name, type: 'int', def, usage });

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'endpoints', type: 'stringSlice', def: ['127.0.0.1:2379'], usage: 'gRPC endpoints' },
  bool('debug', 'enable client-side debug logging'),
  str('write-out', 'set the output format (fields, json, protobuf, simple, table)', 'simple', 'w'),
  bool('hex', 'print byte strings as hex encoded strings'),
  { name: 'dial-timeout', type: 'duration', def: 2 * S, usage: 'dial timeout for client connections' },
  { name: 'command-timeout', type: 'duration', def: 5 * S, usage: 'timeout for short running command (excluding dial timeout)' },
  { name: 'keepalive-time', type: 'duration', def: 2 * S, usage: 'keepalive time for client connections' },
  { name: 'keepalive-timeout', type: 'duration', def: 6 * S, usage: 'keepalive timeout for client connections' },
  bool('insecure-transport', 'disable transport security for client connections', true),
  bool('insecure-discovery', 'accept insecure SRV records describing cluster endpoints', true),
  bool('insecure-skip-tls-verify', 'skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)'),
  str('cert', 'identify secure client using this TLS certificate file'),
  str('key', 'identify secure client using this TLS key file'),
  str('cacert', 'verify certificates of TLS-enabled secure servers using this CA bundle'),
  str('user', 'username[:password] for authentication (prompt if password is not supplied)'),
  str('password', "password for authentication (if this option is used, --user option shouldn't include password)"),
  str('discovery-srv', 'domain name to query for SRV records describing cluster endpoints', '', 'd'),
  str('discovery-srv-name', 'service name to query when using DNS discovery'),
];

const leaf = (name: string, use: string, short: string, flags: FlagSpec[] = [], long?: string): CommandSpec => ({
  name,
  use,
  short,
  flags,
  runnable: true,
  ...(long ? { long } : {}),
});
const group = (name: string, use: string, short: string, children: CommandSpec[], persistentFlags: FlagSpec[] = []): CommandSpec => ({
  name,
  use,
  short,
  children,
  persistentFlags,
  runnable: false,
});

const PUT_LONG = `
Puts the given key into the store.

When <value> begins with '-', <value> is interpreted as a flag.
Insert '--' for workaround:

$ put <key> -- <value>
$ put -- <key> <value>

If <value> isn't given as a command line argument and '--ignore-value' is not specified,
this command tries to read the value from standard input.

If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,
this command tries to read the value from standard input.

For example,
$ cat file | put <key>
will store the content of the file to <key>.
`;

export const GET_FLAGS: FlagSpec[] = [
  str('consistency', 'Linearizable(l) or Serializable(s)', 'l'),
  str('order', 'Order of results; ASCEND or DESCEND (ASCEND by default)'),
  str('sort-by', 'Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION'),
  int('limit', 'Maximum number of results'),
  bool('prefix', 'Get keys with matching prefix'),
  bool('from-key', 'Get keys that are greater than or equal to the given key using byte compare'),
  int('rev', 'Specify the kv revision'),
  bool('keys-only', 'Get only the keys'),
  bool('print-value-only', 'Only write values when using the "simple" output format'),
];
export const PUT_FLAGS: FlagSpec[] = [
  str('lease', 'lease ID (in hexadecimal) to attach to the key', '0'),
  bool('prev-kv', 'return the previous key-value pair before modification'),
  bool('ignore-value', 'updates the key using its current value'),
  bool('ignore-lease', 'updates the key using its current lease'),
];
export const DEL_FLAGS: FlagSpec[] = [
  bool('prefix', 'delete keys with matching prefix'),
  bool('prev-kv', 'return deleted key-value pairs'),
  bool('from-key', 'delete keys that are greater than or equal to the given key using byte compare'),
];

export const GET_SPEC = leaf('get', 'get [options] <key> [range_end]', 'Gets the key or a range of keys', GET_FLAGS);
export const PUT_SPEC = leaf('put', 'put [options] <key> <value> (<value> can also be given from stdin)', 'Puts the given key into the store', PUT_FLAGS, PUT_LONG);
export const DEL_SPEC = leaf('del', 'del [options] <key> [range_end]', 'Removes the specified key or range of keys [key, range_end)', DEL_FLAGS);

export const WATCH_SPEC = leaf(
  'watch',
  'watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]',
  'Watches events stream on keys or prefixes',
  [bool('interactive', 'Interactive mode', false, 'i'), bool('prefix', 'Watch on a prefix if prefix is set'), int('rev', 'Revision to start watching'), bool('prev-kv', 'get the previous key-value pair before the event happens')],
);

const checkFlags = (kind: 'performance' | 'datascale') => [
  str('load', `The ${kind} check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)`, 's'),
  str('prefix', `The prefix for writing the ${kind} check's keys.`, kind === 'performance' ? '/etcdctl-check-perf/' : '/etcdctl-check-datascale/'),
  bool('auto-compact', 'Compact storage with last revision after test is finished.'),
  bool('auto-defrag', 'Defragment storage after test is finished.'),
];

const completionShell = (sh: string) =>
  leaf(sh, sh, `Generate the autocompletion script for ${sh}`, [bool('no-descriptions', 'disable completion descriptions')]);

export const ROOT: CommandSpec = {
  name: 'etcdctl',
  use: 'etcdctl',
  short: 'A simple command line client for etcd3.',
  persistentFlags: GLOBAL_FLAGS,
  runnable: false,
  children: [
    GET_SPEC,
    PUT_SPEC,
    DEL_SPEC,
    leaf('txn', 'txn [options]', 'Txn processes all the requests in one transaction', [bool('interactive', 'Input transaction in interactive mode', false, 'i')]),
    leaf('compaction', 'compaction [options] <revision>', 'Compacts the event history in etcd', [
      bool('physical', "'true' to wait for compaction to physically remove all old revisions"),
    ]),
    group('alarm', 'alarm <subcommand>', 'Alarm related commands', [leaf('disarm', 'disarm', 'Disarms all alarms'), leaf('list', 'list', 'Lists all alarms')]),
    leaf('defrag', 'defrag', 'Defragments the storage of the etcd members with given endpoints', [
      bool('cluster', 'use all endpoints from the cluster member list'),
      str('data-dir', 'Optional. If present, defragments a data directory not in use by etcd.'),
    ]),
    group(
      'endpoint',
      'endpoint <subcommand>',
      'Endpoint related commands',
      [
        leaf('health', 'health', 'Checks the healthiness of endpoints specified in `--endpoints` flag'),
        leaf(
          'status',
          'status',
          'Prints out the status of endpoints specified in `--endpoints` flag',
          [],
          'When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.\nThe items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.\n',
        ),
        leaf('hashkv', 'hashkv', 'Prints the KV history hash for each endpoint in --endpoints', [int('rev', 'maximum revision to hash (default: all revisions)')]),
      ],
      [bool('cluster', 'use all endpoints from the cluster member list')],
    ),
    group('lease', 'lease <subcommand>', 'Lease related commands', [
      leaf('grant', 'grant <ttl>', 'Creates leases'),
      leaf('revoke', 'revoke <leaseID>', 'Revokes leases'),
      leaf('timetolive', 'timetolive <leaseID> [options]', 'Get lease information', [bool('keys', 'Get keys attached to this lease')]),
      leaf('list', 'list', 'List all active leases'),
      leaf('keep-alive', 'keep-alive [options] <leaseID>', 'Keeps leases alive (renew)', [bool('once', 'Resume an keep-alive')]),
    ]),
    group('member', 'member <subcommand>', 'Membership related commands', [
      leaf('add', 'add <memberName> [options]', 'Adds a member into the cluster', [
        str('peer-urls', 'comma separated peer URLs for the new member.'),
        bool('learner', 'indicates if the new member is raft learner'),
      ]),
      leaf('remove', 'remove <memberID>', 'Removes a member from the cluster'),
      leaf('update', 'update <memberID> [options]', 'Updates a member in the cluster', [str('peer-urls', 'comma separated peer URLs for the updated member.')]),
      leaf('list', 'list', 'Lists all members in the cluster'),
      leaf('promote', 'promote <memberID>', 'Promotes a non-voting member in the cluster'),
    ]),
    group('snapshot', 'snapshot <subcommand>', 'Manages etcd node snapshots', [
      leaf('save', 'save <filename>', 'Stores an etcd node backend snapshot to a given file'),
      leaf('restore', 'restore <filename> [options]', 'Restores an etcd member snapshot to an etcd directory', [
        str('data-dir', 'Path to the data directory'),
        str('wal-dir', 'Path to the WAL directory (use --data-dir if none given)'),
        str('initial-cluster', 'Initial cluster configuration for restore bootstrap', 'default=http://localhost:2380'),
        str('initial-cluster-token', 'Initial cluster token for the etcd cluster during restore bootstrap', 'etcd-cluster'),
        str('initial-advertise-peer-urls', 'List of this member\'s peer URLs to advertise to the rest of the cluster', 'http://localhost:2380'),
        str('name', 'Human-readable name for this member', 'default'),
        bool('skip-hash-check', 'Ignore snapshot integrity hash value (required if copied from data directory)'),
      ]),
      leaf('status', 'status <filename>', 'Gets backend snapshot status of a given file'),
    ]),
    leaf('make-mirror', 'make-mirror [options] <destination>', 'Makes a mirror at the destination etcd cluster', [
      str('dest-cacert', 'Verify certificates of TLS enabled secure servers using this CA bundle'),
      str('dest-cert', 'Identify secure client using this TLS certificate file for the destination cluster'),
      str('dest-key', 'Identify secure client using this TLS key file'),
      bool('dest-insecure-transport', 'Disable transport security for client connections', true),
      str('prefix', 'Key-value prefix to mirror'),
      str('dest-prefix', 'destination prefix to mirror a prefix to a different prefix in the destination cluster'),
      bool('no-dest-prefix', 'mirror key-values to the root of the destination cluster'),
    ]),
    leaf('migrate', 'migrate', 'Migrates keys in a v2 store to a mvcc store', [
      bool('no-ttl', 'Do not convert TTL keys'),
      str('data-dir', 'Path to the data directory'),
      str('wal-dir', 'Path to the WAL directory'),
      str('transformer', 'Path to the user-provided transformer program'),
    ]),
    leaf('lock', 'lock <lockname> [exec-command arg1 arg2 ...]', 'Acquires a named lock', [int('ttl', 'timeout for session', 10)]),
    leaf('elect', 'elect <election-name> [proposal]', 'Observes and participates in leader election', [bool('listen', 'observation mode', false, 'l')]),
    group('auth', 'auth <enable or disable>', 'Enable or disable authentication', [
      leaf('enable', 'enable', 'Enables authentication'),
      leaf('disable', 'disable', 'Disables authentication'),
    ]),
    group('user', 'user <subcommand>', 'User related commands', [
      leaf('add', 'add <user name or user:password> [options]', 'Adds a new user', [
        bool('interactive', 'Read password from stdin instead of interactive terminal', true),
        str('new-user-password', 'Supply password from the command line flag'),
        bool('no-password', 'Create a user without password (CN based auth only)'),
      ]),
      leaf('delete', 'delete <user name>', 'Deletes a user'),
      leaf('get', 'get <user name> [options]', 'Gets detailed information of a user', [bool('detail', 'Show permissions of roles granted to the user')]),
      leaf('list', 'list', 'Lists all users'),
      leaf('passwd', 'passwd <user name> [options]', 'Changes password of user', [bool('interactive', 'If true, read password from stdin instead of interactive terminal', true)]),
      leaf('grant-role', 'grant-role <user name> <role name>', 'Grants a role to a user'),
      leaf('revoke-role', 'revoke-role <user name> <role name>', 'Revokes a role from a user'),
    ]),
    group('role', 'role <subcommand>', 'Role related commands', [
      leaf('add', 'add <role name>', 'Adds a new role'),
      leaf('delete', 'delete <role name>', 'Deletes a role'),
      leaf('get', 'get <role name>', 'Gets detailed information of a role'),
      leaf('list', 'list', 'Lists all roles'),
      leaf('grant-permission', 'grant-permission [options] <role name> <permission type> <key> [endkey]', 'Grants a key to a role', [
        bool('prefix', 'grant a prefix permission'),
        bool('from-key', 'grant a permission of keys that are greater than or equal to the given key using byte compare'),
      ]),
      leaf('revoke-permission', 'revoke-permission <role name> <key> [endkey]', 'Revokes a key from a role', [
        bool('prefix', 'revoke a prefix permission'),
        bool('from-key', 'revoke a permission of keys that are greater than or equal to the given key using byte compare'),
      ]),
    ]),
    group('check', 'check <subcommand>', 'commands for checking properties of the etcd cluster', [
      leaf('perf', 'perf [options]', 'Check the performance of the etcd cluster', checkFlags('performance')),
      leaf('datascale', 'datascale [options]', 'Check the memory usage of holding data for different workloads on a given server endpoint.', checkFlags('datascale')),
    ]),
    leaf('move-leader', 'move-leader <transferee-member-id>', 'Transfers leadership to another etcd cluster member.'),
    leaf('version', 'version', 'Prints the version of etcdctl'),
    WATCH_SPEC,
    group('completion', 'completion', 'Generate the autocompletion script for the specified shell', ['bash', 'fish', 'powershell', 'zsh'].map(completionShell)),
    leaf('help', 'help [command]', 'Help about any command'),
  ],
};

export const HELP_FLAG = (cmdName: string): FlagSpec => ({ name: 'help', shorthand: 'h', type: 'bool', def: false, usage: `help for ${cmdName}` });

/** Children sorted by name, as cobra lists them. */
export function sortedChildren(c: CommandSpec): CommandSpec[] {
  return [...(c.children ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
