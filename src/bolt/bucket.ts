// Bucket: a B+tree of keys (disk-formats.md §1.7). Its 16-byte header {root, sequence} lives in the
// parent's leaf element (flag 0x01); a small bucket without sub-buckets is stored "inline": root 0 and
// a whole leaf page image right after the header, inside the parent's value.

import { assert } from '../lib/assert';
import { compareBytes, utf8 } from '../lib/bytes';
import { Cursor, type CursorEntry } from './cursor';
import { BoltError } from './errors';
import { Node } from './node';
import { BUCKET_LEAF_FLAG, LEAF_ELEMENT_SIZE, PAGE_HEADER_SIZE, Page, dataViewOf, readU64, writeU64 } from './page';
import type { Tx } from './tx';

export const BUCKET_HEADER_SIZE = 16;
const OFF_ROOT = 0; // u64
const OFF_SEQUENCE = 8; // u64

export const MAX_KEY_SIZE = 32768;
export const MAX_VALUE_SIZE = 0x7ffffffe;
export const DEFAULT_FILL_PERCENT = 0.5;

export type KeyLike = Uint8Array | string;

export function toKey(k: KeyLike): Uint8Array {
  return typeof k === 'string' ? utf8(k) : k;
}

/** Map key for the open-bucket cache (bytes → latin1 string, exact and reversible). */
function nameKey(b: Uint8Array): string {
  if (b.length <= 4096) return String.fromCharCode.apply(null, b as unknown as number[]);
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode.apply(null, b.subarray(i, i + 4096) as unknown as number[]);
  return s;
}

export class Bucket {
  root = 0;
  sequence = 0;
  /** Inline page image (root === 0), pointing into the parent's value. */
  page: Page | null = null;
  /** Materialised root node, once this tx modifies the bucket. */
  rootNode: Node | null = null;
  /** Materialised nodes by the pgid they were read from. */
  nodes = new Map<number, Node>();
  /** Sub-buckets opened in this tx (their changes are written into this bucket at spill). */
  buckets = new Map<string, { name: Uint8Array; bucket: Bucket }>();
  /** How full split pages are left (bbolt's FillPercent; etcd uses 0.9 for sequential inserts). */
  fillPercent = DEFAULT_FILL_PERCENT;

  constructor(readonly tx: Tx) {}

  cursor(): Cursor {
    this.tx.assertOpen();
    return new Cursor(this);
  }

  writable(): boolean {
    return this.tx.writable;
  }

  /** Nested bucket by name, or null. */
  bucket(name: KeyLike): Bucket | null {
    this.tx.assertOpen();
    const key = toKey(name);
    const cached = this.buckets.get(nameKey(key));
    if (cached) return cached.bucket;
    const e = new Cursor(this).seekRaw(key);
    if (e === null || compareBytes(e.key, key) !== 0 || !(e.flags & BUCKET_LEAF_FLAG)) return null;
    const child = this.openBucket(e.value);
    this.buckets.set(nameKey(key), { name: key.slice(), bucket: child });
    return child;
  }

  private openBucket(value: Uint8Array): Bucket {
    const child = new Bucket(this.tx);
    if (value.length < BUCKET_HEADER_SIZE) throw new BoltError('corrupt', 'bucket value shorter than its header');
    const dv = dataViewOf(value);
    child.root = readU64(dv, OFF_ROOT);
    child.sequence = readU64(dv, OFF_SEQUENCE);
    if (child.root === 0) child.page = new Page(value.subarray(BUCKET_HEADER_SIZE));
    return child;
  }

  createBucket(name: KeyLike): Bucket {
    this.tx.assertWritable();
    const key = toKey(name);
    if (key.length === 0) throw new BoltError('bucket-name-required', 'bucket name required');
    if (key.length > MAX_KEY_SIZE) throw new BoltError('key-too-large', 'key too large');
    const c = new Cursor(this);
    const e = c.seekRaw(key);
    if (e !== null && compareBytes(e.key, key) === 0) {
      if (e.flags & BUCKET_LEAF_FLAG) throw new BoltError('bucket-exists', 'bucket already exists');
      throw new BoltError('incompatible-value', 'incompatible value');
    }
    // A new bucket starts inline and empty: header (root 0) + an empty leaf page.
    const value = new Uint8Array(BUCKET_HEADER_SIZE + PAGE_HEADER_SIZE);
    const empty = new Node(this, null);
    empty.isLeaf = true;
    empty.write(new Page(value.subarray(BUCKET_HEADER_SIZE)));
    const k = key.slice();
    c.node().put(k, k, value, 0, BUCKET_LEAF_FLAG);
    // An inline bucket cannot hold sub-buckets: from now on this one is a page tree.
    this.page = null;
    return this.bucket(k)!;
  }

  createBucketIfNotExists(name: KeyLike): Bucket {
    const existing = this.bucket(name);
    return existing ?? this.createBucket(name);
  }

  deleteBucket(name: KeyLike): void {
    this.tx.assertWritable();
    const key = toKey(name);
    const c = new Cursor(this);
    const e = c.seekRaw(key);
    if (e === null || compareBytes(e.key, key) !== 0) throw new BoltError('bucket-not-found', 'bucket not found');
    if (!(e.flags & BUCKET_LEAF_FLAG)) throw new BoltError('incompatible-value', 'incompatible value');
    const child = this.bucket(key)!;
    // Sub-buckets first, so all their pages are freed too.
    const subs: Uint8Array[] = [];
    child.forEachRaw((k, _v, flags) => {
      if (flags & BUCKET_LEAF_FLAG) subs.push(k.slice());
    });
    for (const k of subs) child.deleteBucket(k);
    this.buckets.delete(nameKey(key));
    child.nodes = new Map();
    child.rootNode = null;
    child.free();
    c.node().del(key);
  }

  get(key: KeyLike): Uint8Array | null {
    this.tx.assertOpen();
    const k = toKey(key);
    const e = new Cursor(this).seekRaw(k);
    if (e === null || e.flags & BUCKET_LEAF_FLAG || compareBytes(e.key, k) !== 0) return null;
    return e.value.slice();
  }

  put(key: KeyLike, value: Uint8Array | string): void {
    this.tx.assertWritable();
    const k = toKey(key);
    const v = toKey(value);
    if (k.length === 0) throw new BoltError('key-required', 'key required');
    if (k.length > MAX_KEY_SIZE) throw new BoltError('key-too-large', 'key too large');
    if (v.length > MAX_VALUE_SIZE) throw new BoltError('value-too-large', 'value too large');
    const c = new Cursor(this);
    const e = c.seekRaw(k);
    if (e !== null && compareBytes(e.key, k) === 0 && e.flags & BUCKET_LEAF_FLAG) {
      throw new BoltError('incompatible-value', 'incompatible value');
    }
    const kc = k.slice();
    c.node().put(kc, kc, v.slice(), 0, 0);
  }

  delete(key: KeyLike): void {
    this.tx.assertWritable();
    const k = toKey(key);
    const c = new Cursor(this);
    const e = c.seekRaw(k);
    if (e === null || compareBytes(e.key, k) !== 0) return;
    if (e.flags & BUCKET_LEAF_FLAG) throw new BoltError('incompatible-value', 'incompatible value');
    c.node().del(k);
  }

  setSequence(v: number): void {
    this.tx.assertWritable();
    this.materializeRoot();
    this.sequence = v;
  }

  nextSequence(): number {
    this.tx.assertWritable();
    this.materializeRoot();
    return ++this.sequence;
  }

  /** Every key in order; value null for nested buckets. */
  forEach(fn: (key: Uint8Array, value: Uint8Array | null) => void): void {
    this.tx.assertOpen();
    const c = new Cursor(this);
    for (let e: CursorEntry | null = c.first(); e !== null; e = c.next()) fn(e.key, e.value);
  }

  /** Zero-copy walk (internal: callers must copy what they keep). */
  forEachRaw(fn: (key: Uint8Array, value: Uint8Array, flags: number) => void): void {
    const c = new Cursor(this);
    c.first();
    for (let e = c.keyValue(); e !== null; e = c.nextRaw()) fn(e.key, e.value, e.flags);
  }

  // ---- tree plumbing ----

  private materializeRoot(): void {
    // Bumping the sequence must mark the bucket dirty so its header is rewritten at commit.
    if (this.rootNode === null) this.node(this.root, null);
  }

  /** The page or the materialised node for pgid (exactly one is non-null). */
  pageNode(pgid: number): [Page | null, Node | null] {
    if (this.root === 0) {
      assert(pgid === 0, `inline bucket non-zero page access: ${pgid}`);
      if (this.rootNode !== null) return [null, this.rootNode];
      return [this.page, null];
    }
    const n = this.nodes.get(pgid);
    if (n) return [null, n];
    return [this.tx.page(pgid), null];
  }

  /** Materialise the node for pgid (copy-on-write), attached under parent. */
  node(pgid: number, parent: Node | null): Node {
    const cached = this.nodes.get(pgid);
    if (cached) return cached;
    const n = new Node(this, parent);
    if (parent === null) this.rootNode = n;
    else parent.children.push(n);
    n.read(this.page ?? this.tx.page(pgid));
    this.nodes.set(pgid, n);
    return n;
  }

  /** Every page of this bucket's tree (not of sub-buckets), with its depth. */
  forEachPage(fn: (p: Page, depth: number) => void): void {
    if (this.page !== null) {
      fn(this.page, 0);
      return;
    }
    this.tx.forEachPage(this.root, 0, fn);
  }

  rebalance(): void {
    for (const n of this.nodes.values()) n.rebalance();
    for (const { bucket } of this.buckets.values()) bucket.rebalance();
  }

  /** Write changed sub-buckets into this bucket, then this bucket's dirty nodes to new pages. */
  spill(): void {
    for (const { name, bucket: child } of this.buckets.values()) {
      let value: Uint8Array;
      if (child.inlineable()) {
        child.free();
        value = child.writeInline();
      } else {
        child.spill();
        value = new Uint8Array(BUCKET_HEADER_SIZE);
        const dv = dataViewOf(value);
        writeU64(dv, OFF_ROOT, child.root);
        writeU64(dv, OFF_SEQUENCE, child.sequence);
      }
      // Untouched sub-bucket: its header in this bucket is already right.
      if (child.rootNode === null) continue;
      const c = new Cursor(this);
      const e = c.seekRaw(name);
      assert(e !== null && compareBytes(e.key, name) === 0, 'misplaced bucket header');
      assert(e.flags & BUCKET_LEAF_FLAG, 'unexpected bucket header flag');
      c.node().put(name, name, value, 0, BUCKET_LEAF_FLAG);
    }
    if (this.rootNode === null) return;
    this.rootNode.spill();
    this.rootNode = this.rootNode.root();
    assert(this.rootNode.pgid < this.tx.meta.pgid, 'pgid above high water mark');
    this.root = this.rootNode.pgid;
  }

  /** Small enough, a single leaf, no sub-buckets: store it inside the parent's value. */
  inlineable(): boolean {
    const n = this.rootNode;
    if (n === null || !n.isLeaf) return false;
    let size = PAGE_HEADER_SIZE;
    for (const inode of n.inodes) {
      size += LEAF_ELEMENT_SIZE + inode.key.length + inode.value.length;
      if (inode.flags & BUCKET_LEAF_FLAG) return false;
      if (size > this.tx.pageSize / 4) return false;
    }
    return true;
  }

  /** Header (root 0) + the root leaf serialized as a page image. */
  private writeInline(): Uint8Array {
    const n = this.rootNode!;
    const value = new Uint8Array(BUCKET_HEADER_SIZE + n.size());
    const dv = dataViewOf(value);
    writeU64(dv, OFF_ROOT, this.root);
    writeU64(dv, OFF_SEQUENCE, this.sequence);
    n.write(new Page(value.subarray(BUCKET_HEADER_SIZE)));
    return value;
  }

  /** Free every page of this bucket's tree (pending at this txid); it becomes inline-empty. */
  free(): void {
    if (this.root === 0) return;
    this.forEachPageNode(this.root, (p, n) => {
      if (p !== null) this.tx.freePage(p.id);
      else n!.free();
    });
    this.root = 0;
  }

  private forEachPageNode(pgid: number, fn: (p: Page | null, n: Node | null) => void): void {
    const [p, n] = this.pageNode(pgid);
    fn(p, n);
    if (p !== null) {
      if (p.isBranch) for (let i = 0; i < p.count; i++) this.forEachPageNode(p.branchPgid(i), fn);
    } else if (!n!.isLeaf) {
      for (const inode of n!.inodes) this.forEachPageNode(inode.pgid, fn);
    }
  }
}
