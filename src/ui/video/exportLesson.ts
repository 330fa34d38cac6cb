// Exports a lesson run as a WebM: the lesson replays from its seed (the same run every time), and
// after each step — the clock held — one picture is drawn and held for the step's reading time.
// Frames are encoded with WebCodecs (VP8) at explicit timestamps and muxed by ./webm.ts, so the
// file's length is the timeline's (./timeline.ts), however long the replay and encoding took.
import type { ScenarioMember } from '../../scenario/host';
import type { Lang } from '../../scenario/types';
import type { LessonPlayer } from '../scenario/lessonPlayer';
import { drawFrame } from './drawFrame';
import { svgImage } from './svgSnapshot';
import { FRAME_MS, KEYFRAME_MS, videoTimeline } from './timeline';
import { muxWebm, type WebmFrame } from './webm';

export class VideoUnsupportedError extends Error {}

export interface ExportOptions {
  lang: Lang;
  members: () => ScenarioMember[];
  nowMs: () => number;
  /** The Cluster view to snapshot into each frame (null: frames without it). */
  clusterSvg: () => SVGSVGElement | null;
  onProgress?: (done: number, total: number) => void;
  width?: number;
  height?: number;
}

export interface ExportedVideo {
  bytes: Uint8Array;
  durationMs: number;
  frames: number;
  /** Every step's checkpoints held. */
  ok: boolean;
}

/** Lets React and the store's once-per-frame flush show the held state before it is drawn. */
async function settleFrames(n = 4): Promise<void> {
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 100);
      requestAnimationFrame(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

export async function exportLessonVideo(player: LessonPlayer, opts: ExportOptions): Promise<ExportedVideo> {
  const scenario = player.state.scenario;
  if (!scenario) throw new Error('no lesson is open');
  const width = opts.width ?? 1280;
  const height = opts.height ?? 720;
  if (typeof VideoEncoder === 'undefined') throw new VideoUnsupportedError('no WebCodecs VideoEncoder');
  const config: VideoEncoderConfig = { codec: 'vp8', width, height, bitrate: 1_500_000, framerate: 1000 / FRAME_MS, latencyMode: 'quality' };
  const support = await VideoEncoder.isConfigSupported(config);
  if (!support.supported) throw new VideoUnsupportedError('no VP8 encoder');

  const chunks: WebmFrame[] = [];
  let encodeError: Error | null = null;
  const encoder = new VideoEncoder({
    output: (chunk) => {
      const data = new Uint8Array(chunk.byteLength);
      chunk.copyTo(data);
      chunks.push({ data, timestampMs: chunk.timestamp / 1000, keyframe: chunk.type === 'key' });
    },
    error: (e) => {
      encodeError = e instanceof Error ? e : new Error(String(e));
    },
  });
  encoder.configure(config);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;

  const { segments, durationMs } = videoTimeline(scenario, opts.lang);
  let frames = 0;
  const hold = (startMs: number, lengthMs: number) => {
    for (let t = startMs; t < startMs + lengthMs; t += FRAME_MS) {
      const vf = new VideoFrame(canvas, { timestamp: t * 1000, duration: FRAME_MS * 1000 });
      encoder.encode(vf, { keyFrame: t === startMs || t % KEYFRAME_MS === 0 });
      vf.close();
      frames++;
    }
  };
  const picture = async (position: number) => {
    await settleFrames();
    const svg = opts.clusterSvg();
    let cluster: HTMLImageElement | null = null;
    try {
      cluster = svg ? await svgImage(svg) : null;
    } catch {
      cluster = null; // a frame without the view beats no video
    }
    const st = player.state;
    drawFrame(ctx, { scenario, lang: opts.lang, position, outcome: position >= 0 && position < scenario.steps.length ? st.outcome : null, members: opts.members(), cluster, virtualMs: opts.nowMs() });
  };

  let ok = true;
  try {
    player.pause();
    await player.open(scenario);
    if (player.state.error) throw new Error(player.state.error);
    for (const seg of segments) {
      if (seg.position >= 0 && seg.position < scenario.steps.length) {
        await player.next();
        if (!player.state.outcome?.ok) ok = false;
      }
      await picture(seg.position);
      hold(seg.startMs, seg.durationMs);
      opts.onProgress?.(seg.position + 2, segments.length);
      // Keep the encoder's queue short: frames hold canvas copies.
      while (encoder.encodeQueueSize > 8) await new Promise((r) => setTimeout(r, 10));
      if (encodeError) throw encodeError;
      if (!ok) break;
    }
    await encoder.flush();
    if (encodeError) throw encodeError;
  } finally {
    if (encoder.state !== 'closed') encoder.close();
  }
  const lastEnd = ok ? durationMs : (chunks.at(-1)?.timestampMs ?? 0) + FRAME_MS;
  return { bytes: muxWebm(chunks, lastEnd, { width, height }), durationMs: lastEnd, frames, ok };
}
