// Completion data for the page console: what may follow the words typed so far.

import { type CommandSpec, ROOT, sortedChildren } from './commands';
import { defValueText } from './flags';
import { flagsOf } from './parse';

export interface Completion {
  /** The full word to insert. */
  value: string;
  /** The one-line description etcdctl's help gives. */
  description: string;
  kind: 'command' | 'flag';
}

/**
 * Completions for the last word of `line` (an `etcdctl ...` console line; the leading
 * "etcdctl" is optional). Commands are offered while no positional argument has been given;
 * flags of the current command (and global flags) whenever the word starts with '-'.
 */
export function completions(line: string): Completion[] {
  const words = line.split(/\s+/);
  if (words[0] === 'etcdctl') words.shift();
  const last = words.pop() ?? '';
  const path: CommandSpec[] = [ROOT];
  let positional = false;
  for (const w of words) {
    if (w === '' || w.startsWith('-')) continue;
    const next = (path[path.length - 1]!.children ?? []).find((c) => c.name === w);
    if (next && !positional) path.push(next);
    else positional = true;
  }
  const cur = path[path.length - 1]!;
  if (last.startsWith('-')) {
    const eq = last.indexOf('=');
    if (eq >= 0) return [];
    return flagsOf(path)
      .map((f) => ({ value: `--${f.name}`, description: f.usage + (f.type === 'bool' ? '' : ` (default ${defValueText(f)})`), kind: 'flag' as const }))
      .filter((c) => c.value.startsWith(last) || (last.length === 2 && !last.startsWith('--') && flagsOf(path).some((f) => f.shorthand === last[1] && `--${f.name}` === c.value)))
      .sort((a, b) => (a.value < b.value ? -1 : 1));
  }
  if (positional) return [];
  return sortedChildren(cur)
    .filter((c) => c.name.startsWith(last))
    .map((c) => ({ value: c.name, description: c.short, kind: 'command' as const }));
}
