/**
 * Gusto's webhook subscriptions behind the core's WebhookSubscriptions port. Every call is
 * app-level, authenticated with a system access token (cached until shortly before it expires, and
 * minted again when Gusto answers 401), never with a company's token.
 */
import type { WebhookSetupError, WebhookSubscription, WebhookSubscriptions } from '../../domain/payroll/ports.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { createProviderHttp, ProviderError, type ProviderHttp } from '../provider-http.js';
import { gustoApiVersion } from './client.js';
import { gustoSystemAccess, type GustoOAuthConfig } from './oauth.js';
import { GustoWebhookSubscription } from './schemas.js';

export type GustoWebhookOptions = Omit<GustoOAuthConfig, 'redirectUri' | 'authorizeBaseUrl'> & { readonly now?: () => Date };

const toSubscription = (s: GustoWebhookSubscription): WebhookSubscription => ({ id: s.uuid, url: s.url, status: s.status, types: s.subscription_types });

const describe = (e: ProviderError): string => {
  if (e.detail.path === '/oauth/token' && e.detail.oauthError) return `Gusto refused the app's credentials (${e.detail.oauthError})`;
  return `Gusto answered ${e.kind}${e.status ? ` (HTTP ${e.status})` : ''} on ${e.detail.method ?? 'GET'} ${e.detail.path ?? ''}: ${e.reason}`;
};

const attempt = async <T>(work: () => Promise<T>): Promise<Result<T, WebhookSetupError>> => {
  try {
    return ok(await work());
  } catch (e) {
    if (e instanceof ProviderError) return err({ kind: 'unavailable', detail: describe(e) });
    throw e;
  }
};

export function createGustoWebhookSubscriptions(o: GustoWebhookOptions): WebhookSubscriptions {
  const now = o.now ?? (() => new Date());
  let cached: { accessToken: string; expiresAt: Date } | null = null;
  let minting: Promise<{ accessToken: string; expiresAt: Date }> | null = null;
  const token = async (opts?: { force?: boolean }) => {
    if (cached && !opts?.force && cached.expiresAt.getTime() - 60_000 > now().getTime()) return cached.accessToken;
    minting ??= gustoSystemAccess(o, now()).finally(() => { minting = null; });
    cached = await minting;
    return cached.accessToken;
  };
  const http: ProviderHttp = createProviderHttp({
    app: 'gusto', baseUrl: o.baseUrl, fetch: o.fetch, sleep: o.sleep, token, secrets: [o.clientSecret], headers: { 'x-gusto-api-version': gustoApiVersion },
  });
  const path = (id: string) => `/v1/webhook_subscriptions/${encodeURIComponent(id)}`;
  const subscription = (body: unknown, where: string) => {
    const parsed = GustoWebhookSubscription.safeParse(body);
    if (!parsed.success) throw new ProviderError('gusto', 'invalid-response', { path: where });
    return toSubscription(parsed.data);
  };

  return {
    list: () => attempt(async () => {
      const res = await http.get('/v1/webhook_subscriptions');
      const parsed = GustoWebhookSubscription.array().safeParse(res.body);
      if (!parsed.success) throw new ProviderError('gusto', 'invalid-response', { path: '/v1/webhook_subscriptions' });
      return parsed.data.map(toSubscription);
    }),
    create: (url, types) => attempt(async () =>
      subscription((await http.post('/v1/webhook_subscriptions', { url, subscription_types: types })).body, '/v1/webhook_subscriptions')),
    verify: (id, verificationToken) => attempt(async () => {
      try {
        const res = await http.put(`${path(id)}/verify`, { verification_token: verificationToken }, { idempotent: true });
        return subscription(res.body, `${path(id)}/verify`).status === 'verified';
      } catch (e) {
        // 422 (not the token Gusto sent) and 404 (no such subscription) are Gusto saying no.
        if (e instanceof ProviderError && (e.kind === 'rejected' || e.kind === 'not-found')) return false;
        throw e;
      }
    }),
    resendToken: (id) => attempt(async () => { await http.get(`${path(id)}/request_verification_token`); }),
  };
}
