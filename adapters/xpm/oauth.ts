/**
 * Xero identity's OAuth 2 authorization-code flow, which XPM connections use: the consent page at
 * login.xero.com, one token endpoint for the code and for refreshes with the app's credentials as
 * HTTP Basic, and a revocation endpoint. Access tokens last 30 minutes; each refresh returns a new
 * refresh token that replaces the old (a lost answer may be retried with the old one for 30
 * minutes), so the caller saves the pair before using it.
 *
 * Hand-written over provider-http like Sage's rather than on oauth4webapi: the sandbox serves these
 * endpoints on plain http, which oauth4webapi refuses unless every call opts out, and provider-http
 * already gives the retries, redaction and error kinds every other app call has.
 */
import type { AppAuth, AppError } from '../../domain/apps/ports.js';
import type { TokenSet } from '../../domain/practice/connection.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { createProviderHttp } from '../provider-http.js';
import { xeroAppError, xpmApp } from './errors.js';
import { XeroTokenResponse } from './schemas.js';

export const xpmHosts = {
  authorize: 'https://login.xero.com/identity/connect/authorize',
  token: 'https://identity.xero.com/connect/token',
  /** Revokes a refresh token, and with it every access token issued from it. */
  revoke: 'https://identity.xero.com/connect/revocation',
  /** The tenants a grant reaches: GET/DELETE /connections. */
  connections: 'https://api.xero.com',
  api: 'https://api.xero.com/practicemanager/3.1',
} as const;

/** `offline_access` for a refresh token; the client scope also covers client groups. */
export const xpmScopes = 'offline_access openid profile email practicemanager.client practicemanager.job practicemanager.staff.read';

export type XpmAuthConfig = {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Must match a redirect URI registered for the Xero app exactly (no wildcards). */
  readonly redirectUri: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** Defaults to `revocation` beside the token endpoint (…/connect/token → …/connect/revocation). */
  readonly revokeUrl?: string;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
};

/** One endpoint as provider-http sees it: the origin as base, the path on each call. */
const endpoint = (url: string) => {
  const u = new URL(url);
  return { base: u.origin, path: u.pathname };
};

export function createXpmAuth(c: XpmAuthConfig): AppAuth {
  const token = endpoint(c.tokenUrl);
  const revoke = endpoint(c.revokeUrl ?? new URL('revocation', c.tokenUrl).href);
  const basic = `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
  // One retry only, as a person is usually waiting. Sending again is safe: a spent code comes back
  // invalid_grant, and a refresh token stays good for Xero's grace period after a lost answer.
  const http = (base: string) => createProviderHttp({
    app: xpmApp, baseUrl: base, fetch: c.fetch, sleep: c.sleep, retries: 1,
    headers: { authorization: basic }, secrets: [c.clientSecret],
  });

  const tokenCall = async (form: Record<string, string>, now: Date): Promise<Result<TokenSet, AppError>> => {
    try {
      const { body } = await http(token.base).post(token.path, new URLSearchParams(form), { idempotent: true, schema: XeroTokenResponse });
      return ok({
        accessToken: body.access_token,
        refreshToken: body.refresh_token,
        expiresAt: new Date(now.getTime() + body.expires_in * 1000),
        ...(body.scope ? { scope: body.scope } : {}),
      });
    } catch (e) {
      return err(xeroAppError(e, 'issue a token'));
    }
  };

  return {
    authorizeUrl(state) {
      const u = new URL(c.authorizeUrl);
      for (const [k, v] of Object.entries({ response_type: 'code', client_id: c.clientId, redirect_uri: c.redirectUri, scope: xpmScopes, state })) {
        u.searchParams.set(k, v);
      }
      return u.toString();
    },
    exchangeCode: (code, now) => tokenCall({ grant_type: 'authorization_code', code, redirect_uri: c.redirectUri }, now),
    refresh: (refreshToken, now) => tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken }, now),
    /** Best effort: the grant is forgotten on our side whatever Xero answers. */
    async revoke(tokens) {
      await http(revoke.base).post(revoke.path, new URLSearchParams({ token: tokens.refreshToken })).catch(() => undefined);
    },
  };
}
