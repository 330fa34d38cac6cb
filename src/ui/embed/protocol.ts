// The embed widget's postMessage protocol (documented in docs/embedding.md). Every message is a
// plain object tagged `etcdscope: <version>`; anything else on the channel is not ours and ignored.
// Pure: parsing and the origin rule are tested in Node.

export const EMBED_PROTOCOL_VERSION = 1;

/** Commands a parent page sends the widget. `id` (optional) comes back on the command's `result`. */
export type EmbedCommand =
  | { type: 'hello' }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'restart' }
  /** 1-based step number; 0 = the introduction. */
  | { type: 'goto'; step: number }
  /** One etcdctl line on the widget's cluster (stdin as a shell would pipe it, e.g. for `txn`). */
  | { type: 'run'; line: string; stdin?: string }
  | { type: 'setLang'; lang: 'en' | 'zh-CN' };

export type EmbedCommandType = EmbedCommand['type'];

export interface CheckReport {
  ok: boolean;
  detail: string;
}

/** Events the widget sends its parent. Step numbers are 1-based, as on screen. */
export type EmbedEvent =
  | { type: 'ready'; protocol: number; scenario: string; title: string; steps: number; step: number; lang: string; panels: string[] }
  | { type: 'stepStarted'; step: number; stepId: string; title: string }
  | { type: 'stepFinished'; step: number; stepId: string; title: string; ok: boolean; checks: CheckReport[]; error?: string; virtualMs: number }
  | { type: 'done'; scenario: string; ok: boolean }
  | { type: 'playing'; playing: boolean }
  | { type: 'narration'; text: string; kind: string; virtualMs: number }
  | { type: 'error'; message: string }
  | { type: 'result'; id: string | number; ok: boolean; result?: unknown; error?: string };

export type Envelope<T> = T & { etcdscope: number; id?: string | number };

export type Parsed =
  /** Not an etcdscope message at all (other scripts share the channel): ignore silently. */
  | { kind: 'foreign' }
  | { kind: 'bad'; id?: string | number; error: string }
  | { kind: 'command'; id?: string | number; command: EmbedCommand };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseCommand(data: unknown): Parsed {
  if (!isRecord(data) || !('etcdscope' in data)) return { kind: 'foreign' };
  const rawId = data.id;
  const id = typeof rawId === 'string' || (typeof rawId === 'number' && Number.isFinite(rawId)) ? rawId : undefined;
  const bad = (error: string): Parsed => ({ kind: 'bad', id, error });
  if (data.etcdscope !== EMBED_PROTOCOL_VERSION) return bad(`unsupported protocol version ${JSON.stringify(data.etcdscope)}; this widget speaks ${EMBED_PROTOCOL_VERSION}`);
  switch (data.type) {
    case 'hello':
    case 'play':
    case 'pause':
    case 'next':
    case 'back':
    case 'restart':
      return { kind: 'command', id, command: { type: data.type } };
    case 'goto':
      if (typeof data.step !== 'number' || !Number.isInteger(data.step) || data.step < 0) return bad('goto needs a step number (0 = the introduction, 1 = the first step)');
      return { kind: 'command', id, command: { type: 'goto', step: data.step } };
    case 'run':
      if (typeof data.line !== 'string' || !data.line.trim()) return bad('run needs an etcdctl line, e.g. {"type":"run","line":"get foo"}');
      if (data.line.length > 4096) return bad('run: the line is longer than 4096 characters');
      if (data.stdin !== undefined && typeof data.stdin !== 'string') return bad('run: stdin must be a string');
      return { kind: 'command', id, command: { type: 'run', line: data.line, stdin: data.stdin as string | undefined } };
    case 'setLang':
      if (data.lang !== 'en' && data.lang !== 'zh-CN') return bad('setLang: lang must be "en" or "zh-CN"');
      return { kind: 'command', id, command: { type: 'setLang', lang: data.lang } };
    default:
      return bad(`unknown command ${JSON.stringify(data.type)}`);
  }
}

/**
 * `origin=` in the widget's URL (comma-separated) names the pages allowed to drive it. Each must be
 * a bare origin (scheme://host[:port]); anything else is dropped, so a typo cannot widen the list.
 */
export function parseAllowedOrigins(param: string | null): string[] {
  if (!param) return [];
  const out: string[] = [];
  for (const raw of param.split(',')) {
    const s = raw.trim();
    try {
      const u = new URL(s);
      if ((u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s.replace(/\/$/, '')) out.push(u.origin);
    } catch {
      // not an origin: ignored
    }
  }
  return out;
}

/**
 * Whether a message from `origin` may drive the widget. With an allow list, only those origins.
 * Without one, the first origin that says `hello` is bound and only it is obeyed afterwards
 * (`bound`); the source must always be the widget's own parent window (checked by the caller).
 */
export function originAllowed(origin: string, allowed: readonly string[], bound: string | null): boolean {
  if (origin === 'null' || !origin) return false;
  if (allowed.length > 0) return allowed.includes(origin);
  return bound === null || bound === origin;
}
