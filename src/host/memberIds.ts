// etcd member and cluster ids (uint64, printed as 16 hex digits). Real etcd derives them from a SHA-1
// of peer URLs and the cluster token; a page has no peer URLs, so ids are derived from the seed and
// the member number instead — stable for a given cluster (see docs/compatibility.md).
import { Prng } from '../lib/prng';

function hex64(p: Prng): string {
  const hi = p.nextUint32().toString(16).padStart(8, '0');
  const lo = p.nextUint32().toString(16).padStart(8, '0');
  return hi + lo;
}

export function memberIdHex(seed: number, raftId: number): string {
  return hex64(new Prng(seed).fork(`member-${raftId}`));
}

export function clusterIdHex(seed: number): string {
  return hex64(new Prng(seed).fork('cluster'));
}
