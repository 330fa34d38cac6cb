// JWT tokens (--auth-token jwt): HMAC and RSA against Node's crypto, the token bytes as jwt-go
// writes them, and the provider's verification and expiry. src/auth/jwtInterop.test.ts checks the
// same against a real etcd 3.4.23.
import { createHmac, createSign, createVerify } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { utf8, toHex } from '../lib/bytes';
import { Backend } from '../backend';
import { Prng } from '../lib/prng';
import { JwtTokenProvider, base64UrlDecode, base64UrlEncode, encodeJwt, hmacSha256 } from './jwtToken';
import { parseRsaPrivateKeyPem, parseRsaPublicKeyPem, rsaSignSha256, rsaVerifySha256 } from './rsa';
import { AuthTokenFlagError, KEY_FILES, parseAuthTokenFlag } from './tokenProvider';
import { AuthStore } from './store';

const RSA_KEY = KEY_FILES['/etc/etcd/jwt/rs256.key']!;
const RSA_PUB = KEY_FILES['/etc/etcd/jwt/rs256.key.pub']!;

describe('HMAC-SHA256 and base64url', () => {
  test('RFC 4231 case 2, and Node for a long key', () => {
    expect(toHex(hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const key = utf8('k'.repeat(100));
    expect(toHex(hmacSha256(key, utf8('msg')))).toBe(createHmac('sha256', key).update('msg').digest('hex'));
  });

  test('base64url round trips every length, no padding', () => {
    for (let n = 0; n < 10; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 250) & 255);
      const s = base64UrlEncode(b);
      expect(s).toBe(Buffer.from(b).toString('base64url'));
      expect(Array.from(base64UrlDecode(s)!)).toEqual(Array.from(b));
    }
  });
});

describe('RSASSA-PKCS1-v1_5 with SHA-256', () => {
  test('our signature equals Node’s byte for byte, and each verifies the other', () => {
    const key = parseRsaPrivateKeyPem(RSA_KEY);
    const msg = utf8('eyJhbGciOiJSUzI1NiJ9.payload');
    const ours = rsaSignSha256(key, msg);
    const node = createSign('RSA-SHA256').update(msg).sign(RSA_KEY);
    expect(Buffer.from(ours).toString('hex')).toBe(node.toString('hex'));
    expect(createVerify('RSA-SHA256').update(msg).verify(RSA_PUB, Buffer.from(ours))).toBe(true);
    const pub = parseRsaPublicKeyPem(RSA_PUB);
    expect(pub.n).toBe(key.n);
    expect(rsaVerifySha256(pub, msg, node)).toBe(true);
    const bad = Uint8Array.from(node);
    bad[10]! ^= 1;
    expect(rsaVerifySha256(pub, msg, bad)).toBe(false);
    expect(rsaVerifySha256(pub, utf8('other'), node)).toBe(false);
  });
});

describe('the token', () => {
  test('header and claims as jwt-go marshals them: sorted keys, Go escapes', () => {
    const t = encodeJwt('HS256', { username: 'a<b', revision: 4, exp: 1795616732 }, (m) => hmacSha256(utf8('s'), m));
    const [h, p, s] = t.split('.');
    expect(Buffer.from(h!, 'base64url').toString()).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(Buffer.from(p!, 'base64url').toString()).toBe('{"exp":1795616732,"revision":4,"username":"a\\u003cb"}');
    expect(s).toBe(createHmac('sha256', 's').update(`${h}.${p}`).digest('base64url'));
  });

  test('the provider signs and verifies; expiry, tampering and another method are refused', () => {
    let now = 1_700_000_000_000;
    for (const [method, priv] of [['HS256', KEY_FILES['/etc/etcd/jwt/hs256.key']], ['RS256', RSA_KEY]] as const) {
      const p = new JwtTokenProvider({ signMethod: method, privateKey: priv, ttlMs: 60_000, unixNowMs: () => now });
      const token = p.assign('alice', 7)!;
      expect(p.check(token)).toEqual({ ok: true, info: { username: 'alice', revision: 7 } });
      const [h, body, sig] = token.split('.');
      const forged = `${h}.${Buffer.from('{"exp":9999999999,"revision":7,"username":"root"}').toString('base64url')}.${sig}`;
      expect(p.check(forged)).toEqual({ ok: false, reason: 'signature is invalid' });
      expect(p.check(`${h}.${body}`).ok).toBe(false);
      now += 61_000;
      expect(p.check(token)).toEqual({ ok: false, reason: 'token is expired' });
      now -= 61_000;
    }
    const hs = new JwtTokenProvider({ signMethod: 'HS256', privateKey: 'x', ttlMs: 60_000, unixNowMs: () => now });
    const rs = new JwtTokenProvider({ signMethod: 'RS256', privateKey: RSA_KEY, ttlMs: 60_000, unixNowMs: () => now });
    expect(hs.check(rs.assign('alice', 1)!)).toEqual({ ok: false, reason: 'invalid signing method' });
    // a member given only the public key verifies but cannot sign (etcd's ErrVerifyOnly)
    const verifyOnly = new JwtTokenProvider({ signMethod: 'RS256', publicKey: RSA_PUB, ttlMs: 60_000, unixNowMs: () => now });
    expect(verifyOnly.assign('alice', 1)).toBeNull();
    expect(verifyOnly.check(rs.assign('alice', 1)!).ok).toBe(true);
  });
});

describe('--auth-token', () => {
  test('parsed as etcd does; bad options refused with a reason', () => {
    expect(parseAuthTokenFlag(undefined)).toEqual({ type: 'simple' });
    expect(parseAuthTokenFlag('jwt,sign-method=HS256,priv-key=/etc/etcd/jwt/hs256.key,ttl=10m')).toMatchObject({ type: 'jwt', signMethod: 'HS256', ttlMs: 600_000 });
    expect(parseAuthTokenFlag('jwt,sign-method=RS256,priv-key=/etc/etcd/jwt/rs256.key')).toMatchObject({ ttlMs: 300_000 });
    expect(() => parseAuthTokenFlag('jwt,sign-method=RS256,priv-key=/nope')).toThrow(/no such file/);
    expect(() => parseAuthTokenFlag('jwt,sign-method=XX256,priv-key=/etc/etcd/jwt/hs256.key')).toThrow(AuthTokenFlagError);
    expect(() => parseAuthTokenFlag('jwt,sign-method')).toThrow('auth: invalid auth options');
    expect(() => parseAuthTokenFlag('magic')).toThrow(/unknown token type/);
  });

  test('an auth store with JWT: Authenticate returns a signed token whose claims name the user and auth revision', () => {
    const prng = new Prng(3);
    let now = 0;
    const store = new AuthStore(Backend.create(), { nowMs: () => now, random: () => prng.next(), bcryptCost: 4, authToken: 'jwt,sign-method=HS256,priv-key=/etc/etcd/jwt/hs256.key,ttl=1m', unixNowMs: () => 1_700_000_000_000 + now });
    store.userAdd('root', 'pw', { noPassword: false });
    store.userGrantRole('root', 'root');
    store.authEnable();
    expect(store.genTokenPrefix()).toBe('');
    const token = store.authenticate('root', '', 12);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims).toEqual({ exp: 1_700_000_060, revision: store.revision(), username: 'root' });
    expect(store.authInfoFromToken(token)).toEqual({ username: 'root', revision: store.revision() });
    now = 61_000;
    expect(store.authInfoFromToken(token)).toBeNull();
  });
});
