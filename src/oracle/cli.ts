// npm run --silent oracle -- CASE.txt [--snapshot-out FILE] [-n]
//     Runs an etcd-oracle case script on a fresh simulated cluster; prints the transcript
//     (-n: normalized with --strip-client-logs, as the comparison does). --snapshot-out writes what
//     `etcdctl snapshot save FILE` would at the end of the script (current endpoint's member).
// npm run --silent oracle -- --compare CASE.txt [EXPECTED.raw] [--all]
//     Runs the case and prints, per command, whether it matches the real etcd transcript
//     (default: testdata/oracle/expected/NAME.raw), with the first (--all: every) differing block in full.
// npm run --silent oracle -- --status [--write | --check]
//     Runs every case in testdata/oracle/cases and prints the status table (testdata/oracle/STATUS.md);
//     --write updates that file, --check exits 1 when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { normalize } from '../../testdata/oracle/normalize.mjs';
import { compareTranscripts } from './compare';
import { runScript } from './runner';
import { ORACLE_DIR, caseNames, renderStatus, runAllCases, STATUS_FILE } from './status';

function usage(): never {
  process.stderr.write(
    'usage: oracle CASE.txt [--snapshot-out FILE] [-n]\n       oracle --compare CASE.txt [EXPECTED.raw] [--all]\n       oracle --status [--write|--check]\n',
  );
  process.exit(2);
}

async function main(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) usage();
  if (args[0] === '--status') {
    const table = renderStatus(await runAllCases(caseNames()));
    if (args.includes('--write')) {
      writeFileSync(STATUS_FILE, table);
      process.stderr.write(`wrote ${STATUS_FILE}\n`);
    } else if (args.includes('--check')) {
      const current = readFileSync(STATUS_FILE, 'utf8');
      if (current !== table) {
        process.stderr.write(`${STATUS_FILE} is out of date: run npm run --silent oracle -- --status --write\n`);
        return 1;
      }
    } else process.stdout.write(table);
    return 0;
  }
  if (args[0] === '--compare') {
    const [file, exp] = args.slice(1).filter((a) => a !== '--all');
    if (!file) usage();
    const expected = exp ?? join(ORACLE_DIR, 'expected', `${basename(file, '.txt')}.raw`);
    const run = await runScript(readFileSync(file, 'utf8'), { scriptName: basename(file) });
    const cmp = compareTranscripts(run.transcript, readFileSync(expected, 'utf8'));
    for (const c of cmp.commands) process.stdout.write(`[${c.n}] ${c.status}  ${c.cmd.split('\n')[0]}\n`);
    const differing = cmp.commands.filter((c) => c.status === 'differs');
    for (const d of args.includes('--all') ? differing : differing.slice(0, 1)) {
      process.stdout.write(`\n[${d.n}] ${d.cmd.split('\n')[0]}\n--- real etcd\n${d.want.join('\n')}\n--- etcdscope\n${d.got.join('\n')}\n`);
    }
    process.stdout.write(`\n${cmp.matched}/${cmp.replayable} replayed commands match (${cmp.total} in the script)\n`);
    return cmp.matched === cmp.replayable ? 0 : 1;
  }
  const files: string[] = [];
  let normalized = false;
  let snapshotOut: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--snapshot-out') {
      snapshotOut = args[++i] ?? usage();
    } else if (a === '-n' || a === '--normalize') normalized = true;
    else if (a.startsWith('-')) usage();
    else files.push(a);
  }
  if (files.length === 0) usage();
  if (snapshotOut !== null && files.length !== 1) {
    process.stderr.write('oracle: --snapshot-out takes one case\n');
    return 2;
  }
  for (const f of files) {
    const r = await runScript(readFileSync(f, 'utf8'), { scriptName: basename(f), snapshot: snapshotOut !== null });
    if (snapshotOut !== null && r.snapshot) writeFileSync(snapshotOut, r.snapshot);
    for (const w of r.warnings) process.stderr.write(`oracle: ${basename(f)}: ${w}\n`);
    for (const k of r.skipped) process.stderr.write(`oracle: ${basename(f)}: [${k.n}] not replayed: ${k.reason}\n`);
    process.stdout.write(normalized ? normalize(r.transcript, { stripClientLogs: true }) : r.transcript);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`oracle: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
