// Reading etcd-oracle case scripts (see testdata/oracle/README.md) into replayable invocations:
// `etcdctl ARGS`, `printf 'TEXT' | etcdctl ARGS`, `etcdctl ARGS <<EOF ... EOF`, `etcdctl ARGS < /dev/null`,
// optionally prefixed by VAR=value assignments. Anything else (pipes into other tools, `timeout`,
// directives) is reported as not replayable, with the reason.

import { utf8 } from '../../lib/bytes';
import { tokenize } from '../tokenize';

export interface ScriptDirective {
  kind: 'dir';
  name: string;
  rest: string;
}

export interface ScriptCommand {
  kind: 'cmd';
  /** 1-based command number, as in the transcript's "=== [n]" lines. */
  n: number;
  /** The command text as the transcript shows it (continuation lines joined by '\n'). */
  text: string;
  /** Marked by a preceding `# shell` comment. */
  shell: boolean;
}

export function parseScript(src: string): (ScriptCommand | ScriptDirective)[] {
  const lines = src.split('\n');
  const out: (ScriptCommand | ScriptDirective)[] = [];
  let n = 0;
  let shell = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*$/.test(line)) continue;
    const d = /^\s*#@\s*(\S+)\s*(.*)$/.exec(line);
    if (d) {
      if (d[1] !== 'members' && d[1] !== 'flags') out.push({ kind: 'dir', name: d[1]!, rest: d[2]!.trim() });
      continue;
    }
    if (/^\s*#/.test(line)) {
      shell = /^\s*#\s*shell\b/.test(line);
      continue;
    }
    let cmd = line;
    while (/\\$/.test(cmd) && i + 1 < lines.length) cmd = cmd.slice(0, -1) + '\n' + lines[++i];
    const h = /<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*$/.exec(cmd);
    if (h) {
      while (i + 1 < lines.length) {
        const l = lines[++i]!;
        cmd += '\n' + l;
        if (l.trim() === h[1]) break;
      }
    }
    out.push({ kind: 'cmd', n: ++n, text: cmd, shell });
    shell = false;
  }
  return out;
}

export type Replay =
  | { ok: true; argv: string[]; stdin: Uint8Array; env: Record<string, string>; timeoutS?: number }
  | { ok: false; reason: string };

const enc = utf8;

/** printf(1) format expansion for the escapes the cases use. */
function printfText(fmt: string): string {
  const esc: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };
  return fmt.replace(/\\(.)|%%/g, (m, c: string | undefined) => (m === '%%' ? '%' : (esc[c!] ?? m)));
}

/** Expands $VAR outside single quotes. */
export function expandVars(text: string, vars: Record<string, string>): string {
  return text
    .split(/('[^']*')/)
    .map((part) => (part.startsWith("'") ? part : part.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, v: string) => vars[v] ?? m)))
    .join('');
}

export function toReplay(c: ScriptCommand, vars: Record<string, string> = {}): Replay {
  if (c.shell) return { ok: false, reason: 'shell syntax' };
  let text = expandVars(c.text, vars);
  let stdin: Uint8Array = new Uint8Array(0);
  const nl = text.indexOf('\n');
  if (nl >= 0) {
    const head = text.slice(0, nl);
    const m = /<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*$/.exec(head);
    if (!m) return { ok: false, reason: 'multi-line command' };
    const body = text.slice(nl + 1).split('\n');
    body.pop(); // terminator
    stdin = enc(body.map((l) => l + '\n').join(''));
    text = head.slice(0, m.index).trimEnd();
  }
  const pipe = /^printf\s+'([^']*)'\s*\|\s*(.*)$/s.exec(text);
  if (pipe) {
    stdin = enc(printfText(pipe[1]!));
    text = pipe[2]!;
  }
  if (/\s<\s*\/dev\/null\s*$/.test(text)) text = text.replace(/\s<\s*\/dev\/null\s*$/, '');
  let words: string[];
  try {
    words = tokenize(text);
  } catch {
    return { ok: false, reason: 'unbalanced quotes' };
  }
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) {
    const w = words.shift()!;
    const eq = w.indexOf('=');
    env[w.slice(0, eq)] = w.slice(eq + 1);
  }
  let timeoutS: number | undefined;
  if (words[0] === 'timeout' && words.length > 2 && /^\d+(\.\d+)?$/.test(words[1]!)) {
    timeoutS = Number(words[1]);
    words = words.slice(2);
  }
  if (words[0] !== 'etcdctl') return { ok: false, reason: `not an etcdctl command: ${words[0]}` };
  if (words.some((w) => /^[|<>]$/.test(w))) return { ok: false, reason: 'shell redirection' };
  return { ok: true, argv: words.slice(1), stdin, env, ...(timeoutS !== undefined ? { timeoutS } : {}) };
}

/** One transcript block in run-script.mjs's format. */
export function transcriptBlock(n: number, cmd: string, r: { exitCode: number; stdout: string; stderr: string }): string {
  const lines = [`=== [${n}] ${cmd.split('\n').join('\n=== + ')}`, `--- rc=${r.exitCode}`];
  for (const [p, s] of [
    ['o', r.stdout],
    ['e', r.stderr],
  ] as const) {
    if (s === '') continue;
    const body = s.endsWith('\n') ? s.slice(0, -1) : s;
    for (const l of body.split('\n')) lines.push(`${p}| ${l}`);
    if (!s.endsWith('\n')) lines.push(`${p}\\ no newline at end`);
  }
  return lines.join('\n');
}

/** Splits a (normalized) transcript into its command blocks by number. */
export function splitBlocks(transcript: string): Map<number, string> {
  const blocks = new Map<number, string>();
  let cur: number | undefined;
  let buf: string[] = [];
  const flush = () => {
    if (cur !== undefined) blocks.set(cur, buf.join('\n'));
  };
  for (const line of transcript.split('\n')) {
    const m = /^=== \[(\d+)\]/.exec(line);
    if (m) {
      flush();
      cur = Number(m[1]);
      buf = [line];
    } else if (cur !== undefined && !line.startsWith('=== #@')) buf.push(line);
  }
  flush();
  return blocks;
}
