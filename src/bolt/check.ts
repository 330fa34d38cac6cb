// check(db): the consistency rules bbolt's `check` (and the stricter checker in the oracle tools)
// verify, run against the current meta. Returns a list of problems; empty means consistent.
//   - both meta pages validate; the current one fits the file
//   - every page below the high-water mark is exactly one of: meta, freelist, reachable tree page,
//     free, pending (no page both used and free, no page referenced twice, no double free)
//   - tree pages have their own id in their header and are leaf or branch
//   - keys are strictly ascending within each page and across the tree (each child's keys lie in
//     [its branch key, next branch key)), and the branch key is the child's first key
//   - all leaves of a bucket are at the same depth; inline buckets are single leaves without sub-buckets
//   - the persisted freelist page (when there is one and no write tx is open) lists exactly free+pending

import { compareBytes, toHex } from '../lib/bytes';
import type { DB } from './db';
import { readFreelistPage } from './freelist';
import { computeMetaChecksum, validateMeta } from './meta';
import { BUCKET_LEAF_FLAG, Page, dataViewOf, readU64 } from './page';

const MAX_PROBLEMS = 100;

export function check(db: DB): string[] {
  const problems: string[] = [];
  const report = (s: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(s);
  };
  try {
    checkInto(db, report);
  } catch (e) {
    report(`check aborted: ${e instanceof Error ? e.message : String(e)}`);
  }
  return problems;
}

function checkInto(db: DB, report: (s: string) => void): void {
  const ps = db.pageSize;
  const file = db.fileView();
  for (const i of [0, 1]) {
    try {
      const p = new Page(file.subarray(i * ps, (i + 1) * ps));
      validateMeta(p);
      if (p.id !== i) report(`meta page ${i}: header id ${p.id}`);
    } catch (e) {
      const p = new Page(file.subarray(i * ps, (i + 1) * ps));
      report(`meta page ${i} invalid: ${e instanceof Error ? e.message : String(e)} (stored checksum vs ${computeMetaChecksum(p)})`);
    }
  }
  const meta = db.meta();
  const hwm = meta.pgid;
  if (file.length !== hwm * ps) report(`file is ${file.length} bytes, high-water mark says ${hwm * ps}`);

  const owner = new Map<number, string>();
  const claim = (id: number, what: string): void => {
    if (id >= hwm) report(`page ${id} (${what}) at or above the high-water mark ${hwm}`);
    const prev = owner.get(id);
    if (prev !== undefined) report(`page ${id}: multiple references (${prev}; ${what})`);
    else owner.set(id, what);
  };
  claim(0, 'meta');
  claim(1, 'meta');

  const readPage = (id: number): Page | null => {
    if (id < 2 || id >= hwm) {
      report(`reference to page ${id} outside [2, ${hwm})`);
      return null;
    }
    const p = db.pageAt(id);
    if (p.id !== id) report(`page ${id}: header says id ${p.id}`);
    return p;
  };

  if (meta.freelist !== null) {
    const p = readPage(meta.freelist);
    if (p) {
      if (p.type !== 'freelist') report(`page ${meta.freelist}: meta says freelist, page is ${p.type}`);
      for (let k = 0; k <= p.overflow; k++) claim(meta.freelist + k, 'freelist');
    }
  }

  const tc = new TreeChecker(readPage, claim, report);
  tc.checkBucket(meta.root.root, []);

  // The in-memory freelist: free and pending ids.
  const listed = new Map<number, string>();
  const addListed = (id: number, what: string): void => {
    if (listed.has(id)) report(`page ${id}: double free (${listed.get(id)}; ${what})`);
    listed.set(id, what);
    if (id < 2 || id >= hwm) report(`freelist page id ${id} outside [2, ${hwm})`);
  };
  for (const id of db.freelist.freeIds()) addListed(id, 'free');
  for (const [txid, ids] of db.freelist.pendingByTxid()) for (const id of ids) addListed(id, `pending@${txid}`);

  for (let id = 0; id < hwm; id++) {
    const used = owner.get(id);
    const free = listed.get(id);
    if (used !== undefined && free !== undefined) report(`page ${id}: both used (${used}) and ${free}`);
    if (used === undefined && free === undefined) report(`page ${id}: unreachable unfreed`);
  }

  if (meta.freelist !== null && db.openTxCount().writers === 0) {
    try {
      const onPage = readFreelistPage(db.pageAt(meta.freelist));
      const sorted = onPage.every((v, i) => i === 0 || onPage[i - 1]! < v);
      if (!sorted) report('freelist page ids not strictly ascending');
      const mem = db.freelist.copyAll();
      if (onPage.length !== mem.length || onPage.some((v, i) => v !== mem[i])) {
        report(`freelist page lists ${onPage.length} ids, memory has ${mem.length} (free+pending) or they differ`);
      }
    } catch (e) {
      report(`freelist page unreadable: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

class TreeChecker {
  constructor(
    private readonly readPage: (id: number) => Page | null,
    private readonly claim: (id: number, what: string) => void,
    private readonly report: (s: string) => void,
  ) {}

  checkBucket(root: number, path: Uint8Array[]): void {
    const where = pathName(path);
    const leafDepths = new Set<number>();
    this.checkPage(root, path, where, 0, null, null, leafDepths);
    if (leafDepths.size > 1) this.report(`bucket ${where}: leaves at different depths ${[...leafDepths].join(',')}`);
  }

  /** Check the subtree at id; its keys must lie in [lo, hi). */
  private checkPage(
    id: number,
    path: Uint8Array[],
    where: string,
    depth: number,
    lo: Uint8Array | null,
    hi: Uint8Array | null,
    leafDepths: Set<number>,
  ): void {
    const p = this.readPage(id);
    if (p === null) return;
    for (let k = 0; k <= p.overflow; k++) this.claim(id + k, `${p.type} of ${where}`);
    if (!p.isBranch && !p.isLeaf) {
      this.report(`page ${id} of ${where}: invalid page type ${p.type}`);
      return;
    }
    if (p.count === 0 && (p.isBranch || depth > 0)) this.report(`page ${id} of ${where}: empty ${p.type} below the root`);
    this.checkKeys(p, `page ${id} of ${where}`, lo, hi);
    if (p.isBranch) {
      for (let i = 0; i < p.count; i++) {
        const childLo = p.branchKey(i);
        const childHi = i + 1 < p.count ? p.branchKey(i + 1) : hi;
        const child = p.branchPgid(i);
        this.checkPage(child, path, where, depth + 1, childLo, childHi, leafDepths);
        const c = this.readPageQuiet(child);
        if (c && c.count > 0 && (c.isLeaf || c.isBranch) && compareBytes(c.key(0), childLo) !== 0) {
          this.report(`page ${id} of ${where}: branch key ${toHex(childLo)} is not child ${child}'s first key ${toHex(c.key(0))}`);
        }
      }
      return;
    }
    leafDepths.add(depth);
    this.checkLeafBuckets(p, path);
  }

  private readPageQuiet(id: number): Page | null {
    try {
      return this.readPage(id);
    } catch {
      return null;
    }
  }

  private checkKeys(p: Page, what: string, lo: Uint8Array | null, hi: Uint8Array | null): void {
    let prev: Uint8Array | null = null;
    for (let i = 0; i < p.count; i++) {
      const k = p.key(i);
      if (k.length === 0) this.report(`${what}: element ${i} has an empty key`);
      if (prev !== null && compareBytes(prev, k) >= 0) this.report(`${what}: keys out of order at element ${i}`);
      if (lo !== null && compareBytes(k, lo) < 0) this.report(`${what}: key ${toHex(k)} below its branch key ${toHex(lo)}`);
      if (hi !== null && compareBytes(k, hi) >= 0) this.report(`${what}: key ${toHex(k)} not below the next branch key ${toHex(hi)}`);
      prev = k;
    }
  }

  private checkLeafBuckets(p: Page, path: Uint8Array[]): void {
    for (let i = 0; i < p.count; i++) {
      if (!(p.leafFlags(i) & BUCKET_LEAF_FLAG)) continue;
      const name = p.leafKey(i);
      const value = p.leafValue(i);
      const childPath = [...path, name];
      if (value.length < 16) {
        this.report(`bucket ${pathName(childPath)}: header too short (${value.length} bytes)`);
        continue;
      }
      const root = readU64(dataViewOf(value), 0);
      if (root !== 0) {
        this.checkBucket(root, childPath);
        continue;
      }
      const inline = new Page(value.subarray(16));
      const what = `inline bucket ${pathName(childPath)}`;
      if (!inline.isLeaf) {
        this.report(`${what}: page image is ${inline.type}, not leaf`);
        continue;
      }
      if (inline.overflow !== 0) this.report(`${what}: overflow ${inline.overflow}`);
      this.checkKeys(inline, what, null, null);
      for (let j = 0; j < inline.count; j++) {
        if (inline.leafFlags(j) & BUCKET_LEAF_FLAG) this.report(`${what}: holds a sub-bucket (not allowed inline)`);
      }
    }
  }
}

export function pathName(path: readonly Uint8Array[]): string {
  if (path.length === 0) return '<root>';
  return path.map(printable).join('/');
}

function printable(b: Uint8Array): string {
  for (const c of b) if (c < 0x20 || c > 0x7e) return `0x${toHex(b)}`;
  return String.fromCharCode(...b);
}
