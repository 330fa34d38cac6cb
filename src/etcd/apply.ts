// etcd's applier: turns committed InternalRaftRequests into MVCC operations and client responses.
// Every member applies the same entries in the same order, so they hold the same key space.
import { KVStore, EtcdServerError } from '../mvcc';
import { decodeInternalRaftRequest } from '../pb/etcdserverpb';
import type { InternalRaftRequest, RangeRequest, ResponseHeader } from './api';
import type { ClientResult, EtcdNodeConfig } from './etcdNode';
import type { EtcdErrorInfo } from './errors';
import { memberIdHex } from './ids';

export class Applier {
  readonly kv: KVStore;
  private term = 0;

  constructor(cfg: EtcdNodeConfig) {
    const clusterId = cfg.clusterId;
    const memberId = memberIdHex(cfg.seed, cfg.id);
    this.kv = new KVStore({
      header: (): Omit<ResponseHeader, 'revision'> => ({ clusterId, memberId, raftTerm: this.term }),
    });
  }

  currentRevision(): number {
    return this.kv.rev();
  }

  /** The backend file size and the part in use (etcd's dbSize / dbSizeInUse). */
  dbSize(): { sizeBytes: number; inUseBytes: number } {
    // The in-memory backend has no file; report a new bbolt file's size until the page store lands.
    return { sizeBytes: 20480, inUseBytes: 20480 };
  }

  keyCount(): number {
    return this.kv.keyCount();
  }

  /** Checks made before proposing (etcd rejects these without going through raft). */
  precheck(_irr: InternalRaftRequest): EtcdErrorInfo | null {
    return null;
  }

  range(req: RangeRequest, term: number): ClientResult {
    this.term = term;
    return this.guard(() => this.kv.range(req));
  }

  /** Applies one committed entry; returns its request id and the response for the proposer. */
  applyEntry(data: Uint8Array, term: number): { id: number; result: ClientResult } {
    this.term = term;
    const irr = decodeInternalRaftRequest(data);
    const id = irr.header.ID;
    if (irr.put) return { id, result: this.guard(() => this.kv.put(irr.put!)) };
    if (irr.deleteRange) return { id, result: this.guard(() => this.kv.deleteRange(irr.deleteRange!)) };
    if (irr.txn) return { id, result: this.guard(() => this.kv.txn(irr.txn!)) };
    if (irr.compaction) return { id, result: this.guard(() => this.kv.compact(irr.compaction!)) };
    if (irr.range) return { id, result: this.guard(() => this.kv.range(irr.range!)) };
    return { id, result: { ok: false, error: { code: 'Unimplemented', message: 'etcdserver: request not supported by etcdscope yet' } } };
  }

  private guard(fn: () => unknown): ClientResult {
    try {
      return { ok: true, resp: fn() };
    } catch (e) {
      if (e instanceof EtcdServerError) return { ok: false, error: { code: e.code, message: e.message } };
      throw e;
    }
  }
}
