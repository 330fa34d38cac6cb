// `#@ flags` → the server settings they change, for a simulator that takes them. Only the etcd 3.4
// flags the oracle's cases (and its README) use are known; the rest are reported back.

export interface ServerSettings {
  /** --quota-backend-bytes (default 2 GiB): NOSPACE alarm above it. */
  quotaBackendBytes?: number;
  /** --max-txn-ops (default 128). */
  maxTxnOps?: number;
  /** --max-request-bytes (default 1572864). */
  maxRequestBytes?: number;
  /** --heartbeat-interval / --election-timeout, in ms (defaults 100 / 1000). */
  heartbeatMs?: number;
  electionMs?: number;
  /** --experimental-watch-progress-notify-interval, in ms. */
  watchProgressNotifyMs?: number;
  /** --experimental-enable-lease-checkpoint. */
  leaseCheckpoint?: boolean;
  /** --bcrypt-cost (default 10). */
  bcryptCost?: number;
  /** --snapshot-count (default 100000): applied entries between raft snapshots. */
  snapshotCount?: number;
}

export interface ParsedFlags {
  settings: ServerSettings;
  /** Flags this runner does not know (passed over, reported). */
  unknown: string[];
}

type Kind = 'int' | 'ms' | 'duration' | 'bool';
const KNOWN: Record<string, [keyof ServerSettings, Kind]> = {
  'quota-backend-bytes': ['quotaBackendBytes', 'int'],
  'max-txn-ops': ['maxTxnOps', 'int'],
  'max-request-bytes': ['maxRequestBytes', 'int'],
  'heartbeat-interval': ['heartbeatMs', 'ms'],
  'election-timeout': ['electionMs', 'ms'],
  'experimental-watch-progress-notify-interval': ['watchProgressNotifyMs', 'duration'],
  'experimental-enable-lease-checkpoint': ['leaseCheckpoint', 'bool'],
  'bcrypt-cost': ['bcryptCost', 'int'],
  'snapshot-count': ['snapshotCount', 'int'],
};

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in ms ("1s", "1m30s", "250ms"). */
export function goDurationMs(s: string): number {
  if (s === '0') return 0;
  const parts = [...s.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== s) throw new Error(`invalid duration "${s}"`);
  return parts.reduce((t, p) => t + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
}

export function parseServerFlags(flags: string): ParsedFlags {
  const words = flags.split(/\s+/).filter((w) => w !== '');
  const settings: ServerSettings = {};
  const unknown: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const m = /^--?([a-z0-9-]+)(?:=(.*))?$/.exec(words[i]!);
    if (!m) {
      unknown.push(words[i]!);
      continue;
    }
    const known = KNOWN[m[1]!];
    let value = m[2];
    if (!known) {
      unknown.push(words[i]!);
      continue;
    }
    const [key, kind] = known;
    if (value === undefined && kind !== 'bool') value = words[++i];
    if (value === undefined) value = 'true';
    let v: number | boolean;
    if (kind === 'bool') v = value === 'true' || value === '1';
    else if (kind === 'duration') v = goDurationMs(value);
    else {
      v = Number(value);
      if (!Number.isInteger(v) || v < 0) throw new Error(`#@ flags: bad value for --${m[1]}: ${value}`);
    }
    (settings as Record<string, number | boolean>)[key] = v;
  }
  return { settings, unknown };
}
