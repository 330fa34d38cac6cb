// Cursor: a path from a bucket's root to a leaf element. Each level is either an on-disk page
// (read-only, zero copy) or a node materialised by this write tx — whichever is current.

import { assert } from '../lib/assert';
import { compareBytes } from '../lib/bytes';
import type { Bucket } from './bucket';
import { BoltError } from './errors';
import { searchInodes, type Node } from './node';
import { BUCKET_LEAF_FLAG, type Page, searchPage } from './page';

interface ElemRef {
  page: Page | null;
  node: Node | null;
  index: number;
}

function refIsLeaf(r: ElemRef): boolean {
  return r.node !== null ? r.node.isLeaf : r.page!.isLeaf;
}
function refCount(r: ElemRef): number {
  return r.node !== null ? r.node.inodes.length : r.page!.count;
}

/** A key and its value; value null means the key names a nested bucket (bbolt's nil value). */
export interface CursorEntry {
  key: Uint8Array;
  value: Uint8Array | null;
}

/** Raw element under the cursor, without copying (internal). */
export interface RawEntry {
  key: Uint8Array;
  value: Uint8Array;
  flags: number;
}

export class Cursor {
  private stack: ElemRef[] = [];

  constructor(readonly bucket: Bucket) {}

  /**
   * Pages on the cursor's current root-to-leaf path, overflow pages included: what a lookup read
   * (a node this write tx materialised counts as the one page it stands for). The read cost the
   * engine comparison reports (src/backend/engineStats.ts).
   */
  pathPages(): number {
    let n = 0;
    for (const r of this.stack) n += r.page !== null ? 1 + r.page.overflow : 1;
    return n;
  }

  first(): CursorEntry | null {
    this.bucket.tx.assertOpen();
    this.stack = [this.rootRef(0)];
    this.goFirst();
    // An empty page can only be the root leaf of an empty bucket.
    if (refCount(this.top()) === 0) return this.publish(this.nextRaw());
    return this.publish(this.keyValue());
  }

  last(): CursorEntry | null {
    this.bucket.tx.assertOpen();
    const root = this.rootRef(0);
    root.index = refCount(root) - 1;
    this.stack = [root];
    this.goLast();
    return this.publish(this.keyValue());
  }

  next(): CursorEntry | null {
    this.bucket.tx.assertOpen();
    return this.publish(this.nextRaw());
  }

  prev(): CursorEntry | null {
    this.bucket.tx.assertOpen();
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const ref = this.stack[i]!;
      if (ref.index > 0) {
        ref.index--;
        this.stack.length = i + 1;
        this.goLast();
        return this.publish(this.keyValue());
      }
    }
    this.stack.length = 0;
    return null;
  }

  /** Position at the first key >= seek. */
  seek(seek: Uint8Array): CursorEntry | null {
    this.bucket.tx.assertOpen();
    let e = this.seekRaw(seek);
    const ref = this.top();
    if (ref.index >= refCount(ref)) e = this.nextRaw();
    return this.publish(e);
  }

  /** Delete the key under the cursor (not a bucket: use deleteBucket). */
  delete(): void {
    const tx = this.bucket.tx;
    tx.assertWritable();
    const e = this.keyValue();
    if (e === null) return;
    if (e.flags & BUCKET_LEAF_FLAG) throw new BoltError('incompatible-value', 'cursor is on a bucket');
    this.node().del(e.key);
  }

  // ---- internal, used by Bucket ----

  /** Descend to the leaf slot where seek is or would be; returns the element there (may be null). */
  seekRaw(seek: Uint8Array): RawEntry | null {
    this.stack = [];
    this.search(seek, this.bucket.root);
    return this.keyValue();
  }

  nextRaw(): RawEntry | null {
    for (;;) {
      let i = this.stack.length - 1;
      for (; i >= 0; i--) {
        const ref = this.stack[i]!;
        if (ref.index < refCount(ref) - 1) {
          ref.index++;
          break;
        }
      }
      if (i === -1) {
        // Past the end: leave the cursor on a slot that reads as nothing.
        const top = this.stack[this.stack.length - 1];
        if (top) top.index = refCount(top);
        return null;
      }
      this.stack.length = i + 1;
      this.goFirst();
      if (refCount(this.top()) === 0) continue;
      return this.keyValue();
    }
  }

  keyValue(): RawEntry | null {
    const ref = this.stack[this.stack.length - 1];
    if (!ref) return null;
    if (refCount(ref) === 0 || ref.index >= refCount(ref)) return null;
    if (ref.node !== null) {
      const inode = ref.node.inodes[ref.index]!;
      return { key: inode.key, value: inode.value, flags: inode.flags };
    }
    const p = ref.page!;
    return { key: p.leafKey(ref.index), value: p.leafValue(ref.index), flags: p.leafFlags(ref.index) };
  }

  /** The leaf node under the cursor, materialising the path from the root (copy-on-write). */
  node(): Node {
    assert(this.stack.length > 0, 'accessing a node with a zero-length cursor stack');
    const top = this.top();
    if (top.node !== null && top.node.isLeaf) return top.node;
    const first = this.stack[0]!;
    let n = first.node ?? this.bucket.node(first.page!.id, null);
    for (let i = 0; i < this.stack.length - 1; i++) {
      assert(!n.isLeaf, 'expected branch node');
      n = n.childAt(this.stack[i]!.index);
    }
    assert(n.isLeaf, 'expected leaf node');
    return n;
  }

  private top(): ElemRef {
    return this.stack[this.stack.length - 1]!;
  }

  private rootRef(index: number): ElemRef {
    const [page, node] = this.bucket.pageNode(this.bucket.root);
    return { page, node, index };
  }

  private childPgid(ref: ElemRef): number {
    return ref.node !== null ? ref.node.inodes[ref.index]!.pgid : ref.page!.branchPgid(ref.index);
  }

  private goFirst(): void {
    for (;;) {
      const ref = this.top();
      if (refIsLeaf(ref)) return;
      const [page, node] = this.bucket.pageNode(this.childPgid(ref));
      this.stack.push({ page, node, index: 0 });
    }
  }

  private goLast(): void {
    for (;;) {
      const ref = this.top();
      if (refIsLeaf(ref)) return;
      const [page, node] = this.bucket.pageNode(this.childPgid(ref));
      const child: ElemRef = { page, node, index: 0 };
      child.index = refCount(child) - 1;
      this.stack.push(child);
    }
  }

  private search(key: Uint8Array, pgid: number): void {
    const [page, node] = this.bucket.pageNode(pgid);
    if (page !== null && !page.isLeaf && !page.isBranch) {
      throw new BoltError('corrupt', `page ${page.id}: invalid page type ${page.type}`);
    }
    const ref: ElemRef = { page, node, index: 0 };
    this.stack.push(ref);
    if (refIsLeaf(ref)) {
      ref.index = node !== null ? searchInodes(node.inodes, key) : searchPage(page!, key, compareBytes);
      return;
    }
    let index: number;
    let exact: boolean;
    if (node !== null) {
      index = searchInodes(node.inodes, key);
      exact = index < node.inodes.length && compareBytes(node.inodes[index]!.key, key) === 0;
    } else {
      index = searchPage(page!, key, compareBytes);
      exact = index < page!.count && compareBytes(page!.branchKey(index), key) === 0;
    }
    // Branch keys are each child's first key: a non-exact hit belongs to the previous child.
    if (!exact && index > 0) index--;
    ref.index = index;
    this.search(key, this.childPgid(ref));
  }

  private publish(e: RawEntry | null): CursorEntry | null {
    if (e === null) return null;
    return { key: e.key.slice(), value: e.flags & BUCKET_LEAF_FLAG ? null : e.value.slice() };
  }
}
