// One picture of a lesson video on a 2D canvas: title band, the Cluster view (an SVG snapshot of the
// page's own view), the members' numbers, the checkpoints, and the narration as a caption.
import type { ScenarioMember } from '../../scenario/host';
import type { StepOutcome } from '../../scenario/runner';
import type { Lang, Scenario } from '../../scenario/types';
import { say } from '../scenario/strings';

export interface FrameContent {
  scenario: Scenario;
  lang: Lang;
  /** -1 the title card, steps.length the closing card. */
  position: number;
  outcome: StepOutcome | null;
  members: ScenarioMember[];
  cluster: CanvasImageSource | null;
  virtualMs: number;
}

const C = {
  bg: '#0d1117',
  panel: '#141a22',
  line: '#273142',
  ink: '#e6edf3',
  ink2: '#b3bfcc',
  muted: '#8592a3',
  accent: '#56b4e9',
  accentInk: '#0b1a24',
  ok: '#3ecf9a',
  bad: '#ff8a65',
};
const SANS = "system-ui, 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const MONO = "ui-monospace, 'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', monospace";

/** Breaks text into lines that fit `width`: at spaces for English, anywhere for Chinese. */
export function wrapText(ctx: CanvasRenderingContext2D, text: string, width: number, maxLines: number): string[] {
  const tokens = text.match(/[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const tok of tokens) {
    const next = line + tok;
    if (ctx.measureText(next.trimEnd()).width > width && line.trim()) {
      lines.push(line.trimEnd());
      line = tok.trimStart();
      if (lines.length === maxLines) break;
    } else line = next;
  }
  if (lines.length < maxLines && line.trim()) lines.push(line.trimEnd());
  if (lines.length === maxLines && tokens.join('').length > lines.join('').length + maxLines * 2) {
    lines[maxLines - 1] = lines[maxLines - 1]!.replace(/.{1}$/, '…');
  }
  return lines;
}

function chip(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, h: number): number {
  ctx.font = `700 ${Math.round(h * 0.62)}px ${SANS}`;
  const w = Math.max(h, ctx.measureText(text).width + h * 0.5);
  ctx.fillStyle = C.accent;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, 6);
  ctx.fill();
  ctx.fillStyle = C.accentInk;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x + w / 2, y + h / 2 + 1);
  ctx.textAlign = 'left';
  return w;
}

export function drawFrame(ctx: CanvasRenderingContext2D, f: FrameContent): void {
  const { width: W, height: H } = ctx.canvas;
  const s = f.scenario;
  const k = W / 1280;
  ctx.save();
  ctx.fillStyle = C.bg;
  ctx.fillRect(0, 0, W, H);

  // Title band.
  const chipW = chip(ctx, String(s.number), 24 * k, 18 * k, 34 * k);
  ctx.fillStyle = C.ink;
  ctx.textBaseline = 'middle';
  ctx.font = `700 ${26 * k}px ${SANS}`;
  ctx.fillText(s.title[f.lang], (24 + 12) * k + chipW, 36 * k, W - 360 * k);
  ctx.font = `500 ${18 * k}px ${SANS}`;
  ctx.fillStyle = C.ink2;
  ctx.textAlign = 'right';
  const stepLabel =
    f.position < 0 ? say(f.lang, 'intro') : f.position >= s.steps.length ? say(f.lang, 'finished') : say(f.lang, 'step', { n: f.position + 1, total: s.steps.length });
  ctx.fillText(stepLabel, W - 24 * k, 30 * k);
  ctx.font = `400 ${14 * k}px ${MONO}`;
  ctx.fillStyle = C.muted;
  ctx.fillText(`seed ${s.seed} · ${(f.virtualMs / 1000).toFixed(1)} s`, W - 24 * k, 52 * k);
  ctx.textAlign = 'left';

  // The Cluster view on the left.
  const box = { x: 24 * k, y: 76 * k, w: 780 * k, h: 470 * k };
  ctx.fillStyle = C.panel;
  ctx.strokeStyle = C.line;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(box.x, box.y, box.w, box.h, 10 * k);
  ctx.fill();
  ctx.stroke();
  const img = f.cluster as (CanvasImageSource & { width: number; height: number }) | null;
  if (img && img.width > 0 && img.height > 0) {
    const scale = Math.min((box.w - 16 * k) / img.width, (box.h - 16 * k) / img.height);
    const w = img.width * scale;
    const h = img.height * scale;
    ctx.drawImage(img, box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h);
  }

  // Members and checkpoints on the right.
  let y = 92 * k;
  const x = 828 * k;
  ctx.font = `650 ${14 * k}px ${SANS}`;
  ctx.fillStyle = C.muted;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(['member', 'role', 'term', 'commit', 'rev'].join('  '), x, y);
  ctx.font = `400 ${16 * k}px ${MONO}`;
  for (const m of f.members) {
    y += 26 * k;
    ctx.fillStyle = m.role === 'leader' ? C.accent : m.alive ? C.ink : C.bad;
    const role = m.alive ? m.role + (m.isolated ? '·iso' : '') : 'stopped';
    ctx.fillText(`${m.name.padEnd(4)} ${role.padEnd(12)} ${String(m.term).padStart(3)} ${String(m.commitIndex).padStart(5)} ${String(m.revision).padStart(4)}`, x, y);
  }
  if (f.outcome) {
    y += 40 * k;
    ctx.font = `650 ${14 * k}px ${SANS}`;
    ctx.fillStyle = C.muted;
    ctx.fillText(say(f.lang, 'checkpoints'), x, y);
    ctx.font = `400 ${14 * k}px ${MONO}`;
    const lines = f.outcome.checks.map((c) => ({ ok: c.ok, text: c.detail }));
    if (f.outcome.error) lines.push({ ok: false, text: f.outcome.error });
    for (const l of lines.slice(0, 8)) {
      y += 22 * k;
      ctx.fillStyle = l.ok ? C.ok : C.bad;
      ctx.fillText(l.ok ? '✓' : '✗', x, y);
      ctx.fillStyle = C.ink2;
      ctx.fillText(wrapText(ctx, l.text, 400 * k, 1)[0] ?? '', x + 20 * k, y);
    }
  }

  // Caption.
  const step = f.position >= 0 && f.position < s.steps.length ? s.steps[f.position] : undefined;
  const capY = 566 * k;
  ctx.fillStyle = C.panel;
  ctx.fillRect(0, capY, W, H - capY);
  ctx.fillStyle = C.accent;
  ctx.fillRect(0, capY, W, 3 * k);
  ctx.textBaseline = 'alphabetic';
  let ty = capY + 40 * k;
  const heading = step ? step.title[f.lang] : f.position < 0 ? s.title[f.lang] : say(f.lang, 'finished');
  ctx.font = `700 ${24 * k}px ${SANS}`;
  ctx.fillStyle = C.ink;
  ctx.fillText(heading, 24 * k, ty, W - 48 * k);
  const body = step ? step.narration[f.lang] : f.position < 0 ? s.summary[f.lang] : '';
  ctx.font = `400 ${20 * k}px ${SANS}`;
  ctx.fillStyle = C.ink2;
  for (const line of wrapText(ctx, body, W - 48 * k, 3)) {
    ty += 30 * k;
    ctx.fillText(line, 24 * k, ty);
  }
  ctx.restore();
}
