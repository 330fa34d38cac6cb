// window.etcdscope: the page's automation API, used by the e2e tests, embedding pages and lessons.
// Members can be named 1, "1" or "n1".
import type { Hub } from './hub';
import type { CommandResult } from '../../protocol/controller';
import type { NodeId } from '../../raft/types';

export interface MemberStatusSummary {
  id: string;
  role: string;
  term: number;
  commitIndex: number;
  appliedIndex: number;
  alive: boolean;
  isolated: boolean;
  lead: string | null;
  revision: number;
  walRecords: number;
  walDurability: string;
}

export interface EtcdscopeApi {
  status(): MemberStatusSummary[];
  leader(): string | null;
  run(line: string): Promise<CommandResult>;
  kill(member: string | number): Promise<void>;
  restart(member: string | number): Promise<void>;
  isolate(member: string | number): void;
  heal(): void;
  reset(opts?: { seed?: number; members?: number }): Promise<void>;
  pause(): void;
  resume(): void;
  setSpeed(speed: number): void;
  /** Virtual milliseconds since the cluster started. */
  now(): number;
  /** Link latency in virtual ms; { latencyMs: 0, jitterMs: 0 } relays messages at once (free-run). */
  setNetwork(n: { latencyMs: number; jitterMs: number }): void;
  /** Benchmark sanity row only; the WAL is written with 'strict' durability otherwise. */
  setDurability(d: 'strict' | 'relaxed'): void;

  seed(): number;
}

function memberId(m: string | number): NodeId {
  const n = typeof m === 'number' ? m : Number(String(m).replace(/^n/, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`unknown member ${JSON.stringify(m)}; use 1, "1" or "n1"`);
  return n;
}

const name = (id: NodeId) => `n${id}`;

export function automationApi(hub: Hub): EtcdscopeApi {
  return {
    status() {
      const s = hub.snapshot();
      return s.members.map((m) => {
        const storage = hub.storage(m.id);
        return {
          id: name(m.id),
          role: m.alive ? m.role : 'stopped',
          term: m.term,
          commitIndex: m.commitIndex,
          appliedIndex: m.appliedIndex,
          alive: m.alive,
          isolated: s.isolated.includes(m.id),
          lead: m.lead ? name(m.lead) : null,
          revision: m.revision,
          walRecords: storage?.walRecords ?? 0,
          walDurability: storage?.walDurability ?? '',
        };
      });
    },
    leader() {
      const l = hub.leader();
      return l ? name(l) : null;
    },
    run: (line) => hub.run(line),
    kill: (m) => hub.kill(memberId(m)),
    restart: (m) => hub.restart(memberId(m)),
    isolate: (m) => hub.isolate(memberId(m)),
    heal: () => hub.heal(),
    reset: (opts) => hub.reset(opts),
    pause: () => hub.pause(),
    resume: () => hub.resume(),
    setSpeed: (x) => hub.setSpeed(x),
    now: () => hub.snapshot().nowMs,
    setNetwork: (n) => hub.setNetwork(n),
    setDurability: (d) => hub.setWalDurability(d),

    seed: () => hub.snapshot().seed,
  };
}

declare global {
  interface Window {
    etcdscope?: EtcdscopeApi;
  }
}
