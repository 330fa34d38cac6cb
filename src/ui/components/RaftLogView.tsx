// The raft log of every member, columns aligned by index, coloured by term.
// One tab stop (role=grid); arrow keys move the active cell, whose details show under the grid.
import { memo, useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import type { LogEntryView } from '../../protocol/view';
import type { NodeId } from '../../raft/types';
import { columnX, headerTicks, logColumns, type LogColumns } from '../layout/logGrid';
import { termColor, termTextColor } from '../layout/palette';
import type { LogRow } from '../store/derive';
import { useCluster, usePrefs, useT } from '../store/hooks';
import { useElementSize } from './useElementSize';
import type { TFunction } from '../i18n';

const LABEL_W = 44;

interface Active {
  member: NodeId;
  index: number;
}

export function RaftLogView() {
  const t = useT();
  const rows = useCluster((s) => s.logRows);
  const progress = useCluster((s) => s.leaderProgress);
  const projector = usePrefs((s) => s.projector);
  const [boxRef, size] = useElementSize<HTMLDivElement>({ width: 520, height: 200, fontSize: 14 });
  const cols = useMemo(
    () =>
      logColumns(
        rows.map((r) => ({ firstIndex: r.entries[0]?.index ?? r.lastIndex + 1, lastIndex: r.lastIndex })),
        {
          width: size.width - LABEL_W - 8,
          minCellWidth: projector ? 32 : 24,
          maxCellWidth: projector ? 46 : 34,
        },
      ),
    [rows, size.width, projector],
  );
  const [active, setActive] = useState<Active | null>(null);
  const [hover, setHover] = useState<Active | null>(null);
  const onHover = useCallback((member: NodeId, index: number) => setHover({ member, index }), []);
  const onPick = useCallback((member: NodeId, index: number) => setActive({ member, index }), []);

  const shown = hover ?? active;
  const detail = shown ? describeCell(rows, shown, t) : null;
  const empty = cols.last < cols.first;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0 || empty) return;
    const cur = active ?? { member: rows[0].id, index: cols.last };
    let rowIdx = Math.max(0, rows.findIndex((r) => r.id === cur.member));
    let index = cur.index;
    switch (e.key) {
      case 'ArrowLeft':
        index = Math.max(cols.first, index - 1);
        break;
      case 'ArrowRight':
        index = Math.min(cols.last, index + 1);
        break;
      case 'ArrowUp':
        rowIdx = Math.max(0, rowIdx - 1);
        break;
      case 'ArrowDown':
        rowIdx = Math.min(rows.length - 1, rowIdx + 1);
        break;
      case 'Home':
        index = cols.first;
        break;
      case 'End':
        index = cols.last;
        break;
      default:
        return;
    }
    e.preventDefault();
    setHover(null);
    setActive({ member: rows[rowIdx].id, index: Math.min(cols.last, Math.max(cols.first, index)) });
  };

  const activeId = active ? cellId(active.member, active.index) : undefined;
  const gridWidth = LABEL_W + Math.max(0, cols.last - cols.first + 1) * cols.cellWidth;

  return (
    <div className="raftlog">
      <div className="raftlog-box" ref={boxRef}>
        {empty ? (
          <p className="muted">{t('log.empty')}</p>
        ) : (
          <div
            className="raftlog-grid"
            role="grid"
            tabIndex={0}
            aria-label={t('log.gridLabel')}
            aria-activedescendant={activeId}
            aria-rowcount={rows.length + 1}
            onKeyDown={onKeyDown}
            onFocus={() => {
              if (!active && rows.length) setActive({ member: rows[0].id, index: cols.last });
            }}
            onMouseLeave={() => setHover(null)}
            style={{ width: gridWidth }}
          >
            <div className="raftlog-header" role="row">
              <span className="raftlog-label" role="columnheader">
                {t('log.index')}
              </span>
              {headerTicks(cols).map((i) => (
                <span
                  key={i}
                  className="raftlog-tick"
                  role="columnheader"
                  style={{ left: LABEL_W + columnX(cols, i), width: cols.cellWidth }}
                >
                  {i}
                </span>
              ))}
            </div>
            {rows.map((row) => (
              <LogRowView
                key={row.id}
                row={row}
                cols={cols}
                activeIndex={active?.member === row.id ? active.index : -1}
                match={progress?.peers.find((p) => p.id === row.id)?.match ?? -1}
                next={progress?.peers.find((p) => p.id === row.id)?.next ?? -1}
                onHover={onHover}
                onPick={onPick}
              />
            ))}
          </div>
        )}
      </div>
      <div className="raftlog-footer">
        <p className="raftlog-detail" aria-hidden="true">
          {detail ?? (empty ? '' : t('log.hint'))}
        </p>
      </div>
    </div>
  );
}

/** Key to the marks in the grid; shown in the panel header. */
export function RaftLogLegend() {
  const t = useT();
  return (
    <ul className="raftlog-legend" aria-label={t('log.legendLabel')}>
      <li>
        <span className="swatch swatch-committed" aria-hidden="true" /> {t('log.legendCommitted')}
      </li>
      <li>
        <span className="swatch swatch-uncommitted" aria-hidden="true" /> {t('log.legendUncommitted')}
      </li>
      <li>
        <span className="swatch-commit" aria-hidden="true" /> {t('log.legendCommit')}
      </li>
      <li>
        <span className="swatch-applied" aria-hidden="true" /> {t('log.legendApplied')}
      </li>
      <li>
        <span className="swatch-match" aria-hidden="true" /> {t('log.legendMatch')}
      </li>
      <li>
        <span className="swatch-next" aria-hidden="true">
          ▾
        </span>{' '}
        {t('log.legendNext')}
      </li>
      <li>
        <span className="swatch swatch-compacted" aria-hidden="true" /> {t('log.legendCompacted')}
      </li>
    </ul>
  );
}

function cellId(member: NodeId, index: number): string {
  return `es-log-${member}-${index}`;
}

/** An index with no entry: compacted into the snapshot, or simply not there (yet). */
function absentText(row: LogRow, index: number, t: TFunction): string {
  return index <= row.compactedTo ? t('log.compacted', { index: row.compactedTo }) : t('log.absent');
}

function statusText(row: LogRow, index: number, t: TFunction): string {
  return index <= row.commitIndex ? t('log.committed') : t('log.uncommitted');
}

function entrySummary(e: LogEntryView, t: TFunction): string {
  if (e.summary) return e.summary;
  if (e.kind === 'noop') return t('log.kind.noop');
  if (e.kind === 'confchange') return t('log.kind.confchange');
  return '';
}

function describeCell(rows: readonly LogRow[], a: Active, t: TFunction): string | null {
  const row = rows.find((r) => r.id === a.member);
  if (!row) return null;
  const e = row.entries.find((x) => x.index === a.index);
  if (!e) return `${row.name} · ${t('log.index')} ${a.index} · ${absentText(row, a.index, t)}`;
  return t('log.entryDetail', {
    member: row.name,
    index: e.index,
    term: e.term,
    summary: entrySummary(e, t),
    status: statusText(row, e.index, t),
  });
}

interface RowProps {
  row: LogRow;
  cols: LogColumns;
  activeIndex: number;
  /** The leader's match / next index for this member; -1 when not known (no leader, or the leader's own row). */
  match: number;
  next: number;
  onHover: (member: NodeId, index: number) => void;
  onPick: (member: NodeId, index: number) => void;
}

const LogRowView = memo(function LogRowView({ row, cols, activeIndex, match, next, onHover, onPick }: RowProps) {
  const t = useT();
  const cells = [];
  const byIndex = new Map(row.entries.map((e) => [e.index, e]));
  for (let i = cols.first; i <= cols.last; i++) {
    const e = byIndex.get(i);
    const x = LABEL_W + columnX(cols, i);
    const isActive = i === activeIndex;
    if (!e) {
      const compacted = i <= row.compactedTo;
      cells.push(
        <span
          key={i}
          id={cellId(row.id, i)}
          role="gridcell"
          aria-label={`${row.name} · ${t('log.index')} ${i} · ${absentText(row, i, t)}`}
          className={`logcell logcell-empty${compacted ? ' logcell-compacted' : ''}${isActive ? ' is-active' : ''}`}
          style={{ left: x, width: cols.cellWidth - 3 }}
          onMouseEnter={() => onHover(row.id, i)}
          onClick={() => onPick(row.id, i)}
        />,
      );
      continue;
    }
    const committed = i <= row.commitIndex;
    const summary = entrySummary(e, t);
    const label = t('log.entryDetail', {
      member: row.name,
      index: i,
      term: e.term,
      summary,
      status: committed ? t('log.committed') : t('log.uncommitted'),
    });
    cells.push(
      <span
        key={i}
        id={cellId(row.id, i)}
        role="gridcell"
        aria-label={label}
        title={label}
        className={`logcell kind-${e.kind}${committed ? ' committed' : ' uncommitted'}${isActive ? ' is-active' : ''}`}
        style={{
          left: x,
          width: cols.cellWidth - 3,
          ['--term-color' as string]: termColor(e.term),
          ['--term-ink' as string]: termTextColor(e.term),
        }}
        onMouseEnter={() => onHover(row.id, i)}
        onClick={() => onPick(row.id, i)}
      >
        {e.term}
      </span>,
    );
  }
  const commitVisible = row.commitIndex >= cols.first - 1 && row.commitIndex <= cols.last;
  const appliedVisible = row.appliedIndex >= cols.first && row.appliedIndex <= cols.last;
  return (
    <div
      className={`raftlog-row${row.alive ? '' : ' is-stopped'}`}
      role="row"
      data-testid={`log-row-${row.name}`}
      data-last-index={row.lastIndex}
      data-commit={row.commitIndex}
      data-applied={row.appliedIndex}
      data-match={match >= 0 ? match : undefined}
      data-next={next >= 0 ? next : undefined}
      data-match-shown={match >= cols.first && match <= cols.last ? 'true' : 'false'}
      data-next-shown={next >= cols.first && next <= cols.last + 1 ? 'true' : 'false'}
    >
      <span className="raftlog-label" role="rowheader">
        {row.name}
        {row.compactedTo > 0 && (
          <span className="compacted-chip" title={t('log.compacted', { index: row.compactedTo })} data-testid={`compacted-${row.name}`}>
            <span className="sr-only">{t('log.compacted', { index: row.compactedTo })}</span>
            <span aria-hidden="true">≤{row.compactedTo}</span>
          </span>
        )}
      </span>
      {cells}
      {commitVisible && (
        <span
          className="commit-mark"
          style={{ left: LABEL_W + columnX(cols, row.commitIndex) + cols.cellWidth - 2 }}
          title={`${t('log.commit')} ${row.commitIndex}`}
          aria-hidden="true"
        />
      )}
      {appliedVisible && (
        <span
          className="applied-mark"
          style={{ left: LABEL_W + columnX(cols, cols.first), width: columnX(cols, row.appliedIndex) + cols.cellWidth - 3 }}
          title={`${t('log.applied')} ${row.appliedIndex}`}
          aria-hidden="true"
        />
      )}
      {match >= cols.first && match <= cols.last && (
        <span
          className="match-mark"
          style={{ left: LABEL_W + columnX(cols, match) + (cols.cellWidth - 3) / 2 }}
          title={`${t('log.legendMatch')} ${match}`}
          aria-hidden="true"
        />
      )}
      {next >= cols.first && next <= cols.last + 1 && (
        <span
          className="next-mark"
          style={{ left: LABEL_W + columnX(cols, next), width: cols.cellWidth - 3 }}
          title={`${t('log.legendNext')} ${next}`}
          aria-hidden="true"
        >
          ▾
        </span>
      )}
    </div>
  );
});
