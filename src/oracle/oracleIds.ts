// The ids a real etcd gives the oracle's cluster (cluster.sh: token "etcd-oracle", member mI with
// peer URL http://127.0.0.1:(23890+I)), computed as etcd 3.4 does:
//   member id  = first 8 bytes (big-endian) of SHA-1(sorted peer URLs joined + cluster token)
//   cluster id = first 8 bytes of SHA-1(the sorted member ids, 8 bytes big-endian each)
// (etcdserver/api/membership: computeMemberId, RaftCluster.genID). The oracle README lists
// m1 = 1a20d890be0dc40b, 3-member cluster fb18a4a1c0b69f2c, 1-member cluster f3e829eb178c8e29.

import { createHash } from 'node:crypto';
import { clientURL, peerURL } from './layout';

export const ORACLE_TOKEN = 'etcd-oracle';

export interface OracleMemberSpec {
  /** Raft id in the simulator (1-based member number). */
  id: number;
  name: string;
  /** 16 hex digits. */
  memberId: string;
  peerURLs: string[];
  clientURLs: string[];
}

export interface OracleClusterSpec {
  clusterId: string;
  members: OracleMemberSpec[];
}

function sha1First8(data: Uint8Array): bigint {
  const d = createHash('sha1').update(data).digest();
  return d.readBigUInt64BE(0);
}

const hex16 = (v: bigint) => v.toString(16).padStart(16, '0');

export function etcdMemberId(peerURLs: string[], token: string): string {
  const joined = [...peerURLs].sort().join('');
  return hex16(sha1First8(new TextEncoder().encode(joined + token)));
}

export function etcdClusterId(memberIds: string[]): string {
  const ids = memberIds.map((h) => BigInt(`0x${h}`)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const buf = Buffer.alloc(8 * ids.length);
  ids.forEach((v, i) => buf.writeBigUInt64BE(v, 8 * i));
  return hex16(sha1First8(buf));
}

/** The oracle's n-member cluster as real etcd identifies it. */
export function oracleClusterSpec(n: number, token = ORACLE_TOKEN): OracleClusterSpec {
  const members = Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const peerURLs = [peerURL(i)];
    return { id: i, name: `m${i}`, memberId: etcdMemberId(peerURLs, token), peerURLs, clientURLs: [clientURL(i)] };
  });
  return { clusterId: etcdClusterId(members.map((m) => m.memberId)), members };
}
