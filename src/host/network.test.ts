// The fault model's network in Node: groups, one-way cuts, per-link latency/jitter/loss, seeded.
import { describe, expect, test } from 'vitest';
import { Network } from './network';
import { Prng } from '../lib/prng';

const net = (seed = 7) => new Network(new Prng(seed), { latencyMs: 10, jitterMs: 0 });

describe('Network', () => {
  test('partition groups: members talk only within their group; unnamed members form one more group', () => {
    const n = net();
    n.partitions.partition([[1], [2, 3]]);
    expect(n.canDeliver(1, 2)).toBe(false);
    expect(n.canDeliver(2, 1)).toBe(false);
    expect(n.canDeliver(2, 3)).toBe(true);
    expect(n.canDeliver(4, 5)).toBe(true); // both unnamed: the rest group
    expect(n.canDeliver(4, 1)).toBe(false);
    expect(n.partitions.groups()).toEqual([[1], [2, 3]]);
    n.partitions.heal();
    expect(n.canDeliver(1, 2)).toBe(true);
    expect(n.partitions.groups()).toEqual([]);
  });

  test('a member in two groups is refused and the earlier partition stays', () => {
    const n = net();
    n.partitions.partition([[1], [2, 3]]);
    expect(() => n.partitions.partition([[1, 2], [2, 3]])).toThrow(/n2 is in two groups/);
    expect(n.partitions.groups()).toEqual([[1], [2, 3]]);
  });

  test('one-way cut: from → to drops, to → from still delivers; restore undoes only that direction', () => {
    const n = net();
    n.partitions.cutLink(1, 2);
    n.partitions.cutLink(2, 3);
    expect(n.route(1, 2)).toBeNull();
    expect(n.route(2, 1)).toBe(10);
    n.partitions.restoreLink(1, 2);
    expect(n.route(1, 2)).toBe(10);
    expect(n.route(2, 3)).toBeNull();
    expect(n.partitions.cuts()).toEqual([{ from: 2, to: 3 }]);
  });

  test('per-link latency and jitter apply to that direction only; null returns to the default', () => {
    const n = net();
    n.setLink(1, 2, { latencyMs: 150, jitterMs: 20 });
    for (let i = 0; i < 50; i++) {
      const d = n.route(1, 2)!;
      expect(d).toBeGreaterThanOrEqual(150);
      expect(d).toBeLessThan(170);
    }
    expect(n.route(2, 1)).toBe(10);
    expect(n.linkViews()).toEqual([{ from: 1, to: 2, latencyMs: 150, jitterMs: 20, lossPct: 0 }]);
    n.setLink(1, 2, null);
    expect(n.route(1, 2)).toBe(10);
    expect(n.hasLinkFaults()).toBe(false);
  });

  test('loss drops about lossPct of the messages, and the same seed drops the same ones', () => {
    const run = (seed: number) => {
      const n = net(seed);
      n.setLink(1, 2, { lossPct: 30 });
      return Array.from({ length: 2000 }, () => n.route(1, 2) === null);
    };
    const a = run(3);
    const dropped = a.filter(Boolean).length;
    expect(dropped).toBeGreaterThan(500);
    expect(dropped).toBeLessThan(700);
    expect(run(3)).toEqual(a);
    expect(run(4)).not.toEqual(a);
  });

  test('bad input gets a clear error and changes nothing', () => {
    const n = net();
    n.setLink(1, 2, { latencyMs: 50 });
    expect(() => n.setLink(1, 2, { lossPct: 150 })).toThrow(/lossPct must be between 0 and 100/);
    expect(() => n.setLink(1, 2, { latencyMs: -1 })).toThrow(/latencyMs must be a number ≥ 0/);
    expect(() => n.setLink(1, 1, { latencyMs: 5 })).toThrow(/two different members/);
    expect(n.link(1, 2).latencyMs).toBe(50);
  });
});
