// bcrypt (Provos & Mazières) over a Blowfish core, as golang.org/x/crypto/bcrypt does it for etcd:
// "$2a$" hashes, the password plus a NUL byte as the key (only its first 72 bytes are ever used),
// 2^cost rounds of the expensive key schedule, "OrpheanBeholderScryDoubt" encrypted 64 times.
// Pure and synchronous; the salt comes from the caller (a seeded Prng in the cores).
import { PI_HEX } from './blowfishPi';

/** etcd 3.4's default cost (bcrypt.DefaultCost). */
export const DEFAULT_BCRYPT_COST = 10;
export const MIN_BCRYPT_COST = 4;
export const MAX_BCRYPT_COST = 31;
export const BCRYPT_SALT_BYTES = 16;

const ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MAGIC = 'OrpheanBeholderScryDoubt';

let initial: Int32Array | null = null;
/** P (18 words) followed by the four S-boxes (1024 words). Int32 so V8 keeps every word a small integer. */
function initialState(): Int32Array {
  if (!initial) {
    initial = new Int32Array(18 + 1024);
    for (let i = 0; i < initial.length; i++) initial[i] = parseInt(PI_HEX.slice(i * 8, i * 8 + 8), 16) | 0;
  }
  return initial;
}

/** Blowfish's F: the S-box sums, kept to 32 bits. */
function f(st: Int32Array, x: number): number {
  return ((((st[18 + (x >>> 24)]! + st[274 + ((x >>> 16) & 0xff)]!) | 0) ^ st[530 + ((x >>> 8) & 0xff)]!) + st[786 + (x & 0xff)]!) | 0;
}

/**
 * Encrypts the block (l, r) and writes the ciphertext to st[at], st[at + 1] — the key schedule's
 * step — or, with at < 0, to `out`.
 */
function encipher(st: Int32Array, l: number, r: number, at: number, out?: Int32Array): void {
  l ^= st[0]!;
  for (let i = 1; i <= 16; i += 2) {
    r ^= f(st, l) ^ st[i]!;
    l ^= f(st, r) ^ st[i + 1]!;
  }
  const outL = r ^ st[17]!;
  if (at >= 0) {
    st[at] = outL;
    st[at + 1] = l;
  } else {
    out![0] = outL;
    out![1] = l;
  }
}

/** The big-endian words of `data`, cycling from its start (Blowfish's key schedule reads keys this way). */
function cyclicWords(data: Uint8Array, n: number): Int32Array {
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    let w = 0;
    for (let k = 0; k < 4; k++) {
      w = (w << 8) | data[j]!;
      j = (j + 1) % data.length;
    }
    out[i] = w;
  }
  return out;
}

/** ExpandKey (salt = null) or ExpandKey with the salt mixed into every block (the first setup). */
function expandKey(st: Int32Array, key18: Int32Array, salt4: Int32Array | null): void {
  for (let i = 0; i < 18; i++) st[i] = st[i]! ^ key18[i]!;
  let l = 0;
  let r = 0;
  for (let i = 0, s = 0; i < 18 + 1024; i += 2) {
    if (salt4) {
      l ^= salt4[s]!;
      r ^= salt4[s + 1]!;
      s = (s + 2) & 3;
    }
    encipher(st, l, r, i);
    l = st[i]!;
    r = st[i + 1]!;
  }
}

export function bcryptBase64Encode(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const c1 = b[i]!;
    const c2 = i + 1 < b.length ? b[i + 1]! : 0;
    const c3 = i + 2 < b.length ? b[i + 2]! : 0;
    out += ALPHABET[c1 >> 2];
    out += ALPHABET[((c1 & 3) << 4) | (c2 >> 4)];
    if (i + 1 < b.length) out += ALPHABET[((c2 & 15) << 2) | (c3 >> 6)];
    if (i + 2 < b.length) out += ALPHABET[c3 & 63];
  }
  return out;
}

export function bcryptBase64Decode(s: string, nBytes: number): Uint8Array | null {
  const out = new Uint8Array(nBytes);
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n < nBytes) out[n++] = (acc >> bits) & 0xff;
    }
  }
  return n === nBytes ? out : null;
}

/** The 23 hash bytes of bcrypt(key, cost, salt). */
function bcryptRaw(password: Uint8Array, cost: number, salt: Uint8Array): Uint8Array {
  // the C string: password bytes and a NUL; the key schedule reads only the first 72 bytes
  const full = new Uint8Array(password.length + 1);
  full.set(password);
  const key18 = cyclicWords(full.subarray(0, 72), 18);
  const salt4 = cyclicWords(salt, 4);
  const salt18 = cyclicWords(salt, 18);
  const st = initialState().slice();
  expandKey(st, key18, salt4);
  const rounds = 2 ** cost;
  for (let i = 0; i < rounds; i++) {
    expandKey(st, key18, null);
    expandKey(st, salt18, null);
  }
  const words = new Int32Array(6);
  for (let i = 0; i < 6; i++) words[i] = (MAGIC.charCodeAt(4 * i) << 24) | (MAGIC.charCodeAt(4 * i + 1) << 16) | (MAGIC.charCodeAt(4 * i + 2) << 8) | MAGIC.charCodeAt(4 * i + 3);
  const lr = new Int32Array(2);
  for (let i = 0; i < 6; i += 2) {
    lr[0] = words[i]!;
    lr[1] = words[i + 1]!;
    for (let j = 0; j < 64; j++) encipher(st, lr[0]!, lr[1]!, -1, lr);
    words[i] = lr[0]!;
    words[i + 1] = lr[1]!;
  }
  const out = new Uint8Array(24);
  for (let i = 0; i < 6; i++) {
    out[4 * i] = words[i]! >>> 24;
    out[4 * i + 1] = (words[i]! >>> 16) & 0xff;
    out[4 * i + 2] = (words[i]! >>> 8) & 0xff;
    out[4 * i + 3] = words[i]! & 0xff;
  }
  return out.subarray(0, 23);
}

export class BcryptError extends Error {
  override name = 'BcryptError';
}

/** bcrypt.GenerateFromPassword with a given salt: "$2a$CC$<22 salt chars><31 hash chars>". */
export function bcryptHash(password: Uint8Array, cost: number, salt: Uint8Array): string {
  if (!Number.isInteger(cost) || cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) throw new BcryptError(`crypto/bcrypt: cost ${cost} is outside allowed range (${MIN_BCRYPT_COST},${MAX_BCRYPT_COST})`);
  if (salt.length !== BCRYPT_SALT_BYTES) throw new BcryptError(`bcrypt salt must be ${BCRYPT_SALT_BYTES} bytes`);
  return `$2a$${String(cost).padStart(2, '0')}$${bcryptBase64Encode(salt)}${bcryptBase64Encode(bcryptRaw(password, cost, salt))}`;
}

/** The cost and salt of a "$2a$"/"$2b$"/"$2y$" hash, or null if it is not one. */
export function parseBcryptHash(hash: string): { cost: number; salt: Uint8Array; prefix: string } | null {
  const m = /^\$(2[aby]?)\$(\d\d)\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/.exec(hash);
  if (!m) return null;
  const cost = Number(m[2]);
  if (cost < MIN_BCRYPT_COST || cost > MAX_BCRYPT_COST) return null;
  const salt = bcryptBase64Decode(m[3]!, BCRYPT_SALT_BYTES);
  return salt ? { cost, salt, prefix: m[1]! } : null;
}

/** bcrypt.CompareHashAndPassword: true when `password` hashes to `hash` (compared in constant time). */
export function bcryptCompare(hash: string, password: Uint8Array): boolean {
  const p = parseBcryptHash(hash);
  if (!p) return false;
  const again = bcryptHash(password, p.cost, p.salt).slice(7);
  const want = hash.slice(7);
  let diff = again.length ^ want.length;
  for (let i = 0; i < Math.min(again.length, want.length); i++) diff |= again.charCodeAt(i) ^ want.charCodeAt(i);
  return diff === 0;
}
