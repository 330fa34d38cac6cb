// The `?` dialog: a native modal <dialog>, so focus is trapped and Escape closes it.
import { useEffect, useRef } from 'react';
import { usePrefs, useT } from '../store/hooks';
import { setHelpOpen } from '../store/prefsStore';
import type { MessageKey } from '../i18n';

const ROWS: [keys: string[], what: MessageKey][] = [
  [['Space'], 'help.space'],
  [['?'], 'help.question'],
  [['L'], 'help.lang'],
  [['M'], 'help.motion'],
  [['P'], 'help.projector'],
  [['[', ']'], 'help.speed'],
  [['/'], 'help.console'],
  [['R'], 'help.record'],
  [['E'], 'help.exportRun'],
  [['I'], 'help.importRun'],
  [['Tab', 'Shift+Tab'], 'help.tab'],
  [['←', '↑', '→', '↓'], 'help.arrows'],
  [['Esc'], 'help.escape'],
];

export function ShortcutHelp() {
  const t = useT();
  const open = usePrefs((s) => s.helpOpen);
  const ref = useRef<HTMLDialogElement | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="help-dialog"
      aria-labelledby="es-help-title"
      onClose={() => setHelpOpen(false)}
      onClick={(e) => {
        if (e.target === ref.current) setHelpOpen(false);
      }}
    >
      <div className="help-body">
        <h2 id="es-help-title">{t('help.title')}</h2>
        <table className="help-table">
          <tbody>
            {ROWS.map(([keys, what]) => (
              <tr key={what}>
                <th scope="row">
                  {keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' '}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </th>
                <td>{t(what)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">{t('help.note')}</p>
        <button type="button" className="btn btn-primary" onClick={() => setHelpOpen(false)} autoFocus>
          {t('help.close')}
        </button>
      </div>
    </dialog>
  );
}
