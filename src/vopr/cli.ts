// `npm run vopr -- --seeds N [--seed S] [--start K] [--jobs J] [--verbose] [--mutation send-before-durable]`
// Runs seeds K..K+N-1 (each twice, comparing trace hashes) across J worker processes, prints
// progress, the fault counter totals and every violation with its replay command, and exits 1 on
// any violation. `--seed S` replays one seed in this process, with its parameters and counters.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { COUNTER_NAMES, type Counters, addCounters, zeroCounters } from './counters';
import { type SeedResult, replayCommand, runSeedTwice } from './simulator';
import type { Mutation } from './member';
import type { Violation } from './checkers';

interface Args {
  seeds: number;
  seed: number | undefined;
  start: number;
  jobs: number;
  verbose: boolean;
  worker: boolean;
  stride: number;
  /** Break the host on purpose, to see what a failure looks like (and that it is caught). */
  mutation: Mutation | undefined;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { seeds: 100, seed: undefined, start: 1, jobs: availableParallelism(), verbose: false, worker: false, stride: 1, mutation: undefined };
  const num = (i: number) => {
    const v = Number(argv[i]);
    if (!Number.isInteger(v)) throw new Error(`${argv[i - 1]} needs an integer, got ${argv[i]}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--seeds': a.seeds = num(++i); break;
      case '--seed': a.seed = num(++i); break;
      case '--start': a.start = num(++i); break;
      case '--jobs': a.jobs = Math.max(1, num(++i)); break;
      case '--stride': a.stride = num(++i); break;
      case '--verbose': a.verbose = true; break;
      case '--worker': a.worker = true; break;
      case '--mutation':
        if (argv[++i] !== 'send-before-durable') throw new Error('--mutation takes: send-before-durable');
        a.mutation = 'send-before-durable';
        break;
      default: throw new Error(`unknown argument ${argv[i]} (usage: npm run vopr -- --seeds N [--seed S] [--start K] [--jobs J] [--verbose])`);
    }
  }
  return a;
}

/** What a worker reports per seed (structured-clone friendly). */
interface SeedReport {
  seed: number;
  hash: string;
  counters: Counters;
  violations: Violation[];
  virtualMs: number;
  recoveryMs: number;
  summary: string;
}

function summarize(r: SeedResult): string {
  const p = r.params;
  const flags = [
    `n=${p.clusterSize}`,
    p.preVote ? 'prevote' : '',
    p.checkQuorum ? 'checkquorum' : '',
    p.dropRate > 0 ? `drop=${(p.dropRate * 100).toFixed(0)}%` : '',
    p.dupRate > 0 ? `dup=${(p.dupRate * 100).toFixed(0)}%` : '',
    p.reorderRate > 0 ? `reorder=${(p.reorderRate * 100).toFixed(0)}%` : '',
    p.partitionEveryMs > 0 ? 'partitions' : '',
    p.crashEveryMs > 0 ? 'crashes' : '',
    p.diskSpikeRate > 0 ? 'slowdisk' : '',
    p.clockSkew > 0 ? `skew=${(p.clockSkew * 100).toFixed(0)}%` : '',
    p.readEveryMs > 0 ? 'reads' : '',
    p.transferEveryMs > 0 ? 'transfers' : '',
    p.coldRestart ? 'coldrestart' : '',
    p.compactEvery > 0 ? `compact/${p.compactEvery}` : '',
  ].filter(Boolean);
  return flags.join(' ');
}

function report(r: SeedResult): SeedReport {
  return { seed: r.seed, hash: r.hash, counters: r.counters, violations: r.violations, virtualMs: r.virtualMs, recoveryMs: r.recoveryMs, summary: summarize(r) };
}

function printViolations(seed: number, vs: readonly Violation[], mutation: Mutation | undefined): void {
  for (const v of vs) console.log(`VIOLATION seed ${seed}: ${v.kind} at ${(v.atMs / 1000).toFixed(3)}s virtual: ${v.detail}`);
  if (vs.length > 0) console.log(`  replay: ${replayCommand(seed, mutation)}`);
}

function printCounters(c: Counters): void {
  const width = Math.max(...COUNTER_NAMES.map((k) => k.length));
  for (const k of COUNTER_NAMES) console.log(`  ${k.padEnd(width)}  ${c[k]}`);
}

function runOne(seed: number, verbose: boolean, mutation: Mutation | undefined): number {
  const t0 = performance.now();
  // The narrated timeline comes from the first run only.
  const r = runSeedTwice(seed, { mutation, log: verbose ? (line) => console.log(line) : undefined });
  console.log(`seed ${seed}: ${summarize(r)}`);
  if (verbose) console.log(r.params);
  console.log(`trace ${r.hash}, ${r.events} events, ${(r.virtualMs / 1000).toFixed(1)}s virtual, recovery ${r.recoveryMs < 0 ? 'none' : `${r.recoveryMs.toFixed(0)}ms`}, ${(performance.now() - t0).toFixed(0)}ms wall (two runs)`);
  printCounters(r.counters);
  printViolations(seed, r.violations, mutation);
  console.log(r.violations.length === 0 ? 'OK' : `${r.violations.length} violation(s)`);
  return r.violations.length === 0 ? 0 : 1;
}

/** A worker's last message: its CPU time, so the batch can tell wall time lost to other load. */
interface WorkerDone {
  cpuMs: number;
}

function worker(a: Args): void {
  for (let s = a.start; s < a.start + a.seeds; s += a.stride) process.send!(report(runSeedTwice(s, { mutation: a.mutation })));
  const u = process.cpuUsage();
  const done: WorkerDone = { cpuMs: (u.user + u.system) / 1000 };
  process.send!(done, () => process.disconnect?.());
}

async function runMany(a: Args): Promise<number> {
  const t0 = performance.now();
  const jobs = Math.min(a.jobs, a.seeds);
  const totals = zeroCounters();
  const failed: SeedReport[] = [];
  let done = 0;
  let virtualMs = 0;
  let maxRecovery = 0;
  let sumRecovery = 0;
  let cpuMs = 0;
  const progressEvery = Math.max(1, Math.round(a.seeds / 20));
  console.log(`vopr: seeds ${a.start}..${a.start + a.seeds - 1}, each run twice, ${jobs} worker(s)`);
  const self = fileURLToPath(import.meta.url);
  await Promise.all(
    Array.from({ length: jobs }, (_, j) =>
      new Promise<void>((resolve, reject) => {
        const args = ['--worker', '--start', String(a.start + j), '--seeds', String(a.seeds - j), '--stride', String(jobs)];
        if (a.mutation) args.push('--mutation', a.mutation);
        const child = fork(self, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        child.on('message', (msg) => {
          if ('cpuMs' in (msg as object)) {
            cpuMs += (msg as WorkerDone).cpuMs;
            return;
          }
          const r = msg as SeedReport;
          done++;
          addCounters(totals, r.counters);
          virtualMs += r.virtualMs;
          if (r.recoveryMs >= 0) {
            sumRecovery += r.recoveryMs;
            maxRecovery = Math.max(maxRecovery, r.recoveryMs);
          }
          if (a.verbose) console.log(`  seed ${r.seed}: ${r.summary} trace ${r.hash} recovery ${r.recoveryMs.toFixed(0)}ms`);
          if (r.violations.length > 0) {
            failed.push(r);
            printViolations(r.seed, r.violations, a.mutation);
          }
          if (done % progressEvery === 0 || done === a.seeds) {
            console.log(`[${String(done).padStart(String(a.seeds).length)}/${a.seeds}] ${((performance.now() - t0) / 1000).toFixed(1)}s, ${failed.length} failing seed(s)`);
          }
        });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${j} exited with code ${code}`))));
      }),
    ),
  );
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuMs / 1000;
  console.log(`\n${done} seeds (${2 * done} runs) in ${wall.toFixed(1)}s wall, ${cpu.toFixed(1)}s CPU in ${jobs} worker(s) (${(cpu / jobs).toFixed(1)}s wall on an idle machine);`);
  console.log(`${(virtualMs / 1000 / 3600).toFixed(1)} h virtual per pass; recovery after healing: mean ${(sumRecovery / Math.max(1, done)).toFixed(0)}ms, max ${maxRecovery.toFixed(0)}ms`);
  console.log('counters (totals over one run of each seed):');
  printCounters(totals);
  const silent = COUNTER_NAMES.filter((k) => totals[k] === 0);
  if (silent.length > 0) console.log(`note: never fired: ${silent.join(', ')}`);
  if (failed.length === 0) {
    console.log('violations: 0');
    return 0;
  }
  failed.sort((x, y) => x.seed - y.seed);
  console.log(`violations: ${failed.length} failing seed(s)`);
  for (const r of failed) console.log(`  seed ${r.seed}: ${r.violations[0]!.kind} — ${replayCommand(r.seed, a.mutation)}`);
  return 1;
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  if (a.worker) return worker(a);
  const code = a.seed !== undefined ? runOne(a.seed, a.verbose, a.mutation) : await runMany(a);
  process.exitCode = code;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
