// The partition groups under the ring: a box per group with its members as chips, and a "new group"
// box. Drag a chip (or a member on the ring) into a box to move it there; keyboard: focus a chip and
// press G to move it to the next group. One group = no partition.
import type { NodeId } from '../../raft/types';
import { useCluster, useClusterShallow, useT } from '../store/hooks';
import { drawnGroups, moveMemberToGroup, moveMemberToNextGroup } from '../store/faultOps';
import { startMemberDrag, useMemberDrag } from './memberDrag';

export function usePartitionGroups(): NodeId[][] {
  const ids = useClusterShallow((s) => s.cards.map((c) => c.id));
  const groups = useCluster((s) => s.snapshot?.faults?.groups);
  return drawnGroups(groups ? { groups, isolated: [], cuts: [], links: [], defaultLink: { latencyMs: 0, jitterMs: 0, lossPct: 0 }, disks: [] } : undefined, ids);
}

export function groupIndexOf(groups: NodeId[][], id: NodeId): number | null {
  const i = groups.findIndex((g) => g.includes(id));
  return i < 0 ? null : i;
}

export function PartitionBar() {
  const t = useT();
  const groups = usePartitionGroups();
  const drag = useMemberDrag();
  const cards = useClusterShallow((s) => s.cards.map((c) => `${c.id}:${c.name}:${c.alive ? 1 : 0}`));
  const nameOf = (id: NodeId) => cards.find((c) => c.startsWith(`${id}:`))?.split(':')[1] ?? `n${id}`;
  const partitioned = groups.length > 1;
  const slots = [...groups, [] as NodeId[]];
  return (
    <div className={`partition-bar${partitioned ? ' is-partitioned' : ''}`} data-testid="partition-bar" aria-label={t('faults.groupsHint')}>
      {slots.map((g, i) => {
        const isNew = i === groups.length;
        const over = drag?.over === i;
        return (
          <div
            key={isNew ? 'new' : i}
            className={`partition-group${isNew ? ' partition-new' : ''}${over ? ' is-over' : ''} group-${i % 4}`}
            data-drop-group={i}
            data-testid={isNew ? 'group-new' : `group-${i + 1}`}
            role="group"
            aria-label={isNew ? t('faults.newGroup') : t('faults.group', { n: i + 1 })}
          >
            <span className="partition-title">{isNew ? `+ ${t('faults.newGroup')}` : partitioned ? t('faults.group', { n: i + 1 }) : ''}</span>
            {g.map((id) => (
              <button
                key={id}
                type="button"
                className="partition-chip"
                data-testid={`chip-${nameOf(id)}`}
                aria-keyshortcuts="G"
                title={t('faults.groupsHint')}
                aria-label={`${nameOf(id)} · ${partitioned ? t('faults.group', { n: i + 1 }) : ''} · ${t('faults.partitionKey')} (G)`}
                onPointerDown={(e) => startMemberDrag(id, e, (m) => groupIndexOf(groups, m), moveMemberToGroup)}
                onKeyDown={(e) => {
                  if ((e.key === 'g' || e.key === 'G') && !e.ctrlKey && !e.metaKey && !e.altKey) {
                    e.preventDefault();
                    e.stopPropagation();
                    moveMemberToNextGroup(id);
                  }
                }}
              >
                {nameOf(id)}
              </button>
            ))}
          </div>
        );
      })}
      {drag && (
        <div className="drag-ghost" style={{ left: drag.x, top: drag.y }} aria-hidden="true">
          {nameOf(drag.member)}
        </div>
      )}
    </div>
  );
}
