// Test data: the WAL chunks we exported before starting the real etcd 3.4.23 server on them
// (testdata/README.md, etcd-3.4.23-appended-to-ours.wal). Shared by the interop and oracle tests.
import { WalEncoder } from '../encoder';
import { encodeWalMetadata } from '../record';
import { encodeConfChange, ConfChangeType } from '../../pb/raftpb';
import { encodeInternalRaftRequest } from '../../pb/etcdserverpb';
import { utf8 } from '../../lib/bytes';

/** The WAL we exported before starting real etcd on it (testdata/README.md). */
export function ourDemoChunks(): Uint8Array[] {
  const put = (k: string, v: string) => ({ key: utf8(k), value: utf8(v), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
  const member = utf8('{"id":1,"peerURLs":["http://127.0.0.1:24380"],"name":"n1"}');
  const enc = new WalEncoder();
  return [
    enc.encodeReady({ term: 1, vote: 0, commit: 1 }, [
      { term: 1, index: 1, type: 1, data: encodeConfChange({ type: ConfChangeType.AddNode, nodeId: 1, context: member }) },
    ]),
    enc.encodeReady({ term: 2, vote: 1, commit: 2 }, [{ term: 2, index: 2, type: 0, data: new Uint8Array(0) }]),
    enc.encodeReady({ term: 2, vote: 1, commit: 4 }, [
      { term: 2, index: 3, type: 0, data: encodeInternalRaftRequest({ header: { ID: 0x1001n }, put: put('foo', 'bar') }) },
      { term: 2, index: 4, type: 0, data: encodeInternalRaftRequest({ header: { ID: 0x1002n }, leaseGrant: { TTL: 60, ID: 0x694dn } }) },
    ]),
  ];
}
export const OUR_DEMO_METADATA = encodeWalMetadata({ nodeId: 1, clusterId: 0x1000 });

