// etcd 3.4 keeps the membership in the backend too (etcdserver/api/membership/store.go): bucket
// `members` maps each member id (hex, unpadded: types.ID.String()) to the member's JSON, bucket
// `members_removed` marks removed ids ("removed"), and bucket `cluster` holds the cluster version.
// Here the raft log stays the source of truth for membership (conf changes are re-applied on
// restart); the buckets are written so the db file holds what a real etcd's does (snapshot status
// counts those keys, and a real etcd restored from our file finds its members).
import type { Backend } from '../backend';
import type { Member } from './api';
import { utf8 } from '../lib/bytes';

const MEMBERS = 'members';
const MEMBERS_REMOVED = 'members_removed';
const CLUSTER = 'cluster';
/** What etcd 3.4.23 decides as the cluster version and stores under cluster/clusterVersion. */
export const CLUSTER_VERSION = '3.4.0';

const memberKey = (idHex: string) => BigInt(`0x${idHex}`).toString(16);

/** json.Marshal(membership.Member): id as a number; isLearner, name and clientURLs omitted when empty. */
export function memberJson(m: Member): string {
  let s = `{"id":${BigInt(`0x${m.ID}`).toString(10)},"peerURLs":${JSON.stringify(m.peerURLs)}`;
  if (m.isLearner) s += ',"isLearner":true';
  if (m.name) s += `,"name":${JSON.stringify(m.name)}`;
  if (m.clientURLs.length) s += `,"clientURLs":${JSON.stringify(m.clientURLs)}`;
  return `${s}}`;
}

export function saveMember(backend: Backend, m: Member): void {
  backend.batchTx().unsafePut(MEMBERS, memberKey(m.ID), utf8(memberJson(m)));
  backend.endWrite();
}

export function saveRemovedMember(backend: Backend, idHex: string): void {
  const tx = backend.batchTx();
  tx.unsafeDelete(MEMBERS, memberKey(idHex));
  tx.unsafePut(MEMBERS_REMOVED, memberKey(idHex), utf8('removed'));
  backend.endWrite();
}

/** cluster/clusterVersion, written once (etcd sets it when the cluster first agrees on a version). */
export function saveClusterVersion(backend: Backend): void {
  const tx = backend.batchTx();
  let present = false;
  tx.unsafeForEach(CLUSTER, (k) => {
    if (String.fromCharCode(...k) === 'clusterVersion') present = true;
  });
  if (present) return;
  tx.unsafePut(CLUSTER, 'clusterVersion', utf8(CLUSTER_VERSION));
  backend.endWrite();
}
