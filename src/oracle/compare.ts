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
    else status = sameLines(gotBody, w.body) ? 'match' : 'differs';
    commands.push({ n: w.n, cmd: w.cmd, status, want: w.body, got: gotBody });
  }
  for (const g of got.values()) commands.push({ n: g.n, cmd: g.cmd, status: 'differs', want: ['(missing)'], got: g.body });
  const replayable = commands.filter((c) => c.status !== 'not replayed').length;
  return { commands, total: commands.length, replayable, matched: commands.filter((c) => c.status === 'match').length };
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}
