/**
 * Gusto's OAuth 2 authorization-code flow, hand-written rather than on oauth4webapi: Gusto publishes
 * no discovery document, documents JSON token requests (oauth4webapi sends form bodies), and the
 * sandbox runs on plain http://127.0.0.1, which oauth4webapi refuses without opting every call out
 * of its https checks. What we need is a few small requests, written once here.
 */
import type { TokenSet } from '../../domain/practice/connection.js';
import { createProviderHttp, ProviderError } from '../provider-http.js';
import { GustoOAuthError, GustoSystemToken, GustoTokenResponse } from './schemas.js';

export type GustoOAuthConfig = {
  /** https://api.gusto.com, https://api.gusto-demo.com, or the sandbox's base (…/sandbox/gusto). */
  readonly baseUrl: string;
  /**
   * Where a person's browser opens the consent page, when it differs from where the bot calls
   * (the sandbox: PUBLIC_URL for people, the local listener for the bot). Defaults to baseUrl.
   */
  readonly authorizeBaseUrl?: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
};

export const gustoAuthorizeUrl = (c: GustoOAuthConfig, state: string): string => {
  const base = c.authorizeBaseUrl ?? c.baseUrl;
  const u = new URL('oauth/authorize', base.endsWith('/') ? base : `${base}/`);
  u.searchParams.set('client_id', c.clientId);
  u.searchParams.set('redirect_uri', c.redirectUri);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('state', state);
  return u.toString();
};

export function createGustoOAuth(c: GustoOAuthConfig) {
  // One retry only: a refresh token is single use, so a repeated refresh is worth little.
  const http = createProviderHttp({ provider: 'gusto', baseUrl: c.baseUrl, fetch: c.fetch, retries: 1, sleep: c.sleep });

  const tokenCall = async (body: Record<string, string>, now: Date): Promise<TokenSet> => {
    try {
      const res = await http.request('POST', '/oauth/token', {
        body: { client_id: c.clientId, client_secret: c.clientSecret, ...body },
      });
      const parsed = GustoTokenResponse.safeParse(res.body);
      if (!parsed.success) throw new ProviderError('gusto', 'invalid-response', { path: '/oauth/token' });
      const t = parsed.data;
      return {
        accessToken: t.access_token,
        refreshToken: t.refresh_token,
        expiresAt: new Date(now.getTime() + t.expires_in * 1000),
        ...(t.scope ? { scope: t.scope } : {}),
      };
    } catch (e) {
      throw isInvalidGrant(e) ? new ProviderError('gusto', 'invalid-grant', { path: '/oauth/token', status: (e as ProviderError).detail.status }) : e;
    }
  };

  return {
    authorizeUrl: (state: string) => gustoAuthorizeUrl(c, state),
    exchangeCode: (code: string, now: Date) =>
      tokenCall({ grant_type: 'authorization_code', code, redirect_uri: c.redirectUri }, now),
    refresh: (refreshToken: string, now: Date) =>
      tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken }, now),
    /** POST /oauth/revoke (path as Gusto's SDKs call it). Best effort: we forget the grant whatever the answer. */
    async revoke(token: string): Promise<void> {
      await http.request('POST', '/oauth/revoke', { body: { client_id: c.clientId, client_secret: c.clientSecret, token } }).catch(() => undefined);
    },
  };
}

export type GustoOAuth = ReturnType<typeof createGustoOAuth>;

/**
 * A system access token: POST /oauth/token with grant_type=system_access and the app's credentials.
 * It is for app-level calls (webhook subscriptions) and reads no company's data; a new one is minted
 * when it expires (two hours), as there is no refresh token.
 */
export async function gustoSystemAccess(c: Omit<GustoOAuthConfig, 'redirectUri' | 'authorizeBaseUrl'>, now: Date): Promise<{ accessToken: string; expiresAt: Date }> {
  const http = createProviderHttp({ provider: 'gusto', baseUrl: c.baseUrl, fetch: c.fetch, retries: 1, sleep: c.sleep });
  const res = await http.request('POST', '/oauth/token', { body: { client_id: c.clientId, client_secret: c.clientSecret, grant_type: 'system_access' } });
  const parsed = GustoSystemToken.safeParse(res.body);
  if (!parsed.success) throw new ProviderError('gusto', 'invalid-response', { path: '/oauth/token' });
  return { accessToken: parsed.data.access_token, expiresAt: new Date(now.getTime() + parsed.data.expires_in * 1000) };
}

/** The OAuth error code Gusto's token endpoint sent (`invalid_grant`, `invalid_client`, …), if any. */
export const oauthErrorCode = (e: ProviderError): string | undefined => {
  const body = GustoOAuthError.safeParse(e.detail.body);
  return body.success ? body.data.error : undefined;
};

/**
 * `invalid_client` from the token endpoint: Gusto refuses our app's own credentials. That is our
 * configuration, which no reconnecting fixes (Gusto answers it with a 401, as it does a dead grant).
 */
export const isInvalidClient = (e: unknown): boolean =>
  e instanceof ProviderError && e.detail.path === '/oauth/token' && oauthErrorCode(e) === 'invalid_client';

/** invalid_grant (and any other 401 from the token endpoint) means the grant is gone: only a person can fix it. */
export const isInvalidGrant = (e: unknown): boolean => {
  if (!(e instanceof ProviderError) || e.detail.path !== '/oauth/token' || isInvalidClient(e)) return false;
  if (e.kind === 'invalid-grant') return true;
  return (e.kind === 'invalid-request' && oauthErrorCode(e) === 'invalid_grant') || e.kind === 'unauthorized';
};
