// etcd's simple token provider (auth/simple_token.go): a token is "<16 random letters>.<raft index
// of the Authenticate entry>", assigned on every member when that entry applies, kept in memory
// only (a restarted member forgets it; the client then authenticates again). A token lives
// simpleTokenTTL (5 min) after its last use; every use renews it. Time is the member's virtual clock.

/** etcd's simpleTokenTTLDefault. */
export const SIMPLE_TOKEN_TTL_MS = 5 * 60 * 1000;

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const PREFIX_LENGTH = 16;

/** genTokenPrefix: 16 letters drawn from `random` (a value in [0, 1)). */
export function genSimpleTokenPrefix(random: () => number): string {
  let s = '';
  for (let i = 0; i < PREFIX_LENGTH; i++) s += LETTERS[Math.floor(random() * LETTERS.length)];
  return s;
}

export function simpleTokenOf(prefix: string, index: number): string {
  return `${prefix}.${index}`;
}

export class SimpleTokenProvider {
  private enabled = false;
  private readonly tokens = new Map<string, { user: string; expiresAtMs: number }>();

  constructor(
    private readonly nowMs: () => number,
    readonly ttlMs = SIMPLE_TOKEN_TTL_MS,
  ) {}

  enable(): void {
    this.enabled = true;
  }

  /** Auth disabled: every token is dropped. */
  disable(): void {
    this.enabled = false;
    this.tokens.clear();
  }

  assign(user: string, prefix: string, index: number): string {
    const token = simpleTokenOf(prefix, index);
    if (this.enabled) this.tokens.set(token, { user, expiresAtMs: this.nowMs() + this.ttlMs });
    return token;
  }

  /** The token's user, renewing its TTL; null when unknown or expired. */
  info(token: string): string | null {
    const t = this.tokens.get(token);
    if (!t) return null;
    const now = this.nowMs();
    if (now >= t.expiresAtMs) {
      this.tokens.delete(token);
      return null;
    }
    t.expiresAtMs = now + this.ttlMs;
    return t.user;
  }

  /** A deleted user or a new password ends that user's tokens. */
  invalidateUser(user: string): void {
    for (const [token, t] of this.tokens) if (t.user === user) this.tokens.delete(token);
  }

  /** Drops expired tokens (etcd's keeper does this on a timer; here on the member's tick). */
  purgeExpired(): void {
    const now = this.nowMs();
    for (const [token, t] of this.tokens) if (now >= t.expiresAtMs) this.tokens.delete(token);
  }

  size(): number {
    return this.tokens.size;
  }
}
