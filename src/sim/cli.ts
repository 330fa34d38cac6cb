// npm run sim -- --seed N [--members M] [--drop P] [--snapshot-count N [--catch-up N]] [--verbose]
// Runs the standard workload (writes, a leader crash, a partition, a restart) in virtual time
// and prints a trace hash: the same seed always prints the same hash.
import { runStandardWorkload } from './workload';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) {
    console.error(`--${name} needs a number`);
    process.exit(2);
  }
  return v;
}

const seed = arg('seed', 1);
const members = arg('members', 3);
const dropRate = arg('drop', 0);
// etcd's --snapshot-count (default 100,000: no snapshot in this workload) and the catch-up entries kept.
const snapshotCount = arg('snapshot-count', 100_000);
const snapshotCatchUpEntries = arg('catch-up', 5_000);
const started = performance.now();
const r = runStandardWorkload({ seed, members, dropRate, snapshotCount, snapshotCatchUpEntries });
const wallMs = performance.now() - started;
if (process.argv.includes('--verbose')) for (const line of r.log) console.log(line);
console.log(`seed ${seed}, ${members} members: ${r.writesOk} writes ok, ${r.writesFailed} failed, final revision ${r.finalRevision}`);
console.log(
  `virtual ${(r.virtualMs / 1000).toFixed(1)} s in ${wallMs.toFixed(0)} ms wall; messages ${r.counters.messagesDelivered} delivered, ${r.counters.messagesDropped} dropped; WAL appends ${r.counters.walAppends}; crashes ${r.counters.crashes}, restarts ${r.counters.restarts}`,
);
console.log(`snapshots ${r.counters.snapshotsCreated} created, ${r.counters.snapshotsSent} sent (MsgSnap), ${r.counters.snapshotsInstalled} installed`);
console.log(r.divergent.length ? `DIVERGENT members: ${r.divergent.join(', ')}` : 'all members applied the same key space');
console.log(`trace hash ${r.hash}`);
process.exit(r.divergent.length ? 1 : 0);
