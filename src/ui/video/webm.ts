// A small WebM (Matroska) muxer for one VP8 video track: the EBML header, a Segment with Info
// (TimecodeScale 1 ms, Duration), Tracks, Clusters of SimpleBlocks, and Cues so players can seek.
// Frames come from WebCodecs' VideoEncoder with explicit timestamps, so the file's length is the
// lesson's timeline, not however long encoding took. Pure: no DOM, tested in Node.

export const EBML_ID = {
  EBML: 0x1a45dfa3,
  EBMLVersion: 0x4286,
  EBMLReadVersion: 0x42f7,
  EBMLMaxIDLength: 0x42f2,
  EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282,
  DocTypeVersion: 0x4287,
  DocTypeReadVersion: 0x4285,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackUID: 0x73c5,
  TrackType: 0x83,
  FlagLacing: 0x9c,
  CodecID: 0x86,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
} as const;

type Child = Uint8Array;

function idBytes(id: number): Uint8Array {
  const out: number[] = [];
  let v = id;
  while (v > 0) {
    out.unshift(v & 0xff);
    v = Math.floor(v / 256);
  }
  return Uint8Array.from(out);
}

/** An EBML variable-length size: the shortest of 1–8 bytes. */
export function sizeBytes(n: number): Uint8Array {
  for (let len = 1; len <= 8; len++) {
    // All ones is reserved for "unknown size".
    if (n < 2 ** (7 * len) - 1) {
      const out = new Uint8Array(len);
      let v = n;
      for (let i = len - 1; i >= 0; i--) {
        out[i] = v % 256;
        v = Math.floor(v / 256);
      }
      out[0]! |= 1 << (8 - len);
      return out;
    }
  }
  throw new RangeError(`EBML size ${n} too large`);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function element(id: number, data: Uint8Array): Uint8Array {
  return concat([idBytes(id), sizeBytes(data.length), data]);
}

function master(id: number, children: readonly Child[]): Uint8Array {
  return element(id, concat(children));
}

function uint(id: number, v: number): Uint8Array {
  const bytes: number[] = [];
  let x = v;
  do {
    bytes.unshift(x % 256);
    x = Math.floor(x / 256);
  } while (x > 0);
  return element(id, Uint8Array.from(bytes));
}

function str(id: number, s: string): Uint8Array {
  return element(id, new TextEncoder().encode(s));
}

function float64(id: number, v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v);
  return element(id, b);
}

export interface WebmFrame {
  data: Uint8Array;
  timestampMs: number;
  keyframe: boolean;
}

export interface WebmOptions {
  width: number;
  height: number;
  /** Matroska codec id; VP8 is what every WebM player decodes. */
  codecId?: string;
}

/** SimpleBlock timecodes are int16 ms relative to their cluster: start a new cluster well before that. */
const MAX_CLUSTER_SPAN_MS = 30_000;

export function muxWebm(frames: readonly WebmFrame[], durationMs: number, opts: WebmOptions): Uint8Array {
  if (frames.length === 0) throw new Error('a video needs at least one frame');
  if (!frames[0]!.keyframe) throw new Error('the first frame must be a keyframe');
  for (let i = 1; i < frames.length; i++) {
    if (frames[i]!.timestampMs < frames[i - 1]!.timestampMs) throw new Error(`frame ${i} goes back in time`);
  }
  const header = master(EBML_ID.EBML, [
    uint(EBML_ID.EBMLVersion, 1),
    uint(EBML_ID.EBMLReadVersion, 1),
    uint(EBML_ID.EBMLMaxIDLength, 4),
    uint(EBML_ID.EBMLMaxSizeLength, 8),
    str(EBML_ID.DocType, 'webm'),
    uint(EBML_ID.DocTypeVersion, 2),
    uint(EBML_ID.DocTypeReadVersion, 2),
  ]);
  const info = master(EBML_ID.Info, [
    uint(EBML_ID.TimecodeScale, 1_000_000),
    str(EBML_ID.MuxingApp, 'etcdscope'),
    str(EBML_ID.WritingApp, 'etcdscope'),
    float64(EBML_ID.Duration, durationMs),
  ]);
  const tracks = master(EBML_ID.Tracks, [
    master(EBML_ID.TrackEntry, [
      uint(EBML_ID.TrackNumber, 1),
      uint(EBML_ID.TrackUID, 1),
      uint(EBML_ID.TrackType, 1),
      uint(EBML_ID.FlagLacing, 0),
      str(EBML_ID.CodecID, opts.codecId ?? 'V_VP8'),
      master(EBML_ID.Video, [uint(EBML_ID.PixelWidth, opts.width), uint(EBML_ID.PixelHeight, opts.height)]),
    ]),
  ]);

  // Clusters start at keyframes (so each is a seek point) or when the int16 offset would overflow.
  const clusters: Array<{ timeMs: number; bytes: Uint8Array }> = [];
  let current: { timeMs: number; blocks: Uint8Array[] } | null = null;
  const flush = () => {
    if (current) clusters.push({ timeMs: current.timeMs, bytes: master(EBML_ID.Cluster, [uint(EBML_ID.Timecode, current.timeMs), ...current.blocks]) });
  };
  for (const f of frames) {
    const t = Math.round(f.timestampMs);
    if (!current || (f.keyframe && t !== current.timeMs) || t - current.timeMs > MAX_CLUSTER_SPAN_MS) {
      if (!f.keyframe && current && t - current.timeMs > MAX_CLUSTER_SPAN_MS) throw new Error('a delta frame more than 30 s after its keyframe: ask the encoder for keyframes more often');
      flush();
      current = { timeMs: t, blocks: [] };
    }
    const head = new Uint8Array(4);
    head[0] = 0x81; // track 1 as an EBML vint
    new DataView(head.buffer).setInt16(1, t - current.timeMs);
    head[3] = f.keyframe ? 0x80 : 0x00;
    current.blocks.push(element(EBML_ID.SimpleBlock, concat([head, f.data])));
  }
  flush();

  // Cue positions are offsets from the start of the Segment's data.
  let offset = info.length + tracks.length;
  const cuePoints: Uint8Array[] = [];
  for (const c of clusters) {
    cuePoints.push(
      master(EBML_ID.CuePoint, [uint(EBML_ID.CueTime, c.timeMs), master(EBML_ID.CueTrackPositions, [uint(EBML_ID.CueTrack, 1), uint(EBML_ID.CueClusterPosition, offset)])]),
    );
    offset += c.bytes.length;
  }
  const cues = master(EBML_ID.Cues, cuePoints);
  const segment = master(EBML_ID.Segment, [info, tracks, ...clusters.map((c) => c.bytes), cues]);
  return concat([header, segment]);
}
