// Which links are cut. One-way cuts model asymmetric partitions; isolating a member cuts both ways.
// Shared by the browser hub and the simulator so both apply the same rules.
import type { NodeId } from '../raft/types';

export class Partitions {
  private readonly cut = new Set<string>();
  private readonly isolatedSet = new Set<NodeId>();

  canDeliver(from: NodeId, to: NodeId): boolean {
    if (this.isolatedSet.has(from) || this.isolatedSet.has(to)) return false;
    return !this.cut.has(`${from}>${to}`);
  }

  isolate(id: NodeId): void {
    this.isolatedSet.add(id);
  }

  rejoin(id: NodeId): void {
    this.isolatedSet.delete(id);
  }

  cutLink(from: NodeId, to: NodeId): void {
    this.cut.add(`${from}>${to}`);
  }

  heal(): void {
    this.cut.clear();
    this.isolatedSet.clear();
  }

  /** No link is cut: every message may be delivered. */
  isEmpty(): boolean {
    return this.cut.size === 0 && this.isolatedSet.size === 0;
  }

  isolated(): NodeId[] {
    return [...this.isolatedSet].sort((a, b) => a - b);
  }
}
