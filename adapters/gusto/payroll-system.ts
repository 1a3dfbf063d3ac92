/**
 * Gusto behind the core's payroll ports: the HTTP client and OAuth client wrapped so every
 * failure leaves as a PayrollError value. Keeps one rate limiter per company token (Gusto counts
 * 200 requests a minute per grant).
 */
import type { PayrollAuth, PayrollError, PayrollSystem } from '../../domain/payroll/ports.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { ProviderError } from '../provider-error.js';
import { createKeyedRateLimiter } from '../rate-limiter.js';
import { createGustoClient, gustoApiVersion, type GustoClientOptions } from './client.js';
import { describeOddFields, type OddField } from './lenient.js';
import { createGustoOAuth, isInvalidClient, isInvalidGrant, type GustoOAuthConfig } from './oauth.js';
import { GustoOAuthError, type GustoTokenInfo } from './schemas.js';

export const toPayrollError = (e: unknown, apiVersion = gustoApiVersion): PayrollError => {
  if (isInvalidClient(e)) return { kind: 'misconfigured', detail: 'Gusto does not accept this bot\'s app credentials (invalid_client): an admin must correct GUSTO_CLIENT_ID and GUSTO_CLIENT_SECRET' };
  if (isInvalidGrant(e)) return { kind: 'needs-reconnect', detail: 'Gusto no longer accepts this connection (invalid_grant)' };
  if (e instanceof ProviderError) {
    // Gusto answers 406 to an X-Gusto-API-Version it no longer serves (12 months after its date).
    if (e.detail.status === 406) return { kind: 'misconfigured', detail: `Gusto no longer supports the API version this bot uses (${apiVersion}): the bot needs updating` };
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

/** The company a token is for, or why it is not one company's token (a null resource, an app or person token). */
const companyOf = (info: GustoTokenInfo): Result<string, PayrollError> => {
  const r = info.resource;
  if (!r?.type) return err({ kind: 'not-a-company', detail: 'Gusto did not say which company this authorisation is for; connect again and choose a company' });
  if (r.type !== 'Company' || !r.uuid) {
    return err({ kind: 'not-a-company', detail: `Gusto authorised a ${r.type} rather than a company; connect again as a company admin and choose the company` });
  }
  return ok(r.uuid);
};

export type GustoPayrollOptions = Omit<GustoClientOptions, 'token' | 'limiter'> & {
  readonly requestsPerMinute?: number;
  readonly now?: () => Date;
  /** Told once per company and field about a value we could not read and left out (logged, never failing the sync). */
  readonly onOddFields?: (companyId: string, summary: string) => void;
};

export function createGustoPayrollSystem(o: GustoPayrollOptions): PayrollSystem {
  const limiterFor = createKeyedRateLimiter({ limit: o.requestsPerMinute ?? 200, windowMs: 60_000 });
  const now = o.now ?? (() => new Date());
  const apiVersion = o.apiVersion ?? gustoApiVersion;
  const attempt = async <T>(work: () => Promise<Result<T, PayrollError>>): Promise<Result<T, PayrollError>> => {
    try {
      return await work();
    } catch (e) {
      return err(toPayrollError(e, apiVersion));
    }
  };
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
    }),
    snapshot: (externalId, today, token) => attempt(async () =>
      ok(await createGustoClient({ ...o, token, limiter: limiterFor(externalId) }).snapshot(externalId, today, now, reportOdd(externalId)))),
  };
}

export function createGustoPayrollAuth(c: GustoOAuthConfig): PayrollAuth {
  const oauth = createGustoOAuth(c);
  const attempt = async <T>(work: () => Promise<T>): Promise<Result<T, PayrollError>> => {
    try {
      return ok(await work());
    } catch (e) {
      return err(toPayrollError(e));
    }
  };
  return {
    authorizeUrl: oauth.authorizeUrl,
    exchangeCode: (code, now) => attempt(() => oauth.exchangeCode(code, now)),
    refresh: (refreshToken, now) => attempt(() => oauth.refresh(refreshToken, now)),
    // Gusto's SDK revokes with the access token; after that it can neither be used nor refreshed.
    revoke: (tokens) => oauth.revoke(tokens.accessToken),
  };
}
