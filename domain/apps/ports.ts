import type { AppId } from './app-id.js';
import type { TokenSet } from '../practice/connection.js';
import type { ConnectionId, PracticeId } from '../shared/ids.js';
import type { Result } from '../shared/result.js';

/**
 * Why a call to an app did not answer: `needs-reconnect` only a person reconnecting fixes; `misconfigured`
 * is the bot's own setup (credentials, an API version the app no longer serves), which reconnecting
 * cannot fix; `not-a-company` is a grant for something other than one account; `unavailable` passes.
 */
export type AppError =
  | { readonly kind: 'needs-reconnect'; readonly detail: string }
  | { readonly kind: 'misconfigured'; readonly detail: string }
  | { readonly kind: 'not-a-company'; readonly detail: string }
  | { readonly kind: 'unavailable'; readonly detail: string };

/** Hands out a usable access token; `force` asks for a new one after the app refused the last. */
export type AccessToken = (opts?: { readonly force?: boolean }) => Promise<string>;

/** An app's OAuth endpoints. */
export interface AppAuth {
  authorizeUrl(state: string): string;
  exchangeCode(code: string, now: Date): Promise<Result<TokenSet, AppError>>;
  /** Refresh tokens may be single use: the returned pair must be saved before the access token is used. */
  refresh(refreshToken: string, now: Date): Promise<Result<TokenSet, AppError>>;
  revoke(tokens: TokenSet): Promise<void>;
}

/**
 * Serialises work on one connection (a token refresh) across every process sharing the database.
 * `work` runs while the lock is held; callers re-read the connection inside it.
 */
export interface ConnectionLock {
  withLock<T>(practiceId: PracticeId, connectionId: ConnectionId, work: () => Promise<T>): Promise<T>;
}

/** Single-use OAuth state nonces. */
export interface OAuthNonces {
  put(practiceId: PracticeId, nonce: string, expiresAt: Date): Promise<void>;
  /** True exactly once for a live nonce; false when unknown, expired or already used. */
  consume(practiceId: PracticeId, nonce: string, now: Date): Promise<boolean>;
}

/** Small per-practice switches and values (Labs features, remembered settings, the last daily sync). */
export interface PracticeFlags {
  get(practiceId: PracticeId, key: string): Promise<string | null>;
  set(practiceId: PracticeId, key: string, value: string | null): Promise<void>;
}

/** Webhook deliveries already seen: apps retry, so the same event may arrive many times. */
export interface WebhookReceipts {
  /** Records the delivery; true the first time this practice sees this event id from this app. */
  firstSeen(practiceId: PracticeId, app: AppId, eventId: string, at: Date): Promise<boolean>;
}
