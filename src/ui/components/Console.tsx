// An etcdctl prompt wired to controller.run(line).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { clearConsole, runCommand, type ConsoleEntry } from '../store/clusterStore';
import { useCluster, useT } from '../store/hooks';

export const CONSOLE_INPUT_ID = 'es-console-input';

export function Console() {
  const t = useT();
  const entries = useCluster((s) => s.consoleEntries);
  const history = useCluster((s) => s.history);
  const [line, setLine] = useState('');
  /** Position in history while browsing with ↑/↓; null when editing a fresh line. */
  const [cursor, setCursor] = useState<number | null>(null);
  const draft = useRef('');
  const outRef = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    const el = outRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const l = line;
      setLine('');
      setCursor(null);
      void runCommand(l);
    } else if (e.key === 'ArrowUp') {
      if (history.length === 0) return;
      e.preventDefault();
      if (cursor === null) draft.current = line;
      const next = cursor === null ? history.length - 1 : Math.max(0, cursor - 1);
      setCursor(next);
      setLine(history[next]);
    } else if (e.key === 'ArrowDown') {
      if (cursor === null) return;
      e.preventDefault();
      const next = cursor + 1;
      if (next >= history.length) {
        setCursor(null);
        setLine(draft.current);
      } else {
        setCursor(next);
        setLine(history[next]);
      }
    } else if (e.key === 'l' && e.ctrlKey) {
      e.preventDefault();
      clearConsole();
    }
  };

  return (
    <div className="console">
      <div
        className="console-output"
        ref={outRef}
        data-testid="console-output"
        role="log"
        aria-label={t('console.outputLabel')}
        aria-live="polite"
        tabIndex={0}
      >
        {entries.length === 0 && (
          <div className="console-intro">
            <p>{t('console.intro')}</p>
            <p className="muted">{t('console.examples')}</p>
          </div>
        )}
        {entries.map((e) => (
          <ConsoleBlock key={e.id} entry={e} />
        ))}
      </div>
      <form
        className="console-form"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label htmlFor={CONSOLE_INPUT_ID} className="console-prompt">
          <span aria-hidden="true">{t('console.prompt')}</span>
          <span className="sr-only">{t('console.inputLabel')}</span>
        </label>
        <input
          id={CONSOLE_INPUT_ID}
          className="console-input"
          data-testid="console-input"
          type="text"
          value={line}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          placeholder={t('console.placeholder')}
          onChange={(e) => {
            setLine(e.target.value);
            setCursor(null);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="btn btn-small btn-quiet" onClick={() => clearConsole()}>
          {t('console.clear')}
        </button>
      </form>
    </div>
  );
}

function ConsoleBlock({ entry }: { entry: ConsoleEntry }) {
  const t = useT();
  return (
    <div className="console-block" data-state={entry.exitCode === null ? 'running' : 'done'} data-exit-code={entry.exitCode ?? undefined}>
      <div className="console-cmd">
        <span className="console-prompt-echo" aria-hidden="true">
          {t('console.prompt')}{' '}
        </span>
        <span>{entry.line}</span>
      </div>
      {entry.exitCode === null && <div className="console-running muted">{t('console.running')}</div>}
      {entry.stdout && <pre className="console-stdout">{entry.stdout.replace(/\n$/, '')}</pre>}
      {entry.stderr && <pre className="console-stderr">{entry.stderr.replace(/\n$/, '')}</pre>}
      {entry.exitCode !== null && entry.exitCode !== 0 && (
        <div className="console-exit">{t('console.exitCode', { code: entry.exitCode })}</div>
      )}
    </div>
  );
}
