// An EtcdClient over one in-process KVStore, for tests and the Node runner: every call is applied
// immediately, errors come back as EtcdError with etcd's text. Headers carry the given ids.

import type {
  CompactionRequest,
  CompactionResponse,
  DeleteRangeRequest,
  DeleteRangeResponse,
  LeaseGrantRequest,
  LeaseGrantResponse,
  LeaseRevokeRequest,
  LeaseRevokeResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  ResponseHeader,
  TxnRequest,
  TxnResponse,
} from '../../etcd/api';
import { KVStore } from '../../mvcc/kvStore';
import { EtcdServerError } from '../../mvcc/errors';
import {
  type CallOptions,
  type EtcdClient,
  EtcdError,
  type LeaseKeepAliveResponse,
  type LeaseLeasesResponse,
  type LeaseTimeToLiveRequest,
  type LeaseTimeToLiveResponse,
} from '../client';

export interface StoreClientOptions {
  clusterId?: string;
  memberId?: string;
  raftTerm?: number;
  maxTxnOps?: number;
}

export class StoreClient implements EtcdClient {
  readonly store: KVStore;
  private leases = new Map<number, { ttl: number; seq: number; expiry: number }>();
  /** Virtual seconds; only advance() moves it. */
  private now = 0;
  private leaseSeq = 0;
  /** Server-style ids: large (>= 2^32) and stepping by 2, kept below 2^53. */
  private nextLease = 0x0002c40b60736204; // 15 decimal digits: a 16-digit decimal would read as hex to the normalizer

  constructor(opts: StoreClientOptions = {}) {
    const header = {
      clusterId: opts.clusterId ?? 'f3e829eb178c8e29',
      memberId: opts.memberId ?? '1a20d890be0dc40b',
      raftTerm: opts.raftTerm ?? 2,
    };
    this.store = new KVStore({
      header: () => header,
      maxTxnOps: opts.maxTxnOps ?? 128,
      leaseExists: (id) => this.leases.has(id),
    });
  }

  private async run<T>(opts: CallOptions | undefined, f: () => T): Promise<T> {
    // A deadline below a microsecond has always passed by the time the request is sent.
    if (opts && opts.timeoutMs < 1e-3) throw new EtcdError('DeadlineExceeded', 'context deadline exceeded');
    try {
      return f();
    } catch (e) {
      if (e instanceof EtcdServerError) throw new EtcdError(e.code as EtcdError['code'], e.message);
      throw e;
    }
  }

  range(req: RangeRequest, opts?: CallOptions): Promise<RangeResponse> {
    return this.run(opts, () => this.store.range(req));
  }
  put(req: PutRequest, opts?: CallOptions): Promise<PutResponse> {
    return this.run(opts, () => this.store.put(req));
  }
  deleteRange(req: DeleteRangeRequest, opts?: CallOptions): Promise<DeleteRangeResponse> {
    return this.run(opts, () => this.store.deleteRange(req));
  }
  txn(req: TxnRequest, opts?: CallOptions): Promise<TxnResponse> {
    return this.run(opts, () => this.store.txn(req));
  }
  compact(req: CompactionRequest, opts?: CallOptions): Promise<CompactionResponse> {
    return this.run(opts, () => this.store.compact(req));
  }
  // ---- a lessor with a frozen clock: leases never expire on their own here ----

  private header(): ResponseHeader {
    return this.store.range(probe()).header;
  }

  leaseGrant(req: LeaseGrantRequest, opts?: CallOptions): Promise<LeaseGrantResponse> {
    return this.run(opts, () => {
      if (req.TTL > MAX_LEASE_TTL) throw new EtcdError('OutOfRange', 'etcdserver: too large lease TTL');
      const id = req.ID || (this.nextLease += 2);
      if (this.leases.has(id)) throw new EtcdError('FailedPrecondition', 'etcdserver: lease already exists');
      const ttl = Math.max(req.TTL, MIN_LEASE_TTL);
      this.leases.set(id, { ttl, seq: this.leaseSeq++, expiry: this.now + ttl });
      return { header: this.header(), ID: id, TTL: ttl, error: '' };
    });
  }

  leaseRevoke(req: LeaseRevokeRequest, opts?: CallOptions): Promise<LeaseRevokeResponse> {
    return this.run(opts, () => {
      if (!this.leases.has(req.ID)) throw new EtcdError('NotFound', 'etcdserver: requested lease not found');
      this.expire(req.ID);
      return { header: this.header() };
    });
  }

  leaseTimeToLive(req: LeaseTimeToLiveRequest, opts?: CallOptions): Promise<LeaseTimeToLiveResponse> {
    return this.run(opts, () => {
      const l = this.leases.get(req.ID);
      if (!l) return { header: this.header(), ID: req.ID, TTL: -1, grantedTTL: 0, keys: [] };
      return { header: this.header(), ID: req.ID, TTL: Math.floor(l.expiry - this.now), grantedTTL: l.ttl, keys: req.keys ? this.attachedKeys(req.ID) : [] };
    });
  }

  leaseLeases(opts?: CallOptions): Promise<LeaseLeasesResponse> {
    return this.run(opts, () => {
      const all = [...this.leases].sort(([, a], [, b]) => a.expiry - b.expiry || a.seq - b.seq);
      return { header: this.header(), leases: all.map(([ID]) => ({ ID })) };
    });
  }

  leaseKeepAliveOnce(req: { ID: number }, opts?: CallOptions): Promise<LeaseKeepAliveResponse> {
    return this.run(opts, () => {
      const l = this.leases.get(req.ID);
      if (!l) throw new EtcdError('NotFound', 'etcdserver: requested lease not found');
      l.expiry = this.now + l.ttl;
      return { header: this.header(), ID: req.ID, TTL: l.ttl };
    });
  }

  /** Moves the virtual clock; leases whose time is up expire (their keys deleted, one revision each). */
  advance(seconds: number): void {
    this.now += seconds;
    const due = [...this.leases].filter(([, l]) => l.expiry <= this.now).sort(([, a], [, b]) => a.expiry - b.expiry || a.seq - b.seq);
    for (const [id] of due) this.expire(id);
  }

  /** Revoke/expiry: the lease goes, and all its keys in one revision (none if it had no keys). */
  private expire(id: number): void {
    this.leases.delete(id);
    const keys = this.attachedKeys(id);
    if (keys.length > 0) this.store.txn({ compare: [], success: keys.map((key) => ({ requestDeleteRange: { key, rangeEnd: new Uint8Array(0), prevKv: false } })), failure: [] });
  }

  private attachedKeys(id: number): Uint8Array[] {
    const all = this.store.range({ ...probe(), key: new Uint8Array([0]), rangeEnd: new Uint8Array([0]), countOnly: false, keysOnly: true, limit: 0 });
    return all.kvs.filter((kv) => kv.lease === id).map((kv) => kv.key);
  }
}

const MIN_LEASE_TTL = 2; // ceil(1.5 x election timeout of 1 s), etcd's defaults
const MAX_LEASE_TTL = 9_000_000_000;

const probe = (): RangeRequest => ({
  key: new Uint8Array([0]),
  rangeEnd: new Uint8Array(0),
  limit: 1,
  revision: 0,
  sortOrder: 0,
  sortTarget: 0,
  serializable: true,
  keysOnly: true,
  countOnly: true,
  minModRevision: 0,
  maxModRevision: 0,
  minCreateRevision: 0,
  maxCreateRevision: 0,
});
