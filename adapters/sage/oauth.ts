/**
 * Sage Accounting's OAuth 2 authorization-code flow (developer.sage.com, "Authentication"): form
 * posts to one token endpoint for the code and for refreshes, a revoke endpoint for refresh tokens.
 * Access tokens last five minutes; each refresh returns a new refresh token (31 days) and retires
 * the old one, so the caller saves the pair before using it.
 */
import type { AppAuth, AppError } from '../../domain/apps/ports.js';
import type { TokenSet } from '../../domain/practice/connection.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { createProviderHttp, ProviderError } from '../provider-http.js';
import { SageTokenResponse } from './schemas.js';

export const sageHosts = {
  authorize: 'https://www.sageone.com/oauth2/auth/central',
  token: 'https://oauth.accounting.sage.com/token',
  api: 'https://api.accounting.sage.com/v3.1',
  /** Revokes a refresh token; an access token cannot be revoked and simply expires. */
  revoke: 'https://oauth.accounting.sage.com/revoke',
} as const;

export type SageAuthConfig = {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Must match a callback registered for the app, character for character. */
  readonly redirectUri: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** Defaults to `revoke` beside the token endpoint (…/token → …/revoke). */
  readonly revokeUrl?: string;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
};

const toAppError = (e: unknown): AppError => {
  if (!(e instanceof ProviderError)) throw e;
  if (e.kind === 'reconnect-needed') {
    return { kind: 'needs-reconnect', detail: `Sage no longer accepts this connection (${e.detail.oauthError ?? e.reason}): connect Sage again` };
  }
  if (e.kind === 'app-misconfigured') {
    return { kind: 'misconfigured', detail: `Sage refused the bot's app credentials (${e.detail.oauthError ?? e.reason}): an admin must check the Sage client id and secret` };
  }
  return { kind: 'unavailable', detail: `Sage could not issue a token just now (${e.reason})` };
};

/** One endpoint as provider-http sees it: the origin as base, the path on each call. */
const endpoint = (url: string) => {
  const u = new URL(url);
  return { base: u.origin, path: u.pathname };
};

export function createSageAuth(c: SageAuthConfig): AppAuth {
  const token = endpoint(c.tokenUrl);
  const revoke = endpoint(c.revokeUrl ?? new URL('revoke', c.tokenUrl).href);
  // One retry only, as a person is usually waiting. Sending again is safe: a code or refresh token
  // already spent by a lost first answer comes back as invalid_grant, which is the truth by then.
  const http = (base: string) =>
    createProviderHttp({ app: 'sage', baseUrl: base, fetch: c.fetch, sleep: c.sleep, retries: 1, secrets: [c.clientSecret] });
  const credentials = { client_id: c.clientId, client_secret: c.clientSecret };

  const tokenCall = async (form: Record<string, string>, now: Date): Promise<Result<TokenSet, AppError>> => {
    try {
      const { body } = await http(token.base).post(token.path, new URLSearchParams({ ...credentials, ...form }), { idempotent: true, schema: SageTokenResponse });
      return ok({
        accessToken: body.access_token,
        refreshToken: body.refresh_token,
        expiresAt: new Date(now.getTime() + body.expires_in * 1000),
        ...(body.scope ? { scope: body.scope } : {}),
      });
    } catch (e) {
      return err(toAppError(e));
    }
  };

  return {
    authorizeUrl(state) {
      const u = new URL(c.authorizeUrl);
      // filter=apiv3.1 offers only the countries v3.1 serves; Sage documents `scope` (and elsewhere `scopes`).
      for (const [k, v] of Object.entries({ filter: 'apiv3.1', response_type: 'code', client_id: c.clientId, redirect_uri: c.redirectUri, scope: 'full_access', state })) {
        u.searchParams.set(k, v);
      }
      return u.toString();
    },
    exchangeCode: (code, now) => tokenCall({ grant_type: 'authorization_code', code, redirect_uri: c.redirectUri }, now),
    refresh: (refreshToken, now) => tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken }, now),
    /** Best effort: the grant is forgotten on our side whatever Sage answers. */
    async revoke(tokens) {
      await http(revoke.base).post(revoke.path, new URLSearchParams({ ...credentials, token: tokens.refreshToken })).catch(() => undefined);
    },
  };
}
