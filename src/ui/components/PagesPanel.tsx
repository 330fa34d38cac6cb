// Panel 5, B+tree / pages: one member's bbolt file as a page map (kinds, owners, free and pending
// pages), the copy-on-write footprint of each commit, the two metas, the bucket tree, db size vs in
// use, and what compaction and defrag did. Fed by inspectMember(member, 'pages' | 'page').
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { BucketView, MetaView, PageDetail, PageKindName, PagesInspect } from '../../protocol/inspect';
import { humanizeBytes } from '../format/bytes';
import type { TFunction } from '../i18n';
import { KIND_ORDER, KIND_STYLE, commitsSince, kindCounts, kindName } from '../layout/pageGrid';
import { getController } from '../store/clusterStore';
import { useCluster, useReducedMotion, useT } from '../store/hooks';
import { MemberPicker, useTargetMember } from './MvccPanel';
import { PageGrid } from './PageGrid';
import { SnapshotButtons } from './SnapshotDrop';
import { useInspect } from './useInspect';
import '../styles/pages.css';

/** Whether the pages panel takes the Raft log's place too (App reads it for the grid layout). */
export const pagesLayoutStore = createStore<{ expanded: boolean }>(() => ({ expanded: false }));
export const usePagesExpanded = (): boolean => useStore(pagesLayoutStore, (s) => s.expanded);

export function PagesPanel() {
  const t = useT();
  const [target, setTarget, pickValue] = useTargetMember();
  const data = useInspect(target, 'pages');
  const name = useCluster((s) => s.cards.find((c) => c.id === target)?.name ?? '?');
  const expanded = usePagesExpanded();
  // Leaving the tab gives the Raft log its place back.
  useEffect(() => () => pagesLayoutStore.setState({ expanded: false }), []);
  return (
    <div className="pages" data-testid="pages-panel">
      <div className="pages-bar">
        <MemberPicker value={pickValue} onChange={setTarget} />
        {data && data !== 'unsupported' && <SizeBar data={data} t={t} />}
        <span className="pages-bar-end">
          <SnapshotButtons member={target} memberName={name} />
          <button
            type="button"
            className="btn btn-quiet"
            aria-pressed={expanded}
            data-testid="pages-expand"
            title={expanded ? t('pages.collapse') : t('pages.expand')}
            aria-label={expanded ? t('pages.collapse') : t('pages.expand')}
            onClick={() => pagesLayoutStore.setState({ expanded: !expanded })}
          >
            {expanded ? '⤡' : '⤢'}
          </button>
        </span>
      </div>
      {data === 'unsupported' ? (
        <p className="muted">{t('mvcc.unsupported')}</p>
      ) : data === undefined ? (
        <p className="muted">{t('pages.loading')}</p>
      ) : data === null ? (
        <p className="muted">{t('mvcc.notRunning', { member: name })}</p>
      ) : (
        <PagesBody key={target ?? 0} data={data} member={target!} memberName={name} t={t} />
      )}
    </div>
  );
}

function SizeBar({ data, t }: { data: PagesInspect; t: TFunction }) {
  const s = data.size;
  const pendingPct = (100 * s.pendingPages) / Math.max(1, s.pageCount);
  const usedPct = Math.max(0, (100 * s.inUseBytes) / Math.max(1, s.sizeBytes) - pendingPct);
  return (
    <span
      className="pages-size"
      data-testid="pages-size"
      data-size-bytes={s.sizeBytes}
      data-in-use-bytes={s.inUseBytes}
      data-page-count={s.pageCount}
      title={t('pages.sizeTip', { pageSize: data.pageSize })}
    >
      <span>{t('pages.size', { size: humanizeBytes(s.sizeBytes), inUse: humanizeBytes(s.inUseBytes) })}</span>
      <span className="pages-size-bar" aria-hidden="true">
        <span className="used" style={{ width: `${usedPct}%` }} />
        <span className="pending" style={{ width: `${pendingPct}%` }} />
      </span>
      <span className="muted">{t('pages.count', { n: s.pageCount })}</span>
    </span>
  );
}

function PagesBody({ data, member, memberName, t }: { data: PagesInspect; member: number; memberName: string; t: TFunction }) {
  const reducedMotion = useReducedMotion();
  const [selected, setSelected] = useState<number | null>(null);
  const [bucket, setBucket] = useState<number | null>(null);
  // Copy-on-write: the pages written by commits that arrived since the last poll flash once.
  const lastTxid = useRef<number | null>(null);
  const [flash, setFlash] = useState<{ written: ReadonlySet<number>; atMs: number }>({ written: new Set(), atMs: 0 });
  useEffect(() => {
    const { written, latestTxid } = commitsSince(data.commits, lastTxid.current);
    if (lastTxid.current === null) {
      // First look: outline what the newest commit wrote, without a flash.
      const last = data.commits[data.commits.length - 1];
      const ids = new Set<number>();
      if (last) for (const [first, count] of last.written) for (let k = 0; k < count; k++) ids.add(first + k);
      setFlash({ written: ids, atMs: 0 });
    } else if (written.size > 0) {
      setFlash({ written, atMs: performance.now() });
    }
    if (latestTxid !== null) lastTxid.current = latestTxid;
  }, [data.commits]);
  const n = data.kinds.length;
  const sel = selected !== null && selected < n ? selected : null;
  const counts = useMemo(() => kindCounts(data.kinds), [data.kinds]);
  const kindLabel = (k: PageKindName) => t(`pages.kind.${k}`);
  const summary =
    sel === null
      ? t('pages.pick')
      : t('pages.selected', {
          id: sel,
          kind: kindLabel(kindName(data.kinds[sel]!)),
          bucket: data.owners[sel]! > 0 ? t('pages.selectedBucket', { bucket: bucketPath(data.buckets[data.owners[sel]! - 1]!) }) : '',
          count: data.counts[sel]! > 0 ? t('pages.selectedCount', { count: data.counts[sel]! }) : '',
        });
  return (
    <div className="pages-body">
      <div className="pages-map">
        <ul className="pages-legend" aria-label={t('pages.legend')} data-testid="pages-legend">
          {KIND_ORDER.map((k) => (
            <li key={k} data-kind={k} data-count={counts[k]}>
              <span className={`page-swatch is-${KIND_STYLE[k].pattern}`} style={{ '--swatch': KIND_STYLE[k].color } as React.CSSProperties} aria-hidden="true">
                {KIND_STYLE[k].letter}
              </span>
              {kindLabel(k)} <span className="muted">{counts[k]}</span>
            </li>
          ))}
          <li>
            <span className="page-swatch is-written" aria-hidden="true" />
            {t('pages.legend.written')}
          </li>
        </ul>
        <PageGrid
          data={data}
          selected={sel}
          onSelect={setSelected}
          bucket={bucket}
          flash={flash}
          reducedMotion={reducedMotion}
          label={t('pages.gridLabel', { member: memberName, n })}
        />
        {data.problems.length > 0 && <p className="pages-warn">{t('pages.problems', { n: data.problems.length })}</p>}
      </div>
      <div className="pages-side">
        <p className="pages-summary" aria-live="polite" data-testid="pages-summary">
          {summary}
        </p>
        {sel !== null && <PageDetailView member={member} pgid={sel} txid={data.size.txid} onSelect={setSelected} t={t} />}
        <Metas metas={data.metas} t={t} />
        <Effects data={data} t={t} />
        <Buckets buckets={data.buckets} selected={bucket} onSelect={setBucket} t={t} />
        <Commits data={data} t={t} />
      </div>
    </div>
  );
}

/** Keys share long prefixes (/registry/pods/…): keep the start and the distinctive end. */
export function middleEllipsis(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = Math.ceil((max - 1) * 0.4);
  return `${s.slice(0, head)}…${s.slice(s.length - (max - 1 - head))}`;
}

function bucketPath(b: BucketView): string {
  return b.path.length === 0 ? '<root>' : b.path.join('/');
}

function PageDetailView({ member, pgid, txid, onSelect, t }: { member: number; pgid: number; txid: number; onSelect: (id: number) => void; t: TFunction }) {
  const [detail, setDetail] = useState<PageDetail | null>(null);
  useEffect(() => {
    let live = true;
    const c = getController();
    c?.inspectMember?.(member, 'page', { pgid })
      .then((d) => live && setDetail(d))
      .catch(() => live && setDetail(null));
    return () => {
      live = false;
    };
  }, [member, pgid, txid]);
  if (!detail || detail.id !== pgid) return null;
  return (
    <section className="pages-detail" data-testid="page-detail" data-kind={detail.kind} aria-label={t('pages.detail', { id: pgid })}>
      <p className="muted">
        {t('pages.header', { kind: detail.kind, flags: detail.flags.toString(16).padStart(2, '0'), count: detail.count, overflow: detail.overflow })}
        {' · '}
        {detail.bucket ? t('pages.owner', { bucket: detail.bucket.length ? detail.bucket.join('/') : '<root>' }) : t('pages.ownerNone')}
      </p>
      {detail.overflowOf !== undefined && (
        <p>
          <button type="button" className="linkish" onClick={() => onSelect(detail.overflowOf!)}>
            {t('pages.overflowOf', { id: detail.overflowOf })}
          </button>
        </p>
      )}
      {detail.kind === 'pending' && <p>{t('pages.pendingTxid', { txid: detail.pendingTxid ?? '?' })}</p>}
      {detail.kind === 'free' && <p>{t('pages.freeText')}</p>}
      {detail.meta && <MetaCard m={detail.meta} t={t} />}
      {detail.freeIds && <p className="pages-ids">{t('pages.freeIds', { ids: detail.freeIds.join(', ') || '—' })}</p>}
      {detail.items.length > 0 && (
        <div className="pages-items-wrap">
          <table className="pages-items" data-testid="page-items">
            <thead>
              <tr>
                <th scope="col" className="col-n">
                  #
                </th>
                <th scope="col">{t('pages.item.key')}</th>
                {detail.items.some((i) => i.revision) && (
                  <th scope="col" className="col-rev">
                    {t('pages.item.rev')}
                  </th>
                )}
                <th scope="col" className="col-val">
                  {detail.kind === 'branch' ? t('pages.item.child') : t('pages.item.value')}
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.items.map((it, i) => (
                <tr key={i}>
                  <td className="muted">{i}</td>
                  <td className="pages-key" title={it.userKey ?? it.key}>
                    {middleEllipsis(it.userKey ?? it.key, 21)}
                  </td>
                  {detail.items.some((x) => x.revision) && (
                    <td>
                      {it.revision ? `${it.revision.main}.${it.revision.sub}` : '—'}
                      {it.revision?.tombstone && <span className="pages-tomb"> ✝ {t('pages.item.tombstone')}</span>}
                    </td>
                  )}
                  <td>
                    {it.child !== undefined ? (
                      <button type="button" className="linkish" onClick={() => onSelect(it.child!)}>
                        → {it.child}
                      </button>
                    ) : it.bucket ? (
                      t('pages.item.bucket')
                    ) : (
                      t('pages.item.bytes', { n: it.valueSize ?? 0 })
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detail.moreItems > 0 && <p className="muted">{t('pages.moreItems', { n: detail.moreItems })}</p>}
    </section>
  );
}

function MetaCard({ m, t }: { m: MetaView; t: TFunction }) {
  return (
    <div className={`pages-meta${m.current ? ' is-current' : ''}`} data-testid={`pages-meta-${m.pageId}`} data-current={m.current} data-txid={m.txid}>
      <strong>
        {m.current ? '★ ' : ''}
        {t('pages.meta', { id: m.pageId })} · {m.current ? t('pages.metaCurrent') : t('pages.metaOlder')}
      </strong>
      <span>{t('pages.metaFields', { txid: m.txid, root: m.root, freelist: m.freelist ?? t('pages.metaNoFreelist'), pgid: m.pgid })}</span>
      <span className={m.checksumOk ? 'muted' : 'pages-warn'}>{t(m.checksumOk ? 'pages.checksumOk' : 'pages.checksumBad', { sum: m.checksum })}</span>
    </div>
  );
}

function Metas({ metas, t }: { metas: PagesInspect['metas']; t: TFunction }) {
  return (
    <section className="pages-section">
      <h3>{t('pages.metas')}</h3>
      <div className="pages-metas">
        {metas.map((m, i) =>
          m ? (
            <MetaCard key={i} m={m} t={t} />
          ) : (
            <div key={i} className="pages-meta pages-warn">
              {t('pages.meta', { id: i })}: {t('pages.metaInvalid')}
            </div>
          ),
        )}
      </div>
    </section>
  );
}

function Effects({ data, t }: { data: PagesInspect; t: TFunction }) {
  return (
    <section className="pages-section" data-testid="pages-effects">
      <h3>{t('pages.effects')}</h3>
      {data.effects.length === 0 ? (
        <p className="muted">{t('pages.noEffects')}</p>
      ) : (
        <ul className="pages-effects">
          {data.effects
            .slice()
            .reverse()
            .map((e, i) => (
              <li key={i} data-kind={e.kind} data-before-pages={e.before.pageCount} data-after-pages={e.after.pageCount} data-settled={e.settled}>
                <strong>{e.kind === 'compact' ? t('pages.effect.compact', { rev: e.revision ?? '?' }) : t('pages.effect.defrag')}</strong>{' '}
                {t('pages.effect.change', {
                  beforePages: e.before.pageCount,
                  afterPages: e.after.pageCount,
                  beforeInUse: humanizeBytes(e.before.inUseBytes),
                  afterInUse: humanizeBytes(e.after.inUseBytes),
                })}
                {!e.settled && <span className="muted"> {t('pages.effect.settling')}</span>}
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}

function Buckets({ buckets, selected, onSelect, t }: { buckets: BucketView[]; selected: number | null; onSelect: (i: number | null) => void; t: TFunction }) {
  const depth = (i: number): number => (buckets[i]!.parent < 0 ? 0 : 1 + depth(buckets[i]!.parent));
  return (
    <section className="pages-section">
      <h3>{t('pages.buckets')}</h3>
      <ul className="pages-buckets" data-testid="pages-buckets">
        <li>
          <button type="button" className={`bucket-btn${selected === null ? ' is-active' : ''}`} aria-pressed={selected === null} onClick={() => onSelect(null)}>
            {t('pages.bucketAll')}
          </button>
        </li>
        {buckets.map((b, i) => (
          <li key={i} style={{ paddingLeft: `${depth(i) * 1.1}em` }}>
            <button
              type="button"
              className={`bucket-btn${selected === i ? ' is-active' : ''}`}
              aria-pressed={selected === i}
              data-bucket={bucketPath(b)}
              aria-label={t('pages.bucketRow', { name: bucketPath(b), keys: b.keyCount, pages: b.pageCount })}
              onClick={() => onSelect(selected === i ? null : i)}
            >
              <span className="bucket-name">{b.path.length ? b.name : '<root>'}</span>
              <span className="muted">{t('pages.bucketKeys', { n: b.keyCount })}</span>
              <span className="muted">{b.inline ? t('pages.bucketInline') : t('pages.bucketPages', { n: b.pageCount })}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Commits({ data, t }: { data: PagesInspect; t: TFunction }) {
  const list = data.commits.slice(-6).reverse();
  return (
    <section className="pages-section" data-testid="pages-commits">
      <h3>{t('pages.commits')}</h3>
      {list.length === 0 ? (
        <p className="muted">{t('pages.noCommits')}</p>
      ) : (
        <ul className="pages-commits">
          {list.map((c) => (
            <li key={c.txid} data-txid={c.txid}>
              {t('pages.commit', {
                txid: c.txid,
                written: c.written.reduce((s, [, k]) => s + k, 0),
                freed: c.freed.length ? c.freed.slice(0, 12).join(',') + (c.freed.length > 12 ? '…' : '') : '—',
                meta: c.metaPgid,
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
