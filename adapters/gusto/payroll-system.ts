/**
 * Gusto behind the core's payroll ports: the HTTP client and OAuth client wrapped so every
 * failure leaves as a AppError value. Keeps one rate limiter per company token (Gusto counts
 * 200 requests a minute per grant).
 */
import type { AppAuth, AppError } from '../../domain/apps/ports.js';
import type { PayrollSystem } from '../../domain/payroll/ports.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { ProviderError } from '../provider-error.js';
import { createTenantLimiters } from '../rate-limiter.js';
import { createGustoClient, type GustoClientOptions } from './client.js';
import { createGustoOAuth, type GustoOAuthConfig } from './oauth.js';

export const toAppError = (e: unknown): AppError => {
  if (!(e instanceof ProviderError)) throw e;
  if (e.kind === 'reconnect-needed') {
    return { kind: 'needs-reconnect', detail: e.detail.oauthError === 'invalid_grant' ? 'Gusto no longer accepts this connection (invalid_grant)' : 'Gusto refused this connection\'s access' };
  }
  // Our app's credentials, scopes or API version: reconnecting would not help, so it is never called that.
  if (e.kind === 'app-misconfigured') return { kind: 'unavailable', detail: `Gusto refused the bot's app settings (${e.reason}); an admin must fix the Gusto app configuration` };
  const words = e.detail.reason ? ` (${e.detail.reason})` : '';
  return { kind: 'unavailable', detail: `${unavailableText(e)}${words}` };
};

/** What an admin reads in the sync card; the next sync simply tries again. */
const unavailableText = (e: ProviderError): string => {
  if (e.detail.cause === 'timeout') return 'Gusto did not answer in time';
  if (e.detail.cause === 'network') return 'Gusto could not be reached';
  const byKind: Partial<Record<ProviderError['kind'], string>> = {
    'app-down': 'Gusto had a problem on its side',
    'rate-limited': 'Gusto asked us to slow down',
    'invalid-response': 'Gusto sent data we could not read',
    'not-found': 'Gusto no longer has this company',
  };
  return byKind[e.kind] ?? `Gusto answered with an error (HTTP ${e.status ?? '?'})`;
};

const attempt = async <T>(work: () => Promise<T>): Promise<Result<T, AppError>> => {
  try {
    return ok(await work());
  } catch (e) {
    return err(toAppError(e));
  }
};

export type GustoPayrollOptions = Omit<GustoClientOptions, 'token' | 'limiter'> & {
  readonly requestsPerMinute?: number;
  readonly now?: () => Date;
};

export function createGustoPayrollSystem(o: GustoPayrollOptions): PayrollSystem {
  const limiterFor = createTenantLimiters({ ratePerMinute: o.requestsPerMinute ?? 200 });
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
