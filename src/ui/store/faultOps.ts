// UI actions on the fault model (partition groups, links, disks), through the controller. Failures
// become notices like the membership operations'; the groups logic is pure and tested.
import type { NodeId } from '../../raft/types';
import type { CrashPoint, FaultsView, LinkFault } from '../../protocol/faults';
import { clusterStore, getController } from './clusterStore';

/** The groups as drawn: the partition's groups, or everyone in one group when there is none. */
export function drawnGroups(faults: FaultsView | undefined, members: NodeId[]): NodeId[][] {
  const groups = (faults?.groups ?? []).map((g) => g.filter((id) => members.includes(id))).filter((g) => g.length);
  const named = new Set(groups.flat());
  const rest = members.filter((id) => !named.has(id));
  if (rest.length) groups.push(rest);
  return groups.length ? groups : [members];
}

/** The groups after moving `member` into group `target` (index into `groups`; groups.length = a new group). */
export function moveToGroup(groups: NodeId[][], member: NodeId, target: number): NodeId[][] {
  const next = groups.map((g) => g.filter((id) => id !== member));
  if (target >= groups.length) next.push([member]);
  else next[target] = [...next[target]!, member].sort((a, b) => a - b);
  return next.filter((g) => g.length);
}

/** The keyboard's G: the next group after the member's own (wrapping through "a new group"). */
export function nextGroupIndex(groups: NodeId[][], member: NodeId): number {
  const own = groups.findIndex((g) => g.includes(member));
  // A member alone in its group cannot move to "a new group" (that would be the same split).
  const alone = groups[own]?.length === 1;
  const slots = groups.length + (alone ? 0 : 1);
  return (own + 1) % slots;
}

function faultsNow(): FaultsView | undefined {
  return clusterStore.getState().snapshot?.faults;
}

function call(f: (c: NonNullable<ReturnType<typeof getController>>) => Promise<void> | undefined): void {
  const c = getController();
  if (!c) return;
  const p = f(c);
  p?.catch((err: unknown) => console.error('[etcdscope ui]', err));
}

export function moveMemberToGroup(member: NodeId, target: number): void {
  const members = clusterStore.getState().cards.map((c) => c.id);
  const groups = drawnGroups(faultsNow(), members);
  const next = moveToGroup(groups, member, target);
  call((c) => c.partition?.(next.length > 1 ? next : []));
}

export function moveMemberToNextGroup(member: NodeId): void {
  const members = clusterStore.getState().cards.map((c) => c.id);
  const groups = drawnGroups(faultsNow(), members);
  moveMemberToGroup(member, nextGroupIndex(groups, member));
}

export function isCut(faults: FaultsView | undefined, from: NodeId, to: NodeId): boolean {
  return !!faults?.cuts.some((c) => c.from === from && c.to === to);
}

export function linkFault(faults: FaultsView | undefined, from: NodeId, to: NodeId): LinkFault | null {
  const l = faults?.links.find((x) => x.from === from && x.to === to);
  return l ? { latencyMs: l.latencyMs, jitterMs: l.jitterMs, lossPct: l.lossPct } : null;
}

export function cutLink(from: NodeId, to: NodeId, both: boolean): void {
  call((c) => c.cutLink?.(from, to, { both }));
}

export function restoreLink(from: NodeId, to: NodeId, both: boolean): void {
  call((c) => c.restoreLink?.(from, to, { both }));
}

export function setLinkFault(from: NodeId, to: NodeId, fault: Partial<LinkFault> | null, both: boolean): Promise<void> {
  const c = getController();
  return c?.setLink ? c.setLink(from, to, fault, { both }) : Promise.reject(new Error('not supported by this cluster'));
}

export function setDiskLatency(member: NodeId, fsyncMs: number): Promise<void> {
  const c = getController();
  return c?.setDiskLatency ? c.setDiskLatency(member, fsyncMs) : Promise.reject(new Error('not supported by this cluster'));
}

export function armCrashPoint(member: NodeId, point: CrashPoint | null): Promise<void> {
  const c = getController();
  return c?.armCrashPoint ? c.armCrashPoint(member, point) : Promise.reject(new Error('not supported by this cluster'));
}
