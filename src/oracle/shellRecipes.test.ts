import { describe, expect, test } from 'vitest';
import { runShellRecipe, type RecipeHost } from './shellRecipes';
import type { CommandOutput } from './transcript';
import { MemFiles } from './memFiles';

function host(answer: (argv: string[], stdin: Uint8Array) => CommandOutput): RecipeHost & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    files: new MemFiles(),
    etcdctl: async (argv, stdin) => {
      calls.push(argv);
      return answer(argv, stdin);
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

  test('any other shell line is not a recipe', async () => {
    expect(await runShellRecipe(host(() => ({ exitCode: 0, stdout: '', stderr: '' })), 'etcdctl get foo | grep bar')).toBeNull();
  });
});
