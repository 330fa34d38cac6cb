// The B+tree / pages panel's view of a member's db file (protocol PagesInspect / PageDetail), built
// on demand from the backend's bolt inspection and cached until the next commit. It also remembers
// what the last compactions and defrags did to the file's size (before / after page counts).
import type { Backend, BackendStats, DefragResult } from '../backend';
import type { BucketInfo, MetaInfo } from '../bolt';
import { decodeRevision } from '../bolt';

/** bbolt's bucketLeafFlag: a leaf element that is a nested bucket. */
const BUCKET_LEAF_FLAG = 0x01;
import { toHex } from '../lib/bytes';
import { decodeKeyValue } from '../pb/mvccpb';
import {
  PAGE_KINDS,
  type BackendEffect,
  type BucketView,
  type DbSizeView,
  type MetaView,
  type PageDetail,
  type PageItemView,
  type PageKindName,
  type PagesInspect,
} from '../protocol/inspect';

/** How many compaction/defrag effects are kept. */
export const EFFECTS_LIMIT = 8;
/** Items of one page sent to the panel. */
export const PAGE_ITEMS_LIMIT = 512;
/** A compaction's freed pages are free (not pending) once two more commits have happened. */
const COMMITS_TO_SETTLE = 2;

const KIND_INDEX = new Map<PageKindName, number>(PAGE_KINDS.map((k, i) => [k, i]));

export function sizeView(s: BackendStats): DbSizeView {
  return { sizeBytes: s.sizeBytes, inUseBytes: s.inUseBytes, pageCount: s.pageCount, freePages: s.freePages, pendingPages: s.pendingPages, txid: s.txid };
}

export class PagesView {
  private cache: { key: string; view: PagesInspect } | null = null;
  private readonly effects: Array<BackendEffect & { commitsLeft: number }> = [];

  constructor(private readonly backend: Backend) {}

  /** Before the compaction's deletes are applied (committed file state). */
  noteCompaction(revision: number, before: BackendStats): void {
    this.push({ kind: 'compact', revision, before: sizeView(before), after: sizeView(before), settled: false, commitsLeft: COMMITS_TO_SETTLE });
  }

  noteDefrag(r: DefragResult): void {
    this.push({ kind: 'defrag', before: sizeView(r.before), after: sizeView(r.after), settled: true, commitsLeft: 0 });
  }

  /** The host took `n` committed batches: unsettled compactions move toward their final size. */
  onCommits(n: number): void {
    if (n === 0) return;
    const now = sizeView(this.backend.stats());
    for (const e of this.effects) {
      if (e.settled) continue;
      e.after = now;
      e.commitsLeft -= n;
      if (e.commitsLeft <= 0) e.settled = true;
    }
  }

  private push(e: BackendEffect & { commitsLeft: number }): void {
    this.effects.push(e);
    if (this.effects.length > EFFECTS_LIMIT) this.effects.shift();
    this.cache = null;
  }

  inspect(): PagesInspect {
    const stats = this.backend.stats();
    const key = `${stats.txid}:${stats.pageCount}:${stats.freePages}:${stats.pendingPages}:${this.effects.map((e) => `${e.settled}${e.after.txid}`).join()}`;
    if (this.cache?.key === key) return this.cache.view;
    const view = this.build(stats);
    this.cache = { key, view };
    return view;
  }

  private build(stats: BackendStats): PagesInspect {
    const b = this.backend.inspect().bolt;
    const buckets: BucketView[] = [];
    const index = new Map<string, number>();
    const flatten = (info: BucketInfo, parent: number): void => {
      const i = buckets.length;
      buckets.push({ name: info.name, path: info.path, parent, root: info.root, inline: info.inline, keyCount: info.keyCount, pageCount: info.pageCount, levels: info.depth });
      index.set(info.path.join('\u0000'), i);
      for (const c of info.children) flatten(c, i);
    };
    flatten(b.buckets, -1);
    const n = b.pages.length;
    const kinds = new Uint8Array(n);
    const owners = new Uint32Array(n);
    const counts = new Uint32Array(n);
    const overflows = new Uint32Array(n);
    const problems: number[] = [];
    for (const p of b.pages) {
      kinds[p.id] = KIND_INDEX.get(p.type)!;
      counts[p.id] = p.count;
      overflows[p.id] = p.overflow;
      if (p.bucket) owners[p.id] = (index.get(p.bucket.join('\u0000')) ?? -1) + 1;
      if (p.problem) problems.push(p.id);
    }
    return {
      pageSize: b.pageSize,
      size: sizeView(stats),
      kinds,
      owners,
      counts,
      overflows,
      pending: b.freelist.pending,
      metas: [metaView(b.metas[0]), metaView(b.metas[1])],
      buckets,
      commits: b.commits.map((c) => ({ txid: c.txid, written: c.written.map((w) => [w.pgid, w.count] as [number, number]), freed: c.freed, metaPgid: c.metaPgid, highWaterPgid: c.highWaterPgid })),
      effects: this.effects.map(({ commitsLeft: _, ...e }) => ({ ...e })),
      problems,
    };
  }

  /** One page's header and elements; `key` bucket keys decoded as revisions, values as mvccpb.KeyValue. */
  page(pgid: number): PageDetail {
    const view = this.inspect();
    if (!Number.isInteger(pgid) || pgid < 0 || pgid >= view.kinds.length) throw new RangeError(`page ${pgid} is outside the file (0..${view.kinds.length - 1})`);
    const kind = PAGE_KINDS[view.kinds[pgid]!]!;
    const owner = view.owners[pgid]! > 0 ? view.buckets[view.owners[pgid]! - 1]! : null;
    const detail: PageDetail = { id: pgid, kind, flags: 0, count: 0, overflow: 0, bucket: owner ? owner.path : null, items: [], moreItems: 0 };
    if (kind === 'overflow') {
      let first = pgid;
      while (first > 0 && PAGE_KINDS[view.kinds[first]!] === 'overflow') first--;
      detail.overflowOf = first;
    }
    if (kind === 'pending') detail.pendingTxid = view.pending.find((p) => p.ids.includes(pgid))?.txid;
    if (kind === 'meta') detail.meta = view.metas[pgid as 0 | 1] ?? undefined;
    // Free, pending and overflow pages hold stale or continuation bytes: show no elements.
    if (kind === 'free' || kind === 'pending' || kind === 'overflow') return detail;
    const raw = this.backend.inspectPage(pgid, PAGE_ITEMS_LIMIT);
    detail.flags = raw.flags;
    detail.count = raw.count;
    detail.overflow = raw.overflow;
    if (raw.freeIds) detail.freeIds = raw.freeIds;
    const inKeyBucket = owner !== null && owner.path.length === 1 && owner.path[0] === 'key';
    detail.items = raw.items.map((it) => itemView(it, inKeyBucket));
    detail.moreItems = kind === 'branch' || kind === 'leaf' ? Math.max(0, raw.count - raw.items.length) : 0;
    return detail;
  }
}

function itemView(it: { key: Uint8Array; value?: Uint8Array; flags?: number; child?: number }, inKeyBucket: boolean): PageItemView {
  const v: PageItemView = { key: printable(it.key) };
  if (it.child !== undefined) v.child = it.child;
  if (it.value !== undefined) v.valueSize = it.value.length;
  if (it.flags !== undefined && it.flags & BUCKET_LEAF_FLAG) v.bucket = true;
  if (inKeyBucket) {
    try {
      v.revision = decodeRevision(it.key);
    } catch {
      // not a revision: shown as bytes
    }
    if (it.value !== undefined && !v.bucket) {
      try {
        v.userKey = printable(decodeKeyValue(it.value).key);
      } catch {
        // not a KeyValue: size only
      }
    }
  }
  return v;
}

function printable(b: Uint8Array): string {
  for (const c of b) if (c < 0x20 || c > 0x7e) return `0x${toHex(b)}`;
  return String.fromCharCode(...b);
}

function metaView(m: MetaInfo | null): MetaView | null {
  if (m === null) return null;
  return {
    pageId: m.pageId,
    current: m.current,
    txid: m.txid,
    root: m.root.root,
    freelist: m.freelist,
    pgid: m.pgid,
    pageSize: m.pageSize,
    checksum: m.checksum,
    checksumOk: m.checksumOk,
  };
}
