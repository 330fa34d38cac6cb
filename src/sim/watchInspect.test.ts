// What the Watch panel reads from a member: its watchers with key range, start revision, group and
// the events each was sent; and a watch whose start revision was compacted, with the compact revision.
import { expect, test } from 'vitest';
import { SimCluster } from './simCluster';
import { utf8 } from '../lib/bytes';

const put = (c: SimCluster, k: string, v: string) =>
  c.requestSync({ op: 'put', req: { key: utf8(k), value: utf8(v), lease: 0n, prevKv: false, ignoreValue: false, ignoreLease: false } });

test('inspect("watch") lists watchers with their group and events, and cancellations with the compact revision', () => {
  const c = new SimCluster({ seed: 64 });
  c.runUntil(() => c.leader() !== undefined, 10_000);
  for (let i = 0; i < 4; i++) put(c, 'k', `v${i}`); // revisions 2..5
  const leader = c.leader()!;
  c.openWatch({ key: utf8('k'), rangeEnd: new Uint8Array(0), startRevision: 3, prevKv: false }, () => {}, leader);
  c.runFor(100);
  put(c, 'k', 'live'); // revision 6
  c.runFor(100);
  expect(c.requestSync({ op: 'compaction', req: { revision: 5, physical: false } }).ok).toBe(true);
  c.openWatch({ key: utf8('k'), rangeEnd: new Uint8Array(0), startRevision: 2, prevKv: false }, () => {}, leader);
  c.runFor(100);
  const w = c.members.get(leader)!.driver!.node.inspectDetail('watch');
  expect(w.compactRevision).toBe(5);
  expect(w.watchers).toHaveLength(1);
  const [live] = w.watchers;
  expect(live).toMatchObject({ key: 'k', rangeEnd: '', startRevision: 3, nextRevision: 7, group: 'synced', events: 4 });
  expect(live!.recent.map((e) => `${e.type} ${e.key}@${e.modRevision}`)).toEqual(['PUT k@3', 'PUT k@4', 'PUT k@5', 'PUT k@6']);
  expect(w.canceled).toEqual([expect.objectContaining({ key: 'k', startRevision: 2, compactRevision: 5 })]);
  const m = c.members.get(leader)!.driver!.metrics();
  expect(m.memory.watchers).toBe(1);
});
