// etcd member and cluster ids (uint64, printed as 16 hex digits). Real etcd derives them from a SHA-1
// of peer URLs and the cluster token; a page has no peer URLs of its own, so ids are derived from the
// cluster's seed and the raft id — stable for a cluster, reproducible for a seed (docs/compatibility.md).
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

/** The oracle's address layout (127.0.0.1, client 23790+i, peer 23890+i), used by the page too. */
export function clientURL(raftId: number): string {
  return `http://127.0.0.1:${23790 + raftId}`;
}

export function peerURL(raftId: number): string {
  return `http://127.0.0.1:${23890 + raftId}`;
}

export interface InitialMemberSpec {
  id: number;
  name: string;
  memberId: string;
  peerURLs: string[];
  clientURLs: string[];
}

/** etcd's --initial-cluster for `count` members named `${prefix}1` … */
export function makeInitialCluster(seed: number, count: number, prefix = 'n'): InitialMemberSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: `${prefix}${i + 1}`,
    memberId: memberIdHex(seed, i + 1),
    peerURLs: [peerURL(i + 1)],
    clientURLs: [clientURL(i + 1)],
  }));
}
