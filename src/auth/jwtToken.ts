// etcd 3.4's JWT token provider (auth/jwt.go, --auth-token jwt,…): Authenticate signs
// {"exp","revision","username"} with the configured key when the entry applies, on every member
// (each with its own clock); any member verifies a token by its signature and expiry alone — no
// token state is kept, so a restarted member still accepts it, and nothing can revoke it early.
// HS256 uses HMAC-SHA256 over the core's SHA-256; RS256 the synchronous BigInt RSA in rsa.ts.
import { sha256 } from '../backend/sha256';
import { fromUtf8, utf8 } from '../lib/bytes';
import { base64Decode, parseRsaPrivateKeyPem, parseRsaPublicKeyPem, rsaSignSha256, rsaVerifySha256, type RsaPrivateKey, type RsaPublicKey } from './rsa';
import type { JwtSignMethod } from './tokenProvider';
import type { AuthInfo } from './store';

export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const BLOCK = 64;
  const k = new Uint8Array(BLOCK);
  k.set(key.length > BLOCK ? sha256(key) : key);
  const inner = new Uint8Array(BLOCK + message.length);
  const outer = new Uint8Array(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = k[i]! ^ 0x36;
    outer[i] = k[i]! ^ 0x5c;
  }
  inner.set(message, BLOCK);
  outer.set(sha256(inner), BLOCK);
  return sha256(outer);
}

export function base64UrlEncode(b: Uint8Array): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const v = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    s += A[v >> 18]! + A[(v >> 12) & 63]! + A[(v >> 6) & 63]! + A[v & 63]!;
  }
  if (i < b.length) {
    const v = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8);
    s += A[v >> 18]! + A[(v >> 12) & 63]!;
    if (i + 1 < b.length) s += A[(v >> 6) & 63]!;
  }
  return s;
}

export function base64UrlDecode(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  return base64Decode(s.replace(/-/g, '+').replace(/_/g, '/'));
}

/** A string as Go's encoding/json writes it (it escapes <, > and & and the JS line separators). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The token for these claims, byte for byte as jwt-go writes it: header and claims are Go maps,
 * so their keys come out sorted; base64url without padding.
 */
export function encodeJwt(method: JwtSignMethod, claims: { username: string; revision: number; exp: number }, sign: (input: Uint8Array) => Uint8Array): string {
  const header = `{"alg":"${method}","typ":"JWT"}`;
  const payload = `{"exp":${claims.exp},"revision":${claims.revision},"username":${goJsonString(claims.username)}}`;
  const input = `${base64UrlEncode(utf8(header))}.${base64UrlEncode(utf8(payload))}`;
  return `${input}.${base64UrlEncode(sign(utf8(input)))}`;
}

export interface JwtProviderOptions {
  signMethod: JwtSignMethod;
  privateKey?: string;
  publicKey?: string;
  ttlMs: number;
  /** Wall-clock (Unix) ms on this member: `exp` is Unix seconds. */
  unixNowMs: () => number;
}

/** Why a token was refused (for the member's log), or its claims. */
export type JwtCheck = { ok: true; info: AuthInfo } | { ok: false; reason: string };

export class JwtTokenProvider {
  private readonly hmacKey?: Uint8Array;
  private readonly rsaPrivate?: RsaPrivateKey;
  private readonly rsaPublic?: RsaPublicKey;

  constructor(private readonly opts: JwtProviderOptions) {
    if (opts.signMethod === 'HS256') {
      if (!opts.privateKey) throw new Error('auth: missing key: HS256 needs priv-key');
      this.hmacKey = utf8(opts.privateKey);
    } else {
      if (opts.privateKey) this.rsaPrivate = parseRsaPrivateKeyPem(opts.privateKey);
      // etcd verifies with the private key's public half when it has one, else with pub-key
      this.rsaPublic = this.rsaPrivate ?? (opts.publicKey ? parseRsaPublicKeyPem(opts.publicKey) : undefined);
      if (!this.rsaPublic) throw new Error('auth: missing key: RS256 needs priv-key or pub-key');
    }
  }

  get ttlMs(): number {
    return this.opts.ttlMs;
  }

  /** tokenJWT.assign: null when this member only holds a public key (etcd's ErrVerifyOnly). */
  assign(username: string, revision: number): string | null {
    const exp = Math.floor((this.opts.unixNowMs() + this.opts.ttlMs) / 1000);
    if (this.hmacKey) return encodeJwt('HS256', { username, revision, exp }, (m) => hmacSha256(this.hmacKey!, m));
    if (!this.rsaPrivate) return null;
    return encodeJwt('RS256', { username, revision, exp }, (m) => rsaSignSha256(this.rsaPrivate!, m));
  }

  /** tokenJWT.info: the signature must verify with this member's key and `exp` must be in the future. */
  check(token: string): JwtCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'token contains an invalid number of segments' };
    const [h, p, s] = parts as [string, string, string];
    let header: { alg?: unknown };
    let claims: { username?: unknown; revision?: unknown; exp?: unknown };
    try {
      header = JSON.parse(fromUtf8(base64UrlDecode(h) ?? new Uint8Array()));
      claims = JSON.parse(fromUtf8(base64UrlDecode(p) ?? new Uint8Array()));
    } catch {
      return { ok: false, reason: 'token is malformed' };
    }
    if (header.alg !== this.opts.signMethod) return { ok: false, reason: 'invalid signing method' };
    const sig = base64UrlDecode(s);
    const input = utf8(`${h}.${p}`);
    const good = sig !== null && (this.hmacKey ? timingSafeEqual(hmacSha256(this.hmacKey, input), sig) : rsaVerifySha256(this.rsaPublic!, input, sig));
    if (!good) return { ok: false, reason: 'signature is invalid' };
    if (typeof claims.exp === 'number' && Math.floor(this.opts.unixNowMs() / 1000) > claims.exp) return { ok: false, reason: 'token is expired' };
    if (typeof claims.username !== 'string' || typeof claims.revision !== 'number') return { ok: false, reason: 'token lacks username or revision' };
    return { ok: true, info: { username: claims.username, revision: claims.revision } };
  }
}

function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
