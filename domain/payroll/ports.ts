import type { TokenSet } from '../practice/connection.js';
import type { ConnectionId, PracticeId } from '../shared/ids.js';
import type { Result } from '../shared/result.js';
import type { CompanySnapshot } from '../sync/company-snapshot.js';

/**
 * Why a payroll call did not answer: `needs-reconnect` only a person reconnecting fixes; `misconfigured`
 * is the bot's own setup (credentials, an API version the app no longer serves), which reconnecting
 * cannot fix; `not-a-company` is a grant for something other than one company; `unavailable` passes.
 */
export type PayrollError =
  | { readonly kind: 'needs-reconnect'; readonly detail: string }
  | { readonly kind: 'misconfigured'; readonly detail: string }
  | { readonly kind: 'not-a-company'; readonly detail: string }
  | { readonly kind: 'unavailable'; readonly detail: string };

/** Hands out a usable access token; `force` asks for a new one after the provider refused the last. */
export type AccessToken = (opts?: { readonly force?: boolean }) => Promise<string>;

/** A payroll app's company data (Gusto): implemented by adapters/gusto as GustoPayrollSystem. */
export interface PayrollSystem {
  /** The company a freshly granted token belongs to (one token per company). */
  identify(accessToken: string): Promise<Result<{ externalId: string; label: string }, PayrollError>>;
  /** The company as the provider reports it now; `today` is the practice's local date (YYYY-MM-DD). */
  snapshot(externalId: string, today: string, token: AccessToken): Promise<Result<CompanySnapshot, PayrollError>>;
}

/** The provider's OAuth endpoints. */
export interface PayrollAuth {
  authorizeUrl(state: string): string;
  exchangeCode(code: string, now: Date): Promise<Result<TokenSet, PayrollError>>;
  /** Refresh tokens are single use: the returned pair must be saved before the access token is used. */
  refresh(refreshToken: string, now: Date): Promise<Result<TokenSet, PayrollError>>;
  revoke(tokens: TokenSet): Promise<void>;
}

/**
 * Serialises token refreshes per connection across every process sharing the database.
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

/** Small per-practice switches and values (Labs features, remembered settings). */
export interface PracticeFlags {
  get(practiceId: PracticeId, key: string): Promise<string | null>;
  set(practiceId: PracticeId, key: string, value: string | null): Promise<void>;
}

/** Webhook deliveries already seen: Gusto retries, so the same event may arrive many times. */
export interface WebhookReceipts {
  /** Records the delivery; true the first time this practice sees this event id. */
  firstSeen(practiceId: PracticeId, provider: string, eventId: string, at: Date): Promise<boolean>;
}


/** A subscription for the payroll app's webhook deliveries, as the app reports it. */
export type WebhookSubscription = {
  readonly id: string;
  readonly url: string;
  readonly status: 'pending' | 'verified' | 'removed' | 'unreachable';
  readonly types: readonly string[];
};

/** The app could not be asked (unreachable, our credentials refused, a reply we could not read). */
export type WebhookSetupError = { readonly kind: 'unavailable'; readonly detail: string };

/** The payroll app's webhook subscriptions, managed with the app's own credentials, not a company's. */
export interface WebhookSubscriptions {
  list(): Promise<Result<readonly WebhookSubscription[], WebhookSetupError>>;
  /** The app then sends the verification handshake to `url`. */
  create(url: string, types: readonly string[]): Promise<Result<WebhookSubscription, WebhookSetupError>>;
  /** Asks the app whether it sent this token for this subscription: true only when it confirms (and marks it verified). */
  verify(subscriptionId: string, token: string): Promise<Result<boolean, WebhookSetupError>>;
  /** Asks the app to send the verification handshake again. */
  resendToken(subscriptionId: string): Promise<Result<void, WebhookSetupError>>;
}
