/**
 * Gusto behind the core's payroll ports: the HTTP client and OAuth client wrapped so every
 * failure leaves as a AppError value. Keeps one rate limiter per company token (Gusto counts
 * 200 requests a minute per grant).
 */
import type { AppAuth, AppError } from '../../domain/apps/ports.js';
import type { PayrollSystem } from '../../domain/payroll/ports.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { ProviderError } from '../provider-error.js';
import { createKeyedRateLimiter } from '../rate-limiter.js';
import { createGustoClient, type GustoClientOptions } from './client.js';
import { createGustoOAuth, isInvalidGrant, type GustoOAuthConfig } from './oauth.js';
import { GustoOAuthError } from './schemas.js';

export const toPayrollError = (e: unknown): AppError => {
  if (isInvalidGrant(e)) return { kind: 'needs-reconnect', detail: 'Gusto no longer accepts this connection (invalid_grant)' };
  if (e instanceof ProviderError) {
    if (e.kind === 'unauthorized' || e.kind === 'forbidden') return { kind: 'needs-reconnect', detail: 'Gusto refused this connection\'s access' };
    return { kind: 'unavailable', detail: `${unavailableText[e.kind] ?? `Gusto answered with an error (HTTP ${e.detail.status ?? '?'})`}${oauthReason(e)}` };
  }
  throw e;
};

/** Gusto's own words from an OAuth error body ({ error, error_description }), when it sent any. */
const oauthReason = (e: ProviderError): string => {
  const body = GustoOAuthError.safeParse(e.detail.body);
  return body.success ? ` (${body.data.error_description ?? body.data.error})` : '';
};

/** What an admin reads in the sync card; the next sync simply tries again. */
const unavailableText: Partial<Record<ProviderError['kind'], string>> = {
  timeout: 'Gusto did not answer in time',
  network: 'Gusto could not be reached',
  server: 'Gusto had a problem on its side',
  'rate-limited': 'Gusto asked us to slow down',
  'invalid-response': 'Gusto sent data we could not read',
  'not-found': 'Gusto no longer has this company',
};

const attempt = async <T>(work: () => Promise<T>): Promise<Result<T, AppError>> => {
  try {
    return ok(await work());
  } catch (e) {
    return err(toPayrollError(e));
  }
};

export type GustoPayrollOptions = Omit<GustoClientOptions, 'token' | 'limiter'> & {
  readonly requestsPerMinute?: number;
  readonly now?: () => Date;
};

export function createGustoPayrollSystem(o: GustoPayrollOptions): PayrollSystem {
  const limiterFor = createKeyedRateLimiter({ limit: o.requestsPerMinute ?? 200, windowMs: 60_000 });
  const now = o.now ?? (() => new Date());
  return {
    identify: (accessToken) => attempt(async () => {
      const client = createGustoClient({ ...o, token: async () => accessToken });
      const info = await client.tokenInfo();
      const company = await client.company(info.resource.uuid);
      return { externalId: info.resource.uuid, label: company.trade_name?.trim() || company.name };
    }),
    snapshot: (externalId, today, token) => attempt(() =>
      createGustoClient({ ...o, token, limiter: limiterFor(externalId) }).snapshot(externalId, today, now)),
  };
}

export function createGustoPayrollAuth(c: GustoOAuthConfig): AppAuth {
  const oauth = createGustoOAuth(c);
  return {
    authorizeUrl: oauth.authorizeUrl,
    exchangeCode: (code, now) => attempt(() => oauth.exchangeCode(code, now)),
    refresh: (refreshToken, now) => attempt(() => oauth.refresh(refreshToken, now)),
    // Gusto's SDK revokes with the access token; after that it can neither be used nor refreshed.
    revoke: (tokens) => oauth.revoke(tokens.accessToken),
  };
}
