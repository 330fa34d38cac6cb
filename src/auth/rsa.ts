// RSA for JWT's RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 8017 §8.2), synchronous on BigInt so
// the core can sign a token while it applies an Authenticate entry (WebCrypto is async and not in
// the core's lib). Keys are read from PEM as Go's jwt.ParseRSAPrivateKeyFromPEM does: PKCS#1
// ("RSA PRIVATE KEY") or PKCS#8 ("PRIVATE KEY"); public keys as PKIX ("PUBLIC KEY") or PKCS#1.
// PKCS#1 v1.5 signatures are deterministic, so a token signed here equals one real etcd signs.
import { sha256 } from '../backend/sha256';

export class KeyParseError extends Error {
  override name = 'KeyParseError';
}

export interface RsaPublicKey {
  n: bigint;
  e: bigint;
  /** Modulus length in bytes. */
  k: number;
}

export interface RsaPrivateKey extends RsaPublicKey {
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qinv: bigint;
}

// ---- PEM and DER ----

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Decode(s: string): Uint8Array {
  const clean = s.replace(/[\s=]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    if (v < 0) throw new KeyParseError(`invalid base64 character ${JSON.stringify(ch)}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** The DER bytes of the first PEM block, and its type ("RSA PRIVATE KEY" …). */
export function pemDecode(pem: string): { type: string; der: Uint8Array } {
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!m) throw new KeyParseError('Invalid Key: Key must be a PEM encoded PKCS1 or PKCS8 key');
  return { type: m[1]!, der: base64Decode(m[2]!) };
}

interface Tlv {
  tag: number;
  body: Uint8Array;
  /** Offset after this element. */
  end: number;
}

function readTlv(b: Uint8Array, at: number): Tlv {
  if (at + 2 > b.length) throw new KeyParseError('DER: truncated');
  const tag = b[at]!;
  let len = b[at + 1]!;
  let off = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new KeyParseError('DER: bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[off + i]!;
    off += n;
  }
  if (off + len > b.length) throw new KeyParseError('DER: truncated');
  return { tag, body: b.subarray(off, off + len), end: off + len };
}

/** The elements of a SEQUENCE's body. */
function children(body: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < body.length; ) {
    const t = readTlv(body, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

function sequence(b: Uint8Array): Tlv[] {
  const t = readTlv(b, 0);
  if (t.tag !== 0x30) throw new KeyParseError('DER: expected a SEQUENCE');
  return children(t.body);
}

function int(t: Tlv | undefined): bigint {
  if (!t || t.tag !== 0x02) throw new KeyParseError('DER: expected an INTEGER');
  return bytesToBigInt(t.body);
}

export function bytesToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

export function bigIntToBytes(v: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError('integer too large');
  return out;
}

const byteLength = (n: bigint) => Math.ceil(n.toString(16).length / 2);

/** rsaEncryption, 1.2.840.113549.1.1.1 */
const RSA_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);

function checkRsaAlgorithm(alg: Tlv | undefined): void {
  const oid = alg && alg.tag === 0x30 ? children(alg.body)[0] : undefined;
  if (!oid || oid.tag !== 0x06 || oid.body.length !== RSA_OID.length || !oid.body.every((x, i) => x === RSA_OID[i])) {
    throw new KeyParseError('Key is not a valid RSA key (not rsaEncryption)');
  }
}

export function parseRsaPrivateKeyPem(pem: string): RsaPrivateKey {
  const { type, der } = pemDecode(pem);
  let pkcs1 = der;
  if (type === 'PRIVATE KEY') {
    const [, alg, key] = sequence(der);
    checkRsaAlgorithm(alg);
    if (!key || key.tag !== 0x04) throw new KeyParseError('PKCS#8: expected an OCTET STRING');
    pkcs1 = key.body;
  } else if (type !== 'RSA PRIVATE KEY') throw new KeyParseError(`Key is not a valid RSA private key (PEM type ${type})`);
  const f = sequence(pkcs1);
  const [n, e, d, p, q, dp, dq, qinv] = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => int(f[i]));
  return { n: n!, e: e!, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qinv: qinv!, k: byteLength(n!) };
}

export function parseRsaPublicKeyPem(pem: string): RsaPublicKey {
  const { type, der } = pemDecode(pem);
  let pkcs1 = der;
  if (type === 'PUBLIC KEY') {
    const [alg, bits] = sequence(der);
    checkRsaAlgorithm(alg);
    if (!bits || bits.tag !== 0x03 || bits.body[0] !== 0) throw new KeyParseError('PKIX: expected a BIT STRING');
    pkcs1 = bits.body.subarray(1);
  } else if (type !== 'RSA PUBLIC KEY') throw new KeyParseError(`Key is not a valid RSA public key (PEM type ${type})`);
  const f = sequence(pkcs1);
  const n = int(f[0]);
  return { n, e: int(f[1]), k: byteLength(n) };
}

// ---- RSASSA-PKCS1-v1_5 with SHA-256 ----

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** DigestInfo for SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_PREFIX = Uint8Array.of(0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20);

function emsaPkcs1v15(message: Uint8Array, k: number): Uint8Array {
  const t = new Uint8Array(SHA256_PREFIX.length + 32);
  t.set(SHA256_PREFIX);
  t.set(sha256(message), SHA256_PREFIX.length);
  if (k < t.length + 11) throw new KeyParseError('RSA key too short for SHA-256');
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[k - t.length - 1] = 0;
  em.set(t, k - t.length);
  return em;
}

export function rsaSignSha256(key: RsaPrivateKey, message: Uint8Array): Uint8Array {
  const m = bytesToBigInt(emsaPkcs1v15(message, key.k));
  // CRT: two half-size exponentiations instead of one full one
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  const h = (((m1 - m2) % key.p) + key.p) % key.p;
  const s = m2 + ((key.qinv * h) % key.p) * key.q;
  return bigIntToBytes(s, key.k);
}

export function rsaVerifySha256(key: RsaPublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== key.k) return false;
  const s = bytesToBigInt(signature);
  if (s >= key.n) return false;
  const em = bigIntToBytes(modPow(s, key.e, key.n), key.k);
  const want = emsaPkcs1v15(message, key.k);
  let diff = 0;
  for (let i = 0; i < em.length; i++) diff |= em[i]! ^ want[i]!;
  return diff === 0;
}
