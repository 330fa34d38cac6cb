// What etcd's apply layer does to a range result after reading the index (etcdserver/apply.go
// Range): min/max revision filters, sorting, and the limit that sets `more`.

import { type KeyValue, type RangeRequest, SortOrder, SortTarget } from '../etcd/api';
import { compareBytes } from '../lib/bytes';

/**
 * An explicit sort order or a revision filter needs the whole range before the limit applies.
 * Note the etcd quirk this keeps: a sort target with order NONE (what etcdctl sends for
 * `--sort-by=X` without `--order`) takes the first `limit` keys by key, then sorts only those.
 */
export function needsFullRange(r: RangeRequest): boolean {
  return (
    r.sortOrder !== SortOrder.NONE ||
    r.minModRevision !== 0 ||
    r.maxModRevision !== 0 ||
    r.minCreateRevision !== 0 ||
    r.maxCreateRevision !== 0
  );
}

export function pruneKvs(r: RangeRequest, kvs: KeyValue[]): KeyValue[] {
  return kvs.filter(
    (kv) =>
      !(r.maxModRevision !== 0 && kv.modRevision > r.maxModRevision) &&
      !(r.minModRevision !== 0 && kv.modRevision < r.minModRevision) &&
      !(r.maxCreateRevision !== 0 && kv.createRevision > r.maxCreateRevision) &&
      !(r.minCreateRevision !== 0 && kv.createRevision < r.minCreateRevision),
  );
}

const num = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);

function comparator(target: SortTarget): (a: KeyValue, b: KeyValue) => number {
  switch (target) {
    case SortTarget.KEY:
      return (a, b) => compareBytes(a.key, b.key);
    case SortTarget.VERSION:
      return (a, b) => num(a.version, b.version);
    case SortTarget.CREATE:
      return (a, b) => num(a.createRevision, b.createRevision);
    case SortTarget.MOD:
      return (a, b) => num(a.modRevision, b.modRevision);
    case SortTarget.VALUE:
      return (a, b) => compareBytes(a.value, b.value);
  }
}

/**
 * Sorts in place. The index returns keys in ascending order, so NONE with target KEY is already
 * sorted; any other target without an order means ASCEND (etcd's default). Ties keep key order:
 * the sort is stable and a descending sort only flips the comparison.
 */
export function sortKvs(r: RangeRequest, kvs: KeyValue[]): void {
  let order = r.sortOrder;
  if (r.sortTarget !== SortTarget.KEY && order === SortOrder.NONE) order = SortOrder.ASCEND;
  if (order === SortOrder.NONE) return;
  const cmp = comparator(r.sortTarget);
  if (order === SortOrder.ASCEND) kvs.sort(cmp);
  else kvs.sort((a, b) => cmp(b, a));
}
