// One line in the Cluster panel header: who leads, in which term, and how many messages are in flight.
import { useRef } from 'react';
import { clusterStore } from '../store/clusterStore';
import { currentLeader } from '../store/derive';
import { MAX_DRAWN_MESSAGES } from '../layout/messages';
import { useCluster, useT } from '../store/hooks';
import { useFrame } from './useFrame';

export function ClusterStatus() {
  const t = useT();
  const cards = useCluster((s) => s.cards);
  const leader = currentLeader(cards);
  const alive = cards.filter((c) => c.alive).length;
  const countRef = useRef<HTMLSpanElement | null>(null);
  const last = useRef('');
  const tRef = useRef(t);
  tRef.current = t;
  useFrame(() => {
    const el = countRef.current;
    if (!el) return;
    const count = clusterStore.getState().snapshot?.messages.length ?? 0;
    const text = tRef.current(count > MAX_DRAWN_MESSAGES ? 'cluster.inFlightSampled' : 'cluster.inFlight', { count, drawn: MAX_DRAWN_MESSAGES });
    if (text === last.current && el.textContent === text) return;
    last.current = text;
    el.textContent = text;
  });
  return (
    <p className="cluster-status" data-testid="cluster-status">
      <span className={leader ? 'has-leader' : 'no-leader'}>
        {leader ? t('cluster.leaderShort', { member: leader.name, term: leader.term }) : t('cluster.noLeaderShort')}
      </span>
      <span className="muted">{t('cluster.alive', { alive, total: cards.length })}</span>
      <span className="muted" ref={countRef} />
    </p>
  );
}
