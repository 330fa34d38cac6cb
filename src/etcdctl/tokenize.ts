// Shell-like splitting of one console line into argv, as POSIX sh does for simple commands:
// whitespace separates words; '...' is literal; "..." allows \" \\ \$ \` escapes; a backslash
// outside quotes escapes the next character; `''` yields an empty word. `$VAR` is left as written
// (the caller expands variables before or after, as it likes).

export class TokenizeError extends Error {
  override name = 'TokenizeError';
}

export function tokenize(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const j = line.indexOf("'", i + 1);
      if (j < 0) throw new TokenizeError('unterminated quoted string');
      cur += line.slice(i + 1, j);
      i = j + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new TokenizeError('unterminated quoted string');
        const d = line[i]!;
        if (d === '"') break;
        if (d === '\\' && i + 1 < n && '"\\$`\n'.includes(line[i + 1]!)) {
          if (line[i + 1] !== '\n') cur += line[i + 1];
          i += 2;
          continue;
        }
        cur += d;
        i++;
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 < n) {
        if (line[i + 1] !== '\n') cur += line[i + 1];
        i += 2;
      } else i++;
    } else {
      cur += c;
      i++;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
