import { describe, expect, it } from 'vitest';
import { completions } from './completions';
import { parse } from './parse';

const cmd = (argv: string[]) => {
  const p = parse(argv);
  if (p.kind !== 'command') throw new Error(`not a command: ${JSON.stringify(p)}`);
  return { name: p.path.map((c) => c.name).join(' '), args: p.args, flags: p.flags };
};

describe('parse (cobra/pflag rules)', () => {
  it('finds commands around global flags and by unique prefix', () => {
    expect(cmd(['-w', 'json', 'get', 'foo']).name).toBe('etcdctl get');
    expect(cmd(['--endpoints=a:1,b:2', 'lease', 'grant', '10']).flags.get('endpoints')).toEqual(['a:1', 'b:2']);
    expect(cmd(['ge', 'foo']).name).toBe('etcdctl get');
    expect(cmd(['member', 'li']).name).toBe('etcdctl member list');
    expect(cmd(['get', 'foo', '--prefix', '--limit', '2']).args).toEqual(['foo']);
    expect(cmd(['put', 'dash', '--', '-negvalue']).args).toEqual(['dash', '-negvalue']);
    expect(cmd(['get', 'k', '-wjson']).flags.get('write-out')).toBe('json');
    expect(cmd(['get', 'k', '--prefix=false']).flags.get('prefix')).toBe(false);
  });
  it('reports unknown commands with suggestions', () => {
    const p = parse(['gett']);
    expect(p).toMatchObject({ kind: 'exit', exitCode: 1, stdout: '' });
    if (p.kind === 'exit') {
      expect(p.stderr).toBe(
        'Error: unknown command "gett" for "etcdctl"\n\nDid you mean this?\n\tget\n\nRun \'etcdctl --help\' for usage.\nError: unknown command "gett" for "etcdctl"\n\nDid you mean this?\n\tget\n\n',
      );
    }
  });
  it('flag errors print usage on stdout and the error twice', () => {
    const p = parse(['get', 'foo', '--limit']);
    expect(p.kind).toBe('exit');
    if (p.kind === 'exit') {
      expect(p.exitCode).toBe(1);
      expect(p.stdout).toContain('USAGE:\n\tetcdctl get [options] <key> [range_end] [flags]');
      expect(p.stderr).toBe('Error: flag needs an argument: --limit\n\nError: flag needs an argument: --limit\n');
    }
    const q = parse(['get', 'foo', '--prefix=maybe']);
    if (q.kind === 'exit') expect(q.stderr.split('\n')[0]).toBe('Error: invalid argument "maybe" for "--prefix" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
  });
  it('groups and --help print usage with exit 0', () => {
    for (const argv of [[], ['lease'], ['alarm', 'bogus'], ['get', '--help'], ['get', '-h']]) {
      const p = parse(argv);
      expect(p).toMatchObject({ kind: 'exit', exitCode: 0, stderr: '' });
    }
  });
});

describe('completions', () => {
  it('offers commands, subcommands and flags', () => {
    expect(completions('etcdctl ').map((c) => c.value)).toContain('get');
    expect(completions('le').map((c) => c.value)).toEqual(['lease']);
    expect(completions('etcdctl lease ').map((c) => c.value)).toEqual(['grant', 'keep-alive', 'list', 'revoke', 'timetolive']);
    const flags = completions('get foo --pr').map((c) => c.value);
    expect(flags).toEqual(['--prefix', '--print-value-only']);
    expect(completions('get foo --wri').map((c) => c.value)).toEqual(['--write-out']);
    expect(completions('get foo ba')).toEqual([]);
    expect(completions('member l')[0]).toMatchObject({ value: 'list', description: 'Lists all members in the cluster', kind: 'command' });
  });
});
