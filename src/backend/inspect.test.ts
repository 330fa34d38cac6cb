import { describe, expect, test } from 'vitest';
import { utf8 } from '../lib/bytes';
import { KVStore } from '../mvcc';
import { Backend } from './backend';
import { BoltMvccBackend } from './mvccBackend';

describe('inspect() for the UI', () => {
  test('bolt inspection plus consistent index, pending writes, ticks and commits; plain data', () => {
    const be = Backend.create();
    const kv = new KVStore({ backend: new BoltMvccBackend(be) });
    be.setConsistentIndex(7);
    kv.put({ key: utf8('a'), value: utf8('1'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
    let i = be.inspect();
    expect(i).toMatchObject({ consistentIndex: 7, pendingWrites: 1, dirty: true, commits: 0, lastCommitTicks: -1, ticks: 0, queuedBatches: 1 });
    be.onTick();
    i = be.inspect();
    expect(i).toMatchObject({ pendingWrites: 0, dirty: false, commits: 1, lastCommitTicks: 1, queuedBatches: 2 });
    expect(i.bolt.buckets.children.map((b) => b.name)).toEqual(['alarm', 'auth', 'authRoles', 'authUsers', 'cluster', 'key', 'lease', 'members', 'members_removed', 'meta']);
    expect(i.bolt.buckets.children.find((b) => b.name === 'key')!.keyCount).toBe(1);
    expect(structuredClone(i)).toEqual(i);
  });

  test('forEachRevision stops when the callback returns false', () => {
    const be = Backend.create();
    const mb = new BoltMvccBackend(be);
    const kv = new KVStore({ backend: mb });
    for (let n = 0; n < 10; n++) kv.put({ key: utf8(`k${n}`), value: utf8('v'), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false });
    const seen: number[] = [];
    mb.forEachRevision((r) => {
      seen.push(r.main);
      return r.main < 5;
    });
    expect(seen).toEqual([2, 3, 4, 5]);
  });
});
