// One script command line → one etcdctl invocation, for the portable forms the oracle README lists:
//   [VAR=value ...] [timeout SECS] etcdctl ARGS [< /dev/null]
//   printf 'TEXT' | ...                      stdin from printf
//   printf 'TEXT' | (cat; sleep S) | ...     the same stdin, held open S seconds before EOF
//   (printf 'TEXT'; sleep S) | ...           likewise
//   ... <<EOF / body / EOF                   heredoc stdin
// Anything else is `{ ok: false, reason }`, so the runner can say precisely what it did not replay.

import { lexShell, printf, ShellSyntaxError, type Token } from './shellWords';

export interface Invocation {
  /** VAR=value assignments in front of the command (only the ETCDCTL_* ones matter to etcdctl). */
  env: Record<string, string>;
  /** `timeout SECS` in front of etcdctl: the command is cut off (exit 124) after SECS. */
  timeoutS: number | null;
  /** etcdctl's arguments (without the program name). */
  argv: string[];
  /** Standard input when the line supplies one (pipe, heredoc, `< /dev/null`); null otherwise. */
  stdin: string | null;
  /** How long stdin stays open after its bytes (a `sleep` in the producing subshell), in ms. */
  stdinHoldMs: number;
}

export type ParsedCommand = { ok: true; inv: Invocation } | { ok: false; reason: string };

const HEREDOC_HEAD = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2\s*$/;
const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export function parseCommand(text: string, vars: Readonly<Record<string, string>>): ParsedCommand {
  try {
    return { ok: true, inv: parse(text, vars) };
  } catch (e) {
    if (e instanceof ShellSyntaxError) return { ok: false, reason: e.message };
    throw e;
  }
}

function parse(text: string, vars: Readonly<Record<string, string>>): Invocation {
  let line = text;
  let heredoc: string | null = null;
  const nl = text.indexOf('\n');
  if (nl >= 0) {
    const head = text.slice(0, nl);
    const h = HEREDOC_HEAD.exec(head);
    if (!h) throw new ShellSyntaxError('multi-line command that is not a heredoc');
    const body = text.slice(nl + 1).split('\n');
    if (body.at(-1)?.trim() === h[3]) body.pop();
    const stripTabs = h[1] === '-';
    const lines = body.map((l) => (stripTabs ? l.replace(/^\t+/, '') : l));
    // an unquoted delimiter expands variables in the body, as sh does
    heredoc = lines.map((l) => (h[2] ? l : expandInHeredoc(l, vars)) + '\n').join('');
    line = head.slice(0, h.index).trimEnd();
  }
  const stages = splitPipeline(lexShell(line, vars));
  const inv = etcdctlStage(stages.pop()!);
  let stdin: string | null = null;
  let holdMs = 0;
  for (const st of stages) {
    const r = producer(st, stdin);
    stdin = r.text;
    holdMs += r.holdMs;
  }
  if (heredoc !== null) {
    if (stages.length > 0) throw new ShellSyntaxError('both a pipe and a heredoc');
    inv.stdin = heredoc;
  } else if (stages.length > 0) {
    inv.stdin = stdin ?? '';
    inv.stdinHoldMs = holdMs;
  }
  return inv;
}

function expandInHeredoc(l: string, vars: Readonly<Record<string, string>>): string {
  return l.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a: string | undefined, b: string | undefined) => vars[(a ?? b)!] ?? '');
}

type Stage = { kind: 'simple'; words: string[]; redirects: string[] } | { kind: 'group'; parts: Stage[] };

function splitPipeline(tokens: Token[]): Stage[] {
  const stages: Stage[] = [];
  let i = 0;
  const parseStage = (): Stage => {
    const t = tokens[i];
    if (t?.kind === 'op' && t.value === '(') {
      i++;
      const parts: Stage[] = [];
      for (;;) {
        parts.push(parseStage());
        const sep = tokens[i++];
        if (sep?.kind === 'op' && sep.value === ')') break;
        if (!(sep?.kind === 'op' && sep.value === ';')) throw new ShellSyntaxError('unsupported subshell');
      }
      return { kind: 'group', parts };
    }
    const words: string[] = [];
    const redirects: string[] = [];
    while (i < tokens.length) {
      const tk = tokens[i]!;
      if (tk.kind === 'word') {
        words.push(tk.value);
        i++;
      } else if (tk.value === '<') {
        const target = tokens[i + 1];
        if (target?.kind !== 'word') throw new ShellSyntaxError('redirection without a file');
        redirects.push(target.value);
        i += 2;
      } else if (tk.value === '|' || tk.value === ';' || tk.value === ')') break;
      else throw new ShellSyntaxError(`unsupported shell operator ${tk.value}`);
    }
    if (words.length === 0) throw new ShellSyntaxError('empty command');
    return { kind: 'simple', words, redirects };
  };
  for (;;) {
    stages.push(parseStage());
    if (i >= tokens.length) break;
    const t = tokens[i++]!;
    if (!(t.kind === 'op' && t.value === '|')) throw new ShellSyntaxError(`unsupported shell operator ${t.value}`);
  }
  return stages;
}

/** What a stage before the last writes into the pipe, given what it reads. */
function producer(st: Stage, input: string | null): { text: string; holdMs: number } {
  if (st.kind === 'group') {
    let text = '';
    let holdMs = 0;
    let consumed = false;
    for (const p of st.parts) {
      if (holdMs > 0) throw new ShellSyntaxError('output after sleep in a subshell');
      if (p.kind === 'simple' && p.words[0] === 'sleep' && p.words.length === 2) {
        holdMs += seconds(p.words[1]!) * 1000;
        continue;
      }
      const r = producer(p, consumed ? '' : input);
      consumed ||= p.kind === 'simple' && p.words[0] === 'cat';
      text += r.text;
      holdMs += r.holdMs;
    }
    return { text, holdMs };
  }
  if (st.redirects.length > 0) throw new ShellSyntaxError('redirection in a pipe');
  const [prog, ...args] = st.words;
  if (prog === 'printf' && args.length >= 1) return { text: printf(args[0]!, args.slice(1)), holdMs: 0 };
  if (prog === 'cat' && args.length === 0) return { text: input ?? '', holdMs: 0 };
  throw new ShellSyntaxError(`not replayed: ${prog} in a pipe`);
}

function etcdctlStage(st: Stage): Invocation {
  if (st.kind !== 'simple') throw new ShellSyntaxError('subshell as the last command');
  const words = [...st.words];
  const env: Record<string, string> = {};
  for (let m = ASSIGN.exec(words[0] ?? ''); m && words.length > 1; m = ASSIGN.exec(words[0] ?? '')) {
    env[m[1]!] = m[2]!;
    words.shift();
  }
  let timeoutS: number | null = null;
  if (words[0] === 'timeout') {
    if (words.length < 3) throw new ShellSyntaxError('timeout without a command');
    timeoutS = seconds(words[1]!);
    words.splice(0, 2);
  }
  if (words[0] !== 'etcdctl') throw new ShellSyntaxError(`not an etcdctl command: ${words[0]}`);
  let stdin: string | null = null;
  for (const r of st.redirects) {
    if (r !== '/dev/null') throw new ShellSyntaxError(`stdin from ${r}`);
    stdin = '';
  }
  return { env, timeoutS, argv: words.slice(1), stdin, stdinHoldMs: 0 };
}

/** coreutils duration: a number with an optional s/m/h/d suffix. */
function seconds(s: string): number {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(s);
  if (!m) throw new ShellSyntaxError(`bad duration ${s}`);
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * mult;
}
