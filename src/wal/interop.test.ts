// Decoding a WAL written by real etcd 3.4.23 (testdata/README.md), and re-encoding it byte-for-byte.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  WalEncoder,
  decodeWalMetadata,
  decodeWalRecords,
  exportWalFile,
  importWalFile,
  readFrame,
  RecordType,
} from './index';
import { decodeConfChange, decodeEntry, ConfChangeType } from '../pb/raftpb';
import { decodeInternalRaftRequest, decodeV2Request, describeEntryData } from '../pb/etcdserverpb';
import { fromUtf8, toHex, utf8 } from '../lib/bytes';
import { CompareTarget } from '../etcd/api';
import { ourDemoChunks, OUR_DEMO_METADATA } from './testdata/demo';
import type { Entry } from '../raft/types';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`./testdata/${name}`, import.meta.url))));
const FIXTURE = fixture('etcd-3.4.23-one-member.wal');

describe('a real etcd 3.4.23 WAL', () => {
  const w = importWalFile(FIXTURE);

  it('reads the header, every record, the CRC chain and the final state', () => {
    expect(w.tornTail).toBeUndefined();
    expect(w.frameCount).toBe(37);
    expect(w.validBytes).toBe(FIXTURE.length);
    expect(w.lastCrc).toBe(0xe4d33829);
    expect(decodeWalMetadata(w.metadata!)).toEqual({ nodeId: 0xb5179d13d0285315n, clusterId: 0x534a021c215e0774n });
    expect(w.snapshot).toEqual({ index: 11, term: 2 });
    expect(w.hardState).toMatchObject({ term: 2, commit: 17 });
    expect(w.entries.map((e) => e.index)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(w.entries.every((e, i) => e.term === (i === 0 ? 1 : 2))).toBe(true);
  });

  it('decodes the bootstrap ConfChange and the v2 requests', () => {
    const cc = decodeConfChange(w.entries[0]!.data);
    expect(w.entries[0]!.type).toBe(1);
    expect(cc.type).toBe(ConfChangeType.AddNode);
    expect(cc.id).toBe(0);
    expect(JSON.parse(fromUtf8(cc.context!))).toMatchObject({ name: 'n1', peerURLs: ['http://127.0.0.1:24380'] });
    expect(w.entries[1]!.data.length).toBe(0); // the new leader's no-op has no Data
    expect(decodeV2Request(w.entries[3]!.data)).toMatchObject({ method: 'PUT', path: '/0/version', val: '3.4.0' });
  });

  it('decodes every InternalRaftRequest', () => {
    const req = (i: number) => decodeInternalRaftRequest(w.entries[i - 1]!.data);
    expect(fromUtf8(req(5).put!.key)).toBe('foo');
    expect(fromUtf8(req(5).put!.value)).toBe('bar');
    expect(req(5).header.ID).toBeGreaterThan(0);
    expect(fromUtf8(req(8).deleteRange!.key)).toBe('hello');
    expect(req(9).leaseGrant!.TTL).toBe(600);
    expect(req(10).put!.lease).toBe(req(9).leaseGrant!.ID);
    const t = req(11).txn!;
    expect(t.compare).toHaveLength(1);
    expect(t.compare[0]).toMatchObject({ target: CompareTarget.VALUE, key: utf8('foo'), value: utf8('bar2') });
    expect(t.success.map((op) => 'requestPut' in op && fromUtf8(op.requestPut.key))).toEqual(['t1', 't2']);
    expect(t.failure.map((op) => 'requestPut' in op && fromUtf8(op.requestPut.key))).toEqual(['t3']);
    expect(toHex(req(14).deleteRange!.rangeEnd)).toBe(toHex(utf8('a0')));
    expect(req(15).compaction).toEqual({ revision: 3, physical: false });
    expect(fromUtf8(req(16).put!.value)).toBe('café');
    expect(req(17).leaseRevoke!.ID).toBe(req(9).leaseGrant!.ID);
  });

  it('describes the log for the visualizer', () => {
    expect(w.entries.slice(1).map((e) => describeEntryData(e.data))).toEqual([
      'noop',
      'v2 PUT /0/members/b5179d13d0285315/attributes {"name":"n1","clientURLs":["http://127.0.0.1:243…',
      'v2 PUT /0/version 3.4.0',
      'put foo=bar',
      'put foo=bar2',
      'put hello=world',
      'del hello',
      'lease grant 600s id=5315a211c5afbb0a', // member b5179d13d0285315: its low 16 bits on top
      'put leased=v lease=5315a211c5afbb0a',
      'txn 1 cmp 3 ops',
      'put a/b=1',
      'put a/c=2',
      'del [a/, a0)',
      'compact 3',
      'put bin=café',
      'lease revoke 5315a211c5afbb0a',
    ]);
  });

  it('our encoder writes each entry record exactly as etcd did', () => {
    let off = 0;
    let crc = 0;
    let checked = 0;
    for (;;) {
      const r = readFrame(FIXTURE, off);
      if (r.kind !== 'frame') break;
      const f = r.frame;
      if (f.type === RecordType.Entry) {
        const e: Entry = decodeEntry(f.data!);
        const ours = new WalEncoder(crc).encodeReady(undefined, [e]);
        expect(toHex(ours)).toBe(toHex(FIXTURE.subarray(off, f.end)));
        checked++;
      }
      crc = f.crc;
      off = f.end;
    }
    expect(checked).toBe(17);
  });

  it('exporting its records after the header reproduces the file byte-for-byte', () => {
    const header = readFrame(FIXTURE, 56); // crc @0, metadata @16, snapshot{0,0} @56
    expect(header.kind === 'frame' && header.frame.type).toBe(RecordType.Snapshot);
    const afterHeader = header.kind === 'frame' ? header.frame.end : 0;
    const startCrc = header.kind === 'frame' ? header.frame.crc : 0;
    const body = FIXTURE.subarray(afterHeader);
    expect(decodeWalRecords([body], { startCrc }).entries).toEqual(w.entries);
    const out = exportWalFile([body], w.metadata!, { startCrc });
    expect(toHex(out)).toBe(toHex(FIXTURE));
  });

  it('appending to it continues the chain (as etcd-dump-logs would read it)', () => {
    const more = new WalEncoder(w.lastCrc).encodeReady({ term: 3, vote: 1, commit: 17 }, [{ term: 3, index: 16, type: 0, data: new Uint8Array(0) }]);
    const again = decodeWalRecords([...w.records, more]);
    expect(again.entries.map((e) => e.index).at(-1)).toBe(16);
    expect(again.entries.at(-1)!.term).toBe(3);
  });
});

describe('real etcd 3.4.23 started on a WAL we wrote, and appended to it', () => {
  const file = fixture('etcd-3.4.23-appended-to-ours.wal');

  it('kept our bytes unchanged', () => {
    const ours = exportWalFile(ourDemoChunks(), OUR_DEMO_METADATA);
    expect(ours.length).toBe(344);
    expect(toHex(file.subarray(0, ours.length))).toBe(toHex(ours));
  });

  it('its records continue our CRC chain and our log', () => {
    const w = importWalFile(file);
    expect(w.tornTail).toBeUndefined();
    expect(w.hardState).toEqual({ term: 3, vote: 1, commit: 8 });
    expect(w.entries[0]).toMatchObject({ term: 1, index: 1, type: 1 });
    expect(w.entries.slice(1).map((e) => `${e.term}/${e.index} ${describeEntryData(e.data)}`)).toEqual([
      '2/2 noop',
      '2/3 put foo=bar',
      '2/4 lease grant 60s id=694d',
      '3/5 noop',
      '3/6 v2 PUT /0/members/1/attributes {"name":"n1","clientURLs":["http://127.0.0.1:243…',
      '3/7 v2 PUT /0/version 3.4.0',
      '3/8 put foo=baz',
    ]);
    expect(decodeConfChange(w.entries[0]!.data).nodeId).toBe(1);
  });
});
