// etcd's applier: turns committed InternalRaftRequests into MVCC operations and client responses.
// Every member applies the same entries in the same order, so they hold the same key space.
import { KVStore, EtcdServerError, checkPutRequest, checkDeleteRequest, checkTxnRequest, checkIntervals, DEFAULT_MAX_TXN_OPS } from '../mvcc';
import { decodeInternalRaftRequest } from '../pb/etcdserverpb';
import type { InternalRaftRequest, RangeRequest, ResponseHeader } from './api';
import type { ClientResult, EtcdNodeConfig } from './etcdNode';
import type { EtcdErrorInfo } from './errors';
import { memberIdHex } from './ids';
import { Lessor, LeaseError } from '../lease/lessor';
import { EventType, emptyRangeRequest } from './api';
import { type Backend, mvccBackendFor } from '../backend';
import { decodeLease, encodeLease, leaseKey } from './leasepb';
import { fromUtf8 } from '../lib/bytes';
import { AuthService } from './authService';
import { AuthStore } from '../auth/store';
import { Prng } from '../lib/prng';
import { AlarmStore } from './alarms';
import { applierAfterRestore, applierForAlarm, applierRejects, type ApplierKind } from './cappedApplier';
import type { AlarmRequest, AlarmResponse } from './api';
import { MVCC_HISTORY_LIMIT, MVCC_KEYS_LIMIT, type KeyIndexView, type LeasesInspect, type MvccInspect } from '../protocol/inspect';

/** Lease keys are kept as latin1 strings of their bytes, so a Set can hold them. */
const keyString = (b: Uint8Array): string => String.fromCharCode(...b);
const keyBytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

export class Applier {
  readonly kv: KVStore;
  readonly lessor: Lessor;
  readonly auth: AuthService;
  /** Replaced with the backend on a snapshot install. */
  alarms: AlarmStore;
  /** The applier etcd has installed: plain, or capped/corrupt while an alarm is raised. */
  private kind: ApplierKind;
  private term = 0;
  private readonly maxTxnOps: number;
  private readonly clusterId: string;
  /** This member's etcd id, as the membership knows it (a joined member's is not in its config). */
  private readonly memberId: () => string;

  constructor(
    cfg: EtcdNodeConfig,
    nowMs: () => number,
    public backend: Backend,
    memberId?: () => string,
  ) {
    this.clusterId = cfg.clusterId;
    const configured = cfg.initialCluster.find((m) => m.id === cfg.id)?.memberId ?? memberIdHex(cfg.seed, cfg.id);
    this.memberId = memberId ?? (() => configured);
    this.maxTxnOps = cfg.maxTxnOps ?? DEFAULT_MAX_TXN_OPS;
    // etcd: minimum lease TTL = ceil(1.5 × election timeout) seconds.
    const electionMs = cfg.electionTicks * (cfg.tickMs ?? 100);
    this.lessor = new Lessor(Math.ceil((1.5 * electionMs) / 1000), nowMs);
    this.kv = new KVStore({
      backend: mvccBackendFor(backend),
      maxTxnOps: this.maxTxnOps,
      header: () => this.headerFields(),
      leaseExists: (id) => this.lessor.has(id),
    });
    this.restoreLeases();
    // Salts and token prefixes from a seeded stream: a seed replays a run exactly.
    const authPrng = new Prng(cfg.seed).fork(`auth-${cfg.id}`);
    this.auth = new AuthService(new AuthStore(backend, { nowMs, random: () => authPrng.next(), bcryptCost: cfg.bcryptCost, authToken: cfg.authToken, unixNowMs: () => (cfg.startUnixMs ?? 0) + nowMs() }), this.lessor);
    this.alarms = new AlarmStore(backend);
    this.kind = applierAfterRestore(this.alarms.get('NONE').map((a) => a.alarm));
    // Keys follow their lease: attached on put, detached when overwritten or deleted.
    this.kv.subscribe((events) => {
      for (const e of events) {
        const k = keyString(e.kv.key);
        if (e.prevKv?.lease) this.lessor.detach(e.prevKv.lease, k);
        if (e.type === EventType.PUT && e.kv.lease) this.lessor.attach(e.kv.lease, k);
      }
    });
  }

  /**
   * A raft snapshot's db file replaced the backend (etcd's applySnapshot: kv.Restore, lessor.Recover).
   * Watchers stay and re-sync; leases are re-granted from the new `lease` bucket, alarms re-read.
   */
  restore(backend: Backend): void {
    this.backend = backend;
    this.lessor.reset();
    this.kv.restore(mvccBackendFor(backend));
    this.restoreLeases();
    this.auth.store.recover(backend);
    // etcd's applySnapshot also restores the alarms (and with them the capped/corrupt applier).
    this.alarms = new AlarmStore(backend);
    this.kind = applierAfterRestore(this.alarms.get('NONE').map((a) => a.alarm));
  }

  /** Applied entries → the revision they left the store at (the MVCC panel's timeline). */
  readonly history: Array<{ raftIndex: number; revision: number; summary: string }> = [];

  noteApplied(raftIndex: number, summary: string): void {
    this.history.push({ raftIndex, revision: this.kv.rev(), summary });
    if (this.history.length > MVCC_HISTORY_LIMIT) this.history.splice(0, this.history.length - MVCC_HISTORY_LIMIT);
  }

  inspectMvcc(): MvccInspect {
    const all = new Uint8Array([0]);
    const idx = this.kv.treeIndex;
    const keys = idx.keys(all, all, this.kv.rev());
    const views: KeyIndexView[] = [];
    for (const k of keys.slice(0, MVCC_KEYS_LIMIT)) {
      const ki = idx.keyIndex(k);
      if (!ki) continue;
      const v = ki.inspect();
      views.push({ key: fromUtf8(k), modified: v.modified, generations: v.generations });
    }
    return { revision: this.kv.rev(), compactRevision: this.kv.compactRev(), keys: views, totalKeys: keys.length, history: this.history.slice() };
  }

  inspectLeases(): LeasesInspect {
    const leases = this.lessor.list().map((id) => {
      const info = this.lessor.timeToLive(id)!;
      return { id: id.toString(16).padStart(16, '0'), ttlSec: info.ttlSec, remainingSec: info.remainingSec, keys: info.keys.map((k) => fromUtf8(keyBytes(k))) };
    });
    return { primary: this.lessor.isPrimary(), leases };
  }

  /** The header fields every response shares; the revision is the store's. */
  private headerFields(): Omit<ResponseHeader, 'revision'> {
    return { clusterId: this.clusterId, memberId: this.memberId(), raftTerm: this.term };
  }

  header(): ResponseHeader {
    return { ...this.headerFields(), revision: this.kv.rev() };
  }

  currentRevision(): number {
    return this.kv.rev();
  }

  /** The backend file size and the part in use (etcd's dbSize / dbSizeInUse). */
  dbSize(): { sizeBytes: number; inUseBytes: number } {
    const s = this.backend.stats();
    return { sizeBytes: s.sizeBytes, inUseBytes: s.inUseBytes };
  }

  /** etcd keeps leases in the `lease` bucket (leasepb.Lease); a restart re-grants them and re-attaches keys. */
  private restoreLeases(): void {
    this.backend.batchTx().unsafeForEach('lease', (_k, v) => {
      const l = decodeLease(v);
      if (!this.lessor.has(l.ID)) this.lessor.grant(l.ID, l.TTL);
    });
    const all = new Uint8Array([0]);
    for (const kv of this.kv.range({ ...emptyRangeRequest(all), rangeEnd: all }).kvs) {
      if (kv.lease) this.lessor.attach(kv.lease, keyString(kv.key));
    }
  }

  keyCount(): number {
    return this.kv.keyCount();
  }

  /** The treeIndex's size: keyIndexes, revisions held, and a byte estimate (key bytes + object costs). */
  indexMemory(): { treeIndexKeys: number; treeIndexRevisions: number; treeIndexBytes: number } {
    let keys = 0;
    let revs = 0;
    let bytes = 0;
    for (const ki of this.kv.treeIndex.keyIndexes()) {
      keys++;
      bytes += ki.key.length + KEY_INDEX_OVERHEAD_BYTES;
      for (const g of ki.generations) {
        revs += g.revs.length;
        bytes += GENERATION_OVERHEAD_BYTES + g.revs.length * REVISION_BYTES;
      }
    }
    return { treeIndexKeys: keys, treeIndexRevisions: revs, treeIndexBytes: bytes };
  }

  /** Checks etcd's gRPC layer makes before proposing: such requests never use a raft entry. */
  precheck(irr: InternalRaftRequest): EtcdErrorInfo | null {
    try {
      if (irr.put) checkPutRequest(irr.put);
      if (irr.deleteRange) checkDeleteRequest(irr.deleteRange);
      if (irr.txn) {
        checkTxnRequest(irr.txn, this.maxTxnOps);
        checkIntervals(irr.txn.success);
        checkIntervals(irr.txn.failure);
      }
      return null;
    } catch (e) {
      if (e instanceof EtcdServerError) return { code: e.code, message: e.message };
      throw e;
    }
  }

  range(req: RangeRequest, term: number): ClientResult {
    this.term = term;
    return this.guard(() => this.kv.range(req));
  }

  /** Applies one committed entry; returns its request id and the response for the proposer. */
  applyEntry(data: Uint8Array, term: number, index = 0): { id: bigint; result: ClientResult } {
    this.term = term;
    const irr = decodeInternalRaftRequest(data);
    const id = irr.header.ID;
    if (irr.alarm) return { id, result: { ok: true, resp: this.applyAlarm(irr.alarm) } };
    const rejected = applierRejects(this.kind, irr);
    if (rejected) return { id, result: { ok: false, error: rejected } };
    const authResult = this.auth.apply(irr, index, () => this.header());
    if (authResult) return { id, result: authResult };
    const denied = this.auth.checkApply(irr);
    if (denied) return { id, result: { ok: false, error: denied } };
    if (irr.put) return { id, result: this.guard(() => this.kv.put(irr.put!)) };
    if (irr.deleteRange) return { id, result: this.guard(() => this.kv.deleteRange(irr.deleteRange!)) };
    if (irr.txn) return { id, result: this.guard(() => this.kv.txn(irr.txn!)) };
    if (irr.compaction) return { id, result: this.guard(() => this.kv.compact(irr.compaction!)) };
    if (irr.range) return { id, result: this.guard(() => this.kv.range(irr.range!)) };
    if (irr.leaseGrant) {
      const g = irr.leaseGrant;
      return { id, result: this.guard(() => {
        const l = this.lessor.grant(g.ID, g.TTL);
        this.backend.batchTx().unsafePut('lease', leaseKey(l.id), encodeLease({ ID: l.id, TTL: l.ttlSec }));
        this.backend.endWrite();
        return { header: this.header(), ID: l.id, TTL: l.ttlSec, error: '' };
      }) };
    }
    if (irr.leaseRevoke) {
      const leaseId = irr.leaseRevoke.ID;
      return { id, result: this.guard(() => {
        const keys = this.lessor.revoke(leaseId);
        this.backend.batchTx().unsafeDelete('lease', leaseKey(leaseId));
        this.backend.endWrite();
        // All attached keys go in one revision, as etcd's revoke does in one txn.
        if (keys.length) {
          const ops = keys.map((k) => ({ requestDeleteRange: { key: keyBytes(k), rangeEnd: new Uint8Array(0), prevKv: false } }));
          this.kv.txn({ compare: [], success: ops, failure: [] });
        }
        return { header: this.header() };
      }) };
    }
    return { id, result: { ok: false, error: { code: 'Unimplemented', message: 'etcdserver: request not supported by etcdscope yet' } } };
  }

  /** Which applier is installed (capped while NOSPACE is raised, corrupt while CORRUPT is). */
  applierKind(): ApplierKind {
    return this.kind;
  }

  /** etcd's applierV3backend.Alarm: GET lists, ACTIVATE/DEACTIVATE change the store and the applier. */
  private applyAlarm(r: AlarmRequest): AlarmResponse {
    const oldCount = this.alarms.get(r.alarm).length;
    switch (r.action) {
      case 'GET':
        return { alarms: this.alarms.get(r.alarm) };
      case 'ACTIVATE': {
        const m = this.alarms.activate(r.memberID, r.alarm);
        // Only the first alarm of its type swaps the applier.
        if (oldCount === 0 && this.alarms.get(m.alarm).length === 1) this.kind = applierForAlarm(m.alarm) ?? this.kind;
        return { alarms: [m] };
      }
      case 'DEACTIVATE': {
        const m = this.alarms.deactivate(r.memberID, r.alarm);
        if (!m) return { alarms: [] };
        if (oldCount > 0 && this.alarms.get(r.alarm).length === 0 && applierForAlarm(m.alarm)) this.kind = 'backend';
        return { alarms: [m] };
      }
    }
    return { alarms: [] };
  }

  private guard(fn: () => unknown): ClientResult {
    try {
      return { ok: true, resp: fn() };
    } catch (e) {
      if (e instanceof EtcdServerError || e instanceof LeaseError) return { ok: false, error: { code: e.code, message: e.message } };
      throw e;
    }
  }
}

/** Rough JS heap costs of the index's objects (a keyIndex with its tree node, a generation, a {main, sub}). */
const KEY_INDEX_OVERHEAD_BYTES = 96;
const GENERATION_OVERHEAD_BYTES = 48;
const REVISION_BYTES = 32;
