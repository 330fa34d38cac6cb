// The programs the oracle cases have etcdctl run (`lock NAME CMD...`, `watch KEY -- CMD...`):
// echo, printf, true, false and `sh -c 'SCRIPT'` over those, with the environment etcdctl sets
// (ETCD_LOCK_KEY, ETCD_WATCH_*). A page has no processes; this stands in for them in the runner, the
// page's console and the lessons' simulator host.
// Offered to etcdctl as io.exec (see the runner's notes); anything else is "not found".

import { lexShell, printf, ShellSyntaxError, type Token } from './shellWords';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs argv; null when there is no such program (etcdctl: `exec: "x": executable file not found in $PATH`). */
export function execProgram(argv: readonly string[], env: Readonly<Record<string, string>>): ExecResult | null {
  const [prog, ...args] = argv;
  switch (prog) {
    case 'echo': {
      const noNewline = args[0] === '-n';
      const words = noNewline ? args.slice(1) : args;
      return ok(words.join(' ') + (noNewline ? '' : '\n'));
    }
    case 'printf':
      return args.length === 0 ? { stdout: '', stderr: 'printf: usage: printf format [arguments]\n', exitCode: 2 } : ok(printf(args[0]!, args.slice(1)));
    case 'true':
      return ok('');
    case 'false':
      return { stdout: '', stderr: '', exitCode: 1 };
    case 'sh':
      if (args[0] === '-c' && args.length >= 2) return shellScript(args[1]!, env);
      return null;
    default:
      return null;
  }
}

function ok(stdout: string): ExecResult {
  return { stdout, stderr: '', exitCode: 0 };
}

/** `sh -c SCRIPT`: simple commands separated by ';' (dash's messages for what is missing). */
function shellScript(script: string, env: Readonly<Record<string, string>>): ExecResult {
  let tokens: Token[];
  try {
    tokens = lexShell(script, env);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    return { stdout: '', stderr: `sh: 1: ${e.message}\n`, exitCode: 2 };
  }
  const out: ExecResult = { stdout: '', stderr: '', exitCode: 0 };
  let words: string[] = [];
  const run = () => {
    if (words.length === 0) return;
    const r = execProgram(words, env) ?? { stdout: '', stderr: `sh: 1: ${words[0]}: not found\n`, exitCode: 127 };
    out.stdout += r.stdout;
    out.stderr += r.stderr;
    out.exitCode = r.exitCode;
    words = [];
  };
  for (const t of tokens) {
    if (t.kind === 'word') words.push(t.value);
    else if (t.value === ';') run();
    else return { stdout: out.stdout, stderr: `${out.stderr}sh: 1: unsupported operator ${t.value}\n`, exitCode: 2 };
  }
  run();
  return out;
}
