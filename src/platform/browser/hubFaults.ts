// The hub's side of the fault model: the network (src/host/network.ts — the same code the simulator
// routes with) and each member's disk faults, which live in the member's worker (a FaultyDisk around
// its IndexedDB disk) and are kept here across restarts. Controller calls validate at once (bad input
// gets a clear error — a rejected promise — and changes nothing), then run as lockstep control actions.
import type { NodeId } from '../../raft/types';
import type { ClusterEvent } from '../../protocol/view';
import type { HubToWorker } from '../../protocol/worker';
import type { CrashPoint, DiskFault, FaultsView, LinkFault } from '../../protocol/faults';
import { isCrashPoint, validFsyncMs, validLinkFault } from '../../protocol/faults';
import { Network } from '../../host/network';
import { Partitions } from '../../host/partitions';
import { Prng } from '../../lib/prng';

export interface FaultHost {
  emit(e: Omit<ClusterEvent, 'seq' | 'tMs'>): void;
  /** Drops the messages in flight that the network no longer carries. */
  dropUndeliverable(): void;
  post(member: NodeId, msg: HubToWorker): void;
  /** Runs `f` now (real time) or at the start of the next lockstep step. */
  control<T>(f: () => T): Promise<T>;
  /** Member ids in the cluster now. */
  memberIds(): NodeId[];
  /** The network changed: the hub re-decides whether workers may talk directly (no faults to apply). */
  changed(): void;
}

export class HubFaults {
  readonly network: Network;
  private readonly disks = new Map<NodeId, DiskFault>();

  constructor(
    private readonly host: FaultHost,
    defaultLink: Partial<LinkFault>,
  ) {
    this.network = new Network(new Prng(1).fork('hub-net'), defaultLink);
  }

  /** A fresh cluster: a seeded network PRNG and no faults at all. */
  reset(seed: number): void {
    this.network.reseed(new Prng(seed).fork('hub-net'));
    this.network.partitions.heal();
    this.network.clearLinks();
    this.disks.clear();
    this.host.changed();
  }

  private member(id: NodeId): NodeId {
    if (!this.host.memberIds().includes(id)) throw new Error(`no member n${id}`);
    return id;
  }

  async partition(groups: NodeId[][]): Promise<void> {
    new Partitions().partition(groups); // throws on bad input before anything changes
    for (const g of groups) for (const id of g) this.member(id);
    return this.host.control(() => {
      this.network.partitions.partition(groups);
      this.host.dropUndeliverable();
      this.host.changed();
      this.host.emit({ kind: 'partitioned', detail: this.network.partitions.groups().map((g) => g.map((id) => `n${id}`).join(' ')).join(' | ') });
    });
  }

  async cutLink(from: NodeId, to: NodeId, opts: { both?: boolean } = {}): Promise<void> {
    this.link(from, to);
    return this.host.control(() => {
      this.network.partitions.cutLink(from, to);
      if (opts.both) this.network.partitions.cutLink(to, from);
      this.host.dropUndeliverable();
      this.host.changed();
      this.host.emit({ kind: opts.both ? 'link-cut-both' : 'link-cut', member: from, peer: to });
    });
  }

  async restoreLink(from: NodeId, to: NodeId, opts: { both?: boolean } = {}): Promise<void> {
    this.link(from, to);
    return this.host.control(() => {
      this.network.partitions.restoreLink(from, to);
      if (opts.both) this.network.partitions.restoreLink(to, from);
      this.host.changed();
      this.host.emit({ kind: 'link-restored', member: from, peer: to, ...(opts.both ? { detail: 'both' } : {}) });
    });
  }

  async setLink(from: NodeId, to: NodeId, fault: Partial<LinkFault> | null, opts: { both?: boolean } = {}): Promise<void> {
    this.link(from, to);
    if (fault !== null) validLinkFault(fault);
    return this.host.control(() => {
      this.network.setLink(from, to, fault);
      if (opts.both) this.network.setLink(to, from, fault);
      this.host.changed();
      const l = this.network.link(from, to);
      this.host.emit({ kind: 'link-changed', member: from, peer: to, detail: describeLink(l) + (opts.both ? ' ⇄' : '') });
    });
  }

  async setDiskLatency(member: NodeId, fsyncMs: number): Promise<void> {
    this.member(member);
    validFsyncMs(fsyncMs);
    return this.host.control(() => {
      this.updateDisk(member, { fsyncMs });
      this.host.emit({ kind: 'disk-latency', member, value: fsyncMs });
    });
  }

  async armCrashPoint(member: NodeId, point: CrashPoint | null): Promise<void> {
    this.member(member);
    if (point !== null && !isCrashPoint(point)) throw new Error(`unknown crash point ${String(point)}`);
    return this.host.control(() => {
      this.updateDisk(member, { crashPoint: point });
      this.host.emit({ kind: point ? 'crash-point-armed' : 'crash-point-disarmed', member, detail: point ?? undefined });
    });
  }

  /** The worker reported its crash point fired: it is disarmed (it fires once). */
  fired(member: NodeId, point: CrashPoint): void {
    const d = this.disks.get(member);
    if (d) this.setDisk(member, { ...d, crashPoint: null });
    this.host.emit({ kind: 'crash-point', member, detail: point });
  }

  /** What a starting worker gets: its disk's faults. */
  diskFault(member: NodeId): DiskFault | undefined {
    return this.disks.get(member);
  }

  /** True while the member's disk is slowed: lockstep tells its worker the time at every step. */
  slowDisk(member: NodeId): boolean {
    return (this.disks.get(member)?.fsyncMs ?? 0) > 0;
  }

  private updateDisk(member: NodeId, change: Partial<DiskFault>): void {
    const next = { fsyncMs: 0, crashPoint: null, ...this.disks.get(member), ...change };
    this.setDisk(member, next);
    this.host.post(member, { t: 'diskFault', fault: next });
  }

  private setDisk(member: NodeId, d: DiskFault): void {
    if (d.fsyncMs === 0 && d.crashPoint === null) this.disks.delete(member);
    else this.disks.set(member, d);
  }

  private link(from: NodeId, to: NodeId): void {
    this.member(from);
    this.member(to);
    if (from === to) throw new Error(`a link needs two different members, got n${from} → n${to}`);
  }

  view(): FaultsView {
    const p = this.network.partitions;
    return {
      groups: p.groups(),
      isolated: p.isolated(),
      cuts: p.cuts(),
      links: this.network.linkViews(),
      defaultLink: { ...this.network.defaultLink },
      disks: [...this.disks.entries()].sort((a, b) => a[0] - b[0]).map(([member, d]) => ({ member, ...d })),
    };
  }
}

function describeLink(l: LinkFault): string {
  return `${l.latencyMs}±${l.jitterMs} ms, ${l.lossPct}%`;
}
