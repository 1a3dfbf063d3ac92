/**
 * The one failure every app client throws, sorted into the few kinds a person or a job acts on:
 * - `reconnect-needed`: the grant is gone (invalid_grant, a revoked or expired token, a 401 that a
 *   fresh token did not cure); only someone reconnecting the app fixes it;
 * - `app-misconfigured`: our side of the app is wrong (invalid_client, unauthorized_client, a 403
 *   for a scope or partner access we lack, an API version the app no longer takes); reconnecting
 *   will not help, so it is never shown as "reconnect";
 * - `rate-limited`: the app asked us to wait (`retryAfterMs` when it said how long);
 * - `app-down`: 5xx, network failures, timeouts; the next try may pass;
 * - `rejected`: the app refused this request (4xx validation, or an error envelope in a 200), with
 *   its reason and field messages;
 * - `not-found`: the record is not there;
 * - `invalid-response`: the app answered, but not in a shape we can read.
 */
import type { FieldError } from './provider/error-words.js';

export type { FieldError } from './provider/error-words.js';

export type ProviderErrorKind =
  | 'reconnect-needed' | 'app-misconfigured' | 'rate-limited' | 'app-down' | 'rejected' | 'not-found' | 'invalid-response';

export type ProviderErrorDetail = {
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  /** The app's error body, whole, with credentials taken out. */
  readonly body?: unknown;
  /** The app's own words, when it gave any. */
  readonly reason?: string;
  readonly fields?: readonly FieldError[];
  /** invalid_grant, invalid_client, … from an OAuth error body. */
  readonly oauthError?: string;
  readonly retryAfterMs?: number;
  /** Why there is no status: the request never got an answer. */
  readonly cause?: 'network' | 'timeout';
};

const fallbackReason: Record<ProviderErrorKind, string> = {
  'reconnect-needed': 'the app no longer accepts this connection',
  'app-misconfigured': 'the app refused our app credentials or permissions',
  'rate-limited': 'the app asked us to slow down',
  'app-down': 'the app is not answering properly',
  rejected: 'the app refused the request',
  'not-found': 'the app has no such record',
  'invalid-response': 'the app sent data we could not read',
};

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  /** A sentence fragment a person can read: the app's words, or ours when it gave none. */
  readonly reason: string;

  constructor(
    /** The app's id as registered (gusto, sage, xpm, …). */
    readonly app: string,
    readonly kind: ProviderErrorKind,
    readonly detail: ProviderErrorDetail = {},
  ) {
    const reason = detail.reason ?? (detail.cause === 'timeout' ? 'the app did not answer in time'
      : detail.cause === 'network' ? 'the app could not be reached' : fallbackReason[kind]);
    const where = detail.path ? ` on ${detail.method ?? 'GET'} ${detail.path}` : '';
    super(`${app} ${kind}${detail.status ? ` (HTTP ${detail.status})` : ''}${where}: ${reason}`);
    this.reason = reason;
  }

  get status(): number | undefined {
    return this.detail.status;
  }

  /** Worth trying again later without a person doing anything. */
  get transient(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'app-down';
  }
}

export const isProviderError = (e: unknown, kind?: ProviderErrorKind): e is ProviderError =>
  e instanceof ProviderError && (kind === undefined || e.kind === kind);

const misconfiguredOAuth = new Set(['invalid_client', 'unauthorized_client', 'invalid_scope', 'unsupported_grant_type']);

/**
 * The kind for an HTTP failure. An OAuth error code decides first, because a token endpoint
 * answers 400 or 401 for both a dead grant (invalid_grant) and our own bad credentials (invalid_client).
 */
export const classifyFailure = (status: number, oauthError?: string): ProviderErrorKind => {
  if (oauthError === 'invalid_grant') return 'reconnect-needed';
  if (oauthError && misconfiguredOAuth.has(oauthError)) return 'app-misconfigured';
  if (status === 401) return 'reconnect-needed';
  // 403: a scope or partner access we were never given; 406: an API version the app has retired.
  if (status === 403 || status === 406) return 'app-misconfigured';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 408 || status >= 500) return 'app-down';
  return 'rejected';
};
