// Usage text: etcdctl's own template (NAME/USAGE/OPTIONS/GLOBAL OPTIONS, through tabwriter) for
// `--help` and flag errors, and cobra's default template (Usage:/Flags:) that `txn` prints for a
// bad op line.

import { type CommandSpec, HELP_FLAG, sortedChildren } from './commands';
import { type FlagSpec, defValueText } from './flags';
import { goQuote } from './goFormat';
import { tabwrite } from './tabwriter';

export const ETCDCTL_VERSION = '3.4.23';
export const API_VERSION = '3.4';

const byName = (a: FlagSpec, b: FlagSpec) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The command's own flags (plus its persistent ones and -h), as cobra's LocalFlags. */
export function localFlags(path: CommandSpec[]): FlagSpec[] {
  const c = path[path.length - 1]!;
  return [...(c.flags ?? []), ...(c.persistentFlags ?? []), HELP_FLAG(c.name)].sort(byName);
}

/** Persistent flags of the ancestors, as cobra's InheritedFlags. */
export function inheritedFlags(path: CommandSpec[]): FlagSpec[] {
  return path.slice(0, -1).flatMap((c) => c.persistentFlags ?? []).sort(byName);
}

export function commandPath(path: CommandSpec[]): string {
  return path.map((c) => c.name).join(' ');
}

export function useLine(path: CommandSpec[]): string {
  const c = path[path.length - 1]!;
  const parent = commandPath(path.slice(0, -1));
  const line = parent ? `${parent} ${c.use}` : c.use;
  return line.includes('[flags]') ? line : `${line} [flags]`;
}

function etcdFlagUsages(flags: FlagSpec[]): string {
  return flags
    .map((f) => {
      let s = f.shorthand ? `  -${f.shorthand}, --${f.name}` : `      --${f.name}`;
      const def = defValueText(f);
      const val = f.type === 'string' ? `=${goQuote(def)}` : `=${def}`;
      s += f.type === 'bool' ? `[${val}]` : val;
      return `${s}\t${f.usage}\n`;
    })
    .join('');
}

function leafCommands(c: CommandSpec, rel: string[] = []): { name: string; short: string }[] {
  const out: { name: string; short: string }[] = [];
  for (const sub of sortedChildren(c)) {
    const name = [...rel, sub.name];
    if (sub.runnable) out.push({ name: name.join(' '), short: sub.short });
    out.push(...leafCommands(sub, name));
  }
  return out;
}

/** etcdctl's usage text for the command at the end of `path` (path[0] is the root). */
export function etcdctlUsage(path: CommandSpec[]): string {
  const c = path[path.length - 1]!;
  const isRoot = path.length === 1;
  const hasSub = (c.children ?? []).length > 0;
  let t = 'NAME:\n';
  t += `\t${isRoot ? c.name : commandPath(path.slice(1))} - ${c.short}\n`;
  t += `\nUSAGE:\n\t${useLine(path)}\n`;
  if (isRoot) t += `\nVERSION:\n\t${ETCDCTL_VERSION}\n`;
  if (hasSub) t += `\nAPI VERSION:\n\t${API_VERSION}\n`;
  if (hasSub) {
    t += '\n\nCOMMANDS:\n';
    for (const l of leafCommands(c)) t += `\t${l.name}\t${l.short}\n`;
  }
  if (c.long) {
    t += '\nDESCRIPTION:\n';
    const lines = c.long.replace(/^\n+/, '').replace(/\n+$/, '').split('\n');
    for (const l of lines) t += `\t${l}\n`;
  }
  t += `\nOPTIONS:\n${etcdFlagUsages(localFlags(path))}`;
  const inherited = inheritedFlags(path);
  if (inherited.length > 0) t += `\nGLOBAL OPTIONS:\n${etcdFlagUsages(inherited)}`;
  t += '\n';
  return tabwrite(t);
}

const PFLAG_TYPE: Record<string, string> = { string: 'string', int: 'int', uint: 'uint', duration: 'duration', stringSlice: 'strings', bool: '' };

/** pflag's FlagUsages (cobra's default "Flags:" section). */
export function pflagUsages(flags: FlagSpec[]): string {
  const lines: string[] = [];
  let maxlen = 0;
  for (const f of flags) {
    let line = f.shorthand ? `  -${f.shorthand}, --${f.name}` : `      --${f.name}`;
    const varname = PFLAG_TYPE[f.type]!;
    if (varname) line += ' ' + varname;
    line += '\0';
    maxlen = Math.max(maxlen, line.length);
    line += f.usage;
    const def = defValueText(f);
    const zero = f.type === 'bool' ? def === 'false' : f.type === 'string' ? def === '' : f.type === 'stringSlice' ? def === '[]' : def === '0' || def === '0s';
    if (!zero) line += f.type === 'string' ? ` (default ${goQuote(def)})` : ` (default ${def})`;
    lines.push(line);
  }
  return lines
    .map((l) => {
      const i = l.indexOf('\0');
      return `${l.slice(0, i)} ${' '.repeat(maxlen - i)} ${l.slice(i + 1)}\n`;
    })
    .join('');
}

/** cobra's default usage of a txn op command (a child of a nameless root). */
export function cobraOpUsage(c: CommandSpec): string {
  const flags = [...(c.flags ?? []), HELP_FLAG(c.name)].sort(byName);
  const use = c.use.includes('[flags]') ? c.use : `${c.use} [flags]`;
  return `Usage:\n   ${use}\n\nFlags:\n${pflagUsages(flags).replace(/\s+$/, '')}\n`;
}
