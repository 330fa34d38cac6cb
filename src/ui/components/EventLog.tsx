// Newest-first list of cluster events as sentences, plus a polite live region that narrates the
// important ones (leader changes, crashes, partitions) for screen-reader users.
import { useEffect, useMemo, useRef, useState } from 'react';
import { describeEvent, eventTone, isNarrated } from '../i18n/events';
import { namesById } from '../store/derive';
import { useCluster, useT } from '../store/hooks';
import { formatClock } from '../layout/clock';

const SHOWN = 150;
const TONE_ICON = { leader: '★', fault: '✕', recover: '↺', election: '▲', info: '·' } as const;

export function EventLog() {
  const t = useT();
  const events = useCluster((s) => s.events);
  const cards = useCluster((s) => s.cards);
  const names = useMemo(() => namesById(cards), [cards]);
  const shown = events.slice(0, SHOWN);
  return (
    <div className="eventlog">
      {shown.length === 0 ? (
        <p className="muted">{t('events.empty')}</p>
      ) : (
        <ol className="eventlog-list">
          {shown.map((ev) => {
            const tone = eventTone(ev.kind);
            return (
              <li key={ev.seq} className={`event tone-${tone}`}>
                <span className="event-time">{t('events.at', { t: formatClock(ev.tMs) })}</span>
                <span className="event-icon" aria-hidden="true">
                  {TONE_ICON[tone]}
                </span>
                <span className="event-text">{describeEvent(ev, names, t)}</span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

/** Visually hidden polite live region; announces each batch of important events once. */
export function Narrator() {
  const t = useT();
  const events = useCluster((s) => s.events);
  const cards = useCluster((s) => s.cards);
  const lastSeq = useRef<number | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const newest = events[0]?.seq ?? -1;
    if (lastSeq.current === null) {
      // Do not read out the history that was there before the page started listening.
      lastSeq.current = newest;
      return;
    }
    const since = lastSeq.current;
    lastSeq.current = newest;
    const fresh = events.filter((e) => e.seq > since && isNarrated(e.kind)).slice(0, 3).reverse();
    if (fresh.length === 0) return;
    const names = namesById(cards);
    setText(fresh.map((e) => describeEvent(e, names, t)).join('. '));
  }, [events, cards, t]);
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="narration">
      {text}
    </div>
  );
}
