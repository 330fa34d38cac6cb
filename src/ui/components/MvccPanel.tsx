// One member's MVCC store: the revision timeline (raft index → revision), the keyIndex of every key
// with its generations and tombstones, the compaction boundary, and what `get --rev=N` returns.
import { useId, useMemo, useState } from 'react';
import type { KeyIndexView, MvccInspect } from '../../protocol/inspect';
import { formatRev, isTombstone, readAtRevision, type ReadAt } from '../layout/mvcc';
import { currentLeader } from '../store/derive';
import { useCluster, useClusterShallow, useT } from '../store/hooks';
import type { TFunction } from '../i18n';
import { useInspect } from './useInspect';

/** The member a detail panel looks at: an explicit choice, else the current leader. */
export function useTargetMember(): [number | null, (id: number | null) => void, string] {
  const [chosen, setChosen] = useState<number | null>(null);
  const leader = useCluster((s) => currentLeader(s.cards)?.id ?? null);
  const ids = useClusterShallow((s) => s.cards.map((c) => c.id));
  const valid = chosen !== null && ids.includes(chosen) ? chosen : null;
  const target = valid ?? leader ?? ids[0] ?? null;
  return [target, setChosen, valid === null ? 'leader' : String(valid)];
}

export function MemberPicker({ value, onChange }: { value: string; onChange: (id: number | null) => void }) {
  const t = useT();
  const id = useId();
  const names = useClusterShallow((s) => s.cards.map((c) => `${c.id}:${c.name}`));
  const leaderName = useCluster((s) => currentLeader(s.cards)?.name ?? t('member.none'));
  return (
    <span className="picker">
      <label htmlFor={id}>{t('mvcc.member')}</label>
      <select
        id={id}
        value={value}
        data-testid="inspect-member"
        onChange={(e) => onChange(e.target.value === 'leader' ? null : Number(e.target.value))}
      >
        <option value="leader">{t('mvcc.leaderDefault', { member: leaderName })}</option>
        {names.map((kv) => {
          const [mid, name] = kv.split(':');
          return (
            <option key={mid} value={mid}>
              {name}
            </option>
          );
        })}
      </select>
    </span>
  );
}

export function MvccPanel() {
  const t = useT();
  const [target, setTarget, pickValue] = useTargetMember();
  const data = useInspect(target, 'mvcc');
  const name = useCluster((s) => s.cards.find((c) => c.id === target)?.name ?? '?');
  return (
    <div className="mvcc" data-testid="mvcc-panel">
      <div className="mvcc-bar">
        <MemberPicker value={pickValue} onChange={setTarget} />
        {data && data !== 'unsupported' && (
          <>
            <span data-testid="mvcc-revision">{t('mvcc.revision', { rev: data.revision })}</span>
            <span className={`compact-chip${data.compactRevision >= 0 ? ' is-compacted' : ''}`} data-testid="mvcc-compact">
              {data.compactRevision >= 0 ? `⟦ ${t('mvcc.compacted', { rev: data.compactRevision })}` : t('mvcc.notCompacted')}
            </span>
          </>
        )}
      </div>
      {data === 'unsupported' ? (
        <p className="muted">{t('mvcc.unsupported')}</p>
      ) : data === undefined ? (
        <p className="muted">{t('mvcc.loading')}</p>
      ) : data === null ? (
        <p className="muted">{t('mvcc.notRunning', { member: name })}</p>
      ) : (
        <MvccBody data={data} t={t} />
      )}
    </div>
  );
}

function MvccBody({ data, t }: { data: MvccInspect; t: TFunction }) {
  const [key, setKey] = useState<string>('');
  const [revText, setRevText] = useState('');
  const keyId = useId();
  const revId = useId();
  const selectedKey = data.keys.find((k) => k.key === key) ?? data.keys[0];
  const rev = Number(revText);
  const result = useMemo(
    () => (revText.trim() === '' || !Number.isFinite(rev) ? null : readAtRevision(selectedKey, Math.trunc(rev), data.revision, data.compactRevision)),
    [selectedKey, rev, revText, data.revision, data.compactRevision],
  );
  const history = data.history.slice(-40).reverse();
  return (
    <div className="mvcc-body">
      <section className="mvcc-col" aria-labelledby={`${keyId}-ki`}>
        <h3 id={`${keyId}-ki`}>
          {t('mvcc.keyIndex')}{' '}
          <span className="muted">{t('mvcc.keysShown', { shown: data.keys.length, total: data.totalKeys })}</span>
        </h3>
        {data.keys.length === 0 ? (
          <p className="muted">{t('mvcc.noKeys')}</p>
        ) : (
          <ul className="keyindex" data-testid="mvcc-keys">
            {data.keys.map((ki) => (
              <KeyIndexRow
                key={ki.key}
                ki={ki}
                compact={data.compactRevision}
                selected={ki === selectedKey}
                highlight={ki === selectedKey && result?.kind === 'value' ? formatRev(result.rev) : null}
                onSelect={() => setKey(ki.key)}
                t={t}
              />
            ))}
          </ul>
        )}
        <div className="readat" role="group" aria-label={t('mvcc.readAt')}>
          <span className="readat-title">{t('mvcc.readAt')}</span>
          <label htmlFor={keyId}>{t('mvcc.readKey')}</label>
          <select id={keyId} value={selectedKey?.key ?? ''} onChange={(e) => setKey(e.target.value)} data-testid="readat-key">
            {data.keys.length === 0 && <option value="">{t('mvcc.pickKey')}</option>}
            {data.keys.map((k) => (
              <option key={k.key} value={k.key}>
                {k.key}
              </option>
            ))}
          </select>
          <label htmlFor={revId}>{t('mvcc.readRev')}</label>
          <input
            id={revId}
            type="number"
            min={0}
            inputMode="numeric"
            value={revText}
            placeholder={String(data.revision)}
            onChange={(e) => setRevText(e.target.value)}
            data-testid="readat-rev"
          />
          <output className={`readat-result${result ? ` is-${result.kind}` : ''}`} aria-live="polite" data-testid="readat-result" data-kind={result?.kind ?? ''}>
            {result ? describeRead(result, t) : ''}
          </output>
        </div>
      </section>
      <section className="mvcc-col" aria-labelledby={`${keyId}-tl`}>
        <h3 id={`${keyId}-tl`}>{t('mvcc.timeline')}</h3>
        {history.length === 0 ? (
          <p className="muted">{t('mvcc.noHistory')}</p>
        ) : (
          <table className="mvcc-history" data-testid="mvcc-history">
            <thead>
              <tr>
                <th scope="col">{t('mvcc.raftIndex')}</th>
                <th scope="col">{t('mvcc.rev')}</th>
                <th scope="col">{t('mvcc.request')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.raftIndex} className={data.compactRevision >= 0 && h.revision < data.compactRevision ? 'is-compacted' : undefined}>
                  <td>{h.raftIndex}</td>
                  <td>{h.revision}</td>
                  <td className="mvcc-summary" title={h.summary}>
                    {h.summary}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function describeRead(r: ReadAt, t: TFunction): string {
  switch (r.kind) {
    case 'value':
      return `✓ ${t('mvcc.readResult.value', { rev: formatRev(r.rev) })}`;
    case 'deleted':
      return `∅ ${t('mvcc.readResult.deleted', { rev: formatRev(r.rev) })}`;
    case 'none':
      return `∅ ${t('mvcc.readResult.none')}`;
    case 'compacted':
      return `✕ ${t('mvcc.readResult.compacted', { rev: r.compactRevision })}`;
    case 'future':
      return `✕ ${t('mvcc.readResult.future', { rev: r.current })}`;
  }
}

function KeyIndexRow(props: {
  ki: KeyIndexView;
  compact: number;
  selected: boolean;
  highlight: string | null;
  onSelect: () => void;
  t: TFunction;
}) {
  const { ki, compact, selected, highlight, onSelect, t } = props;
  return (
    <li
      className={`keyindex-row${selected ? ' is-selected' : ''}`}
      data-testid="keyindex-row"
      data-key={ki.key}
      data-generations={ki.generations.map((g, gi) => g.revs.map((r, ri) => `${isTombstone(ki, gi, ri) ? '✝' : ''}${formatRev(r)}`).join(',')).join(' | ')}
    >
      <button type="button" className="keyindex-key" aria-pressed={selected} onClick={onSelect}>
        {ki.key}
      </button>
      <span className="keyindex-gens">
        {ki.generations.map((g, gi) => (
          <span key={gi} className="gen" title={t('mvcc.gen', { n: gi, ver: g.ver })}>
            {g.revs.length === 0 ? (
              <span className="rev is-empty">{t('mvcc.empty')}</span>
            ) : (
              g.revs.map((r, ri) => {
                const text = formatRev(r);
                const tomb = isTombstone(ki, gi, ri);
                const compacted = compact >= 0 && r.main < compact;
                const cls = `rev${tomb ? ' is-tomb' : ''}${compacted ? ' is-compacted' : ''}${highlight === text ? ' is-hit' : ''}`;
                const label = [text, tomb ? t('mvcc.tombstone') : '', compacted ? t('mvcc.compactedMark') : ''].filter(Boolean).join(' · ');
                return (
                  <span key={ri} className={cls} title={tomb ? `${label} — ${t('mvcc.tombstoneTip')}` : label} aria-label={label}>
                    {tomb ? '✝' : ''}
                    {text}
                  </span>
                );
              })
            )}
          </span>
        ))}
      </span>
    </li>
  );
}
