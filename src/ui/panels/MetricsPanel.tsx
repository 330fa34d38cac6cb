// Panel 10, Metrics: per member — proposals committed / applied / pending, WAL fsync and backend
// commit latency (p50 / p99 over the last samples), db size and in use, and an estimate of memory
// by component (raft log, treeIndex, watchers). Computed in each member's worker, read once a second.
import type { MetricsInspect } from '../../protocol/inspect';
import { humanizeBytes } from '../format/bytes';
import { getController } from '../store/clusterStore';
import { useClusterShallow, useT } from '../store/hooks';
import type { MessageKey, TFunction } from '../i18n';
import { usePoll } from './usePoll';

export const METRICS_POLL_MS = 1000;

type Row = { label: MessageKey; tip?: MessageKey; value: (m: MetricsInspect, t: TFunction) => string; testId: string };

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const lat = (s: MetricsInspect['walFsync'], t: TFunction) => (s.count === 0 ? '—' : t('metrics.ms', { p50: ms(s.p50Ms), p99: ms(s.p99Ms) }));

const ROWS: Array<Row | { group: MessageKey }> = [
  { group: 'metrics.g.proposals' },
  { label: 'metrics.committed', tip: 'metrics.committedTip', value: (m) => String(m.proposalsCommitted), testId: 'committed' },
  { label: 'metrics.applied', value: (m) => String(m.proposalsApplied), testId: 'applied' },
  { label: 'metrics.pending', tip: 'metrics.pendingTip', value: (m) => String(m.proposalsPending), testId: 'pending' },
  { group: 'metrics.g.disk' },
  { label: 'metrics.walFsync', tip: 'metrics.walFsyncTip', value: (m, t) => lat(m.walFsync, t), testId: 'wal-fsync' },
  { label: 'metrics.backendCommit', tip: 'metrics.backendCommitTip', value: (m, t) => lat(m.backendCommit, t), testId: 'backend-commit' },
  { label: 'metrics.dbSize', value: (m) => `${humanizeBytes(m.dbSizeBytes)} / ${humanizeBytes(m.dbSizeInUseBytes)}`, testId: 'db' },
  { group: 'metrics.g.reads' },
  { label: 'metrics.ranges', tip: 'metrics.rangesTip', value: (m) => String(m.reads?.ranges ?? '—'), testId: 'ranges' },
  { label: 'metrics.keysReturned', value: (m) => String(m.reads?.keysReturned ?? '—'), testId: 'keys-returned' },
  { label: 'metrics.bytesReturned', tip: 'metrics.bytesReturnedTip', value: (m) => (m.reads ? humanizeBytes(m.reads.bytesReturned) : '—'), testId: 'bytes-returned' },
  { group: 'metrics.g.engine' },
  { label: 'metrics.engine', tip: 'metrics.engineTip', value: (m, t) => (m.engine ? t(m.engine.engine === 'lsm' ? 'metrics.engine.lsm' : 'metrics.engine.bbolt') : '—'), testId: 'engine' },
  { label: 'metrics.writeAmp', tip: 'metrics.writeAmpTip', value: (m, t) => (m.engine ? t('metrics.ratio', { a: humanizeBytes(m.engine.writtenBytes), b: humanizeBytes(m.engine.userBytes), x: ratio(m.engine.writtenBytes, m.engine.userBytes) }) : '—'), testId: 'engine-write' },
  {
    label: 'metrics.readCost',
    tip: 'metrics.readCostTip',
    value: (m, t) => (m.engine ? t(m.engine.engine === 'lsm' ? 'metrics.perGet.lsm' : 'metrics.perGet.bbolt', { x: ratio(m.engine.readUnits, m.engine.gets), n: m.engine.gets }) : '—'),
    testId: 'engine-read',
  },
  { label: 'metrics.space', tip: 'metrics.spaceTip', value: (m, t) => (m.engine ? t('metrics.ratio', { a: humanizeBytes(m.engine.diskBytes), b: humanizeBytes(m.engine.liveBytes), x: ratio(m.engine.diskBytes, m.engine.liveBytes) }) : '—'), testId: 'engine-space' },
  { label: 'metrics.levels', tip: 'metrics.levelsTip', value: (m, t) => levelList(m, t), testId: 'engine-levels' },
  { group: 'metrics.g.memory' },
  { label: 'metrics.raftLog', value: (m, t) => t('metrics.entries', { n: m.memory.raftLogEntries, bytes: humanizeBytes(m.memory.raftLogBytes) }), testId: 'mem-raft' },
  { label: 'metrics.treeIndex', value: (m, t) => t('metrics.index', { keys: m.memory.treeIndexKeys, revs: m.memory.treeIndexRevisions, bytes: humanizeBytes(m.memory.treeIndexBytes) }), testId: 'mem-index' },
  {
    label: 'metrics.watchers',
    value: (m, t) =>
      m.memory.watchPendingEvents
        ? t('metrics.watcherMemPending', { n: m.memory.watchers, bytes: humanizeBytes(m.memory.watcherBytes), events: m.memory.watchPendingEvents })
        : t('metrics.watcherMem', { n: m.memory.watchers, bytes: humanizeBytes(m.memory.watcherBytes) }),
    testId: 'mem-watchers',
  },
];

/** a / b with two decimals; "—" when b is 0 (nothing measured yet). */
function ratio(a: number, b: number): string {
  return b > 0 ? (a / b).toFixed(2) : '—';
}

function levelList(m: MetricsInspect, t: TFunction): string {
  const l = m.engine?.lsm;
  if (!l) return '—';
  const levels = l.levels
    .filter((x) => x.tables > 0)
    .map((x) => `L${x.level} ${x.tables} (${humanizeBytes(x.sizeBytes)})`)
    .join(' · ');
  return t('metrics.levelList', { mem: l.memtableEntries, levels: levels || 'L0 0', flushes: l.flushes, compactions: l.compactions });
}

/** Memory components, each drawn with its own pattern as well as colour. */
const PARTS = [
  { key: 'raftLogBytes', label: 'metrics.raftLog', cls: 'mem-raft' },
  { key: 'treeIndexBytes', label: 'metrics.treeIndex', cls: 'mem-index' },
  { key: 'watcherBytes', label: 'metrics.watchers', cls: 'mem-watchers' },
] as const;

export function MetricsPanel() {
  const t = useT();
  const ids = useClusterShallow((s) => s.cards.filter((c) => c.alive).map((c) => c.id));
  const names = useClusterShallow((s) => s.cards.map((c) => `${c.id}:${c.name}`));
  const nameOf = (id: number) => names.find((n) => n.startsWith(`${id}:`))?.split(':')[1] ?? `n${id}`;
  const data = usePoll(
    async () => {
      const c = getController();
      if (!c?.inspectMember) return 'unsupported' as const;
      const out: Array<{ id: number; m: MetricsInspect }> = [];
      for (const id of ids) {
        const m = await c.inspectMember(id, 'metrics');
        if (m) out.push({ id, m });
      }
      return out;
    },
    METRICS_POLL_MS,
    [ids.join(',')],
  );
  if (data === 'unsupported') return <p className="muted opt-panel">{t('mvcc.unsupported')}</p>;
  if (!data) return <p className="muted opt-panel">{t('mvcc.loading')}</p>;
  const maxMem = Math.max(1, ...data.map(({ m }) => m.memory.raftLogBytes + m.memory.treeIndexBytes + m.memory.watcherBytes));
  return (
    <div className="opt-panel metricsp" data-testid="metrics-panel">
      <table className="mvcc-history metrics-table" data-testid="metrics-table">
        <thead>
          <tr>
            <th scope="col">{t('metrics.metric')}</th>
            {data.map(({ id }) => (
              <th scope="col" key={id}>
                {nameOf(id)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r, i) =>
            'group' in r ? (
              <tr key={i} className="metrics-group">
                <th scope="rowgroup" colSpan={data.length + 1}>
                  {t(r.group)}
                </th>
              </tr>
            ) : (
              <tr key={i} data-testid={`metric-${r.testId}`}>
                <th scope="row" title={r.tip ? t(r.tip) : undefined}>
                  {t(r.label)}
                </th>
                {data.map(({ id, m }) => (
                  <td key={id} data-member={id} className="mono">
                    {r.value(m, t)}
                  </td>
                ))}
              </tr>
            ),
          )}
          <tr>
            <th scope="row">{t('metrics.memBar')}</th>
            {data.map(({ id, m }) => (
              <td key={id} data-member={id}>
                <span className="mem-bar" role="img" aria-label={PARTS.map((p) => `${t(p.label)} ${humanizeBytes(m.memory[p.key])}`).join(', ')}>
                  {PARTS.map((p) => (
                    <span key={p.key} className={`mem-seg ${p.cls}`} style={{ width: `${(m.memory[p.key] / maxMem) * 100}%` }} />
                  ))}
                </span>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <p className="metrics-legend muted">
        {PARTS.map((p) => (
          <span key={p.key} className="metrics-legend-item">
            <span className={`mem-swatch ${p.cls}`} aria-hidden="true" /> {t(p.label)}
          </span>
        ))}
        <span>{t('metrics.estimate')}</span>
      </p>
    </div>
  );
}
