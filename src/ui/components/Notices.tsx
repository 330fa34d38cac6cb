// Toasts for membership and raft-settings operations: failures carry etcd's own message
// (e.g. "can only promote a learner member which is in sync with leader"), framed in the page language.
import { useEffect } from 'react';
import { dismissNotice, type Notice } from '../store/clusterStore';
import { useCluster, useT } from '../store/hooks';
import type { MessageKey } from '../i18n';

const AUTO_DISMISS_MS = 12000;

export function Notices() {
  const t = useT();
  const notices = useCluster((s) => s.notices);
  return (
    <div className="notices" aria-label={t('notice.region')} data-testid="notices">
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} />
      ))}
    </div>
  );
}

function NoticeItem({ notice }: { notice: Notice }) {
  const t = useT();
  useEffect(() => {
    const h = setTimeout(() => dismissNotice(notice.id), AUTO_DISMISS_MS);
    return () => clearTimeout(h);
  }, [notice.id]);
  const key = `notice.${notice.ok ? 'ok' : 'fail'}.${notice.op}` as MessageKey;
  return (
    <div
      className={`notice ${notice.ok ? 'is-ok' : 'is-error'}`}
      role={notice.ok ? 'status' : 'alert'}
      data-testid="notice"
      data-ok={notice.ok ? 'true' : 'false'}
    >
      <span className="notice-icon" aria-hidden="true">
        {notice.ok ? '✓' : '!'}
      </span>
      <span className="notice-text">{t(key, { member: notice.subject, detail: notice.detail })}</span>
      <button type="button" className="btn btn-icon btn-quiet" aria-label={t('notice.close')} onClick={() => dismissNotice(notice.id)}>
        ×
      </button>
    </div>
  );
}
