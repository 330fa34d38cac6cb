// The few `# shell` lines of the oracle's cases that the runner replays anyway, each recognised by
// its exact shape and carried out step by step with real etcdctl jobs — the same commands the shell
// would run, with the shell's own plumbing (loops, `$(...)`, `tail`, `grep | cut`, `&&`) done here.
// A `# shell` line of any other shape stays "not replayed".

import type { CommandOutput } from './transcript';

/** What a recipe needs from the run: one etcdctl process (with the oracle wrapper's conventions). */
export interface RecipeHost {
  etcdctl(argv: string[], stdin: Uint8Array): Promise<CommandOutput>;
}


interface Recipe {
  pattern: RegExp;
  run(host: RecipeHost, m: RegExpExecArray): Promise<CommandOutput>;
}

const words = (s: string): string[] => s.trim().split(/\s+/).filter((w) => w !== '');
/** `$(...)` keeps the output minus trailing newlines; `echo "$x" | tail -1` prints its last line. */
const lastLine = (s: string): string => s.replace(/\n+$/, '').split('\n').at(-1)!;

const RECIPES: Recipe[] = [
  {
    // for i in $(seq 1 N); do err=$(head -c SIZE /dev/zero | tr '\0' C | etcdctl ARGS$i 2>&1 >/dev/null) || { echo "$err" | tail -1; break; }; done
    pattern: /^for i in \$\(seq 1 (\d+)\); do err=\$\(head -c (\d+) \/dev\/zero \| tr '\\0' (\w) \| etcdctl ([^$]+)\$i 2>&1 >\/dev\/null\) \|\| \{ echo "\$err" \| tail -1; break; \}; done$/,
    async run(host, m) {
      const stdin = new Uint8Array(Number(m[2])).fill(m[3]!.charCodeAt(0));
      for (let i = 1; i <= Number(m[1]); i++) {
        const argv = words(m[4]!);
        argv[argv.length - 1] += String(i);
        const r = await host.etcdctl(argv, stdin);
        // only stderr reaches $err (stdout went to /dev/null)
        if (r.exitCode !== 0) return { exitCode: 0, stdout: `${lastLine(r.stderr)}\n`, stderr: '' };
      }
      return { exitCode: 0, stdout: '', stderr: '' };
    },
  },
  {
    // R=$(etcdctl ARGS -w json | grep -o '"revision":[0-9]*' | cut -d: -f2); etcdctl compaction $R > /dev/null && echo compacted
    pattern: /^R=\$\(etcdctl ([^|]+) \| grep -o '"revision":\[0-9\]\*' \| cut -d: -f2\); etcdctl compaction \$R > \/dev\/null && echo compacted$/,
    async run(host, m) {
      const got = await host.etcdctl(words(m[1]!), new Uint8Array(0));
      const revs = [...got.stdout.matchAll(/"revision":([0-9]*)/g)].map((x) => x[1]!);
      const r = await host.etcdctl(['compaction', ...revs], new Uint8Array(0));
      if (r.exitCode !== 0) return { exitCode: r.exitCode, stdout: '', stderr: got.stderr + r.stderr };
      return { exitCode: 0, stdout: 'compacted\n', stderr: got.stderr + r.stderr };
    },
  },
];

/** Runs `text` when it is one of the recognised shapes; null otherwise. */
export async function runShellRecipe(host: RecipeHost, text: string): Promise<CommandOutput | null> {
  for (const r of RECIPES) {
    const m = r.pattern.exec(text);
    if (m) return r.run(host, m);
  }
  return null;
}
