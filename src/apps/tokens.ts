import type { AppConnection } from '../../domain/practice/connection.js';
import type { ConnectionStore } from '../../domain/practice/ports.js';
import type { ConnectionLock, AppAuth, AppError } from '../../domain/apps/ports.js';
import type { Clock } from '../../domain/shared/clock.js';
import { err, ok, type Result } from '../../domain/shared/result.js';

/**
 * Refresh this long before expiry, so no call starts on a lapsing token: 5 minutes for tokens that
 * live hours (Gusto's 2), less for apps whose tokens live minutes (Sage's 5: refreshed in their last minute).
 */
export const refreshMarginMs = 5 * 60_000;

export type TokenDeps = {
  readonly connections: ConnectionStore;
  readonly lock: ConnectionLock;
  readonly auth: AppAuth;
  readonly clock: Clock;
  /** Called once when a connection moves to needs-reconnect (posts the Reconnect card). */
  readonly onNeedsReconnect: (connection: AppConnection, reason: string) => Promise<void>;
  /** The app's own margin (see AppDeclaration.refreshMarginMs); refreshMarginMs otherwise. */
  readonly refreshMarginMs?: number;
};

/**
 * Access tokens for app connections. A refresh happens under the connection's lock, after
 * re-reading the row (another process may have refreshed already), and the new pair is saved before
 * anyone uses it, because refresh tokens may be single use. invalid_grant ends in needs-reconnect,
 * never in a retry loop.
 */
export function createTokenAccess(d: TokenDeps) {
  const margin = d.refreshMarginMs ?? refreshMarginMs;
  const fresh = (c: AppConnection, now: Date) => c.tokens.expiresAt.getTime() - now.getTime() > margin;
  const inFlight = new Map<string, Promise<Result<string, AppError>>>();

  const refreshLocked = async (c: AppConnection, rejected?: string): Promise<Result<string, AppError>> =>
    d.lock.withLock(c.practiceId, c.id, async () => {
      const now = d.clock.now();
      const current = await d.connections.get(c.practiceId, c.id);
      if (!current || current.status !== 'active') return err({ kind: 'needs-reconnect', detail: 'the connection is not active' });
      const stillGood = rejected ? current.tokens.accessToken !== rejected : fresh(current, now);
      if (stillGood && fresh(current, now)) return ok(current.tokens.accessToken);
      const next = await d.auth.refresh(current.tokens.refreshToken, now);
      if (!next.ok) {
        if (next.error.kind === 'needs-reconnect') {
          await d.connections.save({ ...current, status: 'needs-reconnect' });
          await d.onNeedsReconnect(current, next.error.detail);
        }
        return next;
      }
      await d.connections.save({ ...current, tokens: next.value });
      return ok(next.value.accessToken);
    });

  /** One refresh per connection in this process; the lock covers the other processes. */
  const singleFlight = (c: AppConnection, rejected?: string) => {
    const key = `${c.id}:${rejected ?? ''}`;
    let p = inFlight.get(key);
    if (!p) {
      p = refreshLocked(c, rejected).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  };

  /** A usable access token for the connection, refreshing it first when it is close to expiry. */
  const accessToken = async (c: AppConnection, opts: { rejected?: string } = {}): Promise<Result<string, AppError>> => {
    const current = (await d.connections.get(c.practiceId, c.id)) ?? c;
    if (current.status !== 'active') return err({ kind: 'needs-reconnect', detail: 'the connection needs reconnecting' });
    if (!opts.rejected && fresh(current, d.clock.now())) return ok(current.tokens.accessToken);
    return singleFlight(current, opts.rejected);
  };

  return {
    accessToken,
    /** Renames a connection (the account was renamed in the app) without touching a token pair saved meanwhile. */
    async relabel(c: AppConnection, label: string): Promise<void> {
      await d.lock.withLock(c.practiceId, c.id, async () => {
        const current = await d.connections.get(c.practiceId, c.id);
        if (current && current.label !== label) await d.connections.save({ ...current, label });
      });
    },
    /** The callback the HTTP client asks for tokens through; a forced call replaces the token it last gave. */
    tokenSource(c: AppConnection) {
      let last: string | undefined;
      return async (o?: { force?: boolean }): Promise<string> => {
        const r = await accessToken(c, o?.force && last ? { rejected: last } : {});
        if (!r.ok) throw new TokenUnavailable(r.error);
        last = r.value;
        return r.value;
      };
    },
  };
}

export type TokenAccess = ReturnType<typeof createTokenAccess>;

/** Thrown only through the HTTP client's token callback, and caught again by the sync. */
export class TokenUnavailable extends Error {
  constructor(readonly error: AppError) {
    super(`app token unavailable: ${error.kind}`);
  }
}
