// Calls `fetch` now and then every `intervalMs` while mounted (one call at a time), keeping the
// last result. Used by the optional panels to read the controller at a low rate.
import { useEffect, useState } from 'react';

export function usePoll<T>(fetch: () => Promise<T> | T, intervalMs: number, deps: readonly unknown[]): T | undefined {
  const [data, setData] = useState<T | undefined>(undefined);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const tick = async () => {
      try {
        const r = await fetch();
        if (live) setData(r);
      } catch {
        // a member that went away answers nothing; keep the last view
      }
      if (live) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return data;
}

/** A short live-region text for a panel (polite, announced once per change). */
export function LiveRegion({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid={testId}>
      {text}
    </div>
  );
}
