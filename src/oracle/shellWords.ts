// The small part of POSIX sh the oracle's portable command lines use, as a lexer: words with
// '...' / "..." quoting and backslash escapes, $VAR and ${VAR} expansion (not inside '...'), and the
// operators | ; ( ) < > &. Anything beyond that ($(...), backquotes, $1, globbing that matters)
// is reported as unsupported rather than guessed.

export type Token = { kind: 'word'; value: string } | { kind: 'op'; value: string };

export class ShellSyntaxError extends Error {
  override name = 'ShellSyntaxError';
}

const OPS = ['&&', '||', '>>', '|', ';', '(', ')', '<', '>', '&'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits one command line into tokens, expanding variables from `vars` (unset ones expand to ''). */
export function lexShell(line: string, vars: Readonly<Record<string, string>>): Token[] {
  const out: Token[] = [];
  let cur = '';
  /** The word has something that keeps it even when empty: a quote or a literal character. */
  let solid = false;
  let inWord = false;
  const endWord = () => {
    if (inWord && (solid || cur !== '')) out.push({ kind: 'word', value: cur });
    cur = '';
    solid = false;
    inWord = false;
  };
  const expand = (i: number): [string, number] => {
    // line[i] === '$'
    const rest = line.slice(i + 1);
    if (rest.startsWith('{')) {
      const close = rest.indexOf('}');
      const name = rest.slice(1, close);
      if (close < 0 || !NAME.test(name) || NAME.exec(name)![0] !== name) throw new ShellSyntaxError(`unsupported expansion \${${name}`);
      return [vars[name] ?? '', i + 2 + close];
    }
    const m = NAME.exec(rest);
    if (m) return [vars[m[0]] ?? '', i + 1 + m[0].length];
    if (rest.startsWith('(')) throw new ShellSyntaxError('command substitution $(...)');
    if (rest === '' || /^[\s"']/.test(rest)) return ['$', i + 1];
    throw new ShellSyntaxError(`unsupported expansion $${rest[0]}`);
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      endWord();
      i++;
      continue;
    }
    const op = OPS.find((o) => line.startsWith(o, i));
    if (op) {
      endWord();
      out.push({ kind: 'op', value: op });
      i += op.length;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const j = line.indexOf("'", i + 1);
      if (j < 0) throw new ShellSyntaxError('unterminated single quote');
      cur += line.slice(i + 1, j);
      solid = true;
      i = j + 1;
    } else if (c === '"') {
      solid = true;
      i++;
      for (;;) {
        if (i >= line.length) throw new ShellSyntaxError('unterminated double quote');
        const d = line[i]!;
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
          if (line[i + 1] !== '\n') cur += line[i + 1];
          i += 2;
        } else if (d === '$') {
          const [v, next] = expand(i);
          cur += v;
          i = next;
        } else if (d === '`') throw new ShellSyntaxError('command substitution `...`');
        else {
          cur += d;
          i++;
        }
      }
    } else if (c === '\\') {
      if (i + 1 < line.length && line[i + 1] !== '\n') {
        cur += line[i + 1];
        solid = true;
      }
      i += 2;
    } else if (c === '$') {
      const [v, next] = expand(i);
      cur += v;
      i = next;
    } else if (c === '`') throw new ShellSyntaxError('command substitution `...`');
    else {
      cur += c;
      solid = true;
      i++;
    }
  }
  endWord();
  return out;
}

/** printf(1) with a format and arguments: backslash escapes, %%, %s, %b and %d (enough for the cases). */
export function printf(format: string, args: readonly string[] = []): string {
  let out = '';
  let ai = 0;
  const next = () => args[ai++] ?? '';
  const escapes = (s: string, i: number): [string, number] => {
    // s[i] === '\\'
    const e = s[i + 1];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (e === undefined) return ['\\', i + 1];
    if (simple[e] !== undefined) return [simple[e], i + 2];
    const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1));
    if (oct) return [String.fromCharCode(Number.parseInt(oct[0], 8)), i + 1 + oct[0].length];
    const hex = /^x([0-9a-fA-F]{1,2})/.exec(s.slice(i + 1));
    if (hex) return [String.fromCharCode(Number.parseInt(hex[1]!, 16)), i + 2 + hex[1]!.length];
    return [`\\${e}`, i + 2];
  };
  do {
    let i = 0;
    while (i < format.length) {
      const c = format[i]!;
      if (c === '\\') {
        const [s, n] = escapes(format, i);
        out += s;
        i = n;
      } else if (c === '%') {
        const spec = format[i + 1];
        if (spec === '%') out += '%';
        else if (spec === 's') out += next();
        else if (spec === 'd') out += String(Number.parseInt(next() || '0', 10));
        else if (spec === 'b') {
          const a = next();
          for (let j = 0; j < a.length; ) {
            if (a[j] === '\\') {
              const [s, n] = escapes(a, j);
              out += s;
              j = n;
            } else out += a[j++];
          }
        } else throw new ShellSyntaxError(`printf: unsupported format %${spec ?? ''}`);
        i += 2;
      } else {
        out += c;
        i++;
      }
    }
    // printf reuses the format while arguments remain
  } while (ai > 0 && ai < args.length);
  return out;
}
