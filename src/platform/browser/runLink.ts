// A run as a shareable link: the run's JSON, deflated (CompressionStream 'deflate-raw') and written
// as base64url in the URL fragment (`#run=…`). The fragment never reaches a server, so a link works
// on any static host, and opening it replays the run (src/main.tsx).
import { MAX_RUN_BYTES, RunFileError, fromBase64, parseRun, toBase64, type RunFile } from '../../protocol/run';

export const RUN_FRAGMENT_KEY = 'run';

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  let n = 0;
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > limit) {
      await reader.cancel();
      throw new RunFileError('too-large', `the link's run is bigger than ${limit} bytes`);
    }
    out.push(value);
  }
  const all = new Uint8Array(n);
  let o = 0;
  for (const p of out) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}

/** The compact form of a run: deflate-raw of its minified JSON, base64url without padding. */
export async function encodeRunLink(run: RunFile): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(run));
  return toBase64(await pipe(json, new CompressionStream('deflate-raw')), true);
}

/** The reverse of encodeRunLink; a damaged or foreign link throws RunFileError. */
export async function decodeRunLink(code: string): Promise<RunFile> {
  let packed: Uint8Array;
  try {
    packed = fromBase64(code.trim());
  } catch {
    throw new RunFileError('invalid', 'the link is damaged: its run is not base64url');
  }
  if (packed.length === 0) throw new RunFileError('empty', 'the link holds no run');
  let json: Uint8Array;
  try {
    json = await pipe(packed, new DecompressionStream('deflate-raw'), MAX_RUN_BYTES);
  } catch (e) {
    if (e instanceof RunFileError) throw e;
    throw new RunFileError('invalid', 'the link is damaged: its run does not decompress (was it cut short?)');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw new RunFileError('invalid', 'the link is damaged: its run is not text');
  }
  return parseRun(text);
}

/** `https://host/path?…#run=CODE` for a run (other query parameters such as lang are kept). */
export async function runLinkURL(run: RunFile, base: string): Promise<string> {
  const u = new URL(base);
  u.searchParams.delete('seed');
  u.searchParams.delete('scenario');
  u.searchParams.delete('step');
  u.hash = `${RUN_FRAGMENT_KEY}=${await encodeRunLink(run)}`;
  return u.toString();
}

/** The run code in a location's fragment, or null when the page was opened without one. */
export function runCodeFromHash(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const p = new URLSearchParams(h);
  return p.get(RUN_FRAGMENT_KEY);
}
