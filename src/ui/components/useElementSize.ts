import { useLayoutEffect, useRef, useState } from 'react';

/** Tracks an element's content box size (px), rounded, with ResizeObserver. */
export function useElementSize<T extends Element>(fallback = { width: 640, height: 400, fontSize: 14 }) {
  const ref = useRef<T | null>(null);
  const [size, setSize] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      const width = Math.max(0, Math.round(r.width));
      const height = Math.max(0, Math.round(r.height));
      const fontSize = parseFloat(getComputedStyle(el).fontSize) || 14;
      setSize((s) => (s.width === width && s.height === height && s.fontSize === fontSize ? s : { width, height, fontSize }));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size] as const;
}
