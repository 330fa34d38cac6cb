// Read-only walk over every bucket tree reachable from a meta: used to rebuild the freelist of a
// file that has none (etcd on Linux: NoFreelistSync), by check() and by the inspector.
// It reads raw pages only, never nodes, so it sees exactly what is on "disk".

import { BoltError } from './errors';
import { BUCKET_LEAF_FLAG, Page, dataViewOf, readU64 } from './page';

export interface WalkVisitor {
  /** A page of a bucket tree (root bucket path = []). Return false to not descend into it. */
  page?(p: Page, path: readonly Uint8Array[], depth: number, parent: { pgid: number; index: number } | null): boolean | void;
  /** An inline bucket found under path (its page image lives inside the parent's value). */
  inline?(p: Page, path: readonly Uint8Array[]): void;
  /** A bucket (path = its full name path) with its header. */
  bucket?(path: readonly Uint8Array[], root: number, sequence: number): void;
}

export function walkBuckets(readPage: (id: number) => Page, rootPgid: number, v: WalkVisitor): void {
  walkTree(readPage, rootPgid, [], v, new Set());
}

function walkTree(readPage: (id: number) => Page, pgid: number, path: Uint8Array[], v: WalkVisitor, onStack: Set<number>): void {
  const walkPage = (id: number, depth: number, parent: { pgid: number; index: number } | null): void => {
    // A cycle would recurse forever on a corrupt file; check() reports it, we just stop.
    if (onStack.has(id)) return;
    const p = readPage(id);
    if (v.page && v.page(p, path, depth, parent) === false) return;
    onStack.add(id);
    try {
      if (p.isBranch) {
        for (let i = 0; i < p.count; i++) walkPage(p.branchPgid(i), depth + 1, { pgid: id, index: i });
      } else if (p.isLeaf) {
        walkLeafBuckets(readPage, p, path, v, onStack);
      }
    } finally {
      onStack.delete(id);
    }
  };
  walkPage(pgid, 0, null);
}

function walkLeafBuckets(readPage: (id: number) => Page, p: Page, path: Uint8Array[], v: WalkVisitor, onStack: Set<number>): void {
  for (let i = 0; i < p.count; i++) {
    if (!(p.leafFlags(i) & BUCKET_LEAF_FLAG)) continue;
    const name = p.leafKey(i);
    const value = p.leafValue(i);
    if (value.length < 16) throw new BoltError('corrupt', `bucket header too short under page ${p.id}`);
    const dv = dataViewOf(value);
    const root = readU64(dv, 0);
    const seq = dv.getUint32(8, true) + dv.getUint32(12, true) * 0x1_0000_0000;
    const childPath = [...path, name];
    v.bucket?.(childPath, root, seq);
    if (root === 0) {
      const inline = new Page(value.subarray(16));
      v.inline?.(inline, childPath);
      if (inline.isLeaf) walkLeafBuckets(readPage, inline, childPath, v, onStack);
    } else {
      walkTree(readPage, root, childPath, v, onStack);
    }
  }
}
