// The cluster's network as a fault model, one code path for the simulator and the browser hub:
// partitions (groups, isolation, one-way cuts) and per-link latency, jitter and loss. Every random
// choice comes from one seeded PRNG, drawn in the order messages are routed, so a lockstep or
// simulated run replays exactly.
import type { NodeId } from '../raft/types';
import type { LinkFault } from '../protocol/faults';
import { validLinkFault } from '../protocol/faults';
import { Prng } from '../lib/prng';
import { Partitions } from './partitions';

export class Network {
  readonly partitions = new Partitions();
  private readonly links = new Map<string, LinkFault>();
  defaultLink: LinkFault;

  constructor(
    private prng: Prng,
    defaultLink: Partial<LinkFault> = {},
  ) {
    this.defaultLink = { latencyMs: 0, jitterMs: 0, lossPct: 0, ...validLinkFault(defaultLink) };
  }

  reseed(prng: Prng): void {
    this.prng = prng;
  }

  /** The fault on from → to (its own, or the default link's). */
  link(from: NodeId, to: NodeId): LinkFault {
    return this.links.get(`${from}>${to}`) ?? this.defaultLink;
  }

  /** Sets (merging into what the link has now) or, with null, removes one direction's own fault. */
  setLink(from: NodeId, to: NodeId, fault: Partial<LinkFault> | null): void {
    checkIds(from, to);
    const key = `${from}>${to}`;
    if (fault === null) {
      this.links.delete(key);
      return;
    }
    const next = { ...this.link(from, to), ...validLinkFault(fault) };
    const d = this.defaultLink;
    if (next.latencyMs === d.latencyMs && next.jitterMs === d.jitterMs && next.lossPct === d.lossPct) this.links.delete(key);
    else this.links.set(key, next);
  }

  setDefaultLink(fault: Partial<LinkFault>): void {
    this.defaultLink = { ...this.defaultLink, ...validLinkFault(fault) };
  }

  clearLinks(): void {
    this.links.clear();
  }

  /** True when some link has its own fault (the hub then cannot relay at once in free-run). */
  hasLinkFaults(): boolean {
    return this.links.size > 0;
  }

  canDeliver(from: NodeId, to: NodeId): boolean {
    return this.partitions.canDeliver(from, to);
  }

  /**
   * What happens to one message sent now: null when it is dropped (cut link or lost), else its
   * one-way delay in virtual ms. A cut link draws nothing from the PRNG; a lossy link draws once
   * for the loss; every delivered message draws once for its jitter.
   */
  route(from: NodeId, to: NodeId): number | null {
    if (!this.partitions.canDeliver(from, to)) return null;
    const l = this.link(from, to);
    if (this.prng.chance(l.lossPct / 100)) return null;
    return l.latencyMs + this.prng.next() * l.jitterMs;
  }

  linkViews(): Array<{ from: NodeId; to: NodeId } & LinkFault> {
    return [...this.links.entries()]
      .map(([k, l]) => {
        const [from, to] = k.split('>').map(Number) as [number, number];
        return { from, to, ...l };
      })
      .sort((a, b) => a.from - b.from || a.to - b.to);
  }
}

function checkIds(from: NodeId, to: NodeId): void {
  for (const id of [from, to]) if (!Number.isInteger(id) || id < 1) throw new Error(`${String(id)} is not a member id`);
  if (from === to) throw new Error(`a link needs two different members, got n${from} → n${to}`);
}
