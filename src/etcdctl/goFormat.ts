// Go's formatting and parsing rules that etcdctl's output and error strings depend on:
// strconv.Quote (%q), strconv.Unquote, strconv.ParseInt/ParseBool and time.ParseDuration, with
// their exact error texts.

import { utf8 } from '../lib/bytes';

const HEX = '0123456789abcdef';

/** Decodes one UTF-8 sequence at b[i]: [codepoint, length], or [-1, 1] for an invalid byte. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i]!;
  if (c0 < 0x80) return [c0, 1];
  let need: number;
  let min: number;
  if (c0 >= 0xc2 && c0 <= 0xdf) (need = 1), (min = 0x80);
  else if (c0 >= 0xe0 && c0 <= 0xef) (need = 2), (min = 0x800);
  else if (c0 >= 0xf0 && c0 <= 0xf4) (need = 3), (min = 0x10000);
  else return [-1, 1];
  if (i + need > b.length - 1) return [-1, 1];
  let cp = c0 & (0x3f >> need);
  for (let k = 1; k <= need; k++) {
    const c = b[i + k]!;
    if ((c & 0xc0) !== 0x80) return [-1, 1];
    cp = (cp << 6) | (c & 0x3f);
  }
  // reject overlong forms, surrogates and values past U+10FFFF, as Go does
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [-1, 1];
  return [cp, need + 1];
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** strconv.Quote over bytes (Go's %q of a string). */
export function goQuote(b: Uint8Array | string): string {
  const bytes = typeof b === 'string' ? utf8(b) : b;
  let out = '"';
  for (let i = 0; i < bytes.length; ) {
    const [cp, n] = decodeRune(bytes, i);
    if (cp < 0) {
      out += '\\x' + HEX[bytes[i]! >> 4] + HEX[bytes[i]! & 15];
      i += n;
      continue;
    }
    i += n;
    const ch = String.fromCodePoint(cp);
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp === 9) out += '\\t';
    else if (cp === 11) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + HEX[cp >> 4] + HEX[cp & 15];
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** Go's %q of a byte (a rune literal), as pflag uses in "unknown shorthand flag: 'x' in -x". */
export function goQuoteRune(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '\\') return "'\\\\'";
  const q = goQuote(c);
  return "'" + q.slice(1, -1).replace(/\\"/g, '"') + "'";
}

export const utf8Bytes = (s: string): Uint8Array => utf8(s);

/**
 * strconv.Unquote of a Go string literal ("..." or `...`) into bytes. Returns undefined for
 * invalid syntax. `\xNN` and octal escapes produce raw bytes, as in Go.
 */
export function goUnquote(s: string): Uint8Array | undefined {
  if (s.length < 2) return undefined;
  const q = s[0];
  if (q !== s[s.length - 1]) return undefined;
  const body = s.slice(1, -1);
  if (q === '`') return body.includes('`') || body.includes('\r') ? undefined : utf8Bytes(body);
  if (q !== '"') return undefined;
  const out: number[] = [];
  const push = (str: string) => out.push(...utf8Bytes(str));
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === '"' || c === '\n') return undefined;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      push(String.fromCodePoint(cp));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };
    if (e in simple) {
      out.push(simple[e]!);
      i += 2;
    } else if (e === 'x') {
      const h = body.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined;
      out.push(parseInt(h, 16));
      i += 4;
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const h = body.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) return undefined;
      const cp = parseInt(h, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
      push(String.fromCodePoint(cp));
      i += 2 + len;
    } else if (e >= '0' && e <= '7') {
      const o = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return undefined;
      out.push(parseInt(o, 8));
      i += 4;
    } else return undefined;
  }
  return new Uint8Array(out);
}

export class GoNumError extends Error {}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, base, 64). Base 0 accepts 0x/0o/0b prefixes and a leading-0 octal. */
export function goParseInt(s: string, base = 10, fn = 'ParseInt'): number {
  return Number(goParseIntBig(s, base, fn));
}

/** strconv.ParseInt/ParseUint kept exact (int64 lease ids). */
export function goParseIntBig(s: string, base = 10, fn = 'ParseInt'): bigint {
  const bad = (why: string) => new GoNumError(`strconv.${fn}: parsing ${goQuote(s)}: ${why}`);
  let t = s;
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let b = base;
  if (base === 0) {
    b = 10;
    if (/^0[xX]/.test(t)) (b = 16), (t = t.slice(2));
    else if (/^0[oO]/.test(t)) (b = 8), (t = t.slice(2));
    else if (/^0[bB]/.test(t)) (b = 2), (t = t.slice(2));
    else if (t.length > 1 && t[0] === '0') (b = 8), (t = t.slice(1));
    if (b !== 10) t = t.replace(/_/g, '');
  }
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  if (t.length === 0 || ![...t.toLowerCase()].every((c) => digits.includes(c))) throw bad('invalid syntax');
  let v = 0n;
  for (const c of t.toLowerCase()) v = v * BigInt(b) + BigInt(digits.indexOf(c));
  if (neg) v = -v;
  if (fn === 'ParseUint' ? neg || v > 2n ** 64n - 1n : v < INT64_MIN || v > INT64_MAX) throw bad('value out of range');
  return v;
}

/** strconv.ParseUint(s, 16, 64) kept exact, as a 16-hex-digit string. */
export function goParseHexUint64(s: string): string {
  goParseInt(s, 16, 'ParseUint');
  return BigInt('0x' + s).toString(16).padStart(16, '0');
}

export function goParseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new GoNumError(`strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration, in nanoseconds. */
export function goParseDuration(s: string): number {
  const q = goQuote(s);
  let t = s;
  let neg = false;
  if (t.startsWith('-') || t.startsWith('+')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  if (t === '0') return 0;
  if (t === '') throw new GoNumError(`time: invalid duration ${q}`);
  let total = 0;
  while (t !== '') {
    const m = /^(\d*)(\.(\d*))?/.exec(t)!;
    if (m[0] === '' || m[0] === '.' || (m[1] === '' && (m[3] ?? '') === '')) throw new GoNumError(`time: invalid duration ${q}`);
    t = t.slice(m[0].length);
    const u = /^[^\d.]*/.exec(t)![0];
    if (u === '') throw new GoNumError(`time: missing unit in duration ${q}`);
    const scale = UNITS[u];
    if (scale === undefined) throw new GoNumError(`time: unknown unit ${goQuote(u)} in duration ${q}`);
    t = t.slice(u.length);
    total += parseFloat(`${m[1] || '0'}.${m[3] || '0'}`) * scale;
  }
  return neg ? -total : total;
}

/** Go's time.Duration.String() of a whole number of nanoseconds ("2s", "1m30s", "5.473186ms"). */
export function goDurationString(ns: number): string {
  ns = Math.round(ns);
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  const frac = (v: number, unit: number) => {
    const whole = Math.floor(v / unit);
    const rest = v % unit;
    if (rest === 0) return String(whole);
    const digits = String(unit).length - 1;
    return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
  };
  let s: string;
  if (u < 1e3) s = `${u}ns`;
  else if (u < 1e6) s = `${frac(u, 1e3)}µs`;
  else if (u < 1e9) s = `${frac(u, 1e6)}ms`;
  else {
    const h = Math.floor(u / 3600e9);
    u -= h * 3600e9;
    const m = Math.floor(u / 60e9);
    u -= m * 60e9;
    s = (h ? `${h}h` : '') + (h || m ? `${m}m` : '') + `${frac(u, 1e9)}s`;
  }
  return neg ? '-' + s : s;
}
