import { useEffect, useRef } from 'react';

/** Calls `cb(timestamp)` on every animation frame while mounted, without re-rendering. */
export function useFrame(cb: (realMs: number) => void): void {
  const cbRef = useRef(cb);
  cbRef.current = cb;
  useEffect(() => {
    if (typeof requestAnimationFrame !== 'function') return;
    let id = 0;
    const loop = (ts: number) => {
      cbRef.current(ts);
      id = requestAnimationFrame(loop);
    };
    id = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(id);
  }, []);
}
