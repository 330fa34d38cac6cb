// The db file as a grid of pages on one canvas (a 2 GB file has 500k pages: no DOM node per page).
// Each kind has an Okabe–Ito colour, a pattern and (when cells are big enough) a letter. The pages
// the latest commits wrote flash and then keep a thin outline; with reduced motion only the outline.
// Keyboard: the grid is one focus stop; arrows / Home / End / PageUp / PageDown move the selection.
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { PagesInspect } from '../../protocol/inspect';
import { KIND_STYLE, cellAt, gridGeometry, kindName, moveSelection, type GridGeometry, type KindStyle } from '../layout/pageGrid';
import { useElementSize } from './useElementSize';

export const FLASH_MS = 1400;

export interface PageGridProps {
  data: PagesInspect;
  selected: number | null;
  onSelect: (id: number) => void;
  /** Bucket index (into data.buckets) whose pages stand out; the others are dimmed. */
  bucket: number | null;
  /** Pages written by the newest commits, and when they arrived (performance.now()). */
  flash: { written: ReadonlySet<number>; atMs: number };
  reducedMotion: boolean;
  label: string;
}

export function PageGrid({ data, selected, onSelect, bucket, flash, reducedMotion, label }: PageGridProps) {
  const [boxRef, box] = useElementSize<HTMLDivElement>({ width: 400, height: 200, fontSize: 12 });
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const n = data.kinds.length;
  const geo = useMemo(() => gridGeometry(n, box.width, box.height), [n, box.width, box.height]);
  const heightPx = Math.max(geo.rows * (geo.cell + geo.gap) - geo.gap, geo.cell);

  const draw = useCallback(
    (nowMs: number) => {
      const cv = canvasRef.current;
      if (!cv) return;
      const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
      const w = Math.max(1, box.width);
      if (cv.width !== Math.round(w * dpr) || cv.height !== Math.round(heightPx * dpr)) {
        cv.width = Math.round(w * dpr);
        cv.height = Math.round(heightPx * dpr);
      }
      const ctx = cv.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, w, heightPx);
      const css = getComputedStyle(cv);
      const ink = css.getPropertyValue('--ink').trim() || '#e6edf3';
      const focus = css.getPropertyValue('--focus').trim() || '#ffd166';
      const bg = css.getPropertyValue('--panel').trim() || '#141a22';
      const age = nowMs - flash.atMs;
      const flashAlpha = reducedMotion || age >= FLASH_MS ? 0 : 1 - age / FLASH_MS;
      for (let id = 0; id < n; id++) {
        const x = (id % geo.cols) * (geo.cell + geo.gap);
        const y = Math.floor(id / geo.cols) * (geo.cell + geo.gap);
        const dim = bucket !== null && data.owners[id] !== bucket + 1;
        drawCell(ctx, x, y, geo, KIND_STYLE[kindName(data.kinds[id]!)], dim, bg);
        if (flash.written.has(id)) {
          if (flashAlpha > 0) {
            ctx.fillStyle = withAlpha(ink, flashAlpha * 0.85);
            ctx.fillRect(x, y, geo.cell, geo.cell);
          }
          ctx.strokeStyle = ink;
          ctx.lineWidth = 1;
          ctx.setLineDash(geo.cell >= 10 ? [2, 2] : []);
          ctx.strokeRect(x + 0.5, y + 0.5, geo.cell - 1, geo.cell - 1);
          ctx.setLineDash([]);
        }
      }
      if (selected !== null && selected < n) {
        const x = (selected % geo.cols) * (geo.cell + geo.gap);
        const y = Math.floor(selected / geo.cols) * (geo.cell + geo.gap);
        ctx.strokeStyle = focus;
        ctx.lineWidth = 2;
        ctx.strokeRect(x - 1, y - 1, geo.cell + 2, geo.cell + 2);
      }
    },
    [box.width, heightPx, data, geo, n, bucket, flash, selected, reducedMotion],
  );

  // Redraw on every change; keep animating only while a flash is fading.
  useEffect(() => {
    let raf = 0;
    const frame = () => {
      const now = performance.now();
      draw(now);
      if (!reducedMotion && now - flash.atMs < FLASH_MS && flash.written.size > 0) raf = requestAnimationFrame(frame);
    };
    frame();
    return () => cancelAnimationFrame(raf);
  }, [draw, flash, reducedMotion]);

  // Keep the selected cell in view when the grid scrolls (very big files).
  useEffect(() => {
    const el = boxRef.current;
    if (!el || selected === null) return;
    const y = Math.floor(selected / geo.cols) * (geo.cell + geo.gap);
    if (y < el.scrollTop) el.scrollTop = y;
    else if (y + geo.cell > el.scrollTop + el.clientHeight) el.scrollTop = y + geo.cell - el.clientHeight;
  }, [selected, geo, boxRef]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const next = moveSelection(e.key, selected ?? -1, n, geo.cols);
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    onSelect(selected === null && e.key.startsWith('Arrow') ? 0 : next);
  };
  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const id = cellAt(geo, e.clientX - r.left, e.clientY - r.top, n);
    if (id !== null) onSelect(id);
  };

  return (
    <div
      ref={boxRef}
      className="page-grid"
      tabIndex={0}
      role="group"
      aria-roledescription="page map"
      aria-label={label}
      data-testid="page-grid"
      data-pages={n}
      data-file-bytes={n * data.pageSize}
      data-cols={geo.cols}
      data-selected={selected ?? ''}
      onKeyDown={onKeyDown}
    >
      <canvas ref={canvasRef} style={{ width: '100%', height: heightPx }} onClick={onClick} aria-hidden="true" />
    </div>
  );
}

function drawCell(ctx: CanvasRenderingContext2D, x: number, y: number, g: GridGeometry, s: KindStyle, dim: boolean, bg: string): void {
  const c = g.cell;
  ctx.globalAlpha = dim ? 0.22 : 1;
  const dark = 'rgba(0,0,0,0.55)';
  // Big cells carry a letter: the fill stays plain so the letter reads; small cells show the pattern.
  switch (g.letters && s.pattern !== 'hollow' && s.pattern !== 'dots' ? 'solid' : s.pattern) {
    case 'solid':
      ctx.fillStyle = s.color;
      ctx.fillRect(x, y, c, c);
      break;
    case 'hollow':
      ctx.strokeStyle = s.color;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, c - 1, c - 1);
      break;
    case 'stripes': {
      ctx.fillStyle = s.color;
      ctx.fillRect(x, y, c, c);
      ctx.save();
      ctx.beginPath();
      ctx.rect(x, y, c, c);
      ctx.clip();
      ctx.strokeStyle = dark;
      ctx.lineWidth = Math.max(1, c / 7);
      const step = Math.max(3, c / 2.5);
      for (let d = -c; d < c; d += step) {
        ctx.beginPath();
        ctx.moveTo(x + d, y + c);
        ctx.lineTo(x + d + c, y);
        ctx.stroke();
      }
      ctx.restore();
      break;
    }
    case 'cross':
      ctx.fillStyle = s.color;
      ctx.fillRect(x, y, c, c);
      ctx.fillStyle = dark;
      ctx.fillRect(x + c / 2 - Math.max(0.5, c / 12), y, Math.max(1, c / 6), c);
      ctx.fillRect(x, y + c / 2 - Math.max(0.5, c / 12), c, Math.max(1, c / 6));
      break;
    case 'dots':
      ctx.fillStyle = bg;
      ctx.fillRect(x, y, c, c);
      ctx.strokeStyle = s.color;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, c - 1, c - 1);
      ctx.fillStyle = s.color;
      ctx.beginPath();
      ctx.arc(x + c / 2, y + c / 2, Math.max(1, c / 4), 0, Math.PI * 2);
      ctx.fill();
      break;
    case 'bar':
      ctx.fillStyle = s.color;
      ctx.fillRect(x, y, c, c);
      ctx.fillStyle = dark;
      ctx.fillRect(x, y + c * 0.4, c, Math.max(1, c * 0.2));
      break;
  }
  if (g.letters && s.pattern !== 'hollow' && s.pattern !== 'dots') {
    ctx.fillStyle = s.pattern === 'stripes' ? '#ffffff' : '#111418';
    ctx.font = `bold ${Math.round(c * 0.62)}px ui-monospace, monospace`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(s.letter, x + c / 2, y + c / 2 + 1);
  }
  ctx.globalAlpha = 1;
}

function withAlpha(color: string, a: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return `rgba(255,255,255,${a})`;
  const v = parseInt(m[1]!, 16);
  return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${a})`;
}
