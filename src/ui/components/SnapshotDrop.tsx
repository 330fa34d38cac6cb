// Snapshot import / export: buttons (in the pages panel), a page-wide drop zone for snapshot.db
// files, and one banner that reports the outcome in the page language (role=alert on failure).
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { humanizeBytes } from '../format/bytes';
import type { MessageKey } from '../i18n';
import { useT } from '../store/hooks';
import { dismissSnapshotOutcome, exportSnapshot, importSnapshotFile, snapshotStore } from '../store/snapshotIO';

export function SnapshotButtons({ member, memberName }: { member: number | null; memberName: string }) {
  const t = useT();
  const busy = useStore(snapshotStore, (s) => s.busy);
  const input = useRef<HTMLInputElement | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn"
        data-testid="snapshot-export"
        disabled={member === null || busy !== null}
        title={t('snapshot.exportTip', { member: memberName })}
        onClick={() => member !== null && void exportSnapshot(member, memberName)}
      >
        ⇩ {t('snapshot.export')}
      </button>
      <button type="button" className="btn" data-testid="snapshot-import" disabled={busy !== null} title={t('snapshot.importTip')} onClick={() => input.current?.click()}>
        ⇧ {t('snapshot.import')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".db,application/octet-stream"
        hidden
        data-testid="snapshot-file"
        aria-label={t('snapshot.import')}
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (f) void importSnapshotFile(f);
        }}
      />
    </>
  );
}

const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');

/** Page-wide: dragging a file over the page shows the drop target; dropping restores from it. */
export function SnapshotDropZone() {
  const t = useT();
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setOver(true);
    };
    const overFn = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const f = e.dataTransfer?.files?.[0];
      if (f) void importSnapshotFile(f);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overFn);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return (
    <>
      {over && (
        <div className="snapshot-drop" data-testid="snapshot-drop" aria-hidden="true">
          <div className="snapshot-drop-box">⇧ {t('snapshot.drop')}</div>
        </div>
      )}
      <SnapshotBanner />
    </>
  );
}

function SnapshotBanner() {
  const t = useT();
  const { busy, outcome, seq } = useStore(snapshotStore);
  const [file, setFile] = useState('');
  useEffect(() => {
    if (outcome) setFile(outcome.fileName);
  }, [outcome]);
  // Successes fade after a while; refusals stay until dismissed.
  useEffect(() => {
    if (!outcome?.ok) return;
    const h = setTimeout(dismissSnapshotOutcome, 12_000);
    return () => clearTimeout(h);
  }, [outcome, seq]);
  if (busy) {
    return (
      <div className="snapshot-banner is-busy" role="status" data-testid="snapshot-result" data-state="busy">
        {busy === 'import' ? t('snapshot.busy.import', { file }) : t('snapshot.busy.export')}
      </div>
    );
  }
  if (!outcome) return null;
  let text: string;
  if (outcome.ok) {
    text =
      outcome.op === 'import'
        ? t('snapshot.ok.import', { file: outcome.fileName, size: humanizeBytes(outcome.sizeBytes) })
        : t('snapshot.ok.export', { member: outcome.member, size: humanizeBytes(outcome.sizeBytes) });
  } else {
    const reason = t(`snapshot.reason.${outcome.code}` as MessageKey);
    text = outcome.op === 'import' ? t('snapshot.fail.import', { file: outcome.fileName, reason }) : t('snapshot.fail.export', { reason });
  }
  return (
    <div
      key={seq}
      className={`snapshot-banner ${outcome.ok ? 'is-ok' : 'is-error'}`}
      role={outcome.ok ? 'status' : 'alert'}
      data-testid="snapshot-result"
      data-state={outcome.ok ? 'ok' : 'error'}
      data-code={outcome.ok ? '' : outcome.code}
    >
      <span className="snapshot-text">{text}</span>
      {!outcome.ok && outcome.detail && (
        <details>
          <summary>{t('snapshot.detail')}</summary>
          <code>{outcome.detail}</code>
        </details>
      )}
      <button type="button" className="btn btn-icon btn-quiet" aria-label={t('snapshot.dismiss')} onClick={dismissSnapshotOutcome}>
        ×
      </button>
    </div>
  );
}
