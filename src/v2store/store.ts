// etcd 3.4's v2 store (etcdserver/api/v2store): an in-memory tree of directories and values, every
// change numbered by one store index (createdIndex / modifiedIndex), TTLs, and a watcher hub whose
// event history keeps only the last 1,000 events — a watcher that asks for an older index gets
// errorCode 401. Synchronous and clock-free: the caller passes the time an op applies at (etcd's
// v2 requests carry it in the raft entry, so every member expires the same keys).
import { V2Error, V2ErrorCode } from './errors';

/** etcd's watcher hub history size (newStore: newWatchHub(1000)). */
export const EVENT_HISTORY_SIZE = 1000;

export type V2Action = 'get' | 'set' | 'create' | 'update' | 'compareAndSwap' | 'delete' | 'compareAndDelete' | 'expire';

/** NodeExtern, in its JSON field order. */
export interface V2NodeJSON {
  key?: string;
  value?: string;
  dir?: true;
  expiration?: string;
  ttl?: number;
  nodes?: V2NodeJSON[];
  modifiedIndex?: number;
  createdIndex?: number;
}

export interface V2Event {
  action: V2Action;
  node: V2NodeJSON;
  prevNode?: V2NodeJSON;
}

interface Node {
  path: string;
  createdIndex: number;
  modifiedIndex: number;
  /** undefined for a directory. */
  value?: string;
  children?: Map<string, Node>;
  /** Virtual ms when it expires; undefined = permanent. */
  expireAtMs?: number;
}

export interface SetOptions {
  dir?: boolean;
  ttlSec?: number;
  /** prevExist=false: create only; true: update only. */
  prevExist?: boolean;
  prevValue?: string;
  prevIndex?: number;
}

export interface DeleteOptions {
  dir?: boolean;
  recursive?: boolean;
  prevValue?: string;
  prevIndex?: number;
}

export interface V2Watcher {
  key: string;
  recursive: boolean;
  sinceIndex: number;
  onEvent: (e: V2Event, etcdIndex: number) => void;
}

/** path.Clean of "/" + p: one leading slash, no trailing one, no empty or dot segments. */
export function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') parts.pop();
    else parts.push(s);
  }
  return '/' + parts.join('/');
}

/** Go's time.RFC3339Nano in UTC of a Unix time in ms (the cores have no Date). */
export function rfc3339(unixMs: number): string {
  const days = Math.floor(unixMs / 86_400_000);
  const msOfDay = unixMs - days * 86_400_000;
  // civil_from_days (H. Hinnant)
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const p2 = (v: number) => String(v).padStart(2, '0');
  const ms = msOfDay % 1000;
  const frac = ms === 0 ? '' : '.' + String(ms).padStart(3, '0').replace(/0+$/, '');
  const secs = Math.floor(msOfDay / 1000);
  return `${y}-${p2(m)}-${p2(d)}T${p2(Math.floor(secs / 3600))}:${p2(Math.floor(secs / 60) % 60)}:${p2(secs % 60)}${frac}Z`;
}

const parentOf = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/';

export class V2Store {
  currentIndex = 0;
  private readonly root: Node = { path: '/', createdIndex: 0, modifiedIndex: 0, children: new Map() };
  /** The event history: the last EVENT_HISTORY_SIZE events, oldest first. */
  private readonly history: Array<{ index: number; event: V2Event }> = [];
  private watchers: V2Watcher[] = [];

  /** `epochMs`: the Unix time (ms) of virtual time 0, for the `expiration` timestamps. */
  constructor(private readonly epochMs = 0) {}

  private find(path: string): Node | undefined {
    let n: Node | undefined = this.root;
    for (const seg of path.split('/').slice(1)) {
      if (seg === '') continue;
      n = n?.children?.get(seg);
      if (!n) return undefined;
    }
    return n;
  }

  private extern(n: Node, nowMs: number, recursive: boolean, sorted: boolean, depth = 0): V2NodeJSON {
    const j: V2NodeJSON = {};
    if (n.path !== '/') j.key = n.path;
    if (n.children) j.dir = true;
    else j.value = n.value;
    if (n.expireAtMs !== undefined) {
      j.expiration = rfc3339(this.epochMs + n.expireAtMs);
      j.ttl = Math.max(0, Math.ceil((n.expireAtMs - nowMs) / 1000));
    }
    if (n.children && (depth === 0 || recursive)) {
      const kids = [...n.children.values()].filter((c) => !c.path.split('/').pop()!.startsWith('_'));
      if (sorted) kids.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      if (kids.length > 0) j.nodes = kids.map((c) => this.extern(c, nowMs, recursive, sorted, depth + 1));
    }
    if (n.path !== '/') {
      j.modifiedIndex = n.modifiedIndex;
      j.createdIndex = n.createdIndex;
    }
    return j;
  }

  /** One level of a directory unless recursive; keys whose last segment starts with "_" are hidden. */
  get(key: string, nowMs: number, opts: { recursive?: boolean; sorted?: boolean } = {}): V2Event {
    const path = cleanPath(key);
    const n = this.find(path);
    if (!n) throw new V2Error(V2ErrorCode.KeyNotFound, path, this.currentIndex);
    return { action: 'get', node: this.extern(n, nowMs, !!opts.recursive, !!opts.sorted) };
  }

  private fail(code: number, cause: string): never {
    throw new V2Error(code, cause, this.currentIndex);
  }

  private compareFailed(n: Node, prevValue?: string, prevIndex?: number): string | null {
    const badValue = prevValue !== undefined && prevValue !== n.value;
    const badIndex = prevIndex !== undefined && prevIndex !== n.modifiedIndex;
    if (!badValue && !badIndex) return null;
    if (badValue && badIndex) return `[${prevValue} != ${n.value}] [${prevIndex} != ${n.modifiedIndex}]`;
    return badValue ? `[${prevValue} != ${n.value}]` : `[${prevIndex} != ${n.modifiedIndex}]`;
  }

  /** PUT: set, create (prevExist=false), update (prevExist=true) or compareAndSwap (prevValue/prevIndex). */
  set(key: string, value: string, nowMs: number, opts: SetOptions = {}): V2Event {
    const path = cleanPath(key);
    if (path === '/') this.fail(V2ErrorCode.RootROnly, '/');
    const existing = this.find(path);
    const cas = opts.prevValue !== undefined || opts.prevIndex !== undefined;
    let action: V2Action = 'set';
    if (opts.prevExist === false) {
      if (existing) this.fail(V2ErrorCode.NodeExist, path);
      action = 'create';
    } else if (opts.prevExist === true || cas) {
      if (!existing) this.fail(V2ErrorCode.KeyNotFound, path);
      if (cas) {
        if (existing!.children) this.fail(V2ErrorCode.NotFile, path);
        const why = this.compareFailed(existing!, opts.prevValue, opts.prevIndex);
        if (why) this.fail(V2ErrorCode.TestFailed, why);
        action = 'compareAndSwap';
      } else action = 'update';
    }
    if (existing?.children && !(opts.dir && action === 'update')) this.fail(V2ErrorCode.NotFile, path);
    // Parents are made as directories; a value on the way is an error.
    let dir = this.root;
    const segs = path.split('/').slice(1);
    const index = this.currentIndex + 1;
    for (let i = 0; i < segs.length - 1; i++) {
      let next = dir.children!.get(segs[i]!);
      if (!next) {
        next = { path: '/' + segs.slice(0, i + 1).join('/'), createdIndex: index, modifiedIndex: index, children: new Map() };
        dir.children!.set(segs[i]!, next);
      } else if (!next.children) this.fail(V2ErrorCode.NotDir, next.path);
      dir = next;
    }
    this.currentIndex = index;
    const prevNode = existing ? this.extern(existing, nowMs, false, false) : undefined;
    if (prevNode?.nodes) delete prevNode.nodes;
    const expireAtMs = opts.ttlSec !== undefined && opts.ttlSec > 0 ? nowMs + opts.ttlSec * 1000 : undefined;
    const n: Node =
      action === 'update' || action === 'compareAndSwap'
        ? { ...existing!, value: opts.dir ? undefined : value, modifiedIndex: index, expireAtMs }
        : { path, createdIndex: index, modifiedIndex: index, ...(opts.dir ? { children: new Map() } : { value }), expireAtMs };
    dir.children!.set(segs[segs.length - 1]!, n);
    const e: V2Event = { action, node: this.extern(n, nowMs, false, false), ...(prevNode ? { prevNode } : {}) };
    this.record(index, e);
    return e;
  }

  /** DELETE: a file, an empty directory (dir), a whole tree (recursive), or compareAndDelete. */
  delete(key: string, nowMs: number, opts: DeleteOptions = {}): V2Event {
    const path = cleanPath(key);
    if (path === '/') this.fail(V2ErrorCode.RootROnly, '/');
    const n = this.find(path);
    if (!n) this.fail(V2ErrorCode.KeyNotFound, path);
    const cad = opts.prevValue !== undefined || opts.prevIndex !== undefined;
    if (n!.children) {
      if (cad) this.fail(V2ErrorCode.NotFile, path);
      if (!opts.dir && !opts.recursive) this.fail(V2ErrorCode.NotFile, path);
      if (!opts.recursive && n!.children.size > 0) this.fail(V2ErrorCode.DirNotEmpty, path);
    } else if (cad) {
      const why = this.compareFailed(n!, opts.prevValue, opts.prevIndex);
      if (why) this.fail(V2ErrorCode.TestFailed, why);
    }
    return this.remove(n!, nowMs, cad ? 'compareAndDelete' : 'delete');
  }

  private remove(n: Node, nowMs: number, action: V2Action): V2Event {
    const index = ++this.currentIndex;
    const prevNode = this.extern(n, nowMs, false, false);
    delete prevNode.nodes;
    this.find(parentOf(n.path))!.children!.delete(n.path.split('/').pop()!);
    const node: V2NodeJSON = { key: n.path, ...(n.children ? { dir: true as const } : {}), modifiedIndex: index, createdIndex: n.createdIndex };
    const e: V2Event = { action, node, prevNode };
    this.record(index, e);
    return e;
  }

  /** Removes every key whose TTL ran out by `nowMs` (etcd: a SYNC request through raft). */
  deleteExpired(nowMs: number): V2Event[] {
    const out: V2Event[] = [];
    const walk = (d: Node): Node[] => [...(d.children?.values() ?? [])].flatMap((c) => [c, ...walk(c)]);
    const due = walk(this.root)
      .filter((n) => n.expireAtMs !== undefined && n.expireAtMs <= nowMs)
      .sort((a, b) => a.expireAtMs! - b.expireAtMs! || (a.path < b.path ? -1 : 1));
    for (const n of due) if (this.find(n.path) === n) out.push(this.remove(n, nowMs, 'expire'));
    return out;
  }

  private record(index: number, e: V2Event): void {
    this.history.push({ index, event: e });
    if (this.history.length > EVENT_HISTORY_SIZE) this.history.shift();
    const fired = this.watchers.filter((w) => matches(w.key, w.recursive, e));
    // A v2 watch is one-shot: it fires once and is gone (a client re-watches from index + 1).
    this.watchers = this.watchers.filter((w) => !fired.includes(w));
    for (const w of fired) w.onEvent(e, this.currentIndex);
  }

  /** The oldest index the history still holds (etcd's EventHistory.StartIndex). */
  historyStartIndex(): number {
    return this.history[0]?.index ?? this.currentIndex + 1;
  }

  /**
   * A watch from `sinceIndex` (0 = the next change): answered at once from the history, or when the
   * next matching event happens. An index older than the history fails with errorCode 401.
   */
  watch(key: string, opts: { recursive?: boolean; sinceIndex?: number }, onEvent: V2Watcher['onEvent']): { cancel(): void } {
    const path = cleanPath(key);
    const since = opts.sinceIndex ?? 0;
    const recursive = !!opts.recursive;
    if (since > 0) {
      const start = this.historyStartIndex();
      if (since < start) throw new V2Error(V2ErrorCode.EventIndexCleared, `the requested history has been cleared [${start}/${since}]`, this.currentIndex);
      const hit = this.history.find((h) => h.index >= since && matches(path, recursive, h.event));
      if (hit) {
        onEvent(hit.event, this.currentIndex);
        return { cancel: () => {} };
      }
    }
    const w: V2Watcher = { key: path, recursive, sinceIndex: since, onEvent };
    this.watchers.push(w);
    return { cancel: () => (this.watchers = this.watchers.filter((x) => x !== w)) };
  }
}

/** EventHistory.scan's rule: the key itself, anything under it if recursive, or a deleted parent dir. */
function matches(key: string, recursive: boolean, e: V2Event): boolean {
  const k = e.node.key ?? '/';
  if (k === key) return true;
  if (recursive && k.startsWith(key.endsWith('/') ? key : key + '/')) return true;
  if ((e.action === 'delete' || e.action === 'expire') && e.prevNode?.dir && key.startsWith(e.prevNode.key ?? '/')) return true;
  return false;
}
