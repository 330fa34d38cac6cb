// Runs an etcd-oracle case script against a fresh in-process cluster (SimCluster: the same node
// code as the page, on a virtual clock) and writes the transcript run-script.mjs would print for a
// real etcd 3.4.23 cluster, so the two can be normalized and diffed.

import { OracleCluster } from './cluster';
import { DIRECTIVES } from './directives';
import { Driver, type DriverHooks } from './driver';
import { RunState, type Skip } from './runState';
import { parseScript } from './script';
import { preambleLines } from './transcript';
import { parseServerFlags } from './serverFlags';

export interface RunOptions {
  /** Script file name for the preamble (`script=NAME`). */
  scriptName: string;
  /** Test seams: etcdctl's client and etcdctl itself. */
  hooks?: DriverHooks;
  /** After the script, take a snapshot (as `etcdctl snapshot save`) from the current endpoint's member. */
  snapshot?: boolean;
}

export interface RunResult {
  transcript: string;
  /** Commands written as "not replayed", with why. */
  skipped: Skip[];
  /** Things the run could not honour (server flags, captures that missed, ...). */
  warnings: string[];
  /** Virtual time at the end of the run, in ms since the cluster started. */
  endMs: number;
  /** The snapshot file (bolt db + SHA-256 trailer), when asked for. */
  snapshot?: Uint8Array;
}

/** Virtual wall clock origin for etcdctl's timestamped lines (the normalizer masks them). */
const CLOCK_ORIGIN_MS = Date.UTC(2026, 0, 1);

export async function runScript(text: string, opts: RunOptions): Promise<RunResult> {
  const { cfg, items } = parseScript(text);
  const flags = parseServerFlags(cfg.flags);
  const cluster = new OracleCluster({ members: cfg.members, server: flags.settings });
  const driver = new Driver(cluster, () => goTimestamp(CLOCK_ORIGIN_MS + cluster.sim.nowMs), opts.hooks);
  const st = new RunState(cluster, driver);
  if (flags.unknown.length) st.warn(`server flags not understood, ignored: ${flags.unknown.join(' ')}`);
  const limits = Object.keys(flags.settings).filter((k) => !['heartbeatMs', 'electionMs', 'quotaBackendBytes', 'maxTxnOps', 'maxRequestBytes', 'bcryptCost'].includes(k));
  if (limits.length) st.warn(`server settings offered to the simulator, which does not take them yet: ${limits.join(', ')}`);

  const version = await driver.finish(driver.start({ argv: ['version'], env: {}, stdin: new Uint8Array(0), limitMs: 1000 }));
  const out = preambleLines({
    script: opts.scriptName,
    members: cfg.members,
    versionLine: version.stdout.split('\n')[0] ?? '',
    flags: cfg.flags,
    clusterIdHex: cluster.clusterIdHex(),
    memberList: cluster.preambleMembers(),
  });

  for (const it of items) {
    if (it.kind === 'cmd') {
      out.push(await st.runCommand(it.text, it.shell));
      continue;
    }
    const handler = DIRECTIVES[it.name];
    if (!handler) throw new Error(`line ${it.line}: unknown directive #@ ${it.name}`);
    out.push(...(await handler(st, it.rest, it.line)));
  }
  // background jobs nobody waited for are printed at the end, as the oracle does
  for (const name of [...st.background.keys()]) out.push(await st.finishBackground(name));
  const snapshot = opts.snapshot ? await st.snapshot() : undefined;
  return { transcript: `${out.join('\n')}\n`, skipped: st.skipped, warnings: st.warnings, endMs: cluster.sim.nowMs, snapshot };
}

/** Go's "2006-01-02 15:04:05.000000" layout (UTC). */
export function goTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const micros = Math.floor((ms - Math.floor(ms / 1000) * 1000) * 1000);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(micros, 6)}`;
}
