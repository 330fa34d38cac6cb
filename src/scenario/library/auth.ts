// (21) Auth: passwords (bcrypt cost), simple vs JWT tokens, RBAC denials, certificate identity.
import type { Scenario } from '../types';

const JWT = 'jwt,sign-method=RS256,priv-key=/etc/etcd/jwt/rs256.key,pub-key=/etc/etcd/jwt/rs256.key.pub,ttl=5m';

export const auth: Scenario = {
  id: 'auth-rbac-tokens',
  number: 21,
  topic: 'basics',
  title: { en: 'Auth: passwords, tokens and RBAC', 'zh-CN': '鉴权：密码、Token 与 RBAC' },
  summary: {
    en: 'A user proves who they are once (a bcrypt-checked password, or a client certificate), gets a token, and every request is checked against the roles granted to that user. Tokens are simple (kept in member memory) or JWT (signed, self-contained).',
    'zh-CN': '用户先证明身份一次（经 bcrypt 校验的密码，或客户端证书），拿到 token，之后每个请求都按授予该用户的角色检查权限。token 有 simple（保存在成员内存中）和 JWT（签名、自包含）两种。',
  },
  seed: 2121,
  members: 3,
  steps: [
    {
      id: 'users-roles',
      title: { en: 'Users, roles, permissions', 'zh-CN': '用户、角色与权限' },
      narration: {
        en: 'root gets the root role; role "reader" may read the app/ prefix; alice gets "reader". Each user add goes through raft, and every member hashes the password with bcrypt at cost 10 (2¹⁰ rounds of an expensive key schedule) as it applies it. Then auth enable.',
        'zh-CN': 'root 获得 root 角色；角色 reader 可以读 app/ 前缀；alice 获得 reader。每次 user add 都经过 raft，每个成员在应用时用 bcrypt（cost 10，即 2¹⁰ 轮昂贵的密钥编排）哈希密码。然后 auth enable。',
      },
      panels: ['console', 'log'],
      actions: [
        { do: 'run', line: 'put app/flag on' },
        { do: 'run', line: 'put secret/db-password hunter2' },
        { do: 'run', line: 'user add root:rootpw' },
        { do: 'run', line: 'user grant-role root root' },
        { do: 'run', line: 'role add reader' },
        { do: 'run', line: 'role grant-permission reader read app/ --prefix' },
        { do: 'run', line: 'user add alice:alicepw' },
        { do: 'run', line: 'user grant-role alice reader', as: 'grant' },
        { do: 'run', line: 'auth enable', as: 'enable' },
      ],
      checkpoints: [
        { check: 'output', of: 'grant', exitCode: 0, stdout: 'Role reader is granted to user alice' },
        { check: 'output', of: 'enable', exitCode: 0, stdout: 'Authentication Enabled' },
      ],
    },
    {
      id: 'password',
      title: { en: 'Password, then a simple token', 'zh-CN': '先校验密码，再发 simple token' },
      narration: {
        en: 'With --user, etcdctl first calls Authenticate: the member compares the password with bcrypt (slow on purpose), then proposes the token through raft. The simple token is 16 random letters plus the raft index, kept in each member’s memory for 5 minutes after last use. Without a user, the request is refused.',
        'zh-CN': '带 --user 时，etcdctl 先调用 Authenticate：成员用 bcrypt 比对密码（故意很慢），再通过 raft 提交 token。simple token 是 16 个随机字母加 raft index，保存在每个成员内存中，最后一次使用后 5 分钟过期。不带用户的请求会被拒绝。',
      },
      panels: ['console', 'log'],
      actions: [
        { do: 'run', line: 'get app/flag --user=alice:alicepw', as: 'alice' },
        { do: 'run', line: 'get app/flag', as: 'anon' },
        { do: 'run', line: 'get app/flag --user=alice:wrong', as: 'wrong' },
      ],
      checkpoints: [
        { check: 'output', of: 'alice', exitCode: 0, stdout: 'on' },
        { check: 'output', of: 'anon', exitCode: 1, stderr: 'user name is empty' },
        { check: 'output', of: 'wrong', exitCode: 2, stderr: 'authentication failed' },
      ],
    },
    {
      id: 'rbac',
      title: { en: 'RBAC says no', 'zh-CN': 'RBAC 拒绝请求' },
      narration: {
        en: 'alice is who she says she is, but her role only reads app/. A write to app/ and a read of secret/ are both denied: reads are checked by the member that serves them, writes when the entry applies.',
        'zh-CN': 'alice 的身份没有问题，但她的角色只能读 app/。写 app/ 和读 secret/ 都被拒绝：读请求由服务它的成员检查，写请求在日志应用时检查。',
      },
      panels: ['console', 'log'],
      actions: [
        { do: 'run', line: 'put app/flag off --user=alice:alicepw', as: 'write' },
        { do: 'run', line: 'get secret/db-password --user=alice:alicepw', as: 'secret' },
        { do: 'run', line: 'get secret/db-password --user=root:rootpw', as: 'root' },
      ],
      checkpoints: [
        { check: 'output', of: 'write', exitCode: 1, stderr: 'permission denied' },
        { check: 'output', of: 'secret', exitCode: 1, stderr: 'permission denied' },
        { check: 'output', of: 'root', exitCode: 0, stdout: 'hunter2' },
      ],
    },
    {
      id: 'jwt',
      title: { en: 'JWT tokens', 'zh-CN': 'JWT token' },
      narration: {
        en: 'Every member restarts with --auth-token jwt,sign-method=RS256,… . A token is now a signed JWT with username, auth revision and expiry: any member checks the signature alone, so it survives restarts and needs no shared state — and cannot be revoked before it expires.',
        'zh-CN': '所有成员以 --auth-token jwt,sign-method=RS256,… 重启。现在 token 是带用户名、鉴权 revision 和过期时间的签名 JWT：任何成员只需验证签名，因此重启后仍有效、无需共享状态——但过期之前也无法吊销。',
      },
      panels: ['console', 'cluster'],
      actions: [
        { do: 'setServerFlags', flags: { authToken: JWT } },
        { do: 'pick', as: 'L', role: 'leader' },
        { do: 'run', line: 'get app/flag --user=alice:alicepw', as: 'jwtRead' },
        { do: 'run', line: 'put app/flag off --user=alice:alicepw', as: 'jwtWrite' },
      ],
      checkpoints: [
        { check: 'output', of: 'jwtRead', exitCode: 0, stdout: 'on' },
        { check: 'output', of: 'jwtWrite', exitCode: 1, stderr: 'permission denied' },
      ],
      limitMs: 15_000,
    },
    {
      id: 'revision',
      title: { en: 'Permissions change, tokens follow', 'zh-CN': '权限变化，token 随之失效' },
      narration: {
        en: 'Granting reader write access bumps the auth revision. A JWT signed before carries the old revision, so a member would answer "revision of auth store is old" and clientv3 authenticates again (etcdctl authenticates for every command anyway): alice can now write. Client certificates (--client-cert-auth) would skip the password: the certificate’s Common Name becomes the user name.',
        'zh-CN': '给 reader 授予写权限会让鉴权 revision 增加。之前签发的 JWT 带着旧 revision，成员会回答“revision of auth store is old”，clientv3 随即重新认证（etcdctl 本来每条命令都会认证）：alice 现在可以写了。客户端证书（--client-cert-auth）可以省去密码：证书的 Common Name 就是用户名。',
      },
      panels: ['console', 'log'],
      actions: [
        { do: 'run', line: 'role grant-permission reader readwrite app/ --prefix --user=root:rootpw', as: 'grant2' },
        { do: 'run', line: 'put app/flag off --user=alice:alicepw', as: 'nowWrite' },
        { do: 'run', line: 'get app/flag --user=alice:alicepw', as: 'check' },
      ],
      checkpoints: [
        { check: 'output', of: 'grant2', exitCode: 0, stdout: 'Role reader updated' },
        { check: 'output', of: 'nowWrite', exitCode: 0, stdout: 'OK' },
        { check: 'output', of: 'check', exitCode: 0, stdout: 'off' },
      ],
    },
  ],
};
