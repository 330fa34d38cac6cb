// How long each part of an exported lesson video lasts. The video is made from the deterministic
// replay, one held picture per step, so its length depends only on the lesson's text.
import type { Scenario } from '../../scenario/types';

/** One encoded frame every FRAME_MS; a keyframe every KEYFRAME_MS (seek points). */
export const FRAME_MS = 500;
export const KEYFRAME_MS = 2_000;
export const INTRO_MS = 3_000;
export const OUTRO_MS = 2_000;

const roundToFrame = (ms: number) => Math.ceil(ms / FRAME_MS) * FRAME_MS;

/** Reading time for a step's caption: 4 s, plus time for a long narration, at most 9 s. */
export function stepHoldMs(narrationChars: number): number {
  return roundToFrame(Math.min(9_000, Math.max(4_000, 2_000 + narrationChars * 30)));
}

export interface VideoSegment {
  /** -1 the title card, steps 0…n-1, n the closing card. */
  position: number;
  startMs: number;
  durationMs: number;
}

export function videoTimeline(s: Scenario, lang: 'en' | 'zh-CN' = 'en'): { segments: VideoSegment[]; durationMs: number } {
  const segments: VideoSegment[] = [];
  let t = 0;
  const push = (position: number, durationMs: number) => {
    segments.push({ position, startMs: t, durationMs });
    t += durationMs;
  };
  push(-1, INTRO_MS);
  // Chinese reads at about twice the information per character: count each character double.
  s.steps.forEach((st, i) => push(i, stepHoldMs(st.narration[lang].length * (lang === 'zh-CN' ? 2 : 1))));
  push(s.steps.length, OUTRO_MS);
  return { segments, durationMs: t };
}
