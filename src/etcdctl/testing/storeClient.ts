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
  TxnRequest,
  TxnResponse,
} from '../../etcd/api';
import { KVStore } from '../../mvcc/kvStore';
import { EtcdServerError } from '../../mvcc/errors';
import { type CallOptions, type EtcdClient, EtcdError } from '../client';

export interface StoreClientOptions {
  clusterId?: string;
  memberId?: string;
  raftTerm?: number;
  maxTxnOps?: number;
}

export class StoreClient implements EtcdClient {
  readonly store: KVStore;
  private leases = new Map<number, number>();
  private nextLease = 0x694d7a1c5c0d3a02;

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
  leaseGrant(req: LeaseGrantRequest, opts?: CallOptions): Promise<LeaseGrantResponse> {
    return this.run(opts, () => {
      const id = req.ID || (this.nextLease += 2);
      this.leases.set(id, Math.max(req.TTL, 2));
      return { header: this.store.range({ ...emptyHeaderProbe }).header, ID: id, TTL: Math.max(req.TTL, 2), error: '' };
    });
  }
  leaseRevoke(req: LeaseRevokeRequest, opts?: CallOptions): Promise<LeaseRevokeResponse> {
    return this.run(opts, () => {
      if (!this.leases.delete(req.ID)) throw new EtcdError('NotFound', 'etcdserver: requested lease not found');
      return { header: this.store.range({ ...emptyHeaderProbe }).header };
    });
  }
}

const emptyHeaderProbe: RangeRequest = {
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
};
