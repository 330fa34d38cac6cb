// etcd's --auth-token flag (auth/store.go decomposeOpts, auth/options.go): "simple" or
// "jwt,sign-method=…,priv-key=…,pub-key=…,ttl=…". etcd reads the keys from files; a page has no
// files, so etcdscope bundles a few key files at fixed paths (KEY_FILES) that the flag names, and
// refuses any other path with etcd's "no such file" reason.
import { goParseDuration } from '../etcdctl/goFormat';

/** jwt's DefaultTTL (auth/options.go): 5 minutes. */
export const DEFAULT_JWT_TTL_MS = 5 * 60_000;

/** The sign methods etcdscope implements (jwt-go knows more; see docs/compatibility.md). */
export const JWT_SIGN_METHODS = ['HS256', 'RS256'] as const;
export type JwtSignMethod = (typeof JWT_SIGN_METHODS)[number];

/**
 * The key "files" a flag may name. The RSA pair is a demo key generated with
 * `openssl genrsa 2048` for etcdscope (public by design: never use it for anything real); the HMAC
 * file is a shared secret, as etcd reads priv-key for HS256.
 */
export const KEY_FILES: Readonly<Record<string, string>> = {
  '/etc/etcd/jwt/hs256.key': 'etcdscope-demo-hmac-secret',
  '/etc/etcd/jwt/rs256.key': `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCmgMOuAr/fO7zE
v0q2lNGCHY0W2ZYgnLWz1xD/ia3KgUi7h/tWcJkzAnSLkn6Rw00fvAEIKwiX+y4G
HBGoYz6AIUW8PZ9BCrVDiCg2CWvtAmWVRE2Ul48QQYHkzw4r1a26TVBiusGuwxyV
OT6MnRT6i91gL/EHhmDi+miGfb1QOh1AQsdv7lJjkpq+tTMPFE5MMdMq0x+3konT
xkFFUP3geaLJnWTPRCX/z8unLNXzqAU2l60kxVCuGc+w0WA7zwhlNo+pNjqoFQ1q
aDGHPP6GhkGhoAtaSSWnLwhcVOqCSj0ri+Vj7l1+39Z6gwOTEGaloJVSs/EUbCyu
ITHcaR3RAgMBAAECggEABH76SbWbTBeHMQzf+JmA0BxPgKweyKyn9L48Su+DI4e6
2Lgtn5eUxh2ChiOjiqNqbrlF5zGPnthSgCm73v8nDeYCxbgoQmUGoKyJjBlUXRGx
KocDTUg2aGr3FfWdXVj8wvNu1euoao6sM+oCzWCPKMt5Y9fc5ftz8aJvYMpTwAR2
hmwEIA1KK2pRsxxzmMChZQBMhWJMPc9mF0GwfS9Sn2+UoC4yaHIWUNz2JTtGYUEe
8SUD41vRQFMW6Md4zU6Kqa1xexXcYuoWPkhIoUJG7ugeg+WB6SOcKfN5lmBxAJfV
wpyNYXwp8/Tnx6sC5M0yE2jqNGffgkXCaLDmB+xbXQKBgQDgGeg9NeCRNk+ijjN6
GdzIq47UP7b2UdyV3CfCTKkgpT/k+8WkEOBqsYgIpLqtyDYoTIXX00m28a+Cyybd
+4gKvlv3sbBMpJYYQ870j1ageJT8wPr6JKwuvaGZr5xVF8ocTtsPcKdPD3dPbACC
y6ntTPZDtQ9LTR/9BKq1fjIDXwKBgQC+NAShEr4cf/wRx8BCBJDy5iqDz3U64rNp
YnVN/3tii95CWOL/3f+c+4r6rPzMIzkguLLVy2zzKd+iUFJf/6k4KL5D/NN+5iht
mWHk78OfB0fPpwTDe0/pz86YmW3JrndNHJXVahv7FN8jfvDYeE56aoIQCdZsR3nM
15z1FqYczwKBgGKl5N51BgrGHp4O/MgF9HN9WZ1DAtZBSNnLFNFqD5UoSQ0Sa3kC
WNd+mMQ9R1PSa0yoCs7r2momz7zCkrRq0gLwsulBFbtXRB8gUkzDgD2ZdvQgOxq7
4/ObVDSj4ixvEXAOok2UqIGb7EhQ4ZSx9HZaR5mcbUQXijpFwKOuDnP/AoGBAIXG
dFMNqaTF53Zh9bj5GTGd7N0UNrGZ7PH8C+E2BYQEN+iWN+IaM8Qnr1IsBQlW5ME8
5ps0HobQNrgkoite15fmIBwVYHNqUZj0PkQU1pOtPTaxk8ohms0qGXZ+wxcMnGAh
8MhPfyqTPXXrvF2kEB5Ndvjs0mEJzILkS0KeEWtFAoGANuU2RRnodudQAYlco0kQ
jyaat5qBYTQUBJJKBpgv+++zKQVIBowN99dCZgJLQBoRIQT+bN0o63zJxMccXC/U
u4v9kOWiAfeTJZiu/zAmaBtiagcWwGiM5Wz+C4FEcNyWo8CbujUoZ9G82ej8aPt8
PfHE+PB2oXndr7ljPtEWXkE=
-----END PRIVATE KEY-----
`,
  '/etc/etcd/jwt/rs256.key.pub': `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApoDDrgK/3zu8xL9KtpTR
gh2NFtmWIJy1s9cQ/4mtyoFIu4f7VnCZMwJ0i5J+kcNNH7wBCCsIl/suBhwRqGM+
gCFFvD2fQQq1Q4goNglr7QJllURNlJePEEGB5M8OK9Wtuk1QYrrBrsMclTk+jJ0U
+ovdYC/xB4Zg4vpohn29UDodQELHb+5SY5KavrUzDxROTDHTKtMft5KJ08ZBRVD9
4HmiyZ1kz0Ql/8/LpyzV86gFNpetJMVQrhnPsNFgO88IZTaPqTY6qBUNamgxhzz+
hoZBoaALWkklpy8IXFTqgko9K4vlY+5dft/WeoMDkxBmpaCVUrPxFGwsriEx3Gkd
0QIDAQAB
-----END PUBLIC KEY-----
`,
};

export class AuthTokenFlagError extends Error {
  override name = 'AuthTokenFlagError';
}

export type AuthTokenFlag =
  | { type: 'simple' }
  | { type: 'jwt'; signMethod: JwtSignMethod; privateKey?: string; publicKey?: string; ttlMs: number };

/** Parses --auth-token as etcd 3.4 does; throws AuthTokenFlagError with etcd's reason. */
export function parseAuthTokenFlag(flag: string | undefined): AuthTokenFlag {
  if (flag === undefined || flag === '') return { type: 'simple' };
  const [type, ...rest] = flag.split(',');
  const opts = new Map<string, string>();
  for (const o of rest) {
    const pair = o.split('=');
    if (pair.length !== 2 || opts.has(pair[0]!)) throw new AuthTokenFlagError('auth: invalid auth options');
    opts.set(pair[0]!, pair[1]!);
  }
  if (type === 'simple') return { type: 'simple' };
  if (type !== 'jwt') throw new AuthTokenFlagError(`auth: unknown token type ${JSON.stringify(type)} (simple or jwt)`);
  for (const k of opts.keys()) if (!['sign-method', 'pub-key', 'priv-key', 'ttl'].includes(k)) throw new AuthTokenFlagError(`auth: unknown JWT option ${JSON.stringify(k)}`);
  let ttlMs = DEFAULT_JWT_TTL_MS;
  const ttl = opts.get('ttl');
  if (ttl) {
    try {
      ttlMs = goParseDuration(ttl) / 1e6;
    } catch (e) {
      throw new AuthTokenFlagError(e instanceof Error ? e.message : String(e));
    }
  }
  const read = (k: string): string | undefined => {
    const path = opts.get(k);
    if (!path) return undefined;
    const content = KEY_FILES[path];
    if (content === undefined) throw new AuthTokenFlagError(`open ${path}: no such file or directory (etcdscope has ${Object.keys(KEY_FILES).join(', ')})`);
    return content;
  };
  const method = opts.get('sign-method') ?? '';
  if (!(JWT_SIGN_METHODS as readonly string[]).includes(method)) {
    throw new AuthTokenFlagError(method === '' ? 'auth: invalid auth signature method' : `auth: sign-method ${method} is not implemented in etcdscope (${JWT_SIGN_METHODS.join(', ')})`);
  }
  const privateKey = read('priv-key');
  const publicKey = read('pub-key');
  if (method === 'HS256' && !privateKey) throw new AuthTokenFlagError('auth: missing key: HS256 needs priv-key');
  if (method === 'RS256' && !privateKey && !publicKey) throw new AuthTokenFlagError('auth: missing key: RS256 needs priv-key and/or pub-key');
  return { type: 'jwt', signMethod: method as JwtSignMethod, privateKey, publicKey, ttlMs };
}
