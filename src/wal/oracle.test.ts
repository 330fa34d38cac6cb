// Real etcd 3.4.23 tools on WAL directories we exported:
//  - `etcd-dump-logs` lists them: runs when the oracle tools are built
//    (/work/shared/oracle-tools/build-oracle-tools.sh → ~/.cache/etcd-oracle-tools);
//  - the etcd server starts on them (127.0.0.1, free ports, stopped by pid), replays them and appends.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalEncoder, encodeWalMetadata, exportWalFile, importWalFile, FIRST_WAL_FILE_PATH } from './index';
import { ourDemoChunks, OUR_DEMO_METADATA } from './testdata/demo';
import { encodeConfChange, ConfChangeType } from '../pb/raftpb';
import { describeEntryData, encodeInternalRaftRequest } from '../pb/etcdserverpb';
import { utf8 } from '../lib/bytes';
import { CompareResult, CompareTarget, type InternalRaftRequest } from '../etcd/api';
import { etcdctl, haveEtcd, skipNote, startEtcd, stopEtcd } from '../sim/testing/realEtcd';

const DUMP_LOGS = join(process.env.ORACLE_BIN ?? join(homedir(), '.cache/etcd-oracle-tools'), 'etcd-dump-logs');
const E = new Uint8Array(0);
const put = (k: string, v: string) => ({ key: utf8(k), value: utf8(v), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });

/** A member's WAL as our node layer would write it: bootstrap, election, no-op, requests. */
function demoChunks(): Uint8Array[] {
  const enc = new WalEncoder();
  const reqs: InternalRaftRequest[] = [
    { header: { ID: 0x1001n }, put: put('foo', 'bar') },
    {
      header: { ID: 0x1002n },
      txn: {
        compare: [{ result: CompareResult.EQUAL, target: CompareTarget.VALUE, key: utf8('foo'), rangeEnd: E, value: utf8('bar') }],
        success: [{ requestPut: put('t1', 'x') }],
        failure: [{ requestDeleteRange: { key: utf8('t1'), rangeEnd: E, prevKv: false } }],
      },
    },
    { header: { ID: 0x1003n }, deleteRange: { key: utf8('a/'), rangeEnd: utf8('a0'), prevKv: false } },
    { header: { ID: 0x1004n }, leaseGrant: { TTL: 60, ID: 0x694dn } },
    { header: { ID: 0x1005n }, compaction: { revision: 2, physical: false } },
    { header: { ID: 0x1006n }, leaseRevoke: { ID: 0x694dn } },
  ];
  const member = utf8('{"id":1,"peerURLs":["http://127.0.0.1:2380"],"name":"n1"}');
  return [
    enc.encodeReady({ term: 1, vote: 0, commit: 1 }, [
      { term: 1, index: 1, type: 1, data: encodeConfChange({ type: ConfChangeType.AddNode, nodeId: 1, context: member }) },
    ]),
    enc.encodeReady({ term: 2, vote: 1, commit: 1 }, []),
    enc.encodeReady({ term: 2, vote: 1, commit: 2 }, [{ term: 2, index: 2, type: 0, data: E }]),
    enc.encodeReady({ term: 2, vote: 1, commit: 8 }, reqs.map((r, i) => ({ term: 2, index: 3 + i, type: 0, data: encodeInternalRaftRequest(r) }))),
  ];
}

function writeDataDir(chunks: Uint8Array[], metadata: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'etcdscope-wal-'));
  mkdirSync(join(dir, 'member/wal'), { recursive: true });
  mkdirSync(join(dir, 'member/snap'), { recursive: true });
  writeFileSync(join(dir, FIRST_WAL_FILE_PATH), exportWalFile(chunks, metadata));
  return dir;
}

describe.skipIf(!existsSync(DUMP_LOGS))('etcd-dump-logs (etcd 3.4.23) on an exported WAL directory', () => {
  it('lists our entries and HardState', () => {
    const dir = writeDataDir(demoChunks(), encodeWalMetadata({ nodeId: 1, clusterId: 0x1000 }));
    try {
      const r = spawnSync(DUMP_LOGS, [dir], { encoding: 'utf8' });
      expect(r.stderr + r.stdout).not.toMatch(/Failed|panic/);
      expect(r.status).toBe(0);
      const out = r.stdout;
      expect(out).toContain('nodeID=1 clusterID=1000 term=2 commitIndex=8 vote=1');
      expect(out).toContain('lastIndex=8');
      expect(out).toMatch(/1\s+1\s+conf\s+method=ConfChangeAddNode id=1/);
      expect(out).toContain('header:<ID:4097 > put:<key:"foo" value:"bar" >');
      expect(out).toContain(
        'txn:<compare:<target:VALUE key:"foo" value:"bar" > success:<request_put:<key:"t1" value:"x" > > failure:<request_delete_range:<key:"t1" > > >',
      );
      expect(out).toContain('delete_range:<key:"a/" range_end:"a0" >');
      expect(out).toContain('lease_grant:<TTL:60 ID:26957 >');
      expect(out).toContain('compaction:<revision:2 >');
      expect(out).toContain('lease_revoke:<ID:26957 >');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveEtcd)(`the etcd 3.4.23 server on a WAL directory we exported${skipNote(haveEtcd)}`, () => {
  it('replays our log, serves our data, and appends records we read back', async () => {
    const dir = writeDataDir(ourDemoChunks(), OUR_DEMO_METADATA);
    const logDir = mkdtempSync(join(tmpdir(), 'wal-oracle-log-'));
    // free ports, stopped by pid; the member's own peer URL in the WAL does not need to match
    const etcd = await startEtcd(dir, 'n1', logDir);
    const ctl = (...args: string[]) => etcdctl(etcd.client, args);
    try {
      // health is true once the member has replayed its log and elected itself
      expect(ctl('get', 'foo', '--print-value-only').out.trim()).toBe('bar');
      expect(ctl('lease', 'list').out).toContain('694d');
      expect(ctl('put', 'foo', 'baz').out.trim()).toBe('OK');
    } finally {
      await stopEtcd(etcd.proc);
    }
    try {
      const w = importWalFile(new Uint8Array(readFileSync(join(dir, FIRST_WAL_FILE_PATH))));
      expect(w.tornTail).toBeUndefined();
      expect(w.entries.slice(0, 4).map((e) => describeEntryData(e.data)).slice(2)).toEqual(['put foo=bar', 'lease grant 60s id=694d']);
      expect(describeEntryData(w.entries.at(-1)!.data)).toBe('put foo=baz');
      expect(w.hardState!.term).toBeGreaterThanOrEqual(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(logDir, { recursive: true, force: true });
    }
  }, 60_000);
});
