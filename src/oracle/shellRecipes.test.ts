import { describe, expect, test } from 'vitest';
import { odHexBytes, runShellRecipe, type RecipeHost } from './shellRecipes';
import { bytesToBinaryString } from '../etcdctl/printProtobuf';
import type { CommandOutput } from './transcript';
import { MemFiles } from './memFiles';

function host(
  answer: (argv: string[], stdin: Uint8Array, env?: Readonly<Record<string, string>>) => CommandOutput,
  vars: Record<string, string> = {},
): RecipeHost & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    files: new MemFiles(),
    vars,
    etcdctl: async (argv, stdin, env) => {
      calls.push(argv);
      return answer(argv, stdin, env);
    },
  };
}

const FILL = `for i in $(seq 1 40); do err=$(head -c 200000 /dev/zero | tr '\\0' q | etcdctl put big$i 2>&1 >/dev/null) || { echo "$err" | tail -1; break; }; done`;

describe('shell recipes', () => {
  test('the fill loop puts big1, big2 … with 200000 q\'s until one fails, and prints that failure\'s last stderr line', async () => {
    const h = host((argv, stdin) => {
      expect(stdin.length).toBe(200000);
      expect(stdin.every((b) => b === 113)).toBe(true);
      return argv[1] === 'big3' ? { exitCode: 1, stdout: '', stderr: '{"level":"warn"}\nError: etcdserver: mvcc: database space exceeded\n' } : { exitCode: 0, stdout: 'OK\n', stderr: '' };
    });
    const r = await runShellRecipe(h, FILL);
    expect(h.calls).toEqual([['put', 'big1'], ['put', 'big2'], ['put', 'big3']]);
    expect(r).toEqual({ exitCode: 0, stdout: 'Error: etcdserver: mvcc: database space exceeded\n', stderr: '' });
  });

  test('compact at the revision a JSON get reports; "compacted" only when it succeeded', async () => {
    const line = `R=$(etcdctl get small -w json | grep -o '"revision":[0-9]*' | cut -d: -f2); etcdctl compaction $R > /dev/null && echo compacted`;
    const ok = host((argv) => (argv[0] === 'get' ? { exitCode: 0, stdout: '{"header":{"revision":14,"raft_term":2},"kvs":[{"create_revision":2}]}\n', stderr: '' } : { exitCode: 0, stdout: 'compacted revision 14\n', stderr: '' }));
    expect(await runShellRecipe(ok, line)).toEqual({ exitCode: 0, stdout: 'compacted\n', stderr: '' });
    expect(ok.calls).toEqual([['get', 'small', '-w', 'json'], ['compaction', '14']]);
    const bad = host((argv) => (argv[0] === 'get' ? { exitCode: 0, stdout: '{"header":{"revision":3}}\n', stderr: '' } : { exitCode: 1, stdout: '', stderr: 'Error: boom\n' }));
    expect(await runShellRecipe(bad, line)).toEqual({ exitCode: 1, stdout: '', stderr: 'Error: boom\n' });
  });

  test('od -An -tx1 of -w protobuf output sees the raw bytes, 16 a line, repeated lines starred', async () => {
    const bytes = Uint8Array.from([0x0a, 0xa9, 0x25, 0xff, ...new Array(44).fill(7), 1]);
    const h = host(() => ({ exitCode: 0, stdout: bytesToBinaryString(bytes), stderr: '' }));
    const r = await runShellRecipe(h, 'etcdctl get foo -w protobuf | od -An -tx1');
    expect(h.calls).toEqual([['get', 'foo', '-w', 'protobuf']]);
    const sevens = ' 07'.repeat(16);
    // 4 + 44 sevens + 1: the second and third lines are the same, so the third is a "*"
    expect(r!.stdout).toBe(` 0a a9 25 ff${' 07'.repeat(12)}\n${sevens}\n*\n 01\n`);
    // text output goes down the pipe as UTF-8
    expect(odHexBytes(new TextEncoder().encode('é'))).toBe(' c3 a9\n');
  });

  test('grep -o | sort -u | wc -l counts distinct matches; $EPn expand from the run', async () => {
    const h = host(() => ({ exitCode: 0, stdout: '[{"Status":{"leader":42}},{"Status":{"leader":42}}]\n', stderr: '' }), { EP2: 'a:1', EP3: 'b:2' });
    const r = await runShellRecipe(h, `etcdctl --endpoints=$EP2,$EP3 endpoint status -w json | grep -o '"leader":[0-9]*' | sort -u | wc -l`);
    expect(h.calls).toEqual([['--endpoints=a:1,b:2', 'endpoint', 'status', '-w', 'json']]);
    expect(r!.stdout).toBe('1\n');
  });

  test('ETCDCTL_* variables before etcdctl are set for that process only', async () => {
    let seen: Readonly<Record<string, string>> | undefined;
    const h = host((_argv, _stdin, env) => {
      seen = env;
      return { exitCode: 1, stdout: '', stderr: 'x\n' };
    });
    const r = await runShellRecipe(h, 'ETCDCTL_DIAL_TIMEOUT=1s etcdctl --dial-timeout=2s get foo');
    expect(seen).toEqual({ ETCDCTL_DIAL_TIMEOUT: '1s' });
    expect(h.calls).toEqual([['--dial-timeout=2s', 'get', 'foo']]);
    expect(r!.exitCode).toBe(1);
  });

  test('any other shell line is not a recipe', async () => {
    expect(await runShellRecipe(host(() => ({ exitCode: 0, stdout: '', stderr: '' })), 'etcdctl get foo | grep bar')).toBeNull();
  });
});
