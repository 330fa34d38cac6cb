// Inspection API for the UI: plain, structured-clone-safe snapshots of the committed state —
// the page map, the bucket tree, both metas, the freelist, and what recent commits wrote
// (copy-on-write footprints). Never hands out live objects.

import { toHex } from '../lib/bytes';
import type { Bucket } from './bucket';
import { pathName } from './check';
import type { CommitRecord, DB, DBStats } from './db';
import { readFreelistPage } from './freelist';
import { type Meta, computeMetaChecksum } from './meta';
import { BUCKET_LEAF_FLAG, FREELIST_PAGE_FLAG, Page } from './page';
import { walkBuckets } from './walk';

export type PageKind = 'meta' | 'freelist' | 'branch' | 'leaf' | 'overflow' | 'free' | 'pending';

export interface PageInfo {
  id: number;
  type: PageKind;
  /** Elements on a branch/leaf page, ids on a freelist page, else 0. */
  count: number;
  /** Extra pages of this node (on its first page); 0 elsewhere. */
  overflow: number;
  /** Owning bucket as a name path ([] = the root bucket), for tree pages and their overflow pages. */
  bucket: string[] | null;
  /** Depth in its bucket's tree (0 = the bucket's root page). */
  depth?: number;
  /** For 'overflow': the first page of the node it continues. */
  overflowOf?: number;
  /** For 'pending': the txid that freed it. */
  pendingTxid?: number;
  /** Set when the page fits no category (check() reports it too). */
  problem?: string;
}

export interface MetaInfo extends Meta {
  pageId: 0 | 1;
  current: boolean;
  checksumOk: boolean;
}

export interface BucketInfo {
  /** Display name (UTF-8 when printable, else 0x-hex). */
  name: string;
  nameHex: string;
  path: string[];
  root: number;
  inline: boolean;
  sequence: number;
  keyCount: number;
  pageCount: number;
  depth: number;
  children: BucketInfo[];
}

export interface FreelistInfo {
  free: number[];
  pending: Array<{ txid: number; ids: number[] }>;
  /** pgid of the persisted freelist page, null when none (NoFreelistSync). */
  pagePgid: number | null;
  /** Ids on the persisted page (free + pending at the last commit). */
  pageIds: number[] | null;
}

export interface DbInspection {
  pageSize: number;
  stats: DBStats;
  metas: [MetaInfo | null, MetaInfo | null];
  pages: PageInfo[];
  buckets: BucketInfo;
  freelist: FreelistInfo;
  commits: CommitRecord[];
}

export function inspect(db: DB): DbInspection {
  return {
    pageSize: db.pageSize,
    stats: db.stats(),
    metas: inspectMetas(db),
    pages: inspectPages(db),
    buckets: inspectBuckets(db),
    freelist: inspectFreelist(db),
    commits: inspectCommits(db),
  };
}

export function inspectMetas(db: DB): [MetaInfo | null, MetaInfo | null] {
  const cur = db.meta();
  const out: [MetaInfo | null, MetaInfo | null] = [null, null];
  const metas = db.metaPages();
  for (const i of [0, 1] as const) {
    const m = metas[i];
    if (m === null) continue;
    const p = db.pageAt(i);
    out[i] = { ...m, root: { ...m.root }, pageId: i, current: m.txid === cur.txid, checksumOk: computeMetaChecksum(p) === m.checksum };
  }
  return out;
}

export function inspectFreelist(db: DB): FreelistInfo {
  const meta = db.meta();
  let pageIds: number[] | null = null;
  if (meta.freelist !== null) {
    try {
      pageIds = readFreelistPage(db.pageAt(meta.freelist));
    } catch {
      pageIds = null;
    }
  }
  return {
    free: [...db.freelist.freeIds()],
    pending: [...db.freelist.pendingByTxid()].map(([txid, ids]) => ({ txid, ids: [...ids].sort((a, b) => a - b) })),
    pagePgid: meta.freelist,
    pageIds,
  };
}

export function inspectCommits(db: DB): CommitRecord[] {
  return db.recentCommits().map((c) => ({ ...c, written: c.written.map((w) => ({ ...w })), freed: [...c.freed] }));
}

export function inspectPages(db: DB): PageInfo[] {
  const meta = db.meta();
  const hwm = meta.pgid;
  const pages: Array<PageInfo | undefined> = new Array(hwm);
  pages[0] = { id: 0, type: 'meta', count: 0, overflow: 0, bucket: null };
  if (hwm > 1) pages[1] = { id: 1, type: 'meta', count: 0, overflow: 0, bucket: null };
  const claimRun = (p: Page, id: number, info: PageInfo): void => {
    pages[id] = info;
    for (let k = 1; k <= p.overflow && id + k < hwm; k++) {
      pages[id + k] = { id: id + k, type: 'overflow', count: 0, overflow: 0, bucket: info.bucket, overflowOf: id };
    }
  };
  if (meta.freelist !== null && meta.freelist < hwm) {
    const p = db.pageAt(meta.freelist);
    claimRun(p, meta.freelist, { id: meta.freelist, type: 'freelist', count: p.count, overflow: p.overflow, bucket: null });
  }
  walkBuckets((id) => db.pageAt(id), meta.root.root, {
    page: (p, path, depth) => {
      const id = p.id;
      if (id >= hwm || pages[id] !== undefined) return false;
      const type: PageKind = p.isBranch ? 'branch' : 'leaf';
      claimRun(p, id, { id, type, count: p.count, overflow: p.overflow, bucket: path.map(displayName), depth });
      return true;
    },
  });
  for (const id of db.freelist.freeIds()) if (id < hwm) pages[id] = { id, type: 'free', count: 0, overflow: 0, bucket: null };
  for (const [txid, ids] of db.freelist.pendingByTxid()) {
    for (const id of ids) if (id < hwm) pages[id] = { id, type: 'pending', count: 0, overflow: 0, bucket: null, pendingTxid: txid };
  }
  const out: PageInfo[] = [];
  for (let id = 0; id < hwm; id++) {
    out.push(pages[id] ?? { id, type: 'free', count: 0, overflow: 0, bucket: null, problem: 'unreachable and not in the freelist' });
  }
  return out;
}

export function inspectBuckets(db: DB): BucketInfo {
  return db.view((tx) => describeBucket(tx.root, [], [], 'root'));
}

function describeBucket(b: Bucket, path: string[], raw: Uint8Array[], name: string): BucketInfo {
  const children: BucketInfo[] = [];
  let keyCount = 0;
  const subs: Uint8Array[] = [];
  b.forEachRaw((k, _v, flags) => {
    if (flags & BUCKET_LEAF_FLAG) subs.push(k.slice());
    else keyCount++;
  });
  for (const k of subs) {
    const dn = displayName(k);
    children.push(describeBucket(b.bucket(k)!, [...path, dn], [...raw, k], dn));
  }
  let pageCount = 0;
  let depth = 0;
  if (b.root !== 0) {
    b.forEachPage((p, d) => {
      pageCount += p.overflow + 1;
      depth = Math.max(depth, d + 1);
    });
  }
  return {
    name: raw.length === 0 ? '<root>' : name,
    nameHex: raw.length === 0 ? '' : toHex(raw[raw.length - 1]!),
    path,
    root: b.root,
    inline: b.root === 0,
    sequence: b.sequence,
    keyCount,
    pageCount,
    depth,
    children,
  };
}

function displayName(b: Uint8Array): string {
  return pathName([b]);
}

/** One page's header and elements, raw (the UI decodes keys it knows, e.g. etcd revisions). */
export interface PageElements {
  id: number;
  flags: number;
  count: number;
  overflow: number;
  /** Branch: key + child; leaf: key + value + flags (BUCKET_LEAF_FLAG = nested bucket). */
  items: Array<{ key: Uint8Array; value?: Uint8Array; flags?: number; child?: number }>;
  /** Freelist page: the ids it lists. */
  freeIds?: number[];
}

/**
 * Reads page `id` of the committed file. Items past `limit` are left out (count says how many
 * there are). Only meaningful for branch/leaf/freelist pages; others get their header only.
 */
export function inspectPage(db: DB, id: number, limit = 512): PageElements {
  const hwm = db.meta().pgid;
  if (!Number.isInteger(id) || id < 0 || id >= hwm) throw new RangeError(`page ${id} is outside the file (0..${hwm - 1})`);
  const head = new Page(db.fileView().subarray(id * db.pageSize, (id + 1) * db.pageSize));
  const out: PageElements = { id, flags: head.flags, count: head.count, overflow: head.overflow, items: [] };
  if (!head.isBranch && !head.isLeaf && !(head.flags & FREELIST_PAGE_FLAG)) return out;
  if (head.overflow > 0 && (id + head.overflow) >= hwm) return out;
  const p = db.pageAt(id);
  if (p.flags & FREELIST_PAGE_FLAG) {
    try {
      out.freeIds = readFreelistPage(p).slice(0, limit);
    } catch {
      out.freeIds = [];
    }
    return out;
  }
  const n = Math.min(p.count, limit);
  for (let i = 0; i < n; i++) {
    if (p.isBranch) out.items.push({ key: p.branchKey(i).slice(), child: p.branchPgid(i) });
    else out.items.push({ key: p.leafKey(i).slice(), value: p.leafValue(i).slice(), flags: p.leafFlags(i) });
  }
  return out;
}
