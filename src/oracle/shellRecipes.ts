// The few `# shell` lines of the oracle's cases that the runner replays anyway, each recognised by
// its exact shape and carried out step by step with real etcdctl jobs — the same commands the shell
// would run, with the shell's own plumbing (loops, `$(...)`, `tail`, `grep | cut`, `&&`) done here.
// A `# shell` line of any other shape stays "not replayed".

import type { CommandOutput } from './transcript';
import type { EtcdctlFiles } from '../etcdctl/context';
import { binaryStringToBytes } from '../etcdctl/printProtobuf';

/** What a recipe needs from the run: one etcdctl process (with the oracle wrapper's conventions). */
export interface RecipeHost {
  /** `env`: variables set for this one process (`VAR=value etcdctl …`). */
  etcdctl(argv: string[], stdin: Uint8Array, env?: Readonly<Record<string, string>>): Promise<CommandOutput>;
  /** The run's files (for `rm -f`). */
  files: EtcdctlFiles;
  /** The variables run-script.mjs exports ($EP1, $ENDPOINTS, captures), for words the shell would expand. */
  vars: Readonly<Record<string, string>>;
}

/** `$NAME` and `${NAME}` replaced as an unquoted shell word would have them (unset: empty). */
const expand = (s: string, vars: Readonly<Record<string, string>>): string =>
  s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a: string | undefined, b: string | undefined) => vars[(a ?? b)!] ?? '');

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 09-maintenance's snapshot line, verbatim (the path and the hash are masked by sed). */
const SNAPSHOT_LINE =
  `snap=$(mktemp -u /tmp/eo-snap-XXXXXX.db); etcdctl snapshot save $snap 2>&1 | sed -e "s#$snap#SNAPSHOT#g"; ` +
  `etcdctl snapshot status $snap -w table | sed 's/| [0-9a-f]\\{8\\} |/| HASH |/'; ` +
  `etcdctl snapshot status $snap -w json | sed 's/"hash":[0-9]*/"hash":HASH/'; rm -f $snap`;

/** sed 's/RE/TO/' (no g): the first match on each line. */
const sedFirst = (text: string, re: RegExp, to: string) => text.split('\n').map((l) => l.replace(re, to)).join('\n');


interface Recipe {
  pattern: RegExp;
  run(host: RecipeHost, m: RegExpExecArray): Promise<CommandOutput>;
}

const words = (s: string): string[] => s.trim().split(/\s+/).filter((w) => w !== '');
/** `$(...)` keeps the output minus trailing newlines; `echo "$x" | tail -1` prints its last line. */
const lastLine = (s: string): string => s.replace(/\n+$/, '').split('\n').at(-1)!;

/** What a pipe carries from etcdctl's stdout: `-w protobuf` writes raw bytes, everything else UTF-8 text. */
const pipeBytes = (argv: string[], stdout: string): Uint8Array =>
  argv.some((a, i) => a === '-w=protobuf' || a === '--write-out=protobuf' || ((a === '-w' || a === '--write-out') && argv[i + 1] === 'protobuf'))
    ? binaryStringToBytes(stdout)
    : new TextEncoder().encode(stdout);

/** `od -An -tx1`: 16 bytes a line as " xx", no offsets; a run of identical lines after the first is one "*". */
export function odHexBytes(b: Uint8Array): string {
  let out = '';
  let prev: string | null = null;
  let starred = false;
  for (let i = 0; i < b.length; i += 16) {
    const line = Array.from(b.subarray(i, i + 16), (x) => ' ' + x.toString(16).padStart(2, '0')).join('');
    const full = i + 16 <= b.length;
    if (full && line === prev) {
      if (!starred) out += '*\n';
      starred = true;
      continue;
    }
    out += line + '\n';
    prev = full ? line : null;
    starred = false;
  }
  return out;
}

/** grep -o 'RE' for the simple regexps the cases use (`[0-9]*`, literal text): every non-empty match, one per line. */
const grepO = (text: string, re: string): string[] =>
  text.split('\n').flatMap((line) => [...line.matchAll(new RegExp(re, 'g'))].map((m) => m[0]).filter((m) => m !== ''));

const RECIPES: Recipe[] = [
  {
    // etcdctl ARGS | od -An -tx1
    pattern: /^etcdctl ([^|'"$]+) \| od -An -tx1$/,
    async run(host, m) {
      const argv = words(m[1]!);
      const r = await host.etcdctl(argv, new Uint8Array(0));
      return { exitCode: 0, stdout: odHexBytes(pipeBytes(argv, r.stdout)), stderr: r.stderr };
    },
  },
  {
    // etcdctl ARGS | grep -o 'RE' | sort -u | wc -l
    pattern: /^etcdctl ([^|'"]+) \| grep -o '([^']+)' \| sort -u \| wc -l$/,
    async run(host, m) {
      const r = await host.etcdctl(words(expand(m[1]!, host.vars)), new Uint8Array(0));
      const distinct = new Set(grepO(r.stdout, m[2]!));
      return { exitCode: 0, stdout: `${distinct.size}\n`, stderr: r.stderr };
    },
  },
  {
    // ETCDCTL_X=v [ETCDCTL_Y=w …] etcdctl ARGS: the variables for this process only
    pattern: /^((?:ETCDCTL_[A-Z_]+=[^\s'"$|;&]+ )+)etcdctl ([^|'"$;&]+)$/,
    async run(host, m) {
      const env: Record<string, string> = {};
      for (const a of words(m[1]!)) {
        const eq = a.indexOf('=');
        env[a.slice(0, eq)] = a.slice(eq + 1);
      }
      return host.etcdctl(words(m[2]!), new Uint8Array(0), env);
    },
  },
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
  {
    pattern: new RegExp(`^${escapeRegExp(SNAPSHOT_LINE)}$`),
    async run(host) {
      const path = '/tmp/eo-snap-k3Xq9Z.db'; // mktemp -u: a fresh name, nothing created
      const save = await host.etcdctl(['snapshot', 'save', path], new Uint8Array(0));
      // 2>&1 into sed: the log lines (stderr) came before "Snapshot saved at" (stdout)
      let stdout = (save.stderr + save.stdout).split(path).join('SNAPSHOT');
      const table = await host.etcdctl(['snapshot', 'status', path, '-w', 'table'], new Uint8Array(0));
      stdout += sedFirst(table.stdout, /\| [0-9a-f]{8} \|/, '| HASH |');
      const json = await host.etcdctl(['snapshot', 'status', path, '-w', 'json'], new Uint8Array(0));
      stdout += sedFirst(json.stdout, /"hash":[0-9]*/, '"hash":HASH');
      host.files.remove(path);
      return { exitCode: 0, stdout, stderr: table.stderr + json.stderr };
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
