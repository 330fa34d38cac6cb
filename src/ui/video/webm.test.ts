import { describe, expect, it } from 'vitest';
import { muxWebm, sizeBytes } from './webm';
import { readElements, summarizeWebm } from './ebml';

const frame = (t: number, key: boolean, n = 10) => ({ data: new Uint8Array(n).fill(t % 251), timestampMs: t, keyframe: key });

describe('muxWebm', () => {
  it('encodes EBML sizes in the fewest bytes, never as the reserved all-ones value', () => {
    expect([...sizeBytes(0)]).toEqual([0x80]);
    expect([...sizeBytes(126)]).toEqual([0xfe]);
    expect([...sizeBytes(127)]).toEqual([0x40, 0x7f]);
    expect([...sizeBytes(300)]).toEqual([0x41, 0x2c]);
    expect(sizeBytes(2 ** 30).length).toBe(5);
  });

  it('writes a WebM that reads back: header, duration, track, blocks, clusters at keyframes, cues', () => {
    const frames = [];
    for (let t = 0; t < 10_000; t += 500) frames.push(frame(t, t % 2000 === 0, 100 + t / 10));
    const bytes = muxWebm(frames, 10_000, { width: 1280, height: 720 });
    const top = readElements(bytes);
    expect(top.map((e) => e.id)).toEqual([0x1a45dfa3, 0x18538067]);
    expect(top[1]!.start + top[1]!.size).toBe(bytes.length);
    const s = summarizeWebm(bytes);
    expect(s).toMatchObject({ docType: 'webm', durationMs: 10_000, width: 1280, height: 720, codecId: 'V_VP8', blocks: 20, keyframes: 5, clusters: 5, cuePoints: 5 });
    expect(s.lastBlockMs).toBe(9_500);
  });

  it('starts a new cluster before a block offset would overflow int16', () => {
    const frames = [frame(0, true), frame(20_000, true), frame(45_000, true), frame(50_000, false)];
    const s = summarizeWebm(muxWebm(frames, 51_000, { width: 64, height: 36 }));
    expect(s.clusters).toBe(3);
    expect(s.lastBlockMs).toBe(50_000);
  });

  it('refuses a stream that cannot be a valid WebM', () => {
    expect(() => muxWebm([], 1000, { width: 2, height: 2 })).toThrow(/at least one frame/);
    expect(() => muxWebm([frame(0, false)], 1000, { width: 2, height: 2 })).toThrow(/keyframe/);
    expect(() => muxWebm([frame(500, true), frame(100, false)], 1000, { width: 2, height: 2 })).toThrow(/back in time/);
  });

  it('the reader rejects a truncated file', () => {
    const bytes = muxWebm([frame(0, true)], 1000, { width: 2, height: 2 });
    expect(() => summarizeWebm(bytes.subarray(0, bytes.length - 3))).toThrow(/runs past/);
  });
});
