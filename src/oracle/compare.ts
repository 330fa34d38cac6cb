// Command-by-command comparison of our transcript with real etcd's: both sides normalized with the
// oracle's normalizer (--strip-client-logs), then each numbered block's rc and output compared.

import { normalize } from '../../testdata/oracle/normalize.mjs';
import { splitBlocks } from './transcript';

export type CommandStatus = 'match' | 'differs' | 'not replayed';

export interface CommandComparison {
  n: number;
  cmd: string;
  status: CommandStatus;
  /** Normalized block bodies (rc line and output lines). */
  want: string[];
  got: string[];
}

export interface Comparison {
  commands: CommandComparison[];
  total: number;
  replayable: number;
  matched: number;
}

const NOT_REPLAYED = '--- not replayed: ';

export function normalizeTranscript(text: string): string {
  return normalize(text, { stripClientLogs: true });
}

export function compareTranscripts(ours: string, expected: string): Comparison {
  const got = new Map(splitBlocks(normalizeTranscript(ours)).map((b) => [b.n, b]));
  const want = splitBlocks(normalizeTranscript(expected));
  const commands: CommandComparison[] = [];
  for (const w of want) {
    const g = got.get(w.n);
    got.delete(w.n);
    if (g && g.cmd !== w.cmd) throw new Error(`command [${w.n}] differs between the transcripts: ${JSON.stringify(g.cmd)} vs ${JSON.stringify(w.cmd)} (is the case file the same?)`);
    const gotBody = g?.body ?? ['(missing)'];
    let status: CommandStatus;
    if (gotBody[0]?.startsWith(NOT_REPLAYED)) status = 'not replayed';
    else status = sameLines(canonical(w.cmd, gotBody), canonical(w.cmd, w.body)) ? 'match' : 'differs';
    commands.push({ n: w.n, cmd: w.cmd, status, want: w.body, got: gotBody });
  }
  for (const g of got.values()) commands.push({ n: g.n, cmd: g.cmd, status: 'differs', want: ['(missing)'], got: g.body });
  const replayable = commands.filter((c) => c.status !== 'not replayed').length;
  return { commands, total: commands.length, replayable, matched: commands.filter((c) => c.status === 'match').length };
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/**
 * Evens out what the oracle README lists as varying between two runs of real etcd itself, on both
 * sides alike: the row order of `endpoint health --cluster` (completion order), where members added
 * at run time sort (their ids are random), and which of two deadline messages a health check reports.
 */
export function canonical(cmd: string, body: readonly string[]): string[] {
  let out = body.map((l) => l.replace('rpc error: code = Unknown desc = context deadline exceeded', 'context deadline exceeded'));
  if (/\bendpoint health\b/.test(cmd) && /--cluster\b/.test(cmd)) out = sortRuns(out, (l) => /^[oe]\| (?!\+)/.test(l) && !/^[oe]\| (Error:|\| ENDPOINT )/.test(l));
  if (out.some((l) => l.includes('<MEMBER:added'))) {
    out = out.map((l) => l.replace(/(ETCD_INITIAL_CLUSTER=")([^"]*)"/, (_, p: string, v: string) => `${p}${v.split(',').sort().join(',')}"`));
    out = sortRuns(out, (l) => /^o\| (\| )?<MEMBER:[^>]+>(, | \| )/.test(l));
  }
  return out;
}

/** Sorts each run of consecutive lines that `inRun` selects, leaving the others in place. */
function sortRuns(lines: string[], inRun: (l: string) => boolean): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    out.push(...run.sort());
    run = [];
  };
  for (const l of lines) {
    if (inRun(l)) run.push(l);
    else {
      flush();
      out.push(l);
    }
  }
  flush();
  return out;
}
