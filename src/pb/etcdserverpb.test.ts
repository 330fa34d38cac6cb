import { describe, expect, it } from 'vitest';
import golden from './testdata/gogo-golden.json';
import {
  decodeInternalRaftRequest,
  decodeInternalRaftRequestFields,
  describeEntryData,
  describeRequest,
  encodeInternalRaftRequest,
  readTxnResponse,
  sizeTxnResponse,
  writeTxnResponse,
} from './etcdserverpb';
import { decodeEvent, decodeKeyValue, encodeEvent, encodeKeyValue } from './mvccpb';
import { encodeExact } from './raftpb';
import { ProtoReader, ProtoWriter } from '../lib/proto';
import { toHex, utf8 } from '../lib/bytes';
import {
  CompareResult,
  CompareTarget,
  EventType,
  SortOrder,
  SortTarget,
  emptyRangeRequest,
  type InternalRaftRequest,
  type KeyValue,
  type PutRequest,
  type ResponseHeader,
  type TxnRequest,
  type TxnResponse,
} from '../etcd/api';

// Golden bytes from etcd 3.4.23's gogoproto Marshal (testdata/gogo-golden/main.go).
const G = golden as Record<string, string>;
const E = new Uint8Array(0);
const ID = 0x63d8a7f1c2b4e501n; // > 2^53: request ids are bigints
const put = (k: string, v: string, p: Partial<PutRequest> = {}): PutRequest => ({
  key: utf8(k),
  value: utf8(v),
  lease: 0n,
  prevKv: false,
  ignoreValue: false,
  ignoreLease: false,
  ...p,
});
const hdr = (id = 0) => ({ ID: BigInt(id), username: '', authRevision: 0 });
const kv: KeyValue = { key: utf8('foo'), createRevision: 2, modRevision: 3, version: 2, value: utf8('bar2'), lease: 0n };

/** Golden requests carry header ID 0x63d8a7f1c2b4e501; compare our bytes with the header swapped for it. */
const GOLDEN_HEADER = 'a2060a0881cad3959cfea9ec63';
function withGoldenHeader(q: Omit<InternalRaftRequest, 'header'>): string {
  const ours = toHex(encodeInternalRaftRequest({ ...q, header: { ID: 1n } }));
  expect(ours.endsWith('a206020801')).toBe(true);
  const swapped = ours.slice(0, -'a206020801'.length) + GOLDEN_HEADER;
  expect(toHex(encodeInternalRaftRequest({ ...q, header: { ID } }))).toBe(swapped);
  return swapped;
}

const txn: TxnRequest = {
  compare: [
    { result: CompareResult.EQUAL, target: CompareTarget.VALUE, key: utf8('foo'), rangeEnd: E, value: utf8('bar2') },
    { result: CompareResult.GREATER, target: CompareTarget.VERSION, key: utf8('a'), rangeEnd: E, version: 0 },
    { result: CompareResult.LESS, target: CompareTarget.CREATE, key: utf8('a'), rangeEnd: utf8('z'), createRevision: 3 },
    { result: CompareResult.NOT_EQUAL, target: CompareTarget.MOD, key: utf8('m'), rangeEnd: E, modRevision: -1 },
    { result: CompareResult.EQUAL, target: CompareTarget.LEASE, key: utf8('l'), rangeEnd: E, lease: 7587n },
    { result: CompareResult.EQUAL, target: CompareTarget.VALUE, key: utf8('e'), rangeEnd: E, value: E },
  ],
  success: [
    { requestPut: put('t1', 'x') },
    { requestRange: emptyRangeRequest(utf8('t1')) },
    { requestDeleteRange: { key: E, rangeEnd: E, prevKv: false } },
  ],
  failure: [{ requestTxn: { compare: [], success: [{ requestPut: put('t3', 'z') }], failure: [] } }],
};

describe('InternalRaftRequest (golden bytes from etcd 3.4 gogoproto)', () => {
  const cases: [string, Omit<InternalRaftRequest, 'header'>][] = [
    ['irr.put', { put: put('foo', 'bar') }],
    ['irr.del', { deleteRange: { key: utf8('hello'), rangeEnd: E, prevKv: false } }],
    ['irr.delrange', { deleteRange: { key: utf8('a'), rangeEnd: utf8('b'), prevKv: true } }],
    [
      'irr.range',
      {
        range: {
          key: utf8('a'),
          rangeEnd: Uint8Array.of(0),
          limit: 10,
          revision: 4,
          sortOrder: SortOrder.DESCEND,
          sortTarget: SortTarget.MOD,
          serializable: true,
          keysOnly: true,
          countOnly: true,
          minModRevision: 1,
          maxModRevision: 2,
          minCreateRevision: 3,
          maxCreateRevision: 4,
        },
      },
    ],
    ['irr.compaction', { compaction: { revision: 5, physical: true } }],
    ['irr.leasegrant', { leaseGrant: { TTL: 60, ID: 7587n } }],
    ['irr.leaserevoke', { leaseRevoke: { ID: 7587n } }],
    ['irr.txn', { txn }],
    ['irr.txn.empty', { txn: { compare: [], success: [], failure: [] } }],
  ];

  it.each(cases)('%s: same bytes, and decodes back with every field filled', (name, q) => {
    expect(withGoldenHeader(q)).toBe(G[name]);
    const full: InternalRaftRequest = { ...q, header: hdr(42) };
    expect(decodeInternalRaftRequest(encodeInternalRaftRequest(full))).toEqual(full);
  });

  it('header: ID, username, auth revision; zero header still written (a2 06 00)', () => {
    const q: InternalRaftRequest = {
      header: { ID: 5n, username: 'root', authRevision: 7 },
      put: put('k', '', { lease: 7587n, prevKv: true, ignoreValue: true, ignoreLease: true }),
    };
    expect(toHex(encodeInternalRaftRequest(q))).toBe(G['irr.put.flags']);
    expect(decodeInternalRaftRequest(encodeInternalRaftRequest(q))).toEqual(q);
    expect(toHex(encodeInternalRaftRequest({ header: { ID: 0n }, put: put('', '') }))).toBe(G['irr.put.empty']);
  });

  it('decodes the real header id (> 2^53) exactly, and the rest', () => {
    const b = Uint8Array.from(G['irr.put']!.match(/../g)!.map((h) => parseInt(h, 16)));
    const q = decodeInternalRaftRequest(b);
    expect(q.header.ID).toBe(ID);
    expect(q.put).toEqual(put('foo', 'bar'));
  });

  it('fills defaults: a compare without an operand gets its target\'s zero value', () => {
    const q = decodeInternalRaftRequest(Uint8Array.of(0x32, 0x06, 0x0a, 0x04, 0x10, 0x03, 0x1a, 0x00));
    expect(q.txn!.compare[0]).toEqual({ result: 0, target: CompareTarget.VALUE, key: E, rangeEnd: E, value: E });
  });

  it('skips (and lists) requests etcdscope does not model', () => {
    // lease_checkpoint (11) {}, header.
    const b = Uint8Array.of(0x5a, 0x00, 0xa2, 0x06, 0x02, 0x08, 0x07);
    const { request, otherFields } = decodeInternalRaftRequestFields(b);
    expect(request).toEqual({ header: hdr(7) });
    expect(otherFields).toEqual([11]);
    expect(describeEntryData(b)).toBe('lease checkpoint');
  });

  it('auth requests (fields 1000+) come after the header, byte for byte', () => {
    // auth_enable (1000) {} after header {ID 7}: c2 3e 00
    const enable = Uint8Array.of(0xa2, 0x06, 0x02, 0x08, 0x07, 0xc2, 0x3e, 0x00);
    expect(decodeInternalRaftRequestFields(enable).request).toEqual({ header: hdr(7), authEnable: {} });
    expect(toHex(encodeInternalRaftRequest({ header: { ID: 7n }, authEnable: {} }))).toBe(toHex(enable));
    expect(describeEntryData(enable)).toBe('auth enable');
    // auth_user_add (1100 → e2 44) {name "root", password "rootpw", options {}}: clientv3 always sends options
    const add = encodeInternalRaftRequest({ header: { ID: 7n }, authUserAdd: { name: 'root', password: 'rootpw', options: { noPassword: false } } });
    expect(toHex(add)).toBe('a20602' + '0807' + 'e244' + '10' + '0a04726f6f74' + '1206726f6f747077' + '1a00');
    // a request with a user: header {ID 7, username "alice", auth_revision 9}, then the put
    const put = { key: utf8('a'), value: utf8('b'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false };
    const withUser = encodeInternalRaftRequest({ header: { ID: 7n, username: 'alice', authRevision: 9 }, put });
    expect(toHex(withUser)).toBe('2206' + '0a0161' + '120162' + 'a2060b' + '0807' + '1205616c696365' + '1809');
    // every auth request round-trips
    const perm = { permType: 2 as const, key: utf8('rw/'), rangeEnd: utf8('rw0') };
    const reqs: InternalRaftRequest[] = [
      { header: hdr(1), authDisable: {} },
      { header: hdr(1), authenticate: { name: 'alice', password: '', simpleToken: 'abcdefghijklmnop' } },
      { header: hdr(1), authUserAdd: { name: 'nopass', password: '', options: { noPassword: true } } },
      { header: hdr(1), authUserDelete: { name: 'bob' } },
      { header: hdr(1), authUserGet: { name: 'bob' } },
      { header: hdr(1), authUserChangePassword: { name: 'bob', password: 'x' } },
      { header: hdr(1), authUserGrantRole: { user: 'bob', role: 'r' } },
      { header: hdr(1), authUserRevokeRole: { name: 'bob', role: 'r' } },
      { header: hdr(1), authUserList: {} },
      { header: hdr(1), authRoleList: {} },
      { header: hdr(1), authRoleAdd: { name: 'r' } },
      { header: hdr(1), authRoleDelete: { role: 'r' } },
      { header: hdr(1), authRoleGet: { role: 'r' } },
      { header: hdr(1), authRoleGrantPermission: { name: 'r', perm } },
      { header: hdr(1), authRoleRevokePermission: { role: 'r', key: utf8('rw/'), rangeEnd: utf8('rw0') } },
    ];
    for (const q of reqs) expect(decodeInternalRaftRequest(encodeInternalRaftRequest(q))).toEqual(q);
    expect(describeEntryData(encodeInternalRaftRequest(reqs[13]!))).toBe('role grant-permission r readwrite [rw/, rw0)');
  });

  it('decodes an alarm request (field 10) as etcd writes it and round-trips it', () => {
    // alarm (10) {action ACTIVATE, memberID 0x1a20d890be0dc40b, alarm NOSPACE}, header {ID 7}.
    const b = Uint8Array.of(0x52, 0x0e, 0x08, 0x01, 0x10, 0x8b, 0x88, 0xb7, 0xf0, 0x8b, 0x92, 0xb6, 0x90, 0x1a, 0x18, 0x01, 0xa2, 0x06, 0x02, 0x08, 0x07);
    const q = decodeInternalRaftRequest(b);
    expect(q.alarm).toEqual({ action: 'ACTIVATE', memberID: '1a20d890be0dc40b', alarm: 'NOSPACE' });
    expect(encodeInternalRaftRequest(q)).toEqual(b);
    expect(describeEntryData(b)).toBe('alarm activate NOSPACE');
  });
});

describe('mvccpb KeyValue / Event', () => {
  it('matches etcd bytes (a real put foo=bar2 at rev 3) and round-trips', () => {
    expect(toHex(encodeKeyValue(kv))).toBe(G['kv.foo']);
    expect(G['kv.foo']).toBe('0a03666f6f' + '1002' + '1803' + '2002' + '2a0462617232');
    expect(decodeKeyValue(encodeKeyValue(kv))).toEqual(kv);
  });

  it('a tombstone is a KeyValue with only the key', () => {
    const t: KeyValue = { key: utf8('hello'), createRevision: 0, modRevision: 0, version: 0, value: E, lease: 0n };
    expect(toHex(encodeKeyValue(t))).toBe(G['kv.tombstone']);
    expect(decodeKeyValue(encodeKeyValue(t))).toEqual(t);
  });

  it('lease ids: a real one (> 2^53) encodes to the same bytes and decodes exactly', () => {
    const l: KeyValue = { key: utf8('k'), createRevision: 9, modRevision: 9, version: 1, value: utf8('v'), lease: 0x12c8a20c7f6bc90an };
    expect(toHex(encodeKeyValue(l))).toBe(G['kv.lease']);
    expect(decodeKeyValue(encodeKeyValue(l)).lease).toBe(0x12c8a20c7f6bc90an);
    expect(decodeKeyValue(encodeKeyValue({ ...l, lease: 7587n })).lease).toBe(7587n);
  });

  it('Event', () => {
    const e = { type: EventType.PUT, kv };
    expect(toHex(encodeEvent(e))).toBe(G['event.put']);
    expect(decodeEvent(encodeEvent(e))).toEqual(e);
    const d = { type: EventType.DELETE, kv: { ...kv, createRevision: 0, version: 0, value: E, modRevision: 4 }, prevKv: kv };
    expect(toHex(encodeEvent(d))).toBe(G['event.delete']);
    expect(decodeEvent(encodeEvent(d))).toEqual(d);
  });
});

describe('ResponseOp / TxnResponse', () => {
  it('matches etcd bytes and round-trips', () => {
    const h: ResponseHeader = { clusterId: 'dc50b8daae93b3e0', memberId: '667880157b8812c8', revision: 17, raftTerm: 2 };
    const m: TxnResponse = {
      header: h,
      succeeded: true,
      responses: [
        { responseRange: { header: h, kvs: [kv], more: true, count: 3 } },
        { responsePut: { header: h, prevKv: kv } },
        { responseDeleteRange: { header: h, deleted: 1, prevKvs: [kv] } },
        { responseTxn: { header: h, succeeded: false, responses: [] } },
      ],
    };
    const b = encodeExact(sizeTxnResponse(m), (w) => writeTxnResponse(w, m));
    expect(toHex(b)).toBe(G['txnresp']);
    expect(readTxnResponse(new ProtoReader(b))).toEqual(m);
  });
});

describe('describeRequest', () => {
  const H = { ID: 1n };
  it.each([
    [{ header: H, put: put('foo', 'bar') }, 'put foo=bar'],
    [{ header: H, put: put('foo', 'bar', { lease: 0x1d9fn }) }, 'put foo=bar lease=1d9f'],
    [{ header: H, deleteRange: { key: utf8('foo'), rangeEnd: E, prevKv: false } }, 'del foo'],
    [{ header: H, deleteRange: { key: utf8('a'), rangeEnd: utf8('b'), prevKv: false } }, 'del [a, b)'],
    [{ header: H, deleteRange: { key: utf8('a'), rangeEnd: Uint8Array.of(0), prevKv: false } }, 'del [a, +inf)'],
    [{ header: H, deleteRange: { key: Uint8Array.of(0), rangeEnd: Uint8Array.of(0), prevKv: false } }, "del ['', +inf)"],
    [
      { header: H, txn: { compare: [txn.compare[0]!], success: [{ requestPut: put('a', '1') }], failure: [{ requestPut: put('b', '2') }] } },
      'txn 1 cmp 2 ops',
    ],
    [{ header: H, txn: { compare: [], success: [{ requestPut: put('a', '1') }], failure: [] } }, 'txn 0 cmp 1 op: put a=1'],
    [{ header: H, compaction: { revision: 5, physical: false } }, 'compact 5'],
    [{ header: H, leaseGrant: { TTL: 60, ID: 0n } }, 'lease grant 60s'],
    [{ header: H, leaseGrant: { TTL: 60, ID: 0x694dn } }, 'lease grant 60s id=694d'],
    [{ header: H, leaseRevoke: { ID: 0x694dn } }, 'lease revoke 694d'],
    [{ header: H, range: emptyRangeRequest(utf8('k')) }, 'range k'],
    [{ header: H }, 'empty request'],
  ] as [InternalRaftRequest, string][])('%# → %s', (q, s) => {
    expect(describeRequest(q)).toBe(s);
    expect(describeEntryData(encodeInternalRaftRequest(q))).toBe(s);
  });

  it('truncates long keys and values, and shows binary as hex', () => {
    expect(describeRequest({ header: H, put: put('k', 'v'.repeat(100)) })).toBe(`put k=${'v'.repeat(24)}…`);
    expect(describeRequest({ header: H, put: put('k'.repeat(40), 'v') })).toBe(`put ${'k'.repeat(32)}…=v`);
    const bin: InternalRaftRequest = { header: H, put: { ...put('', ''), key: Uint8Array.of(0, 1, 0xff), value: utf8('é') } };
    expect(describeRequest(bin)).toBe('put 0x0001ff=é');
  });

  it('describes entries real etcd 3.4 wrote: v2 requests, the no-op', () => {
    // v2 Request {ID=1, Method=2 "PUT", Path=3 "/0/version", Val=4 "3.4.0"}
    const v2 = Uint8Array.of(0x08, 0x07, 0x12, 3, ...utf8('PUT'), 0x1a, 10, ...utf8('/0/version'), 0x22, 5, ...utf8('3.4.0'));
    expect(describeEntryData(v2)).toBe('v2 PUT /0/version 3.4.0');
    expect(describeEntryData(E)).toBe('noop');
    expect(describeEntryData(Uint8Array.of(0xff))).toMatch(/^undecodable/);
  });
});
