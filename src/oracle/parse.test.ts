// Reading case scripts and command lines the way run-script.mjs and bash do.
import { describe, expect, it } from 'vitest';
import { parseScript } from './script';
import { parseCommand } from './command';
import { lexShell, printf } from './shellWords';
import { oracleClusterSpec } from './oracleIds';
import { execProgram } from './exec';
import { canonical } from './compare';
import { goDurationMs, parseServerFlags } from './serverFlags';
import { commandBlock, directiveLine, preambleLines, splitBlocks } from './transcript';

const VARS = { EP1: '127.0.0.1:23791', EP2: '127.0.0.1:23792', ENDPOINTS: '127.0.0.1:23791,127.0.0.1:23792', L: '694d8b4b3c6e2f0a' };

function inv(line: string) {
  const p = parseCommand(line, VARS);
  if (!p.ok) throw new Error(p.reason);
  return p.inv;
}

describe('parseScript', () => {
  it('reads config, directives, heredocs, continuations and # shell marks', () => {
    const s = parseScript(
      [
        '# comment',
        '#@ members 3',
        '#@ flags --a=1',
        '#@ flags --b=2',
        'etcdctl put a \\',
        '  b',
        '#@ capture L lease ([0-9a-f]+) granted',
        'etcdctl txn <<EOF',
        'put x y',
        '',
        'EOF',
        '# shell: a pipe',
        '# another comment',
        'etcdctl get a | od',
        'etcdctl get a',
        '',
      ].join('\n'),
    );
    expect(s.cfg).toEqual({ members: 3, flags: '--a=1 --b=2' });
    expect(s.items.map((i) => (i.kind === 'cmd' ? [i.text, i.shell] : [i.name, i.rest]))).toEqual([
      ['etcdctl put a \n  b', false],
      ['capture', 'L lease ([0-9a-f]+) granted'],
      ['etcdctl txn <<EOF\nput x y\n\nEOF', false],
      ['etcdctl get a | od', true],
      ['etcdctl get a', false],
    ]);
  });

  it('rejects a bad member count', () => {
    expect(() => parseScript('#@ members x\n')).toThrow(/members/);
  });
});

describe('shell words', () => {
  it('quotes, escapes and variables as sh expands them', () => {
    const words = (l: string) => lexShell(l, VARS).map((t) => t.value);
    expect(words(`etcdctl put 'key with space' "v \\"q\\" $EP1" a\\ b`)).toEqual(['etcdctl', 'put', 'key with space', 'v "q" 127.0.0.1:23791', 'a b']);
    expect(words(`sh -c 'echo $ETCD_LOCK_KEY'`)).toEqual(['sh', '-c', 'echo $ETCD_LOCK_KEY']);
    expect(words(`etcdctl get '' --prefix`)).toEqual(['etcdctl', 'get', '', '--prefix']);
    // an unquoted expansion to nothing is no word at all; a quoted one is an empty word
    expect(words('member remove $NOPE')).toEqual(['member', 'remove']);
    expect(words('member remove "$NOPE"')).toEqual(['member', 'remove', '']);
    expect(words('--endpoints=$EP1,${EP2}')).toEqual(['--endpoints=127.0.0.1:23791,127.0.0.1:23792']);
    expect(() => lexShell('echo $(date)', VARS)).toThrow(/command substitution/);
  });

  it('printf escapes and formats', () => {
    expect(printf('a\\tb\\n\\\\\\"%%')).toBe('a\tb\n\\"%');
    expect(printf('%s-%s\\n', ['x', 'y', 'z'])).toBe('x-y\nz-\n');
    expect(printf('\\101\\x42')).toBe('AB');
  });
});

describe('parseCommand', () => {
  it('a plain etcdctl line', () => {
    expect(inv('etcdctl put foo bar')).toEqual({ env: {}, timeoutS: null, argv: ['put', 'foo', 'bar'], stdin: null, stdinHoldMs: 0 });
  });

  it('env prefixes, timeout, variables', () => {
    const i = inv('ETCDCTL_WATCH_KEY=foo timeout 2 etcdctl watch --rev=2 --lease=$L');
    expect(i.env).toEqual({ ETCDCTL_WATCH_KEY: 'foo' });
    expect(i.timeoutS).toBe(2);
    expect(i.argv).toEqual(['watch', '--rev=2', '--lease=694d8b4b3c6e2f0a']);
  });

  it('stdin from printf, a heredoc, /dev/null', () => {
    expect(inv(`printf 'value("k1") = "v1"\\n\\nput k3 v3\\n' | etcdctl txn`).stdin).toBe('value("k1") = "v1"\n\nput k3 v3\n');
    expect(inv('etcdctl txn -w json <<EOF\n\nput a 1\n\n\nEOF')).toMatchObject({ argv: ['txn', '-w', 'json'], stdin: '\nput a 1\n\n\n' });
    expect(inv('etcdctl txn extra-arg < /dev/null')).toMatchObject({ argv: ['txn', 'extra-arg'], stdin: '' });
  });

  it('stdin held open by a sleeping subshell', () => {
    expect(inv(`printf 'watch foo\\n' | (cat; sleep 1.5) | timeout 2 etcdctl watch -i`)).toMatchObject({ stdin: 'watch foo\n', stdinHoldMs: 1500, timeoutS: 2 });
    expect(inv(`(printf 'progress\\n'; sleep 1.5) | timeout 2 etcdctl watch -i`)).toMatchObject({ stdin: 'progress\n', stdinHoldMs: 1500 });
  });

  it('reports what it does not replay', () => {
    const reason = (l: string) => {
      const p = parseCommand(l, VARS);
      return p.ok ? 'ok' : p.reason;
    };
    expect(reason('etcdctl get foo -w protobuf | od -An -tx1')).toMatch(/not an etcdctl command: od/);
    expect(reason('etcdctl get a > /tmp/x')).toMatch(/operator >/);
    expect(reason('for i in 1 2; do etcdctl put a b; done')).toMatch(/operator ;|not an etcdctl command/);
    expect(reason('ls')).toMatch(/not an etcdctl command: ls/);
    expect(reason(`printf 'x' | grep x | etcdctl put k`)).toMatch(/not replayed: grep in a pipe/);
  });
});

describe('transcript format', () => {
  it('writes blocks like run-script.mjs and reads them back', () => {
    const b = commandBlock(3, 'etcdctl txn <<EOF\nput a 1\nEOF', { exitCode: 1, stdout: 'x\n\ny', stderr: 'Error: z\n' });
    expect(b).toBe(['=== [3] etcdctl txn <<EOF', '=== + put a 1', '=== + EOF', '--- rc=1', 'o| x', 'o| ', 'o| y', 'o\\ no newline at end', 'e| Error: z'].join('\n'));
    const text = [...preambleLines({ script: 's.txt', members: 1, versionLine: 'etcdctl version: 3.4.23', flags: '', clusterIdHex: '00000000000000ff', memberList: [] }), directiveLine('sleep', '1'), b, ''].join('\n');
    expect(text.startsWith('#% etcd-oracle script=s.txt members=1 etcdctl version: 3.4.23\n#% cluster_id 255 ff\n=== #@ sleep 1\n')).toBe(true);
    expect(splitBlocks(text)).toEqual([{ n: 3, cmd: 'etcdctl txn <<EOF\nput a 1\nEOF', body: ['--- rc=1', 'o| x', 'o| ', 'o| y', 'o\\ no newline at end', 'e| Error: z'] }]);
  });
});

describe('oracle ids', () => {
  it('computes the ids real etcd gave the oracle cluster', () => {
    const three = oracleClusterSpec(3);
    expect(three.members.map((m) => [m.name, m.memberId])).toEqual([
      ['m1', '1a20d890be0dc40b'],
      ['m2', '18a555d509074b16'],
      ['m3', '37612d11a9b23449'],
    ]);
    expect(three.clusterId).toBe('fb18a4a1c0b69f2c');
    expect(oracleClusterSpec(1).clusterId).toBe('f3e829eb178c8e29');
  });
});

describe('exec stand-ins', () => {
  it('echo, false, sh -c with the environment, unknown programs', () => {
    const env = { ETCD_LOCK_KEY: 'mylock/440ba20c5deefc10', ETCD_LOCK_REV: '6' };
    expect(execProgram(['echo', 'hello-from-lock'], env)).toEqual({ stdout: 'hello-from-lock\n', stderr: '', exitCode: 0 });
    expect(execProgram(['sh', '-c', 'echo key=$ETCD_LOCK_KEY rev=$ETCD_LOCK_REV'], env)!.stdout).toBe('key=mylock/440ba20c5deefc10 rev=6\n');
    expect(execProgram(['sh', '-c', 'echo "a=$NOPE b"; false'], env)).toEqual({ stdout: 'a= b\n', stderr: '', exitCode: 1 });
    expect(execProgram(['sh', '-c', 'nosuch'], env)).toEqual({ stdout: '', stderr: 'sh: 1: nosuch: not found\n', exitCode: 127 });
    expect(execProgram(['false'], env)!.exitCode).toBe(1);
    expect(execProgram(['nosuchcommand-xyz'], env)).toBeNull();
  });
});

describe('#@ flags', () => {
  it('maps the etcd flags the cases use to settings and reports the rest', () => {
    expect(parseServerFlags('--quota-backend-bytes=2097152 --max-txn-ops 4 --experimental-watch-progress-notify-interval=1s --bogus=1')).toEqual({
      settings: { quotaBackendBytes: 2097152, maxTxnOps: 4, watchProgressNotifyMs: 1000 },
      unknown: ['--bogus=1'],
    });
    expect(goDurationMs('1m30s')).toBe(90_000);
    expect(parseServerFlags('--snapshot-count=20').settings).toEqual({ snapshotCount: 20 });
    expect(() => parseServerFlags('--max-txn-ops=x')).toThrow(/bad value/);
  });
});

describe('known nondeterminism of the oracle', () => {
  it('health rows of --cluster, added members and the deadline message compare in any order/variant', () => {
    const health = 'etcdctl endpoint health --cluster -w table';
    const a = ['--- rc=0', 'o| +', 'o| | ENDPOINT | HEALTH | TOOK | ERROR |', 'o| +', 'o| | http://127.0.0.1:23792 | true | <DURATION> |  |', 'o| | http://127.0.0.1:23791 | true | <DURATION> |  |', 'o| +'];
    const b = [...a.slice(0, 4), a[5]!, a[4]!, a[6]!];
    expect(canonical(health, a)).toEqual(canonical(health, b));
    expect(canonical('etcdctl endpoint health', a)).not.toEqual(canonical('etcdctl endpoint health', b));
    const members = (rows: string[]) => ['--- rc=0', ...rows];
    const m1 = 'o| <MEMBER:m1>, started, m1, http://127.0.0.1:23891, http://127.0.0.1:23791, false';
    const add = 'o| <MEMBER:added1>, unstarted, , http://127.0.0.1:23894, , false';
    expect(canonical('etcdctl member list', members([m1, add]))).toEqual(canonical('etcdctl member list', members([add, m1])));
    // without an added member the order is real etcd's (by id) and must match
    const m2 = m1.replace(/m1/g, 'm2');
    expect(canonical('etcdctl member list', members([m1, m2]))).not.toEqual(canonical('etcdctl member list', members([m2, m1])));
    expect(canonical('x', ['e| a: failed to commit proposal: rpc error: code = Unknown desc = context deadline exceeded'])).toEqual(['e| a: failed to commit proposal: context deadline exceeded']);
  });
});
