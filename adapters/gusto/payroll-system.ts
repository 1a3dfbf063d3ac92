/**
 * Gusto behind the core's payroll ports: the HTTP client and OAuth client wrapped so every
 * failure leaves as an AppError value. Keeps one rate limiter per company token (Gusto counts
 * 200 requests a minute per grant).
 */
import type { AppAuth, AppError } from '../../domain/apps/ports.js';
import type { PayrollSystem } from '../../domain/payroll/ports.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { ProviderError } from '../provider-error.js';
import { createTenantLimiters } from '../rate-limiter.js';
import { createGustoClient, gustoApiVersion, type GustoClientOptions } from './client.js';
import { describeOddFields, type OddField } from './lenient.js';
import { createGustoOAuth, type GustoOAuthConfig } from './oauth.js';
import type { GustoTokenInfo } from './schemas.js';

export const toAppError = (e: unknown, apiVersion = gustoApiVersion): AppError => {
  if (!(e instanceof ProviderError)) throw e;
  if (e.kind === 'reconnect-needed') {
    return { kind: 'needs-reconnect', detail: e.detail.oauthError === 'invalid_grant' ? 'Gusto no longer accepts this connection (invalid_grant)' : 'Gusto refused this connection\'s access' };
  }
  // Gusto answers 406 to an X-Gusto-API-Version it no longer serves (12 months after its date).
  if (e.status === 406) return { kind: 'misconfigured', detail: `Gusto no longer supports the API version this bot uses (${apiVersion}): the bot needs updating` };
  if (e.detail.oauthError === 'invalid_client') {
    return { kind: 'misconfigured', detail: 'Gusto does not accept this bot\'s app credentials (invalid_client): an admin must correct GUSTO_CLIENT_ID and GUSTO_CLIENT_SECRET' };
  }
  // Our app's credentials, scopes or partner access: reconnecting would not help, so it is never called that.
  if (e.kind === 'app-misconfigured') return { kind: 'misconfigured', detail: `Gusto refused the bot's app settings (${e.reason}); an admin must fix the Gusto app configuration` };
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

/** The company a token is for, or why it is not one company's token (a null resource, an app or person token). */
const companyOf = (info: GustoTokenInfo): Result<string, AppError> => {
  const r = info.resource;
  if (!r?.type) return err({ kind: 'not-a-company', detail: 'Gusto did not say which company this authorisation is for; connect again and choose a company' });
  if (r.type !== 'Company' || !r.uuid) {
    return err({ kind: 'not-a-company', detail: `Gusto authorised a ${r.type} rather than a company; connect again as a company admin and choose the company` });
  }
  return ok(r.uuid);
};

const attempt = async <T>(work: () => Promise<Result<T, AppError>>, apiVersion = gustoApiVersion): Promise<Result<T, AppError>> => {
  try {
    return await work();
  } catch (e) {
    return err(toAppError(e, apiVersion));
  }
};

export type GustoPayrollOptions = Omit<GustoClientOptions, 'token' | 'limiter'> & {
  readonly requestsPerMinute?: number;
  readonly now?: () => Date;
  /** Told once per company and field about a value we could not read and left out (logged, never failing the sync). */
  readonly onOddFields?: (companyId: string, summary: string) => void;
};

export function createGustoPayrollSystem(o: GustoPayrollOptions): PayrollSystem {
  const limiterFor = createTenantLimiters({ ratePerMinute: o.requestsPerMinute ?? 200 });
  const now = o.now ?? (() => new Date());
  const apiVersion = o.apiVersion ?? gustoApiVersion;
  // The same odd value comes back on every daily sync; it is worth one log line, not one a day.
  const reported = new Set<string>();
  const reportOdd = (companyId: string) => (odd: readonly OddField[]) => {
    const fresh = odd.filter((f) => !reported.has(`${companyId} ${f.record}.${f.field}`));
    for (const f of fresh) reported.add(`${companyId} ${f.record}.${f.field}`);
    if (fresh.length) o.onOddFields?.(companyId, describeOddFields(fresh));
  };
  return {
    identify: (accessToken) => attempt(async () => {
      const client = createGustoClient({ ...o, token: async () => accessToken });
      const companyId = companyOf(await client.tokenInfo());
      if (!companyId.ok) return companyId;
      const company = await client.company(companyId.value);
      return ok({ externalId: companyId.value, label: company.trade_name?.trim() || company.name });
    }, apiVersion),
    snapshot: (externalId, today, token) => attempt(async () =>
      ok(await createGustoClient({ ...o, token, limiter: limiterFor(externalId) }).snapshot(externalId, today, now, reportOdd(externalId))), apiVersion),
  };
}

export function createGustoPayrollAuth(c: GustoOAuthConfig): AppAuth {
  const oauth = createGustoOAuth(c);
  return {
    authorizeUrl: oauth.authorizeUrl,
    exchangeCode: (code, now) => attempt(async () => ok(await oauth.exchangeCode(code, now))),
    refresh: (refreshToken, now) => attempt(async () => ok(await oauth.refresh(refreshToken, now))),
    // Gusto's SDK revokes with the access token; after that it can neither be used nor refreshed.
    revoke: (tokens) => oauth.revoke(tokens.accessToken),
  };
}
