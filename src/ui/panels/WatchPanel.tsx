// Panel 6, Watch: every watcher on every member with its key range, start revision and group
// (synced / unsynced / victim), the events each has been sent, and watchers canceled by compaction
// with the compact revision. The user can open (and cancel) a watch from the panel, as a client.
import { useEffect, useId, useRef, useState } from 'react';
import type { WatchInspect, WatcherGroup } from '../../protocol/inspect';
import { getController } from '../store/clusterStore';
import { useClusterShallow, useT } from '../store/hooks';
import type { TFunction } from '../i18n';
import { MemberPicker, useTargetMember } from '../components/MvccPanel';
import { LiveRegion, usePoll } from './usePoll';

export const WATCH_POLL_MS = 400;

interface ClientWatch {
  id: number;
  member: number | undefined;
  key: string;
  prefix: boolean;
  startRevision: number;
  events: number;
  lastRevision: number;
  canceled?: { compactRevision: number; reason: string };
  cancel: () => void;
  /** How fast this client reads its stream: null = as responses come, 0 = stalled. */
  readsPerTick: number | null;
  setReadsPerTick?: (n: number | null) => void;
}

/** The client read paces the panel offers (responses per member tick). */
const READ_PACES: Array<{ key: 'all' | 'slow' | 'paused'; value: number | null }> = [
  { key: 'all', value: null },
  { key: 'slow', value: 1 },
  { key: 'paused', value: 0 },
];

const GROUP_GLYPH: Record<WatcherGroup, string> = { synced: '●', unsynced: '◐', victim: '✕' };

/** etcd's GetPrefixRangeEnd: the key with its last byte below 0xff incremented; [0] for "every key". */
export function prefixRangeEnd(key: Uint8Array): Uint8Array {
  for (let i = key.length - 1; i >= 0; i--) {
    if (key[i]! < 0xff) {
      const end = key.slice(0, i + 1);
      end[i]!++;
      return end;
    }
  }
  return new Uint8Array([0]);
}

function rangeText(key: string, rangeEnd: string, t: TFunction): string {
  if (rangeEnd === '') return key;
  if (rangeEnd === '\0') return t('watch.fromKey', { key });
  const enc = new TextEncoder();
  const prefixEnd = prefixRangeEnd(enc.encode(key));
  if (rangeEnd === new TextDecoder().decode(prefixEnd)) return t('watch.prefixOf', { key });
  return `[${key}, ${rangeEnd})`;
}

/** "12/128" for a slow client's stream buffer; "0" when the client reads as fast as responses come. */
function bufferText(buffered: number | undefined, capacity: number | undefined): string {
  return capacity ? `${buffered ?? 0}/${capacity}` : String(buffered ?? 0);
}

export function WatchPanel() {
  const t = useT();
  const ids = useClusterShallow((s) => s.cards.filter((c) => c.alive).map((c) => c.id));
  const names = useClusterShallow((s) => s.cards.map((c) => c.name));
  const cardIds = useClusterShallow((s) => s.cards.map((c) => c.id));
  const nameOf = (id: number) => names[cardIds.indexOf(id)] ?? `n${id}`;
  const data = usePoll(
    async () => {
      const c = getController();
      if (!c?.inspectMember) return 'unsupported' as const;
      const out: Array<{ member: number; w: WatchInspect }> = [];
      for (const id of ids) {
        const w = await c.inspectMember(id, 'watch');
        if (w) out.push({ member: id, w });
      }
      return out;
    },
    WATCH_POLL_MS,
    [ids.join(',')],
  );
  const [mine, setMine] = useState<ClientWatch[]>([]);
  const [say, setSay] = useState('');
  useEffect(() => () => mine.forEach((w) => !w.canceled && w.cancel()), []); // eslint-disable-line react-hooks/exhaustive-deps

  if (data === 'unsupported') return <p className="muted opt-panel">{t('mvcc.unsupported')}</p>;
  const rows = (data ?? []).flatMap(({ member, w }) => w.watchers.map((x) => ({ member, x })));
  const canceled = (data ?? []).flatMap(({ member, w }) => w.canceled.map((x) => ({ member, x }))).reverse();
  const counts = (g: WatcherGroup) => rows.filter((r) => r.x.group === g).length;
  return (
    <div className="opt-panel watchp" data-testid="watch-panel">
      <OpenWatchForm
        t={t}
        onOpen={(w) => {
          setMine((m) => [w, ...m].slice(0, 20));
          setSay(t('watch.say.opened', { key: w.key, rev: w.startRevision }));
        }}
        onResponse={(id, patch) => {
          setMine((m) => m.map((w) => (w.id === id ? { ...w, ...patch(w) } : w)));
          const w = mine.find((x) => x.id === id);
          if (w && patch(w).canceled) setSay(t('watch.say.canceled', { key: w.key, rev: patch(w).canceled!.compactRevision }));
        }}
      />
      {mine.length > 0 && (
        <ul className="watch-mine" aria-label={t('watch.mine')} data-testid="watch-mine">
          {mine.map((w) => (
            <li key={w.id} className={w.canceled ? 'is-canceled' : ''} data-canceled={!!w.canceled} data-compact-revision={w.canceled?.compactRevision ?? 0} data-events={w.events}>
              <span className="mono">{w.prefix ? t('watch.prefixOf', { key: w.key }) : w.key}</span>
              <span className="muted"> {t('watch.startAt', { rev: w.startRevision || t('watch.now') })}</span>
              {' · '}
              {w.canceled ? (
                <span className="watch-canceled-text">
                  ✕ {w.canceled.compactRevision > 0 ? t('watch.canceledCompacted', { rev: w.canceled.compactRevision }) : w.canceled.reason}
                </span>
              ) : (
                <>
                  <span>{t('watch.eventsSeen', { n: w.events, rev: w.lastRevision })}</span>{' '}
                  {w.setReadsPerTick && (
                    <label className="watch-read">
                      <span className="muted">{t('watch.read')} </span>
                      <select
                        aria-label={t('watch.readLabel')}
                        data-testid="watch-read"
                        value={READ_PACES.find((p) => p.value === w.readsPerTick)?.key ?? 'all'}
                        onChange={(e) => {
                          const pace = READ_PACES.find((p) => p.key === e.target.value)!;
                          w.setReadsPerTick?.(pace.value);
                          setMine((m) => m.map((x) => (x.id === w.id ? { ...x, readsPerTick: pace.value } : x)));
                          setSay(t('watch.say.read', { key: w.key, pace: t(`watch.read.${pace.key}`) }));
                        }}
                      >
                        {READ_PACES.map((p) => (
                          <option key={p.key} value={p.key}>
                            {t(`watch.read.${p.key}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                  )}{' '}
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => {
                      w.cancel();
                      setMine((m) => m.map((x) => (x.id === w.id ? { ...x, canceled: { compactRevision: 0, reason: t('watch.canceledByYou') } } : x)));
                    }}
                  >
                    {t('watch.cancel')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="watch-groups" data-testid="watch-groups">
        {(['synced', 'unsynced', 'victim'] as const).map((g) => (
          <span key={g} className={`group-chip group-${g}`} title={t(`watch.groupTip.${g}`)}>
            <span aria-hidden="true">{GROUP_GLYPH[g]}</span> {t(`watch.group.${g}`)} {counts(g)}
          </span>
        ))}
      </p>
      {rows.length === 0 ? (
        <p className="muted">{t('watch.none')}</p>
      ) : (
        <table className="mvcc-history watch-table" data-testid="watch-table">
          <thead>
            <tr>
              <th scope="col">{t('member.name')}</th>
              <th scope="col">{t('watch.key')}</th>
              <th scope="col">{t('watch.start')}</th>
              <th scope="col">{t('watch.next')}</th>
              <th scope="col">{t('watch.groupCol')}</th>
              <th scope="col">{t('watch.events')}</th>
              <th scope="col" title={t('watch.bufferedTip')}>
                {t('watch.buffered')}
              </th>
              <th scope="col">{t('watch.recent')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ member, x }) => (
              <tr key={`${member}-${x.streamId}`} data-testid="watcher-row" data-member={member} data-key={x.key} data-group={x.group} data-start={x.startRevision} data-events={x.events}>
                <td>{nameOf(member)}</td>
                <td className="mono mvcc-summary">{rangeText(x.key, x.rangeEnd, t)}</td>
                <td>{x.startRevision || t('watch.now')}</td>
                <td>{x.nextRevision}</td>
                <td className={`group-${x.group}`}>
                  <span aria-hidden="true">{GROUP_GLYPH[x.group]}</span> {t(`watch.group.${x.group}`)}
                </td>
                <td>{x.events}</td>
                <td data-testid="watcher-buffered" data-buffered={x.buffered ?? 0} data-held={x.heldEvents ?? 0}>
                  {x.heldEvents ? t('watch.bufferedHeld', { n: bufferText(x.buffered, x.bufferCapacity), held: x.heldEvents }) : bufferText(x.buffered, x.bufferCapacity)}
                </td>
                <td className="mono mvcc-summary" title={x.recent.map((e) => `${e.type} ${e.key}@${e.modRevision}`).join(', ')}>
                  {x.recent.slice(-3).map((e) => `${e.type === 'DELETE' ? '✝' : '+'}${e.key}@${e.modRevision}`).join(' ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canceled.length > 0 && (
        <>
          <h3 className="opt-h3">{t('watch.canceledTitle')}</h3>
          <ul className="watch-canceled" data-testid="watch-canceled">
            {canceled.slice(0, 8).map(({ member, x }) => (
              <li key={`${member}-${x.streamId}`} data-member={member} data-key={x.key} data-start={x.startRevision} data-compact-revision={x.compactRevision}>
                <span aria-hidden="true">✕ </span>
                {nameOf(member)} · <span className="mono">{rangeText(x.key, x.rangeEnd, t)}</span> · {t('watch.startAt', { rev: x.startRevision || t('watch.now') })} ·{' '}
                {x.compactRevision > 0 ? <strong>{t('watch.canceledCompacted', { rev: x.compactRevision })}</strong> : x.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <LiveRegion text={say} testId="watch-narration" />
    </div>
  );
}

let nextClientWatch = 1;

function OpenWatchForm({
  t,
  onOpen,
  onResponse,
}: {
  t: TFunction;
  onOpen: (w: ClientWatch) => void;
  onResponse: (id: number, patch: (w: ClientWatch) => Partial<ClientWatch>) => void;
}) {
  const uid = useId();
  const [key, setKey] = useState('foo');
  const [prefix, setPrefix] = useState(false);
  const [rev, setRev] = useState('');
  const [error, setError] = useState('');
  const [target, setTarget, pickValue] = useTargetMember();
  const onResponseRef = useRef(onResponse);
  onResponseRef.current = onResponse;
  const open = () => {
    const c = getController();
    if (!c?.openWatch) return setError(t('mvcc.unsupported'));
    const startRevision = rev.trim() === '' ? 0 : Number(rev);
    if (!Number.isInteger(startRevision) || startRevision < 0) return setError(t('watch.badRev'));
    if (key === '' && !prefix) return setError(t('watch.needKey'));
    setError('');
    const k = new TextEncoder().encode(key);
    const id = nextClientWatch++;
    const handle = c.openWatch(
      { key: prefix && key === '' ? new Uint8Array([0]) : k, rangeEnd: prefix ? prefixRangeEnd(k) : new Uint8Array(0), startRevision, prevKv: false },
      (r) =>
        onResponseRef.current(id, (w) => ({
          events: w.events + r.events.length,
          lastRevision: r.events.length ? r.events[r.events.length - 1]!.kv.modRevision : w.lastRevision,
          canceled: r.canceled ? { compactRevision: r.compactRevision, reason: r.cancelReason } : w.canceled,
        })),
      target ?? undefined,
    );
    onOpen({
      id, member: target ?? undefined, key, prefix, startRevision, events: 0, lastRevision: 0, cancel: handle.cancel,
      readsPerTick: null,
      setReadsPerTick: handle.setReadsPerTick ? (n) => handle.setReadsPerTick!(n) : undefined,
    });
  };
  return (
    <form
      className="opt-form watch-form"
      onSubmit={(e) => {
        e.preventDefault();
        open();
      }}
      aria-label={t('watch.open')}
    >
      <label htmlFor={`${uid}-k`}>{t('watch.key')}</label>
      <input id={`${uid}-k`} value={key} onChange={(e) => setKey(e.target.value)} data-testid="watch-key" size={10} />
      <label className="check">
        <input type="checkbox" checked={prefix} onChange={(e) => setPrefix(e.target.checked)} data-testid="watch-prefix" /> {t('watch.prefix')}
      </label>
      <label htmlFor={`${uid}-r`}>{t('watch.rev')}</label>
      <input id={`${uid}-r`} value={rev} onChange={(e) => setRev(e.target.value)} inputMode="numeric" placeholder="0" data-testid="watch-rev" size={5} />
      <MemberPicker value={pickValue} onChange={setTarget} />
      <button type="submit" className="btn btn-primary" data-testid="watch-open">
        {t('watch.open')}
      </button>
      {error && (
        <span className="opt-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
