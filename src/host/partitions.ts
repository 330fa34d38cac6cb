// Which links are cut: partition groups, isolated members and one-way cuts. One-way cuts model
// asymmetric partitions; isolating a member cuts both ways. Shared by the browser hub and the
// simulator (through src/host/network.ts) so both apply the same rules.
import type { NodeId } from '../raft/types';

export class Partitions {
  private readonly cut = new Set<string>();
  private readonly isolatedSet = new Set<NodeId>();
  /** Member → its partition group; members in no group share the implicit "rest" group (-1). */
  private groupOf = new Map<NodeId, number>();
  private groupList: NodeId[][] = [];

  canDeliver(from: NodeId, to: NodeId): boolean {
    if (this.isolatedSet.has(from) || this.isolatedSet.has(to)) return false;
    if (this.groupList.length && (this.groupOf.get(from) ?? -1) !== (this.groupOf.get(to) ?? -1)) return false;
    return !this.cut.has(`${from}>${to}`);
  }

  isolate(id: NodeId): void {
    this.isolatedSet.add(id);
  }

  rejoin(id: NodeId): void {
    this.isolatedSet.delete(id);
  }

  /**
   * Splits the members into groups that cannot reach each other (replacing any earlier groups);
   * members named in no group form one more group together. A member in two groups is an error.
   */
  partition(groups: NodeId[][]): void {
    const of = new Map<NodeId, number>();
    const list: NodeId[][] = [];
    for (const g of groups) {
      if (!Array.isArray(g)) throw new Error('partition: each group must be a list of member ids');
      const ids: NodeId[] = [];
      for (const id of g) {
        if (!Number.isInteger(id) || id < 1) throw new Error(`partition: ${String(id)} is not a member id`);
        if (of.has(id)) throw new Error(`partition: n${id} is in two groups`);
        of.set(id, list.length);
        ids.push(id);
      }
      if (ids.length) list.push(ids.sort((a, b) => a - b));
    }
    this.groupOf = of;
    this.groupList = list;
  }

  cutLink(from: NodeId, to: NodeId): void {
    this.cut.add(`${from}>${to}`);
  }

  restoreLink(from: NodeId, to: NodeId): void {
    this.cut.delete(`${from}>${to}`);
  }

  heal(): void {
    this.cut.clear();
    this.isolatedSet.clear();
    this.groupOf = new Map();
    this.groupList = [];
  }

  /** No link is cut: every message may be delivered. */
  isEmpty(): boolean {
    return this.cut.size === 0 && this.isolatedSet.size === 0 && this.groupList.length === 0;
  }

  isolated(): NodeId[] {
    return [...this.isolatedSet].sort((a, b) => a - b);
  }

  groups(): NodeId[][] {
    return this.groupList.map((g) => [...g]);
  }

  cuts(): Array<{ from: NodeId; to: NodeId }> {
    return [...this.cut]
      .map((k) => {
        const [from, to] = k.split('>').map(Number) as [number, number];
        return { from, to };
      })
      .sort((a, b) => a.from - b.from || a.to - b.to);
  }
}
