// Finding the command and parsing its flags, as cobra's Find/ExecuteC do for etcdctl 3.4:
// global flags may come before or after the command words, command names match by unique prefix
// (etcdctl enables cobra.EnablePrefixMatching), unknown root commands get suggestions.

import { type CommandSpec, GLOBAL_FLAGS, HELP_FLAG, ROOT } from './commands';
import { FlagError, type FlagSpec, FlagSet, type FlagValue } from './flags';
import { commandPath, etcdctlUsage } from './usage';

export interface ParsedCommand {
  kind: 'command';
  /** root .. the command */
  path: CommandSpec[];
  args: string[];
  argsLenAtDash: number;
  flags: Map<string, FlagValue>;
  changed: Set<string>;
}

/** What to print and the exit code when parsing ends the run (usage errors, help). */
export interface ParseOutcome {
  kind: 'exit';
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function flagsOf(path: CommandSpec[]): FlagSpec[] {
  const c = path[path.length - 1]!;
  const inherited = path.slice(0, -1).flatMap((p) => p.persistentFlags ?? []);
  return [...(c.flags ?? []), ...(c.persistentFlags ?? []), ...inherited, HELP_FLAG(c.name)];
}

/** cobra's stripFlags: the non-flag words of args, skipping values of non-bool flags. */
function nonFlagWords(args: string[], fs: FlagSet): { word: string; index: number }[] {
  const words: { word: string; index: number }[] = [];
  for (let i = 0; i < args.length; i++) {
    const s = args[i]!;
    const remaining = args.length - i - 1;
    if (s === '--') break;
    const takesValue =
      (s.startsWith('--') && !s.includes('=') && fs.lookup(s.slice(2))?.type !== 'bool') ||
      (s.startsWith('-') && !s.startsWith('--') && !s.includes('=') && s.length === 2 && fs.lookupShort(s[1]!)?.type !== 'bool');
    if (takesValue) {
      // cobra stops looking for command words when such a flag is one of the last two words
      if (remaining <= 1) break;
      i++;
      continue;
    }
    if (s !== '' && !s.startsWith('-')) words.push({ word: s, index: i });
  }
  return words;
}

function findNext(c: CommandSpec, name: string): CommandSpec | undefined {
  const kids = c.children ?? [];
  const exact = kids.find((k) => k.name === name);
  if (exact) return exact;
  const prefixed = kids.filter((k) => k.name.startsWith(name));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

function levenshtein(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

function suggestions(c: CommandSpec, typed: string): string {
  const names = [...(c.children ?? [])]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .filter((k) => levenshtein(typed, k.name) <= 2 || k.name.toLowerCase().startsWith(typed.toLowerCase()))
    .map((k) => k.name);
  return names.length ? `\n\nDid you mean this?\n${names.map((n) => `\t${n}\n`).join('')}` : '';
}

/** cobra's Find: walks command words through the tree. */
export function findCommand(argv: string[]): { path: CommandSpec[]; args: string[]; error?: string } {
  const path: CommandSpec[] = [ROOT];
  let args = argv.slice();
  for (;;) {
    const c = path[path.length - 1]!;
    const words = nonFlagWords(args, new FlagSet(flagsOf(path)));
    if (words.length === 0) break;
    const next = findNext(c, words[0]!.word);
    if (!next) {
      if (path.length === 1 && (c.children ?? []).length > 0) {
        return { path, args, error: `unknown command ${JSON.stringify(words[0]!.word)} for "${commandPath(path)}"${suggestions(c, words[0]!.word)}` };
      }
      break;
    }
    args = args.filter((_, i) => i !== words[0]!.index);
    path.push(next);
  }
  return { path, args };
}

/** Parses argv up to the point where a command runs; help and usage errors end here. */
export function parse(argv: string[]): ParsedCommand | ParseOutcome {
  const found = findCommand(argv);
  if (found.error) {
    const e = `Error: ${found.error}\n`;
    return { kind: 'exit', stdout: '', stderr: `${e}Run '${commandPath(found.path)} --help' for usage.\n${e}`, exitCode: 1 };
  }
  const { path } = found;
  let parsed;
  try {
    parsed = new FlagSet(flagsOf(path)).parse(found.args);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    const line = `Error: ${e.message}\n`;
    return { kind: 'exit', stdout: etcdctlUsage(path), stderr: `${line}\n${line}`, exitCode: 1 };
  }
  const c = path[path.length - 1]!;
  if (parsed.values.get('help') === true || !c.runnable) {
    return { kind: 'exit', stdout: etcdctlUsage(path), stderr: '', exitCode: 0 };
  }
  return { kind: 'command', path, args: parsed.args, argsLenAtDash: parsed.argsLenAtDash, flags: parsed.values, changed: parsed.changed };
}

export const GLOBAL_FLAG_NAMES = GLOBAL_FLAGS.map((f) => f.name);
