// Reads an etcd-oracle case script (../shared/etcd-oracle README, "Script format") into the cluster
// settings and an ordered list of commands and directives, grouping lines exactly as the oracle's
// run-script.mjs does: a trailing backslash continues a line, a `<<WORD` heredoc runs to its
// terminator, `#@ members` / `#@ flags` configure the cluster, other `#@` lines are directives.

export interface ScriptConfig {
  /** Cluster size (`#@ members N`, default 1). */
  members: number;
  /** Extra etcd server flags (`#@ flags ...`, joined with spaces as the oracle does). */
  flags: string;
}

export interface CommandItem {
  kind: 'cmd';
  /** The command exactly as the transcript prints it (continuation lines joined with '\n'). */
  text: string;
  /** 1-based line number of the command's last line in the script. */
  line: number;
  /** Preceded by a `# shell` comment: other shell syntax, not replayed by an emulator. */
  shell: boolean;
}

export interface DirectiveItem {
  kind: 'dir';
  name: string;
  rest: string;
  line: number;
}

export type ScriptItem = CommandItem | DirectiveItem;

export interface Script {
  cfg: ScriptConfig;
  items: ScriptItem[];
}

const DIRECTIVE = /^\s*#@\s*(\S+)\s*(.*)$/;
const SHELL_MARK = /^\s*#\s*shell\b/;
const HEREDOC = /<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*$/;

export function parseScript(text: string): Script {
  const src = text.split('\n');
  const cfg: ScriptConfig = { members: 1, flags: '' };
  const items: ScriptItem[] = [];
  let shellNext = false;
  for (let i = 0; i < src.length; i++) {
    const line = src[i]!;
    if (/^\s*$/.test(line)) continue;
    const d = DIRECTIVE.exec(line);
    if (d) {
      const name = d[1]!;
      const rest = d[2]!;
      if (name === 'members') {
        const n = Number.parseInt(rest, 10);
        if (!Number.isInteger(n) || n < 1) throw new Error(`line ${i + 1}: #@ members needs a positive number`);
        cfg.members = n;
      } else if (name === 'flags') cfg.flags = `${cfg.flags} ${rest}`.trim();
      else items.push({ kind: 'dir', name, rest: rest.trim(), line: i + 1 });
      continue;
    }
    if (/^\s*#/.test(line)) {
      if (SHELL_MARK.test(line)) shellNext = true;
      continue;
    }
    let cmd = line;
    while (cmd.endsWith('\\') && i + 1 < src.length) cmd = `${cmd.slice(0, -1)}\n${src[++i]}`;
    const h = HEREDOC.exec(cmd);
    if (h) {
      while (i + 1 < src.length) {
        const l = src[++i]!;
        cmd += `\n${l}`;
        if (l.trim() === h[1]) break;
      }
    }
    items.push({ kind: 'cmd', text: cmd, line: i + 1, shell: shellNext });
    shellNext = false;
  }
  return { cfg, items };
}
