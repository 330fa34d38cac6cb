// Dragging a member (a ring node or a chip in the partition bar) onto a partition group, with the
// pointer. A press that moves less than a few pixels stays a click (select). The drop target is
// whatever is under the pointer: a group box, or another member (its group).
import { useSyncExternalStore } from 'react';
import type { NodeId } from '../../raft/types';

export interface DragState {
  member: NodeId;
  x: number;
  y: number;
  /** The group index under the pointer (groups.length = a new group), or null. */
  over: number | null;
}

let state: DragState | null = null;
const listeners = new Set<() => void>();
let suppressClickUntil = 0;

function set(s: DragState | null): void {
  state = s;
  for (const l of listeners) l();
}

export function useMemberDrag(): DragState | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/** True right after a drag ended: the click that follows the pointerup must not select. */
export function dragJustEnded(): boolean {
  return performance.now() < suppressClickUntil;
}

/** The group index at a point: a `[data-drop-group]` box, or a `[data-member-id]` node via `groupOf`. */
function groupAt(x: number, y: number, groupOf: (id: NodeId) => number | null): number | null {
  const el = document.elementFromPoint(x, y);
  const box = el?.closest<HTMLElement>('[data-drop-group]');
  if (box) return Number(box.dataset.dropGroup);
  const node = el?.closest<Element>('[data-member-id]');
  if (node) return groupOf(Number(node.getAttribute('data-member-id')));
  return null;
}

export function startMemberDrag(
  member: NodeId,
  e: { clientX: number; clientY: number; button: number; pointerId: number },
  groupOf: (id: NodeId) => number | null,
  onDrop: (member: NodeId, group: number) => void,
): void {
  if (e.button !== 0) return;
  const x0 = e.clientX;
  const y0 = e.clientY;
  let dragging = false;
  const move = (ev: PointerEvent) => {
    if (ev.pointerId !== e.pointerId) return;
    if (!dragging && Math.hypot(ev.clientX - x0, ev.clientY - y0) < 6) return;
    dragging = true;
    set({ member, x: ev.clientX, y: ev.clientY, over: groupAt(ev.clientX, ev.clientY, groupOf) });
  };
  const up = (ev: PointerEvent) => {
    if (ev.pointerId !== e.pointerId) return;
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
    window.removeEventListener('pointercancel', up);
    if (!dragging) return;
    suppressClickUntil = performance.now() + 300;
    const target = ev.type === 'pointerup' ? groupAt(ev.clientX, ev.clientY, groupOf) : null;
    set(null);
    if (target !== null) onDrop(member, target);
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
  window.addEventListener('pointercancel', up);
}
