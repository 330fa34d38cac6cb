// The console's etcd-dump-logs and etcd-dump-db against the real tools (etcd 3.4.23, built by
// ../shared/oracle-tools/build-oracle-tools.sh into ~/.cache/etcd-oracle-tools): a member's data
// dir from a simulated cluster after a scripted workload is written out as etcd lays it out, the
// real tool reads it, and our output must be the same, byte for byte.
import { describe, expect, test, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORACLE_BIN } from '../sim/testing/realEtcd';
import { SimScenarioHost } from '../sim/scenarioHost';
import { decodeWalRecords, encodeWalMetadata, exportWalFile, FIRST_WAL_FILE_PATH } from '../wal';
import { snapFileName } from '../wal/snapFile';
import type { MemberFiles } from '../protocol/inspect';
import { dumpLogs } from './dumpLogs';
import { hashDb, iterateBucket, listBuckets } from './dumpDb';

const DUMP_LOGS = join(ORACLE_BIN, 'etcd-dump-logs');
const DUMP_DB = join(ORACLE_BIN, 'etcd-dump-db');
const haveTools = existsSync(DUMP_LOGS) && existsSync(DUMP_DB);
const note = haveTools ? '' : ` (SKIPPED: ${DUMP_LOGS} / ${DUMP_DB} not built; see scripts/ensure-oracle.mjs)`;

const WORKLOAD: Array<[string, string?]> = [
  ['put foo bar'],
  ['put foo bar2'],
  ['put hello world'],
  ['del hello'],
  ['put "quote\\"d" "tab\\there"'],
  ['put binary $\'\\x01\\x02\''],
  ['txn', 'value("foo") = "bar2"\n\nput t1 x\nput t2 y\n\nput t3 z\n\n'],
  ['txn', 'create("new") = "0"\n\nput new 1\n\n\n'],
  ['put a/b c'],
  ['del a/ --prefix'],
  ['lease grant 600'],
  ['compaction 3'],
  ['user add root:rootpw'],
  ['role add r1'],
  ['role grant-permission r1 readwrite a/ --prefix'],
  ['user grant-role root r1'],
];

let dir = '';
let files: MemberFiles;

beforeAll(async () => {
  const host = new SimScenarioHost();
  await host.reset(2828, 3);
  await host.waitUntil(() => host.members().some((m) => m.role === 'leader'), 15_000);
  for (const [line, stdin] of WORKLOAD) {
    const r = await host.run(line, stdin);
    if (r.exitCode !== 0 && !line.startsWith('put binary')) throw new Error(`${line}: ${r.stderr}`);
  }
  const lease = await host.run('lease list');
  const id = /\n([0-9a-f]+)\n/.exec(lease.stdout)?.[1];
  await host.run(`put leased v --lease=${id}`);
  await host.wait(500);
  files = host.files('n1')!;
  dir = mkdtempSync(join(tmpdir(), 'etcdscope-dump-'));
  mkdirSync(join(dir, 'member/wal'), { recursive: true });
  mkdirSync(join(dir, 'member/snap'), { recursive: true });
  const metadata = decodeWalRecords(files.walRecords).metadata ?? encodeWalMetadata({ nodeId: BigInt(`0x${files.metadata!.nodeIdHex}`), clusterId: BigInt(`0x${files.metadata!.clusterIdHex}`) });
  writeFileSync(join(dir, FIRST_WAL_FILE_PATH), exportWalFile(files.walRecords, metadata));
  for (const s of files.snapFiles) writeFileSync(join(dir, 'member/snap', snapFileName(s.term, s.index)), s.snapFile);
  writeFileSync(join(dir, 'member/snap/db'), files.dbFile);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const real = (bin: string, args: string[]) => {
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout };
};

describe('etcd-dump-logs and etcd-dump-db as the real tools print them', () => {
  test.skipIf(!haveTools)(`etcd-dump-logs: the whole WAL${note}`, () => {
    const r = real(DUMP_LOGS, [dir]);
    expect(r.code).toBe(0);
    const ours = dumpLogs(files);
    expect(ours).toBe(r.out);
    // what the lesson points at is really there
    expect(ours).toContain('put:<key:"foo" value:"bar" >');
    expect(ours).toContain('auth_role_grant_permission:<name:"r1" perm:<permType:READWRITE key:"a/" range_end:"a0" > >');
    expect(ours).toMatch(/\tconf\tmethod=ConfChangeAddNode id=[0-9a-f]+/);
  });

  test.skipIf(!haveTools)(`etcd-dump-logs -start-index${note}`, () => {
    const r = real(DUMP_LOGS, ['-start-index', '5', dir]);
    expect(r.code).toBe(0);
    expect(dumpLogs(files, { startIndex: 5 })).toBe(r.out);
  });

  test.skipIf(!haveTools)(`etcd-dump-db list-bucket, iterate-bucket (raw and decoded), hash${note}`, () => {
    const db = join(dir, 'member/snap/db');
    expect(listBuckets(files.dbFile)).toBe(real(DUMP_DB, ['list-bucket', db]).out);
    for (const bucket of ['key', 'meta', 'lease', 'auth', 'authUsers', 'authRoles', 'members', 'cluster']) {
      expect(iterateBucket(files.dbFile, bucket, { decode: true }), bucket).toBe(real(DUMP_DB, ['iterate-bucket', db, bucket, '--decode=true']).out);
      expect(iterateBucket(files.dbFile, bucket), bucket).toBe(real(DUMP_DB, ['iterate-bucket', db, bucket]).out);
    }
    expect(iterateBucket(files.dbFile, 'key', { decode: true, limit: 2 })).toBe(real(DUMP_DB, ['iterate-bucket', db, 'key', '--decode=true', '--limit=2']).out);
    expect(hashDb(files.dbFile, db)).toBe(real(DUMP_DB, ['hash', db]).out);
  });
});
