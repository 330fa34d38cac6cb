// Panel 3, Write path: one raft entry followed step by step — propose, WAL append + fsync,
// replicate (per follower), commit, apply (the MVCC revision), backend batch commit — with the
// virtual time of each step. Pick an entry from the recent writes, or follow the next write.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { WriteTraceView } from '../../protocol/writePath';
import { getController } from '../store/clusterStore';
import { useCluster, useT } from '../store/hooks';
import type { TFunction } from '../i18n';
import { followerRows, formatMs, isComplete, leaderRows, type StepRow } from './writePathModel';
import { LiveRegion, usePoll } from './usePoll';

export const WRITE_PATH_POLL_MS = 250;

function useTraces(): WriteTraceView[] | 'unsupported' | undefined {
  return usePoll(() => {
    const c = getController();
    return c?.writeTraces ? c.writeTraces() : ('unsupported' as const);
  }, WRITE_PATH_POLL_MS, []);
}

export function WritePathPanel() {
  const t = useT();
  const traces = useTraces();
  const [selected, setSelected] = useState<number | null>(null);
  /** Waiting for the first entry above this index. */
  const [followAfter, setFollowAfter] = useState<number | null>(null);
  const names = useCluster((s) => s.cards);
  const nameOf = (id: number) => names.find((c) => c.id === id)?.name ?? `n${id}`;
  const list = Array.isArray(traces) ? traces : [];
  const newest = list[0]?.index ?? 0;

  useEffect(() => {
    if (followAfter === null) return;
    const next = list.filter((x) => x.index > followAfter && x.summary !== 'noop').sort((a, b) => a.index - b.index)[0];
    if (next) {
      setSelected(next.index);
      setFollowAfter(null);
    }
  }, [list, followAfter]);

  const trace = list.find((x) => x.index === selected) ?? null;
  const followers = useMemo(() => (trace ? [...new Set(names.map((c) => c.id))].filter((id) => id !== trace.leader) : []), [trace, names]);
  const narration = useNarration(trace, t, nameOf);

  if (traces === 'unsupported') return <p className="muted opt-panel">{t('mvcc.unsupported')}</p>;
  return (
    <div className="opt-panel writepath" data-testid="writepath-panel">
      <div className="opt-bar">
        <button
          type="button"
          className={`btn${followAfter !== null ? ' btn-primary' : ''}`}
          aria-pressed={followAfter !== null}
          data-testid="writepath-follow"
          onClick={() => setFollowAfter(followAfter === null ? newest : null)}
        >
          {followAfter !== null ? t('wp.following') : t('wp.followNext')}
        </button>
        <span className="muted">{t('wp.hint')}</span>
      </div>
      <div className="writepath-body">
        <ul className="writepath-list" aria-label={t('wp.recent')} data-testid="writepath-list">
          {list.length === 0 && <li className="muted">{t('wp.none')}</li>}
          {list.slice(0, 60).map((x) => (
            <li key={x.index}>
              <button
                type="button"
                className={`writepath-item${x.index === selected ? ' is-selected' : ''}`}
                aria-pressed={x.index === selected}
                data-index={x.index}
                onClick={() => {
                  setSelected(x.index);
                  setFollowAfter(null);
                }}
              >
                <span className="mono writepath-index">#{x.index}</span>
                <span className="writepath-summary" title={x.summary}>
                  {x.summary || '—'}
                </span>
                <span aria-hidden="true" className={`writepath-done${isComplete(x) ? ' is-done' : ''}`}>
                  {isComplete(x) ? '✓' : '…'}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <div className="writepath-detail">
          {trace ? (
            <TraceDetail trace={trace} followers={followers} nameOf={nameOf} t={t} />
          ) : (
            <p className="muted">{followAfter !== null ? t('wp.waiting') : t('wp.pick')}</p>
          )}
        </div>
      </div>
      <LiveRegion text={narration} testId="writepath-narration" />
    </div>
  );
}

function stepLabel(r: StepRow, t: TFunction, nameOf: (id: number) => string): string {
  if (r.step === 'replicate') return t('wp.step.replicate', { member: nameOf(r.peer ?? 0) });
  return t(`wp.step.${r.step}` as 'wp.step.propose');
}

function TraceDetail({ trace, followers, nameOf, t }: { trace: WriteTraceView; followers: number[]; nameOf: (id: number) => string; t: TFunction }) {
  const rows = leaderRows(trace, followers);
  const total = Math.max(1, ...rows.map((r) => r.sinceProposeMs ?? 0));
  return (
    <>
      <h3 className="writepath-title">
        <span className="mono">#{trace.index}</span> {trace.summary} <span className="muted">{t('wp.onLeader', { member: nameOf(trace.leader) })}</span>
      </h3>
      <ol className="writepath-steps" data-testid="writepath-steps" data-index={trace.index}>
        {rows.map((r, i) => {
          const done = r.atMs !== undefined;
          return (
            <li
              key={`${r.step}-${r.peer ?? ''}-${i}`}
              className={`wp-step${done ? ' is-done' : ' is-waiting'}`}
              data-step={r.step}
              data-peer={r.peer}
              data-at={done ? r.atMs : undefined}
              data-revision={r.revision}
            >
              <span className="wp-glyph" aria-hidden="true">{done ? '●' : '○'}</span>
              <span className="wp-name" title={t(`wp.tip.${r.step}` as 'wp.tip.propose')}>
                {stepLabel(r, t, nameOf)}
                <span className="sr-only">. {t(`wp.tip.${r.step}` as 'wp.tip.propose')}</span>
                {r.revision !== undefined && <span className="wp-rev"> {t('wp.revision', { rev: r.revision })}</span>}
              </span>
              <span className="wp-bar" aria-hidden="true">
                {done && <span className="wp-bar-fill" style={{ width: `${Math.max(2, ((r.sinceProposeMs ?? 0) / total) * 100)}%` }} />}
              </span>
              <span className="wp-time mono">
                {done ? t('wp.at', { ms: formatMs(r.sinceProposeMs) }) : t('wp.pending')}
              </span>
              <span className="wp-delta mono">{r.sincePrevMs !== undefined ? t('wp.delta', { ms: formatMs(r.sincePrevMs) }) : ''}</span>
            </li>
          );
        })}
      </ol>
      {followers.length > 0 && (
        <table className="mvcc-history wp-followers" data-testid="writepath-followers">
          <caption className="wp-caption">{t('wp.followers')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('member.name')}</th>
              {followerRows(trace, followers[0]!).map((r) => (
                <th scope="col" key={r.step}>
                  {t(`wp.short.${r.step}` as 'wp.short.wal-append')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {followers.map((f) => (
              <tr key={f} data-member={f}>
                <th scope="row">{nameOf(f)}</th>
                {followerRows(trace, f).map((r) => (
                  <td key={r.step} className="mono" data-step={r.step}>
                    {r.sinceProposeMs !== undefined ? `+${formatMs(r.sinceProposeMs)}` : '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Announces the followed entry once when picked and once when its write path is complete. */
function useNarration(trace: WriteTraceView | null, t: TFunction, nameOf: (id: number) => string): string {
  const [text, setText] = useState('');
  const said = useRef<string>('');
  useEffect(() => {
    if (!trace) return;
    const done = isComplete(trace);
    const key = `${trace.index}:${done}`;
    if (said.current === key) return;
    said.current = key;
    if (!done) setText(t('wp.say.follow', { index: trace.index, summary: trace.summary, member: nameOf(trace.leader) }));
    else {
      const rows = leaderRows(trace, []);
      const commit = rows.find((r) => r.step === 'commit')?.sinceProposeMs;
      const rev = rows.find((r) => r.step === 'apply')?.revision;
      setText(t('wp.say.done', { index: trace.index, ms: formatMs(commit), rev: rev ?? '—' }));
    }
  }, [trace, t, nameOf]);
  return text;
}
