// Pure MVCC helpers for the MVCC panel: what `etcdctl get KEY --rev=N` returns, read off a keyIndex
// the way etcd's keyIndex.get / findGeneration do.
import type { KeyIndexView, RevisionView } from '../../protocol/inspect';

export type ReadAt =
  | { kind: 'value'; rev: RevisionView }
  | { kind: 'none' }
  | { kind: 'deleted'; rev: RevisionView }
  | { kind: 'compacted'; compactRevision: number }
  | { kind: 'future'; current: number };

export function formatRev(r: RevisionView): string {
  return `${r.main}.${r.sub}`;
}

/** Whether a generation ended with a delete: every generation but the last does. */
export function isTombstone(ki: KeyIndexView, gen: number, i: number): boolean {
  const g = ki.generations[gen];
  return gen < ki.generations.length - 1 && i === g.revs.length - 1;
}

/**
 * The result of reading `ki` at revision `rev` (≤ 0 = the current revision) in a store at
 * `current` compacted at `compactRevision` (-1 = never).
 */
export function readAtRevision(ki: KeyIndexView | undefined, rev: number, current: number, compactRevision: number): ReadAt {
  const at = rev > 0 ? rev : current;
  if (at > current) return { kind: 'future', current };
  if (compactRevision >= 0 && at < compactRevision) return { kind: 'compacted', compactRevision };
  if (!ki) return { kind: 'none' };
  const gens = ki.generations;
  for (let g = gens.length - 1; g >= 0; g--) {
    const revs = gens[g].revs;
    if (revs.length === 0) continue;
    if (g !== gens.length - 1) {
      const tomb = revs[revs.length - 1];
      if (tomb.main <= at) return { kind: 'deleted', rev: tomb };
    }
    if (revs[0].main <= at) {
      let best = revs[0];
      for (const r of revs) if (r.main <= at) best = r;
      return { kind: 'value', rev: best };
    }
  }
  return { kind: 'none' };
}
