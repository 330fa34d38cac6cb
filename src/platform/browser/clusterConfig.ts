import type { EngineChoice } from '../../backend/engineStats';
// The page's cluster identity (seed, size, name), kept in localStorage so a reload reopens the same
// cluster from IndexedDB; and a Web Lock so two tabs never drive the same members' databases.
import type { ServerFlags } from '../../protocol/controller';

export interface ClusterConfig {
  name: string;
  seed: number;
  /** Size of the initial cluster (raft ids 1..members). */
  members: number;
  createdAt: string;
  /** Members added at run time and started (raft ids), so a reload starts them again. */
  joined?: number[];
  /** Members removed from the cluster: never started again. */
  removed?: number[];
  preVote?: boolean;
  checkQuorum?: boolean;
  /** etcd's --snapshot-count and the catch-up entries kept after a snapshot (defaults 100,000 / 5,000). */
  snapshotCount?: number;
  snapshotCatchUpEntries?: number;
  /** etcd's --quota-backend-bytes for every member (absent: etcd's 2 GiB). */
  quotaBackendBytes?: number;
  /** Other server flags (--auto-compaction-*, --bcrypt-cost, --auth-token …) for every member. */
  serverFlags?: ServerFlags;
  /** etcd's --heartbeat-interval and --election-timeout, ms (absent: 100 / 1000). */
  heartbeatMs?: number;
  electionMs?: number;
  /** etcdscope's --backend-engine (bbolt, lsm, or one per member). */
  backendEngine?: EngineChoice;
}

const KEY = 'etcdscope:cluster:v1';
const LOCK = 'etcdscope:cluster-lock';

export class ClusterInUseError extends Error {
  override name = 'ClusterInUseError';
  constructor() {
    super('This etcdscope cluster is already open in another tab. Close that tab (or use it) and reload this one.');
  }
}

export class ClusterStore {
  private locked = false;
  private readonly key: string;
  private readonly lockName: string;

  /** `namespace` ('' = the page's own cluster) keeps an embedded widget's cluster apart: key, lock and db names. */
  constructor(private readonly namespace = '') {
    this.key = namespace ? `${KEY}:${namespace}` : KEY;
    this.lockName = namespace ? `${LOCK}:${namespace}` : LOCK;
  }

  /** Holds an exclusive Web Lock for the page's lifetime; rejects if another tab holds it. */
  async lock(): Promise<void> {
    if (this.locked || typeof navigator === 'undefined' || !navigator.locks) return;
    await new Promise<void>((resolve, reject) => {
      navigator.locks
        .request(this.lockName, { ifAvailable: true }, (lock) => {
          if (!lock) {
            reject(new ClusterInUseError());
            return undefined;
          }
          this.locked = true;
          resolve();
          return new Promise<void>(() => {}); // held until the page goes away
        })
        // A frame the browser gives no storage (third-party storage blocked) is refused here: say so
        // rather than wait forever.
        .catch(reject);
    });
  }

  load(): ClusterConfig | null {
    try {
      const raw = localStorage.getItem(this.key);
      if (!raw) return null;
      const c = JSON.parse(raw) as Partial<ClusterConfig>;
      if (typeof c.seed !== 'number' || typeof c.members !== 'number' || typeof c.name !== 'string') return null;
      return c as ClusterConfig;
    } catch {
      return null;
    }
  }

  create(seed: number | undefined, members: number): ClusterConfig {
    const s = seed ?? Math.floor(Math.random() * 2 ** 31);
    const c: ClusterConfig = { name: `${this.namespace ? `${this.namespace}-` : ''}c${s.toString(36)}`, seed: s, members, createdAt: new Date().toISOString() };
    localStorage.setItem(this.key, JSON.stringify(c));
    return c;
  }

  save(c: ClusterConfig): void {
    localStorage.setItem(this.key, JSON.stringify(c));
  }

  clear(): void {
    localStorage.removeItem(this.key);
  }
}
