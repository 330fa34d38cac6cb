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
  type AlarmResponse,
  type HashKVResponse,
  type Member,
  type MemberAddResponse,
  type MemberListResponse,
  type StatusResponse,
  type AuthRequest,
  type AuthResponse,
  type WatchCreateRequest,
  type WatchHandle,
  type WatchResponse,
} from '../client';
import { WatchableStore } from '../../mvcc/watchableStore';
import { AuthStore } from './authStore';
import { sizeDeleteRangeRequest, sizePutRequest, sizeTxnRequest } from '../../pb/rpc';

/** etcd's --max-request-bytes default (1.5 MiB): proposals larger than this are refused. */
export const MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
/** The InternalRaftRequest header (field 100 with a 64-bit request id) around a proposal. */
const PROPOSAL_OVERHEAD = 13;

function checkRequestBytes(size: number): void {
  // the proposal is the request in its InternalRaftRequest field (tag + length) plus the header
  const total = size + 1 + (size < 128 ? 1 : size < 16384 ? 2 : size < 2097152 ? 3 : 4) + PROPOSAL_OVERHEAD;
  if (total > MAX_REQUEST_BYTES) throw new EtcdError('InvalidArgument', 'etcdserver: request is too large');
}

export interface StoreClientOptions {
  clusterId?: string;
  memberId?: string;
  memberName?: string;
  raftTerm?: number;
  maxTxnOps?: number;
  /** The member's client endpoint (host:port); calls to any other endpoint time out. */
  clientURL?: string;
  peerURL?: string;
}

export class StoreClient implements EtcdClient {
  readonly store: KVStore;
  readonly watchable: WatchableStore;
  private readonly auth_: AuthStore;
  private leases = new Map<bigint, { ttl: number; seq: number; expiry: number }>();
  /** Virtual seconds; only advance() moves it. */
  private now = 0;
  private leaseSeq = 0;
  /** Every lease id handed out, in order. */
  readonly granted: bigint[] = [];
  /** Server-style ids: large (>= 2^32) and stepping by 2, kept below 2^53. */
  private nextLease = 0x440ba20c60736204n; // etcd's shape: member id bits on top, ids two apart

  private readonly ids: { clusterId: string; memberId: string; raftTerm: number };
  private members: Member[];

  constructor(opts: StoreClientOptions = {}) {
    const header = {
      clusterId: opts.clusterId ?? 'f3e829eb178c8e29',
      memberId: opts.memberId ?? '1a20d890be0dc40b',
      raftTerm: opts.raftTerm ?? 2,
    };
    this.ids = header;
    this.members = [
      {
        ID: header.memberId,
        name: opts.memberName ?? 'm1',
        peerURLs: [opts.peerURL ?? 'http://127.0.0.1:23891'],
        clientURLs: [opts.clientURL ?? 'http://127.0.0.1:23791'],
        isLearner: false,
      },
    ];
    this.store = new KVStore({
      header: () => header,
      maxTxnOps: opts.maxTxnOps ?? 128,
      leaseExists: (id) => this.leases.has(id),
    });
    this.watchable = new WatchableStore(this.store);
    this.auth_ = new AuthStore();
  }

  private async run<T>(opts: CallOptions | undefined, f: (user: string) => T): Promise<T> {
    // A deadline below a microsecond has always passed by the time the request is sent.
    if (opts && opts.timeoutMs < 1e-3) throw new EtcdError('DeadlineExceeded', 'context deadline exceeded');
    // Nothing listens on other addresses: the dial never completes.
    if (opts && !this.serves(opts.endpoint)) throw new EtcdError('DeadlineExceeded', 'context deadline exceeded');
    try {
      return f(this.auth_.authenticate(opts?.user));
    } catch (e) {
      if (e instanceof EtcdServerError) throw new EtcdError(e.code as EtcdError['code'], e.message);
      throw e;
    }
  }

  range(req: RangeRequest, opts?: CallOptions): Promise<RangeResponse> {
    return this.run(opts, (u) => (this.auth_.checkRange(u, req), this.store.range(req)));
  }
  put(req: PutRequest, opts?: CallOptions): Promise<PutResponse> {
    return this.run(opts, (u) => (this.auth_.checkWrite(u, { key: req.key, rangeEnd: new Uint8Array(0), prevKv: req.prevKv }), checkRequestBytes(sizePutRequest(req)), this.store.put(req)));
  }
  deleteRange(req: DeleteRangeRequest, opts?: CallOptions): Promise<DeleteRangeResponse> {
    return this.run(opts, (u) => (this.auth_.checkWrite(u, req), checkRequestBytes(sizeDeleteRangeRequest(req)), this.store.deleteRange(req)));
  }
  txn(req: TxnRequest, opts?: CallOptions): Promise<TxnResponse> {
    return this.run(opts, (u) => (this.auth_.checkTxn(u, req), checkRequestBytes(sizeTxnRequest(req)), this.store.txn(req)));
  }
  compact(req: CompactionRequest, opts?: CallOptions): Promise<CompactionResponse> {
    return this.run(opts, (u) => (this.auth_.requireUser(u), this.store.compact(req)));
  }
  // ---- a lessor with a frozen clock: leases never expire on their own here ----

  private header(): ResponseHeader {
    return this.store.range(probe()).header;
  }

  leaseGrant(req: LeaseGrantRequest, opts?: CallOptions): Promise<LeaseGrantResponse> {
    return this.run(opts, (u) => {
      this.auth_.requireUser(u);
      if (req.TTL > MAX_LEASE_TTL) throw new EtcdError('OutOfRange', 'etcdserver: too large lease TTL');
      const id = req.ID || (this.nextLease += 2n);
      if (this.leases.has(id)) throw new EtcdError('FailedPrecondition', 'etcdserver: lease already exists');
      const ttl = Math.max(req.TTL, MIN_LEASE_TTL);
      this.leases.set(id, { ttl, seq: this.leaseSeq++, expiry: this.now + ttl });
      this.granted.push(id);
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

  leaseKeepAliveOnce(req: { ID: bigint }, opts?: CallOptions): Promise<LeaseKeepAliveResponse> {
    return this.run(opts, () => {
      const l = this.leases.get(req.ID);
      if (!l) throw new EtcdError('NotFound', 'etcdserver: requested lease not found');
      l.expiry = this.now + l.ttl;
      return { header: this.header(), ID: req.ID, TTL: l.ttl };
    });
  }

  private serves(endpoint: string): boolean {
    const bare = (u: string) => u.replace(/^[a-z]+:\/\//, '');
    return this.members.some((m) => m.clientURLs.some((u) => bare(u) === bare(endpoint)));
  }

  // ---- auth ----

  auth(req: AuthRequest, opts?: CallOptions): Promise<AuthResponse> {
    return this.run(opts, (u) => this.auth_.handle(u, req, this.header()));
  }

  // ---- cluster and maintenance, for a one-member cluster ----

  memberList(opts?: CallOptions): Promise<MemberListResponse> {
    return this.run(opts, () => ({ header: { ...this.ids, revision: 0 }, members: this.members.map((m) => ({ ...m })) }));
  }

  memberAdd(req: { peerURLs: string[]; isLearner: boolean }, opts?: CallOptions): Promise<MemberAddResponse> {
    return this.run(opts, () => {
      if (this.members.some((m) => m.peerURLs.some((u) => req.peerURLs.includes(u)))) throw new EtcdError('FailedPrecondition', 'etcdserver: Peer URLs already exists');
      let h = 0xcbf29ce484222325n;
      for (const c of req.peerURLs.join(',')) h = ((h ^ BigInt(c.charCodeAt(0))) * 0x100000001b3n) & 0xffffffffffffffffn;
      const member: Member = { ID: h.toString(16).padStart(16, '0'), name: '', peerURLs: req.peerURLs, clientURLs: [], isLearner: req.isLearner };
      this.members.push(member);
      this.members.sort((a, b) => (BigInt('0x' + a.ID) < BigInt('0x' + b.ID) ? -1 : 1));
      return { header: { ...this.ids, revision: 0 }, member, members: this.members.map((m) => ({ ...m })) };
    });
  }

  private memberIndex(id: string): number {
    const i = this.members.findIndex((m) => BigInt('0x' + m.ID) === BigInt('0x' + id));
    if (i < 0) throw new EtcdError('NotFound', 'etcdserver: member not found');
    return i;
  }

  memberRemove(req: { ID: string }, opts?: CallOptions): Promise<MemberListResponse> {
    return this.run(opts, () => {
      this.members.splice(this.memberIndex(req.ID), 1);
      return { header: { ...this.ids, revision: 0 }, members: this.members.map((m) => ({ ...m })) };
    });
  }

  memberUpdate(req: { ID: string; peerURLs: string[] }, opts?: CallOptions): Promise<MemberListResponse> {
    return this.run(opts, () => {
      this.members[this.memberIndex(req.ID)]!.peerURLs = req.peerURLs;
      return { header: { ...this.ids, revision: 0 }, members: this.members.map((m) => ({ ...m })) };
    });
  }

  memberPromote(req: { ID: string }, opts?: CallOptions): Promise<MemberListResponse> {
    return this.run(opts, () => {
      const m = this.members[this.memberIndex(req.ID)]!;
      if (!m.isLearner) throw new EtcdError('FailedPrecondition', 'etcdserver: can only promote a learner member');
      throw new EtcdError('FailedPrecondition', 'etcdserver: can only promote a learner member which is in sync with leader');
    });
  }

  status(opts?: CallOptions): Promise<StatusResponse> {
    return this.run(opts, () => ({
      header: this.header(),
      version: '3.4.23',
      dbSize: 20480,
      leader: this.ids.memberId,
      raftIndex: this.store.rev() + 3,
      raftTerm: this.ids.raftTerm,
      raftAppliedIndex: this.store.rev() + 3,
      errors: [],
      dbSizeInUse: 16384,
      isLearner: false,
    }));
  }

  hashKV(req: { revision: number }, opts?: CallOptions): Promise<HashKVResponse> {
    return this.run(opts, () => {
      const h = this.store.hashKV(req.revision);
      return { header: this.header(), hash: h.hash, compactRevision: h.compactRevision };
    });
  }

  defragment(opts?: CallOptions): Promise<{ header: ResponseHeader }> {
    return this.run(opts, (u) => {
      this.auth_.checkAdmin(u, () => new EtcdError('Unknown', 'rpc error: code = Unknown desc = auth: permission denied'));
      return { header: this.header() };
    });
  }

  alarmList(opts?: CallOptions): Promise<AlarmResponse> {
    return this.run(opts, () => ({ alarms: [] }));
  }

  alarmDisarm(opts?: CallOptions): Promise<AlarmResponse> {
    return this.run(opts, () => ({ alarms: [] }));
  }

  // ---- watch over the store's commits ----

  watch(req: WatchCreateRequest, onResponse: (r: WatchResponse) => void, opts?: CallOptions): WatchHandle {
    let id: number | undefined;
    let active = true;
    const handle: WatchHandle = {
      cancel: () => {
        active = false;
        if (id !== undefined) this.watchable.cancel(id);
      },
      requestProgress: () => {
        if (active && id !== undefined) this.watchable.progress(id);
      },
    };
    if (opts && !this.serves(opts.endpoint)) return handle; // never connects
    try {
      this.auth_.checkRange(this.auth_.authenticate(opts?.user), req);
    } catch (e) {
      const reason = e instanceof EtcdError && e.code === 'PermissionDenied' ? `rpc error: code = PermissionDenied desc = ${e.message}` : (e as Error).message;
      onResponse({ header: { ...this.ids, revision: 0 }, events: [], compactRevision: 0, canceled: true, cancelReason: reason });
      return handle;
    }
    id = this.watchable.watch(req, (r) => {
      if (!active) return;
      if (r.compactRevision !== 0) {
        // the server's cancel carries no revision in its header
        onResponse({ header: { ...this.ids, revision: 0 }, events: [], compactRevision: r.compactRevision, canceled: true, cancelReason: 'etcdserver: mvcc: required revision has been compacted' });
        return;
      }
      onResponse({
        header: { ...this.ids, revision: r.revision },
        events: r.events,
        compactRevision: 0,
        canceled: false,
        cancelReason: '',
        ...(r.events.length === 0 ? { progressNotify: true } : {}),
      });
    });
    return handle;
  }

  leaseKeepAlive(req: { ID: bigint }, onResponse: (r: LeaseKeepAliveResponse | null) => void, opts?: CallOptions): WatchHandle {
    let active = true;
    const handle: WatchHandle = { cancel: () => void (active = false) };
    if (opts && !this.serves(opts.endpoint)) return handle;
    const send = () => {
      if (!active) return;
      const l = this.leases.get(req.ID);
      if (!l) {
        // the server answers TTL 0 for a lease it does not have; clientv3 then closes the stream
        active = false;
        onResponse(null);
        return;
      }
      l.expiry = this.now + l.ttl;
      onResponse({ header: this.header(), ID: req.ID, TTL: l.ttl });
      this.schedule(this.now + l.ttl / 3, send);
    };
    send();
    return handle;
  }

  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private timerSeq = 0;

  /** When the next timer or lease expiry falls due (virtual seconds), if any. */
  nextDue(): number | undefined {
    const t = Math.min(...this.timers.map((x) => x.at), ...[...this.leases.values()].map((l) => l.expiry));
    return Number.isFinite(t) ? t : undefined;
  }

  /** Runs `fn` when the virtual clock reaches `at` seconds (during advance()). */
  at(at: number, fn: () => void): void {
    this.schedule(at, fn);
  }

  private schedule(at: number, fn: () => void): void {
    this.timers.push({ at, seq: this.timerSeq++, fn });
  }

  /** Seconds on the virtual clock. */
  get clock(): number {
    return this.now;
  }

  /**
   * Moves the virtual clock, running what falls due in time order: keep-alive renewals, and lease
   * expiry (the lease's keys deleted in one revision).
   */
  advance(seconds: number): void {
    const end = this.now + seconds;
    for (;;) {
      const nextTimer = Math.min(...this.timers.map((t) => t.at));
      const nextExpiry = Math.min(...[...this.leases.values()].map((l) => l.expiry));
      const t = Math.min(nextTimer, nextExpiry);
      if (!(t <= end)) break;
      this.now = Math.max(this.now, t);
      const due = [...this.leases].filter(([, l]) => l.expiry <= this.now).sort(([, a], [, b]) => a.expiry - b.expiry || a.seq - b.seq);
      for (const [id] of due) this.expire(id);
      const timers = this.timers.filter((x) => x.at <= this.now).sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.timers = this.timers.filter((x) => x.at > this.now);
      for (const x of timers) x.fn();
    }
    this.now = end;
  }

  /** Revoke/expiry: the lease goes, and all its keys in one revision (none if it had no keys). */
  private expire(id: bigint): void {
    this.leases.delete(id);
    const keys = this.attachedKeys(id);
    if (keys.length > 0) this.store.txn({ compare: [], success: keys.map((key) => ({ requestDeleteRange: { key, rangeEnd: new Uint8Array(0), prevKv: false } })), failure: [] });
  }

  private attachedKeys(id: bigint): Uint8Array[] {
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
