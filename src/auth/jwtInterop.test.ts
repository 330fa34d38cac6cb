// JWT tokens against a real etcd 3.4.23 started with --auth-token jwt (the same key files as
// KEY_FILES): its token is byte for byte the one we sign for the same claims, our provider accepts
// it, and the real etcd accepts a token we signed. Skipped (and says so) without etcd.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { etcdctl, haveEtcd, skipNote, startEtcd, stopAllEtcd, type Etcd } from '../sim/testing/realEtcd';
import { utf8 } from '../lib/bytes';
import { JwtTokenProvider, encodeJwt, hmacSha256 } from './jwtToken';
import { parseRsaPrivateKeyPem, rsaSignSha256 } from './rsa';
import { KEY_FILES, parseAuthTokenFlag } from './tokenProvider';

const dir = mkdtempSync(join(tmpdir(), 'jwt-interop-'));
afterAll(async () => {
  await stopAllEtcd();
  rmSync(dir, { recursive: true, force: true });
});

/** The flag with our bundled key paths replaced by files holding the same bytes. */
function realFlag(flag: string): string {
  return flag.replace(/(priv-key|pub-key)=([^,]+)/g, (_, k: string, path: string) => {
    const file = join(dir, path.replace(/\//g, '_'));
    writeFileSync(file, KEY_FILES[path]!);
    return `${k}=${file}`;
  });
}

async function authenticate(e: Etcd): Promise<string> {
  const r = await fetch(`${e.client}/v3/auth/authenticate`, { method: 'POST', body: JSON.stringify({ name: 'root', password: 'rootpw' }) });
  const j = (await r.json()) as { token?: string };
  if (!j.token) throw new Error(`no token: ${JSON.stringify(j)}`);
  return j.token;
}

async function rangeWith(e: Etcd, token: string): Promise<{ status: number; body: string }> {
  const r = await fetch(`${e.client}/v3/kv/range`, { method: 'POST', headers: { Authorization: token }, body: JSON.stringify({ key: Buffer.from('k').toString('base64') }) });
  return { status: r.status, body: await r.text() };
}

describe('JWT tokens interoperate with etcd 3.4.23', () => {
  for (const flag of ['jwt,sign-method=HS256,priv-key=/etc/etcd/jwt/hs256.key,ttl=10m', 'jwt,sign-method=RS256,priv-key=/etc/etcd/jwt/rs256.key,pub-key=/etc/etcd/jwt/rs256.key.pub,ttl=10m']) {
    const parsed = parseAuthTokenFlag(flag);
    if (parsed.type !== 'jwt') throw new Error('jwt flag expected');
    test.runIf(haveEtcd)(`${parsed.signMethod}: same token bytes, accepted both ways${skipNote(haveEtcd)}`, async () => {
      const e = await startEtcd(join(dir, parsed.signMethod), `jwt${parsed.signMethod}`, dir, undefined, ['--auth-token', realFlag(flag)]);
      for (const args of [['user', 'add', 'root:rootpw'], ['user', 'grant-role', 'root', 'root'], ['auth', 'enable']]) expect(etcdctl(e.client, args).code).toBe(0);
      const theirs = await authenticate(e);
      const claims = JSON.parse(Buffer.from(theirs.split('.')[1]!, 'base64url').toString()) as { exp: number; revision: number; username: string };
      expect(claims.username).toBe('root');
      const sign =
        parsed.signMethod === 'HS256'
          ? (m: Uint8Array) => hmacSha256(utf8(parsed.privateKey!), m)
          : (m: Uint8Array) => rsaSignSha256(parseRsaPrivateKeyPem(parsed.privateKey!), m);
      expect(encodeJwt(parsed.signMethod, claims, sign)).toBe(theirs);
      const ours = new JwtTokenProvider({ ...parsed, unixNowMs: () => Date.now() });
      expect(ours.check(theirs)).toEqual({ ok: true, info: { username: 'root', revision: claims.revision } });
      // a token we sign for the same user and auth revision opens the real etcd; a forged one does not
      const mine = encodeJwt(parsed.signMethod, { ...claims, exp: claims.exp + 1 }, sign);
      expect(mine).not.toBe(theirs);
      expect((await rangeWith(e, mine)).status).toBe(200);
      const forged = `${mine.slice(0, mine.lastIndexOf('.'))}.${Buffer.from('nope').toString('base64url')}`;
      const refused = await rangeWith(e, forged);
      expect(refused.status).not.toBe(200);
      expect(refused.body).toContain('invalid auth token');
    }, 60_000);
  }
});
