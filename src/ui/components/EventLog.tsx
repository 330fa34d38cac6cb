// Newest-first list of cluster events as sentences, plus a polite live region that narrates the
// important ones (leader changes, crashes, partitions) for screen-reader users.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { ClusterEvent } from '../../protocol/view';
import type { NodeId } from '../../raft/types';
import type { TFunction } from '../i18n';
import { describeEvent, eventTone, isNarrated, pickNarration } from '../i18n/events';
import { useCluster, usePrefs, useT } from '../store/hooks';
import { toggleKeyEventsOnly } from '../store/prefsStore';
import { formatClock } from '../layout/clock';

const SHOWN = 150;
const TONE_ICON = { leader: '★', fault: '✕', recover: '↺', election: '▲', info: '·' } as const;

export function EventLog() {
  const t = useT();
  const events = useCluster((s) => s.events);
  const keyOnly = usePrefs((s) => s.keyEventsOnly);
  const names = useNames();
  const shown = useMemo(
    () => (keyOnly ? events.filter((e) => isNarrated(e.kind)) : events).slice(0, SHOWN),
    [events, keyOnly],
  );
  return (
    <div className="eventlog">
      {shown.length === 0 ? (
        <p className="muted">{t('events.empty')}</p>
      ) : (
        <ol className="eventlog-list">
          {shown.map((ev) => (
            <EventRow key={ev.seq} ev={ev} names={names} t={t} />
          ))}
        </ol>
      )}
    </div>
  );
}

const EventRow = memo(function EventRow({ ev, names, t }: { ev: ClusterEvent; names: ReadonlyMap<NodeId, string>; t: TFunction }) {
  const tone = eventTone(ev.kind);
  return (
    <li className={`event tone-${tone}`} data-kind={ev.kind} data-member={ev.member !== undefined ? names.get(ev.member) ?? String(ev.member) : undefined}>
      <span className="event-time">{t('events.at', { t: formatClock(ev.tMs) })}</span>
      <span className="event-icon" aria-hidden="true">
        {TONE_ICON[tone]}
      </span>
      <span className="event-text">{describeEvent(ev, names, t)}</span>
    </li>
  );
});

/** Panel-header toggle: all events, or only the ones that change the story. */
export function EventFilter() {
  const t = useT();
  const keyOnly = usePrefs((s) => s.keyEventsOnly);
  return (
    <button type="button" className="btn btn-small toggle" aria-pressed={keyOnly} onClick={toggleKeyEventsOnly}>
      {t('events.keyOnly')}
    </button>
  );
}

/** Member names by id; a new map only when a name changes (not on every commit-index change). */
function useNames(): ReadonlyMap<NodeId, string> {
  const key = useCluster((s) => s.cards.map((c) => `${c.id}=${c.name}`).join(','));
  return useMemo(
    () => new Map(key ? key.split(',').map((kv) => [Number(kv.split('=')[0]), kv.slice(kv.indexOf('=') + 1)]) : []),
    [key],
  );
}

/** Visually hidden polite live region; announces each batch of important events once. */
export function Narrator() {
  const t = useT();
  const events = useCluster((s) => s.events);
  const names = useNames();
  const lastSeq = useRef<number | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const { mark, fresh } = pickNarration(events, lastSeq.current);
    lastSeq.current = mark;
    if (fresh.length === 0) return;
    setText(fresh.map((e) => describeEvent(e, names, t)).join('. '));
  }, [events, names, t]);
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="narration">
      {text}
    </div>
  );
}
