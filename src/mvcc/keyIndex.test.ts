import { describe, expect, it } from 'vitest';
import { utf8 } from '../lib/bytes';
import { KeyIndex } from './keyIndex';
import { rev } from './revision';

// The example of etcd's key_index.go: put@2, put@4, tombstone@6, put@8, put@10, tombstone@12, put@14...
function sample(): KeyIndex {
  const ki = new KeyIndex(utf8('foo'));
  ki.put(rev(2));
  ki.put(rev(4));
  ki.tombstone(rev(6));
  ki.put(rev(8));
  ki.put(rev(10));
  ki.tombstone(rev(12));
  ki.put(rev(14));
  ki.put(rev(14, 1));
  ki.tombstone(rev(16));
  return ki;
}

describe('keyIndex', () => {
  it('get at a revision finds the generation and version that were live then', () => {
    const ki = sample();
    expect(ki.get(1)).toBeUndefined();
    expect(ki.get(2)).toEqual({ modified: rev(2), created: rev(2), ver: 1 });
    expect(ki.get(5)).toEqual({ modified: rev(4), created: rev(2), ver: 2 });
    expect(ki.get(6)).toBeUndefined(); // deleted at 6
    expect(ki.get(7)).toBeUndefined();
    expect(ki.get(9)).toEqual({ modified: rev(8), created: rev(8), ver: 1 });
    expect(ki.get(11)).toEqual({ modified: rev(10), created: rev(8), ver: 2 });
    expect(ki.get(14)).toEqual({ modified: rev(14, 1), created: rev(14), ver: 2 });
    expect(ki.get(16)).toBeUndefined();
    expect(ki.get(100)).toBeUndefined();
  });

  it('tombstone of a deleted key is refused', () => {
    const ki = sample();
    expect(ki.tombstone(rev(17))).toBe(false);
  });

  it('since returns one revision per main revision, highest sub', () => {
    const ki = sample();
    expect(ki.since(13)).toEqual([rev(14, 1), rev(16)]);
    expect(ki.since(1).map((r) => r.main)).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
  });

  it('compact keeps what reads at or after the compaction point need', () => {
    const ki = sample();
    const avail = new Set<string>();
    ki.compact(5, avail);
    expect(ki.generations[0]!.revs).toEqual([rev(4), rev(6)]);
    expect([...avail]).toEqual(['4_0']);
    expect(ki.get(5)).toEqual({ modified: rev(4), created: rev(2), ver: 2 });

    const a2 = new Set<string>();
    ki.compact(6, a2); // the generation is reduced to its tombstone and disappears
    expect(ki.generations[0]!.revs).toEqual([rev(8), rev(10), rev(12)]);
    expect(a2.size).toBe(0);

    const a3 = new Set<string>();
    ki.compact(16, a3);
    expect(ki.isEmpty()).toBe(true);
    expect(a3.size).toBe(0);
  });

  it('keep reports the same set as compact without changing anything', () => {
    for (let at = 1; at <= 17; at++) {
      const k1 = sample();
      const k2 = sample();
      const keep = new Set<string>();
      const comp = new Set<string>();
      k1.keep(at, keep);
      k2.compact(at, comp);
      expect([...keep].sort()).toEqual([...comp].sort());
      expect(k1.inspect()).toEqual(sample().inspect());
    }
  });
});
