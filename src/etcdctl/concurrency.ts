// clientv3/concurrency over EtcdClient: Session (a lease kept alive), Mutex and Election, with the
// same keys, transactions and wait-for-deletion protocol as etcd 3.4, so that `etcdctl lock` and
// `elect` interoperate with anything else using those recipes.

import {
  CompareResult,
  CompareTarget,
  EventType,
  type KeyValue,
  type RangeRequest,
  type ResponseHeader,
  SortOrder,
  SortTarget,
  emptyRangeRequest,
} from '../etcd/api';
import { EMPTY } from '../lib/bytes';
import { type CallOptions, type EtcdClient, EtcdError, type WatchHandle, unimplemented } from './client';
import { utf8Bytes } from './goFormat';
import { prefixEnd } from './ops';

/** A cancellation signal (Go's context.Context, just the Done part). */
export class Cancel {
  canceled = false;
  private fns: (() => void)[] = [];
  readonly done: Promise<void>;
  private resolve!: () => void;
  constructor() {
    this.done = new Promise((r) => (this.resolve = r));
  }
  cancel(): void {
    if (this.canceled) return;
    this.canceled = true;
    this.resolve();
    for (const f of this.fns.splice(0)) f();
  }
  onCancel(f: () => void): void {
    if (this.canceled) f();
    else this.fns.push(f);
  }
}

export const contextCanceled = () => new EtcdError('Canceled', 'context canceled');

export class Session {
  private ka?: WatchHandle;
  /** Resolves when the lease is gone (expired or revoked). */
  readonly expired: Promise<void>;
  private markExpired!: () => void;

  private constructor(
    readonly client: EtcdClient,
    readonly lease: bigint,
    readonly call: CallOptions,
  ) {
    this.expired = new Promise((r) => (this.markExpired = r));
  }

  static async create(client: EtcdClient, ttl: number, call: CallOptions): Promise<Session> {
    if (!client.leaseGrant || !client.leaseKeepAlive) throw unimplemented('LeaseGrant');
    const g = await client.leaseGrant({ TTL: ttl, ID: 0n }, call);
    const s = new Session(client, g.ID, call);
    s.ka = client.leaseKeepAlive({ ID: g.ID }, (r) => r === null && s.markExpired(), call);
    return s;
  }

  /** Stops the keep-alive (the lease then expires on its own, as when etcdctl exits). */
  abandon(): void {
    this.ka?.cancel();
  }
}

const leaseHexKey = (pfx: string, lease: bigint) => `${pfx}${lease.toString(16)}`;

function prefixRange(pfx: string, extra: Partial<RangeRequest>): RangeRequest {
  const key = utf8Bytes(pfx);
  return { ...emptyRangeRequest(key), rangeEnd: prefixEnd(key), ...extra };
}
/** clientv3.WithFirstCreate / WithLastCreate. */
const firstCreate = (pfx: string) => prefixRange(pfx, { sortTarget: SortTarget.CREATE, sortOrder: SortOrder.ASCEND, limit: 1 });
const lastCreate = (pfx: string, maxCreateRev: number) =>
  prefixRange(pfx, { sortTarget: SortTarget.CREATE, sortOrder: SortOrder.DESCEND, limit: 1, maxCreateRevision: maxCreateRev });

/** Resolves when `key` is deleted (watching from `rev`); rejects with "context canceled". */
function waitDelete(client: EtcdClient, key: Uint8Array, rev: number, ctx: Cancel, call: CallOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!client.watch) return reject(unimplemented('Watch'));
    let h: WatchHandle | undefined = undefined;
    let finished = false;
    const finish = (f: () => void) => {
      if (finished) return;
      finished = true;
      h?.cancel();
      f();
    };
    h = client.watch({ key, rangeEnd: EMPTY, startRevision: rev, prevKv: false }, (r) => {
      if (r.canceled) return finish(() => reject(new EtcdError('Canceled', r.cancelReason || 'lost watcher waiting for delete')));
      if (r.events.some((e) => e.type === EventType.DELETE)) finish(resolve);
    }, call);
    if (finished) h.cancel();
    ctx.onCancel(() => finish(() => reject(contextCanceled())));
  });
}

/** Waits until no key under `pfx` with create revision <= maxCreateRev remains. */
async function waitDeletes(client: EtcdClient, pfx: string, maxCreateRev: number, ctx: Cancel, call: CallOptions): Promise<ResponseHeader> {
  for (;;) {
    if (ctx.canceled) throw contextCanceled();
    const resp = await client.range(lastCreate(pfx, maxCreateRev), call);
    if (resp.kvs.length === 0) return resp.header;
    await waitDelete(client, resp.kvs[0]!.key, resp.header.revision, ctx, call);
  }
}

const createRevIsZero = (key: Uint8Array) => ({ key, rangeEnd: EMPTY, target: CompareTarget.CREATE, result: CompareResult.EQUAL, createRevision: 0 });
const putOp = (key: Uint8Array, value: Uint8Array, lease: bigint) => ({ requestPut: { key, value, lease, prevKv: false, ignoreValue: false, ignoreLease: false } });

export class Mutex {
  readonly pfx: string;
  myKey = '';
  myRev = -1;
  /** The revision of the response that granted the lock (ETCD_LOCK_REV). */
  headerRev = 0;
  constructor(private readonly s: Session, name: string) {
    this.pfx = name + '/';
  }

  async lock(ctx: Cancel): Promise<void> {
    const { client, call } = this.s;
    this.myKey = leaseHexKey(this.pfx, this.s.lease);
    const k = utf8Bytes(this.myKey);
    const owner = { requestRange: firstCreate(this.pfx) };
    const resp = await client.txn(
      { compare: [createRevIsZero(k)], success: [putOp(k, EMPTY, this.s.lease), owner], failure: [{ requestRange: emptyRangeRequest(k) }, owner] },
      call,
    );
    this.myRev = resp.header.revision;
    const rr = (i: number) => (resp.responses[i] as { responseRange: { kvs: KeyValue[] } }).responseRange;
    if (!resp.succeeded) this.myRev = rr(0).kvs[0]!.createRevision;
    const ownerKvs = rr(1).kvs;
    this.headerRev = resp.header.revision;
    if (ownerKvs.length === 0 || ownerKvs[0]!.createRevision === this.myRev) return;
    try {
      this.headerRev = (await waitDeletes(client, this.pfx, this.myRev - 1, ctx, call)).revision;
    } catch (e) {
      await this.unlock();
      throw e;
    }
  }

  async unlock(): Promise<void> {
    await this.s.client.deleteRange({ key: utf8Bytes(this.myKey), rangeEnd: EMPTY, prevKv: false }, this.s.call);
    this.myKey = '\0';
    this.myRev = -1;
  }
}

export class Election {
  readonly keyPrefix: string;
  leaderKey = '';
  leaderRev = 0;
  constructor(private readonly s: Session, name: string) {
    this.keyPrefix = name + '/';
  }

  async campaign(val: string, ctx: Cancel): Promise<void> {
    const { client, call } = this.s;
    const k = leaseHexKey(this.keyPrefix, this.s.lease);
    const kb = utf8Bytes(k);
    const resp = await client.txn({ compare: [createRevIsZero(kb)], success: [putOp(kb, utf8Bytes(val), this.s.lease)], failure: [{ requestRange: emptyRangeRequest(kb) }] }, call);
    this.leaderKey = k;
    this.leaderRev = resp.header.revision;
    if (!resp.succeeded) {
      const kv = (resp.responses[0] as { responseRange: { kvs: KeyValue[] } }).responseRange.kvs[0]!;
      this.leaderRev = kv.createRevision;
    }
    try {
      await waitDeletes(client, this.keyPrefix, this.leaderRev - 1, ctx, call);
    } catch (e) {
      if (ctx.canceled) await this.resign();
      throw e;
    }
  }

  async resign(): Promise<void> {
    if (!this.leaderKey) return;
    const kb = utf8Bytes(this.leaderKey);
    await this.s.client.txn(
      { compare: [{ key: kb, rangeEnd: EMPTY, target: CompareTarget.CREATE, result: CompareResult.EQUAL, createRevision: this.leaderRev }], success: [{ requestDeleteRange: { key: kb, rangeEnd: EMPTY, prevKv: false } }], failure: [] },
      this.s.call,
    );
    this.leaderKey = '';
  }

  /** Election.Observe: calls `onLeader` with the leader's key-value each time it changes, until canceled. */
  async observe(onLeader: (kv: KeyValue, header: ResponseHeader) => void, ctx: Cancel): Promise<void> {
    const { client, call } = this.s;
    if (!client.watch) throw unimplemented('Watch');
    while (!ctx.canceled) {
      const resp = await client.range(firstCreate(this.keyPrefix), call);
      let kv: KeyValue;
      let hdr: ResponseHeader;
      if (resp.kvs.length === 0) {
        // wait for the first put under the prefix
        [kv, hdr] = await new Promise<[KeyValue, ResponseHeader]>((resolve, reject) => {
          const p = utf8Bytes(this.keyPrefix);
          const h = client.watch!({ key: p, rangeEnd: prefixEnd(p), startRevision: resp.header.revision, prevKv: false }, (r) => {
            const ev = r.events.find((e) => e.type === EventType.PUT);
            if (ev) {
              h.cancel();
              resolve([ev.kv, { ...r.header, revision: ev.kv.modRevision }]);
            }
          }, call);
          ctx.onCancel(() => {
            h.cancel();
            reject(contextCanceled());
          });
        });
      } else {
        kv = resp.kvs[0]!;
        hdr = resp.header;
      }
      onLeader(kv, hdr);
      // follow the leader key until it is deleted
      await new Promise<void>((resolve, reject) => {
        const h = client.watch!({ key: kv.key, rangeEnd: EMPTY, startRevision: hdr.revision + 1, prevKv: false }, (r) => {
          for (const ev of r.events) {
            if (ev.type === EventType.DELETE) {
              h.cancel();
              return resolve();
            }
            onLeader(ev.kv, r.header);
          }
        }, call);
        ctx.onCancel(() => {
          h.cancel();
          reject(contextCanceled());
        });
      });
    }
  }
}
