import { describe, expect, it } from 'vitest';
import { Backend } from '../backend';
import { bytesToU64 } from '../bolt';
import { Prng } from '../lib/prng';
import { fromUtf8, utf8 } from '../lib/bytes';
import { AuthStore, type AuthInfo } from './store';
import { AuthError } from './errors';
import { PermType } from './types';
import { parseBcryptHash } from './bcrypt';
import { SIMPLE_TOKEN_TTL_MS } from './simpleToken';

const E = new Uint8Array(0);

function setup(cost = 4) {
  const backend = Backend.create();
  let now = 0;
  const prng = new Prng(7);
  const store = new AuthStore(backend, { nowMs: () => now, random: () => prng.next(), bcryptCost: cost });
  return { backend, store, advance: (ms: number) => (now += ms) };
}

/** The kind of AuthError `fn` throws, or 'ok'. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof AuthError) return e.kind;
    throw e;
  }
}

/** Logs in as etcd does: password check, then the token the Authenticate entry at `index` assigns. */
function login(store: AuthStore, name: string, password: string, index: number): AuthInfo {
  store.checkPassword(name, password);
  return store.authInfoFromToken(store.authenticate(name, store.genTokenPrefix(), index))!;
}

describe('auth store (etcd 3.4 auth/store.go)', () => {
  it('refuses a bcrypt cost outside 4..31 at start, as etcd does', () => {
    expect(() => new AuthStore(Backend.create(), { nowMs: () => 0, random: () => 0, bcryptCost: 3 })).toThrow(/--bcrypt-cost should be between 4 and 31/);
  });

  it('enable needs user root holding role root; the role need not exist to be granted', () => {
    const { store } = setup();
    expect(outcome(() => store.authEnable())).toBe('rootUserNotExist');
    store.userAdd('root', 'rootpw', { noPassword: false });
    expect(outcome(() => store.authEnable())).toBe('rootRoleNotExist');
    store.userGrantRole('root', 'root');
    expect(store.roleList()).toEqual([]); // granted, yet no role record
    expect(outcome(() => store.roleGet('root'))).toBe('roleNotFound');
    const rev = store.revision();
    store.authEnable();
    expect(store.isAuthEnabled()).toBe(true);
    expect(store.revision()).toBe(rev); // enable does not bump the revision
    store.authEnable(); // again: ignored
    store.authDisable();
    expect(store.revision()).toBe(rev + 1);
  });

  it('root cannot lose root while auth is on; can when it is off', () => {
    const { store } = setup();
    store.userAdd('root', 'pw', undefined);
    store.roleAdd('root');
    store.userGrantRole('root', 'root');
    store.authEnable();
    expect(outcome(() => store.userRevokeRole('root', 'root'))).toBe('invalidAuthMgmt');
    expect(outcome(() => store.userDelete('root'))).toBe('invalidAuthMgmt');
    expect(outcome(() => store.roleDelete('root'))).toBe('invalidAuthMgmt');
    store.authDisable();
    expect(outcome(() => store.userRevokeRole('root', 'root'))).toBe('ok');
    expect(outcome(() => store.roleDelete('root'))).toBe('ok');
    expect(outcome(() => store.userDelete('root'))).toBe('ok');
  });

  it('users and roles: errors, sorted roles, grant twice, revoke, delete cascades', () => {
    const { store } = setup();
    expect(outcome(() => store.userAdd('', 'x', undefined))).toBe('userEmpty');
    expect(outcome(() => store.roleAdd(''))).toBe('roleEmpty');
    store.userAdd('alice', 'a', undefined);
    expect(outcome(() => store.userAdd('alice', 'b', undefined))).toBe('userAlreadyExist');
    store.roleAdd('zeta');
    store.roleAdd('alpha');
    expect(outcome(() => store.roleAdd('alpha'))).toBe('roleAlreadyExist');
    expect(outcome(() => store.userGrantRole('alice', 'nope'))).toBe('roleNotFound');
    expect(outcome(() => store.userGrantRole('bob', 'alpha'))).toBe('userNotFound');
    store.userGrantRole('alice', 'zeta');
    store.userGrantRole('alice', 'alpha');
    const rev = store.revision();
    store.userGrantRole('alice', 'alpha'); // already granted: nothing changes
    expect(store.revision()).toBe(rev);
    expect(store.userGet('alice')).toEqual(['alpha', 'zeta']);
    expect(store.roleList()).toEqual(['alpha', 'zeta']);
    expect(outcome(() => store.userRevokeRole('alice', 'nope'))).toBe('roleNotGranted');
    store.roleDelete('zeta');
    expect(store.userGet('alice')).toEqual(['alpha']);
    expect(outcome(() => store.roleRevokePermission('alpha', utf8('k'), E))).toBe('permissionNotGranted');
  });

  it('permissions are kept sorted by key; granting the same range again changes its type', () => {
    const { store } = setup();
    store.roleAdd('r');
    store.roleGrantPermission('r', { permType: PermType.READ, key: utf8('foo'), rangeEnd: E });
    store.roleGrantPermission('r', { permType: PermType.WRITE, key: utf8('a'), rangeEnd: utf8('c') });
    store.roleGrantPermission('r', { permType: PermType.READWRITE, key: utf8('foo'), rangeEnd: E });
    expect(store.roleGet('r').map((p) => [fromUtf8(p.key), p.permType])).toEqual([
      ['a', PermType.WRITE],
      ['foo', PermType.READWRITE],
    ]);
  });

  it('passwords are bcrypt hashes at the configured cost; checks refuse wrong and no-password users', () => {
    const { store } = setup(5);
    store.userAdd('root', 'rootpw', { noPassword: false });
    store.userAdd('nopass', '', { noPassword: true });
    store.userGrantRole('root', 'root');
    const hash = fromUtf8(store.getUser('root')!.password);
    expect(parseBcryptHash(hash)?.cost).toBe(5);
    expect(hash.startsWith('$2a$05$')).toBe(true);
    expect(store.getUser('nopass')!.password.length).toBe(0);
    expect(outcome(() => store.checkPassword('root', 'rootpw'))).toBe('authNotEnabled');
    store.authEnable();
    expect(outcome(() => store.checkPassword('root', 'rootpw'))).toBe('ok');
    expect(outcome(() => store.checkPassword('root', 'wrong'))).toBe('authFailed');
    expect(outcome(() => store.checkPassword('ghost', 'x'))).toBe('authFailed');
    expect(outcome(() => store.checkPassword('nopass', 'x'))).toBe('noPasswordUser');
    store.userChangePassword('root', 'new');
    expect(outcome(() => store.checkPassword('root', 'rootpw'))).toBe('authFailed');
    expect(outcome(() => store.checkPassword('root', 'new'))).toBe('ok');
  });

  it('operation checks: root may do anything, others need a covering grant, nobody gets "user name is empty"', () => {
    const { store } = setup();
    store.userAdd('root', 'pw', undefined);
    store.userGrantRole('root', 'root');
    store.userAdd('alice', 'pw', undefined);
    store.roleAdd('reader');
    store.roleGrantPermission('reader', { permType: PermType.READ, key: utf8('pfx/'), rangeEnd: utf8('pfx0') });
    store.userGrantRole('alice', 'reader');
    const nobody = { username: '', revision: 0 };
    // auth off: everything goes
    expect(outcome(() => store.isPutPermitted(nobody, utf8('x')))).toBe('ok');
    store.authEnable();
    expect(outcome(() => store.isPutPermitted(nobody, utf8('x')))).toBe('userEmpty');
    expect(outcome(() => store.isAdminPermitted(null))).toBe('userEmpty');
    const alice = login(store, 'alice', 'pw', 40);
    const root = login(store, 'root', 'pw', 41);
    expect(outcome(() => store.isRangePermitted(alice, utf8('pfx/a'), E))).toBe('ok');
    expect(outcome(() => store.isRangePermitted(alice, utf8('pfx/'), utf8('pfx0')))).toBe('ok');
    expect(outcome(() => store.isRangePermitted(alice, utf8('pfx'), utf8('pfx0')))).toBe('permissionDenied');
    expect(outcome(() => store.isPutPermitted(alice, utf8('pfx/a')))).toBe('permissionDenied');
    expect(outcome(() => store.isAdminPermitted(alice))).toBe('permissionDenied');
    expect(outcome(() => store.isAdminPermitted(root))).toBe('ok');
    expect(outcome(() => store.isDeleteRangePermitted(root, Uint8Array.of(0), Uint8Array.of(0)))).toBe('ok');
    // a grant changes the revision: an AuthInfo from before is stale; a fresh lookup sees the grant
    store.roleGrantPermission('reader', { permType: PermType.WRITE, key: utf8('pfx/'), rangeEnd: utf8('pfx0') });
    expect(outcome(() => store.isPutPermitted(alice, utf8('pfx/a')))).toBe('authOldRevision');
    const token = store.authenticate('alice', 'abcdefghijklmnop', 50);
    expect(outcome(() => store.isPutPermitted(store.authInfoFromToken(token), utf8('pfx/a')))).toBe('ok');
    // the merged permissions are cached per user and dropped when a role changes
    expect(store.cachedPermissionUsers()).toBe(1);
    store.roleRevokePermission('reader', utf8('pfx/'), utf8('pfx0'));
    expect(store.cachedPermissionUsers()).toBe(0);
  });

  it('simple tokens: "<prefix>.<index>", valid for 5 virtual minutes after their last use, gone with the user or auth', () => {
    const { store, advance } = setup();
    store.userAdd('root', 'pw', undefined);
    store.userGrantRole('root', 'root');
    store.authEnable();
    const t = store.authenticate('root', 'AbCdEfGhIjKlMnOp', 17);
    expect(t).toBe('AbCdEfGhIjKlMnOp.17');
    advance(SIMPLE_TOKEN_TTL_MS - 1);
    expect(store.authInfoFromToken(t)?.username).toBe('root'); // used: renewed
    advance(SIMPLE_TOKEN_TTL_MS - 1);
    expect(store.authInfoFromToken(t)?.username).toBe('root');
    advance(SIMPLE_TOKEN_TTL_MS);
    expect(store.authInfoFromToken(t)).toBeNull(); // expired
    const t2 = store.authenticate('root', 'x', 18);
    store.userChangePassword('root', 'new');
    expect(store.authInfoFromToken(t2)).toBeNull();
    const t3 = store.authenticate('root', 'y', 19);
    store.authDisable();
    expect(store.authInfoFromToken(t3)).toBeNull();
    expect(store.genTokenPrefix()).toMatch(/^[a-zA-Z]{16}$/);
  });

  it('persists in the auth buckets and comes back from the file', () => {
    const { backend, store } = setup();
    store.userAdd('root', 'pw', undefined);
    store.userGrantRole('root', 'root');
    store.roleAdd('r');
    store.roleGrantPermission('r', { permType: PermType.READ, key: utf8('a'), rangeEnd: Uint8Array.of(0) });
    store.authEnable();
    backend.forceCommit();
    const tx = backend.batchTx();
    expect([...tx.unsafeGet('auth', 'authEnabled')!]).toEqual([1]);
    expect(bytesToU64(tx.unsafeGet('auth', 'authRevision')!)).toBe(store.revision());
    const again = new AuthStore(Backend.open(backend.fileBytes()), { nowMs: () => 0, random: () => 0.5 });
    expect(again.isAuthEnabled()).toBe(true);
    expect(again.revision()).toBe(store.revision());
    expect(again.userList()).toEqual(['root']);
    expect(again.roleGet('r')).toEqual(store.roleGet('r'));
    expect(again.checkPassword('root', 'pw')).toBe(store.revision());
    // a raft snapshot install swaps the backend: the store reads the new one
    const fresh = setup();
    fresh.store.recover(Backend.open(backend.fileBytes()));
    expect(fresh.store.isAuthEnabled()).toBe(true);
    expect(fresh.store.revision()).toBe(store.revision());
    expect(fresh.store.userList()).toEqual(['root']);
  });
});
