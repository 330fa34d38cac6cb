import { LEGEND_FAMILIES, messageStyle } from '../layout/messages';
import { useT } from '../store/hooks';
import { glyphPath } from './glyphs';
import type { MessageKey } from '../i18n';

/**
 * One entry per message family: the filled glyph (request) next to the hollow one (response), in the
 * same colours and shapes the cluster view draws.
 */
export function MessageLegend() {
  const t = useT();
  return (
    <div className="legend" aria-label={t('legend.title')} role="group">
      <span className="legend-title">{t('legend.title')}</span>
      <ul className="legend-list">
        {LEGEND_FAMILIES.map(({ type, key }) => {
          const st = messageStyle(type);
          return (
            <li key={type} className="legend-item" title={`${type} / ${type}Resp`}>
              <svg width="30" height="14" viewBox="-7 -7 30 14" aria-hidden="true">
                <g className={`msg fam-${st.family}`}>
                  <path d={glyphPath(st.glyph, 60)} />
                </g>
                <g className={`msg fam-${st.family} resp`} transform="translate(15,0)">
                  <path d={glyphPath(st.glyph, 60)} />
                </g>
              </svg>
              <span>{t(key as MessageKey)}</span>
            </li>
          );
        })}
      </ul>
      <span className="legend-note">
        {t('legend.filled')} · {t('legend.hollow')} · {t('legend.reject')}
      </span>
      <span className="legend-timers" title={t('cluster.timerHelp')}>
        <svg width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true">
          <circle r="6" className="timer-track" />
          <path d="M0 -6A6 6 0 1 1 -6 0" className="timer-arc" />
        </svg>
        {t('cluster.electionTimer')}
        <svg width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true">
          <path d="M0 -6A6 6 0 0 1 6 0" className="timer-arc timer-heartbeat" />
        </svg>
        {t('cluster.heartbeatTimer')}
      </span>
    </div>
  );
}
