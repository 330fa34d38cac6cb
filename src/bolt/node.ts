// In-memory node: a page materialised for modification inside a write tx (copy-on-write).
// Commit rebalances nodes that lost keys, then spills them: split into page-sized pieces,
// free the old page(s) (pending at this txid), allocate new ones and write the bytes there.

import { assert } from '../lib/assert';
import { EMPTY, compareBytes } from '../lib/bytes';
import type { Bucket } from './bucket';
import {
  BRANCH_ELEMENT_SIZE,
  BRANCH_PAGE_FLAG,
  LEAF_ELEMENT_SIZE,
  LEAF_PAGE_FLAG,
  MAX_COUNT,
  PAGE_HEADER_SIZE,
  type Page,
} from './page';

/** One element of a node: a key/value (leaf) or a key/child pgid (branch). */
export interface Inode {
  flags: number;
  pgid: number;
  key: Uint8Array;
  value: Uint8Array;
}

/** First index whose key is >= key (inodes.length when none). */
export function searchInodes(inodes: readonly Inode[], key: Uint8Array): number {
  let lo = 0;
  let hi = inodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(inodes[mid]!.key, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Node {
  isLeaf = false;
  /** Set by a delete: the node may now be too small and is looked at by rebalance. */
  unbalanced = false;
  spilled = false;
  /** First key when read from its page: how the parent still finds this node until the next spill. */
  key: Uint8Array | null = null;
  /** Page this node was read from / written to; 0 = not on disk yet. */
  pgid = 0;
  children: Node[] = [];
  inodes: Inode[] = [];

  constructor(
    readonly bucket: Bucket,
    public parent: Node | null,
  ) {}

  root(): Node {
    return this.parent === null ? this : this.parent.root();
  }

  minKeys(): number {
    return this.isLeaf ? 1 : 2;
  }

  /** Serialized size: page header, element headers, key and value bytes. */
  size(): number {
    const elsz = this.isLeaf ? LEAF_ELEMENT_SIZE : BRANCH_ELEMENT_SIZE;
    let sz = PAGE_HEADER_SIZE;
    for (const n of this.inodes) sz += elsz + n.key.length + n.value.length;
    return sz;
  }

  /** Size of the elements from start on is < v, stopping early: used on the hot split path. */
  sizeLessThan(v: number, start = 0): boolean {
    const elsz = this.isLeaf ? LEAF_ELEMENT_SIZE : BRANCH_ELEMENT_SIZE;
    let sz = PAGE_HEADER_SIZE;
    for (let i = start; i < this.inodes.length; i++) {
      const n = this.inodes[i]!;
      sz += elsz + n.key.length + n.value.length;
      if (sz >= v) return false;
    }
    return true;
  }

  childAt(index: number): Node {
    assert(!this.isLeaf, `childAt(${index}) on a leaf`);
    return this.bucket.node(this.inodes[index]!.pgid, this);
  }

  childIndex(child: Node): number {
    return searchInodes(this.inodes, child.key ?? EMPTY);
  }

  nextSibling(): Node | null {
    if (this.parent === null) return null;
    const i = this.parent.childIndex(this);
    if (i >= this.parent.inodes.length - 1) return null;
    return this.parent.childAt(i + 1);
  }

  prevSibling(): Node | null {
    if (this.parent === null) return null;
    const i = this.parent.childIndex(this);
    if (i === 0) return null;
    return this.parent.childAt(i - 1);
  }

  /** Insert or replace the element found by oldKey with (newKey, value/pgid, flags). */
  put(oldKey: Uint8Array, newKey: Uint8Array, value: Uint8Array, pgid: number, flags: number): void {
    assert(oldKey.length > 0 && newKey.length > 0, 'put: zero-length key');
    const i = searchInodes(this.inodes, oldKey);
    const exact = i < this.inodes.length && compareBytes(this.inodes[i]!.key, oldKey) === 0;
    if (exact) {
      const inode = this.inodes[i]!;
      inode.flags = flags;
      inode.key = newKey;
      inode.value = value;
      inode.pgid = pgid;
    } else {
      this.inodes.splice(i, 0, { flags, key: newKey, value, pgid });
    }
  }

  del(key: Uint8Array): void {
    const i = searchInodes(this.inodes, key);
    if (i >= this.inodes.length || compareBytes(this.inodes[i]!.key, key) !== 0) return;
    this.inodes.splice(i, 1);
    this.unbalanced = true;
  }

  read(p: Page): void {
    this.pgid = p.id;
    this.isLeaf = p.isLeaf;
    const n = p.count;
    const inodes: Inode[] = new Array(n);
    if (this.isLeaf) {
      for (let i = 0; i < n; i++) inodes[i] = { flags: p.leafFlags(i), pgid: 0, key: p.leafKey(i), value: p.leafValue(i) };
    } else {
      for (let i = 0; i < n; i++) inodes[i] = { flags: 0, pgid: p.branchPgid(i), key: p.branchKey(i), value: EMPTY };
    }
    this.inodes = inodes;
    this.key = n > 0 ? inodes[0]!.key : null;
  }

  /** Serialize into p (header flags/count, element headers, then packed keys and values). */
  write(p: Page): void {
    p.flags = this.isLeaf ? LEAF_PAGE_FLAG : BRANCH_PAGE_FLAG;
    assert(this.inodes.length < MAX_COUNT, `inode overflow: ${this.inodes.length} (pgid=${p.id})`);
    p.count = this.inodes.length;
    if (this.inodes.length === 0) return;
    const elsz = this.isLeaf ? LEAF_ELEMENT_SIZE : BRANCH_ELEMENT_SIZE;
    let pos = PAGE_HEADER_SIZE + elsz * this.inodes.length;
    for (let i = 0; i < this.inodes.length; i++) {
      const item = this.inodes[i]!;
      if (this.isLeaf) p.writeLeafElement(i, pos, item.flags, item.key.length, item.value.length);
      else p.writeBranchElement(i, pos, item.key.length, item.pgid);
      p.bytes.set(item.key, pos);
      pos += item.key.length;
      p.bytes.set(item.value, pos);
      pos += item.value.length;
    }
  }

  /**
   * Break into nodes that each fit a page (at the bucket's fill percent); [this] when it fits.
   * Same cut points as splitting off one piece at a time, but one pass: no quadratic re-slicing
   * when a node gathered thousands of inserts in one tx.
   */
  split(pageSize: number): Node[] {
    const all = this.inodes;
    const fill = Math.min(1, Math.max(0.1, this.bucket.fillPercent));
    const threshold = Math.floor(pageSize * fill);
    const cuts: number[] = [];
    let start = 0;
    // Keep the rest whole when too few elements to leave minKeys on each side, or when it fits.
    while (all.length - start > this.minKeys() * 2 && !this.sizeLessThan(pageSize, start)) {
      start = this.splitIndex(threshold, start);
      cuts.push(start);
    }
    if (cuts.length === 0) return [this];
    if (this.parent === null) {
      this.parent = new Node(this.bucket, null);
      this.parent.children.push(this);
    }
    const nodes: Node[] = [this];
    this.inodes = all.slice(0, cuts[0]);
    for (let i = 0; i < cuts.length; i++) {
      const next = new Node(this.bucket, this.parent);
      next.isLeaf = this.isLeaf;
      next.inodes = all.slice(cuts[i], i + 1 < cuts.length ? cuts[i + 1] : all.length);
      this.parent.children.push(next);
      nodes.push(next);
    }
    return nodes;
  }

  /**
   * Split point for the elements from start on: the first index (>= minKeys into the piece,
   * leaving >= minKeys after it) where the piece would pass threshold.
   */
  private splitIndex(threshold: number, start: number): number {
    const elsz = this.isLeaf ? LEAF_ELEMENT_SIZE : BRANCH_ELEMENT_SIZE;
    const min = this.minKeys();
    let sz = PAGE_HEADER_SIZE;
    let index = start;
    for (let i = start; i < this.inodes.length - min; i++) {
      index = i;
      const inode = this.inodes[i]!;
      const elsize = elsz + inode.key.length + inode.value.length;
      if (i - start >= min && sz + elsize > threshold) break;
      sz += elsize;
    }
    return index;
  }

  /** Write this subtree to newly allocated pages, children first (bottom-up). */
  spill(): void {
    if (this.spilled) return;
    const tx = this.bucket.tx;
    const pageSize = tx.pageSize;
    // Children can grow siblings while they split, so re-read the length every turn.
    this.children.sort((a, b) => compareBytes(a.inodes[0]!.key, b.inodes[0]!.key));
    for (let i = 0; i < this.children.length; i++) this.children[i]!.spill();
    this.children = [];

    for (const node of this.split(pageSize)) {
      if (node.pgid > 0) {
        tx.freePage(node.pgid);
        node.pgid = 0;
      }
      const p = tx.allocate(Math.ceil(node.size() / pageSize));
      node.pgid = p.id;
      node.write(p);
      node.spilled = true;
      if (node.parent !== null) {
        const first = node.inodes[0]!.key;
        node.parent.put(node.key ?? first, first, EMPTY, node.pgid, 0);
        node.key = first;
      }
    }
    // A split root grew a brand-new parent: spill it too.
    if (this.parent !== null && this.parent.pgid === 0) {
      this.children = [];
      this.parent.spill();
    }
  }

  /** Merge a node that became too small into a sibling; remove empty nodes; collapse a one-child root. */
  rebalance(): void {
    if (!this.unbalanced) return;
    this.unbalanced = false;
    const bucket = this.bucket;
    const threshold = bucket.tx.pageSize / 4;
    if (this.size() > threshold && this.inodes.length > this.minKeys()) return;

    if (this.parent === null) {
      if (!this.isLeaf && this.inodes.length === 1) {
        const child = bucket.node(this.inodes[0]!.pgid, this);
        this.isLeaf = child.isLeaf;
        this.inodes = child.inodes;
        this.children = child.children;
        for (const inode of this.inodes) {
          const c = materialized(bucket, inode.pgid);
          if (c) c.parent = this;
        }
        child.parent = null;
        bucket.nodes.delete(child.pgid);
        child.free();
      }
      return;
    }

    const parent = this.parent;
    if (this.inodes.length === 0) {
      parent.del(this.key ?? EMPTY);
      parent.removeChild(this);
      bucket.nodes.delete(this.pgid);
      this.free();
      parent.rebalance();
      return;
    }

    assert(parent.inodes.length > 1, 'parent must have at least 2 children');
    if (parent.childIndex(this) === 0) {
      const target = this.nextSibling()!;
      for (const inode of target.inodes) {
        const c = materialized(bucket, inode.pgid);
        if (c) {
          c.parent!.removeChild(c);
          c.parent = this;
          this.children.push(c);
        }
      }
      this.inodes = this.inodes.concat(target.inodes);
      parent.del(target.key ?? EMPTY);
      parent.removeChild(target);
      bucket.nodes.delete(target.pgid);
      target.free();
    } else {
      const target = this.prevSibling()!;
      for (const inode of this.inodes) {
        const c = materialized(bucket, inode.pgid);
        if (c) {
          c.parent!.removeChild(c);
          c.parent = target;
          target.children.push(c);
        }
      }
      target.inodes = target.inodes.concat(this.inodes);
      parent.del(this.key ?? EMPTY);
      parent.removeChild(this);
      bucket.nodes.delete(this.pgid);
      this.free();
    }
    parent.rebalance();
  }

  removeChild(target: Node): void {
    const i = this.children.indexOf(target);
    if (i >= 0) this.children.splice(i, 1);
  }

  /** Return this node's page to the freelist (pending at the current txid). */
  free(): void {
    if (this.pgid !== 0) {
      this.bucket.tx.freePage(this.pgid);
      this.pgid = 0;
    }
  }
}

/** The node already materialised for a child pgid (leaf inodes carry pgid 0: never a child). */
function materialized(bucket: Bucket, pgid: number): Node | undefined {
  return pgid === 0 ? undefined : bucket.nodes.get(pgid);
}
