import { describe, expect, it } from 'vitest';
import { EtcdNode, type EtcdNodeConfig } from './etcdNode';
import { clusterIdHex, makeInitialCluster } from './ids';

function cfg(members: number, seed = 3): EtcdNodeConfig {
  return {
    id: 1,
    name: 'n1',
    initialCluster: makeInitialCluster(seed, members),
    join: false,
    clusterId: clusterIdHex(seed),
    electionTicks: 10,
    heartbeatTicks: 1,
    seed,
  };
}

/** A started member: its bootstrap entries persisted and applied (raft will not campaign before). */
function start(c: EtcdNodeConfig): EtcdNode {
  const node = EtcdNode.bootstrap(c);
  settle(node);
  return node;
}

function settle(node: EtcdNode): void {
  for (let i = 0; i < 10 && node.hasReady(); i++) {
    node.ready();
    node.advance();
  }
}

/** Ticks until the member campaigns (its first Ready after start carries the vote request). */
function ticksToCampaign(node: EtcdNode): number {
  for (let t = 1; t <= 100; t++) {
    node.tick();
    settle(node);
    if (node.inspect().role !== 'follower') return t;
  }
  return -1;
}

describe('adjustTicks (etcd --initial-election-tick-advance)', () => {
  it('with two peers connected, a fresh member campaigns after its randomized timeout minus electionTicks − 2', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const plain = start(cfg(3, seed));
      const timeout = plain.inspect().electionTimeout;
      expect(ticksToCampaign(plain)).toBe(timeout);
      const advanced = start(cfg(3, seed));
      advanced.adjustTicks(2);
      expect(advanced.inspect().role).toBe('follower');
      expect(ticksToCampaign(advanced)).toBe(timeout - 8);
    }
  });

  it('with fewer than two peers connected it does nothing, as etcd', () => {
    const node = start(cfg(3));
    const timeout = node.inspect().electionTimeout;
    node.adjustTicks(1);
    expect(ticksToCampaign(node)).toBe(timeout);
  });

  it('a single-member cluster advances electionTicks − 1', () => {
    const node = start(cfg(1));
    const timeout = node.inspect().electionTimeout;
    node.adjustTicks(0);
    expect(ticksToCampaign(node)).toBe(timeout - 9);
  });
});
