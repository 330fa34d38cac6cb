// A small reader/writer for datadriven test files in the style of cockroachdb/datadriven (which
// etcd-io/raft uses): a command line, `----`, the expected output, then a blank line. Output that
// itself contains blank lines is framed by `----`/`----` twice. Lines starting with # are comments.

export interface TestCase {
  /** 1-based line of the command, for failure messages. */
  line: number;
  cmd: string;
  /** Positional arguments. */
  args: string[];
  /** key=value arguments. */
  kv: Map<string, string>;
  expected: string;
}

interface Chunk {
  /** Verbatim text (comments, blank lines) or a test case. */
  text?: string;
  tc?: TestCase;
}

/** Splits a command line into words; `key=(a, b)` stays one word. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of line) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (/\s/.test(ch) && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur) out.push(cur);
  return out;
}

function parseCommand(line: string, lineNo: number): TestCase {
  const [cmd = '', ...rest] = tokenize(line);
  const args: string[] = [];
  const kv = new Map<string, string>();
  for (const w of rest) {
    const eq = w.indexOf('=');
    if (eq > 0) kv.set(w.slice(0, eq), w.slice(eq + 1));
    else args.push(w);
  }
  return { line: lineNo, cmd, args, kv, expected: '' };
}

function parseChunks(text: string): Chunk[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('#')) {
      chunks.push({ text: line });
      i++;
      continue;
    }
    const tc = parseCommand(line, i + 1);
    i++;
    if (lines[i] !== '----') throw new Error(`line ${i + 1}: expected ---- after command "${line}"`);
    i++;
    const out: string[] = [];
    if (lines[i] === '----') {
      // Framed output: until a `----` line followed by another `----`.
      i++;
      while (i < lines.length && !(lines[i] === '----' && lines[i + 1] === '----')) out.push(lines[i++]!);
      i += 2;
    } else {
      while (i < lines.length && lines[i]!.trim() !== '') out.push(lines[i++]!);
    }
    tc.expected = out.length ? `${out.join('\n')}\n` : '';
    chunks.push({ tc });
  }
  return chunks;
}

export function parseTestFile(text: string): TestCase[] {
  return parseChunks(text).flatMap((c) => (c.tc ? [c.tc] : []));
}

function formatOutput(out: string): string {
  const body = out.endsWith('\n') ? out.slice(0, -1) : out;
  if (body.split('\n').some((l) => l.trim() === '')) return `----\n----\n${body}\n----\n----\n`;
  return `----\n${body}\n`;
}

/** Rewrites `text` with each case's output replaced by `actual[i]`. */
export function rewriteTestFile(text: string, actual: readonly string[]): string {
  let i = 0;
  let s = '';
  for (const c of parseChunks(text)) {
    if (c.text !== undefined) {
      s += `${c.text}\n`;
      continue;
    }
    const tc = c.tc!;
    const words = [tc.cmd, ...tc.args, ...[...tc.kv].map(([k, v]) => `${k}=${v}`)];
    // Keep the original spelling of the command line.
    s += `${rawCommandLine(text, tc.line) ?? words.join(' ')}\n`;
    s += formatOutput(actual[i++] ?? '');
  }
  return s;
}

function rawCommandLine(text: string, line: number): string | undefined {
  return text.split('\n')[line - 1];
}
