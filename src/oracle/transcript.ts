// The oracle's transcript block format (run-script.mjs), written and read back:
//   #% ...            preamble (script, cluster and member ids for the normalizer)
//   === [n] CMD       a command; continuation lines of a multi-line command start with '=== + '
//   --- rc=N          its exit status
//   o| / e| LINE      stdout / stderr lines; 'o\ no newline at end' when the stream did not end in '\n'
//   === #@ DIR ARGS   a directive, where it ran (' -> NOTE' appended for e.g. a capture that missed)

export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function commandBlock(n: number, cmd: string, r: CommandOutput): string {
  const lines = [`=== [${n}] ${cmd.split('\n').join('\n=== + ')}`, `--- rc=${r.exitCode}`];
  lines.push(...streamLines('o', r.stdout), ...streamLines('e', r.stderr));
  return lines.join('\n');
}

/** A command the runner did not replay (the oracle never prints this line). */
export function skippedBlock(n: number, cmd: string, reason: string): string {
  return `=== [${n}] ${cmd.split('\n').join('\n=== + ')}\n--- not replayed: ${reason}`;
}

function streamLines(p: 'o' | 'e', s: string): string[] {
  if (s === '') return [];
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  const out = body.split('\n').map((l) => `${p}| ${l}`);
  if (!s.endsWith('\n')) out.push(`${p}\\ no newline at end`);
  return out;
}

export function directiveLine(name: string, rest: string, note?: string): string {
  return `=== #@ ${name} ${rest}${note ? ` -> ${note}` : ''}`;
}

export interface PreambleMember {
  name: string;
  /** 16 hex digits. */
  idHex: string;
  clientUrl: string;
  peerUrl: string;
}

export interface Preamble {
  script: string;
  members: number;
  /** First line of `etcdctl version` (e.g. "etcdctl version: 3.4.23"). */
  versionLine: string;
  flags: string;
  clusterIdHex: string;
  /** In `member list` order (by id), as the oracle prints them. */
  memberList: PreambleMember[];
}

export function preambleLines(p: Preamble): string[] {
  const id = (hex: string) => BigInt(`0x${hex}`);
  const lines = [`#% etcd-oracle script=${p.script} members=${p.members} ${p.versionLine}`];
  if (p.flags) lines.push(`#% flags ${p.flags}`);
  lines.push(`#% cluster_id ${id(p.clusterIdHex)} ${id(p.clusterIdHex).toString(16)}`);
  for (const m of p.memberList) {
    lines.push(`#% member ${m.name} ${id(m.idHex)} ${id(m.idHex).toString(16)} client=${m.clientUrl} peer=${m.peerUrl}`);
  }
  return lines;
}

export interface TranscriptBlock {
  n: number;
  /** The command text (continuations joined with '\n'). */
  cmd: string;
  /** Every line of the block after the command lines (rc, output), as written. */
  body: string[];
}

/** The command blocks of a transcript, in order (directive lines and the preamble are left out). */
export function splitBlocks(text: string): TranscriptBlock[] {
  const blocks: TranscriptBlock[] = [];
  let cur: TranscriptBlock | null = null;
  for (const l of text.split('\n')) {
    const m = /^=== \[(\d+)\] (.*)$/.exec(l);
    if (m) {
      cur = { n: Number(m[1]), cmd: m[2]!, body: [] };
      blocks.push(cur);
    } else if (cur && l.startsWith('=== + ') && cur.body.length === 0) cur.cmd += `\n${l.slice(6)}`;
    else if (l.startsWith('=== #@') || l.startsWith('#%')) cur = null;
    else if (cur && l !== '') cur.body.push(l);
  }
  return blocks;
}
