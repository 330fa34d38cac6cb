import { describe, expect, test } from 'vitest';
import { DB } from './db';
import { inspect, inspectPage } from './inspect';

describe('inspect', () => {
  test('page map covers every page once with the right kinds and owners', () => {
    const db = DB.create();
    db.update((tx) => {
      const a = tx.createBucket('a');
      for (let i = 0; i < 500; i++) a.put(`k${i}`, 'v'.repeat(50));
      a.put('big', new Uint8Array(10_000));
      a.createBucket('inner').put('x', 'y');
    });
    const reader = db.begin(false);
    db.update((tx) => {
      const a = tx.bucket('a')!;
      for (let i = 0; i < 500; i += 2) a.delete(`k${i}`);
    });
    const s = inspect(db);
    expect(s.pages.length).toBe(s.stats.pageCount);
    expect(s.pages.map((p) => p.id)).toEqual(s.pages.map((_, i) => i));
    const kinds = new Map<string, number>();
    for (const p of s.pages) kinds.set(p.type, (kinds.get(p.type) ?? 0) + 1);
    expect(kinds.get('meta')).toBe(2);
    expect(kinds.get('freelist')).toBe(1);
    expect(kinds.get('branch')).toBeGreaterThanOrEqual(1);
    expect(kinds.get('overflow')).toBeGreaterThanOrEqual(2);
    expect(kinds.get('pending')).toBe(s.stats.pendingPages);
    expect(s.pages.filter((p) => p.problem)).toEqual([]);
    const leafOfA = s.pages.find((p) => p.type === 'leaf' && p.bucket?.[0] === 'a')!;
    expect(leafOfA.depth).toBeGreaterThanOrEqual(1);
    expect(s.pages.find((p) => p.type === 'pending')!.pendingTxid).toBe(3);
    reader.rollback();

    // buckets tree
    const a = s.buckets.children.find((b) => b.name === 'a')!;
    expect(a.inline).toBe(false);
    expect(a.keyCount).toBe(251);
    expect(a.children.map((c) => [c.name, c.inline, c.keyCount])).toEqual([['inner', true, 1]]);

    // metas and commits (copy-on-write footprint)
    expect(s.metas.filter((m) => m?.current).length).toBe(1);
    expect(s.metas.every((m) => m!.checksumOk)).toBe(true);
    expect(s.commits.map((c) => c.txid)).toEqual([2, 3]);
    const last = s.commits[1]!;
    expect(last.metaPgid).toBe(1);
    expect(last.written.length).toBeGreaterThan(0);
    expect(last.freed.length).toBe(s.stats.pendingPages);
    for (const w of last.written) expect(s.pages[w.pgid]!.type).not.toBe('free');

    // freelist page lists free + pending of the last commit
    expect(s.freelist.pagePgid).toBe(db.meta().freelist);
    expect(s.freelist.pageIds!.length).toBe(s.freelist.free.length + s.freelist.pending.reduce((n, p) => n + p.ids.length, 0));
    expect(() => structuredClone(s)).not.toThrow();
  });
});

describe('describe', () => {
  test('describeCommit: runs of written pages, freed ranges, meta page, hwm', async () => {
    const { describeCommit, describeMeta } = await import('./describe');
    expect(
      describeCommit({ txid: 7, written: [{ pgid: 12, count: 3 }, { pgid: 20, count: 1 }], freed: [6, 3, 5], metaPgid: 1, highWaterPgid: 21 }),
    ).toBe('txid 7: wrote 12-14,20 (4 pages), freed 3,5-6, meta → page 1, hwm 21');
    const db = DB.create();
    db.update((tx) => tx.createBucket('a'));
    expect(describeCommit(db.recentCommits()[0]!)).toMatch(/^txid 2: wrote .* meta → page 0, hwm \d+$/);
    expect(describeMeta(db.meta())).toMatch(/^txid=2 root=\d+ freelist=\d+ hwm=\d+ pageSize=4096 checksum=[0-9a-f]{16}$/);
  });

  test('inspectPage: a branch lists its children, a leaf its keys, values and nested-bucket flags', () => {
    const db = DB.create();
    db.update((tx) => {
      const a = tx.createBucket('a');
      for (let i = 0; i < 300; i++) a.put(`k${String(i).padStart(3, '0')}`, 'v'.repeat(40));
      a.createBucket('sub').put('x', 'y');
    });
    const root = inspectPage(db, db.meta().root.root);
    expect(root.items.map((i) => new TextDecoder().decode(i.key))).toEqual(['a']);
    expect(root.items[0]!.flags).toBe(1); // bucketLeafFlag
    const aRoot = inspect(db).buckets.children[0]!.root;
    const branch = inspectPage(db, aRoot);
    expect(branch.count).toBeGreaterThan(1);
    expect(branch.items.every((i) => i.child !== undefined && i.value === undefined)).toBe(true);
    const leaf = inspectPage(db, branch.items[0]!.child!);
    expect(new TextDecoder().decode(leaf.items[0]!.key)).toBe('k000');
    expect(leaf.items[0]!.value!.length).toBe(40);
    expect(inspectPage(db, aRoot, 2).items.length).toBe(2);
    expect(() => inspectPage(db, db.meta().pgid)).toThrow(RangeError);
  });
});
