import type { MessageView } from '../../protocol/view';
import { useT } from '../store/hooks';

/** The fields of the message under the pointer (its raft fields, as etcd-io/raft names them). */
export function MessageTip({ msg, x, y, width }: { msg: MessageView; x: number; y: number; width: number }) {
  const t = useT();
  const left = x > width - 230 ? x - 220 : x + 14;
  return (
    <div className="msg-tip" style={{ left, top: Math.max(4, y - 10) }} role="tooltip">
      <strong>{msg.type}</strong>{' '}
      <span className="muted">
        n{msg.from} → n{msg.to}
      </span>
      <div>
        {t('member.term')} {msg.term} · index {msg.index} · logTerm {msg.logTerm}
      </div>
      <div>
        entries {msg.entries} · commit {msg.commit}
        {msg.reject ? ` · ${t('msg.rejected')}` : ''}
      </div>
    </div>
  );
}
