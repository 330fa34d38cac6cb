// Reads EBML back: enough to check a WebM file's structure (tests, and the e2e check of an exported
// video): element ids, sizes, nesting, and the values of the few elements we look at.
export interface EbmlElement {
  id: number;
  /** Offset of the element's data. */
  start: number;
  size: number;
}

function readVint(b: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number } {
  const first = b[at];
  if (first === undefined) throw new Error(`EBML: truncated at ${at}`);
  let len = 1;
  while (len <= 8 && !(first & (0x80 >> (len - 1)))) len++;
  if (len > 8) throw new Error(`EBML: bad vint at ${at}`);
  if (at + len > b.length) throw new Error(`EBML: truncated vint at ${at}`);
  let value = keepMarker ? first : first & (0xff >> len);
  for (let i = 1; i < len; i++) value = value * 256 + b[at + i]!;
  return { value, length: len };
}

/** The elements directly inside [from, to). Throws on a size running past the end. */
export function readElements(b: Uint8Array, from = 0, to = b.length): EbmlElement[] {
  const out: EbmlElement[] = [];
  let at = from;
  while (at < to) {
    const id = readVint(b, at, true);
    const size = readVint(b, at + id.length, false);
    const start = at + id.length + size.length;
    if (start + size.value > to) throw new Error(`EBML: element 0x${id.value.toString(16)} at ${at} runs past its parent (${start + size.value} > ${to})`);
    out.push({ id: id.value, start, size: size.value });
    at = start + size.value;
  }
  return out;
}

export function children(b: Uint8Array, e: EbmlElement): EbmlElement[] {
  return readElements(b, e.start, e.start + e.size);
}

export function readUint(b: Uint8Array, e: EbmlElement): number {
  let v = 0;
  for (let i = 0; i < e.size; i++) v = v * 256 + b[e.start + i]!;
  return v;
}

export function readFloat(b: Uint8Array, e: EbmlElement): number {
  const dv = new DataView(b.buffer, b.byteOffset + e.start, e.size);
  return e.size === 4 ? dv.getFloat32(0) : dv.getFloat64(0);
}

export function readString(b: Uint8Array, e: EbmlElement): string {
  return new TextDecoder().decode(b.subarray(e.start, e.start + e.size));
}

export interface WebmSummary {
  docType: string;
  durationMs: number;
  width: number;
  height: number;
  codecId: string;
  clusters: number;
  blocks: number;
  keyframes: number;
  /** Absolute time of the last block. */
  lastBlockMs: number;
  cuePoints: number;
}

/** Walks a WebM file and summarises it; throws if the structure is not what a WebM must be. */
export function summarizeWebm(b: Uint8Array): WebmSummary {
  const top = readElements(b);
  if (top[0]?.id !== 0x1a45dfa3) throw new Error('WebM: no EBML header');
  const docTypeEl = children(b, top[0]).find((e) => e.id === 0x4282);
  const docType = docTypeEl ? readString(b, docTypeEl) : '';
  const seg = top.find((e) => e.id === 0x18538067);
  if (!seg) throw new Error('WebM: no Segment');
  const parts = children(b, seg);
  const info = parts.find((e) => e.id === 0x1549a966);
  if (!info) throw new Error('WebM: no Info');
  const infoKids = children(b, info);
  const scaleEl = infoKids.find((e) => e.id === 0x2ad7b1);
  const scale = scaleEl ? readUint(b, scaleEl) : 1_000_000;
  const durEl = infoKids.find((e) => e.id === 0x4489);
  if (!durEl) throw new Error('WebM: no Duration');
  const durationMs = (readFloat(b, durEl) * scale) / 1_000_000;
  const tracks = parts.find((e) => e.id === 0x1654ae6b);
  const entry = tracks && children(b, tracks).find((e) => e.id === 0xae);
  if (!entry) throw new Error('WebM: no TrackEntry');
  const entryKids = children(b, entry);
  const codec = entryKids.find((e) => e.id === 0x86);
  const video = entryKids.find((e) => e.id === 0xe0);
  const videoKids = video ? children(b, video) : [];
  const w = videoKids.find((e) => e.id === 0xb0);
  const h = videoKids.find((e) => e.id === 0xba);
  let blocks = 0;
  let keyframes = 0;
  let lastBlockMs = 0;
  let clusters = 0;
  for (const c of parts.filter((e) => e.id === 0x1f43b675)) {
    clusters++;
    const kids = children(b, c);
    const tc = kids.find((e) => e.id === 0xe7);
    const base = tc ? readUint(b, tc) : 0;
    for (const blk of kids.filter((e) => e.id === 0xa3)) {
      blocks++;
      const rel = new DataView(b.buffer, b.byteOffset + blk.start + 1, 2).getInt16(0);
      if (b[blk.start + 3]! & 0x80) keyframes++;
      lastBlockMs = ((base + rel) * scale) / 1_000_000;
    }
  }
  const cues = parts.find((e) => e.id === 0x1c53bb6b);
  return {
    docType,
    durationMs,
    width: w ? readUint(b, w) : 0,
    height: h ? readUint(b, h) : 0,
    codecId: codec ? readString(b, codec) : '',
    clusters,
    blocks,
    keyframes,
    lastBlockMs,
    cuePoints: cues ? children(b, cues).length : 0,
  };
}
