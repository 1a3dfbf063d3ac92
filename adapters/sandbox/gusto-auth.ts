/**
 * The Gusto simulator's OAuth side: the consent page (the admin chooses which company to connect,
 * as on Gusto's own page), token exchange and refresh with strict rotation (a used refresh token is
 * dead at once), system access tokens for app-level calls, and grant revocation for tests.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { consentPage } from './gusto-consent.js';

type Grant = { companyUuid: string; revoked: boolean };

export type GustoAuthState = {
  /** Access token → grant and expiry. */
  readonly access: Map<string, { grant: Grant; expiresAt: number }>;
  readonly refresh: Map<string, { grant: Grant; used: boolean }>;
  readonly codes: Map<string, { companyUuid: string; redirectUri: string }>;
  /** System access token → expiry: app-level calls (webhook subscriptions), never company data. */
  readonly system: Map<string, number>;
  readonly grants: Grant[];
  tokenCalls: { code: number; refresh: number; rejected: number };
  accessTtlSeconds: number;
  /** Called after every change to grants or tokens, so a sandbox can outlive a restart; throws when it cannot save. */
  onChange?: () => void;
};

export const newAuthState = (): GustoAuthState => ({
  access: new Map(), refresh: new Map(), codes: new Map(), system: new Map(), grants: [],
  tokenCalls: { code: 0, refresh: 0, rejected: 0 }, accessTtlSeconds: 7200,
});

const token = () => randomBytes(24).toString('base64url');

export type SavedAuth = { grants: Grant[]; access: [string, number, number][]; refresh: [string, number, boolean][] };

/** The grants and live tokens as plain data (codes and system tokens are short-lived and not kept). */
export const saveAuthState = (s: GustoAuthState): SavedAuth => ({
  grants: s.grants,
  access: [...s.access].map(([t, a]) => [t, s.grants.indexOf(a.grant), a.expiresAt]),
  refresh: [...s.refresh].filter(([, r]) => !r.used).map(([t, r]) => [t, s.grants.indexOf(r.grant), r.used]),
});

export const loadAuthState = (saved: SavedAuth): GustoAuthState => {
  const s = newAuthState();
  s.grants.push(...saved.grants);
  for (const [t, g, expiresAt] of saved.access) if (s.grants[g]) s.access.set(t, { grant: s.grants[g]!, expiresAt });
  for (const [t, g, used] of saved.refresh) if (s.grants[g]) s.refresh.set(t, { grant: s.grants[g]!, used });
  return s;
};

const bearer = (header: string | undefined) => (header ?? '').replace(/^Bearer\s+/i, '');

/** Which company this bearer token may read, or null (401). */
export const companyForBearer = (s: GustoAuthState, header: string | undefined, now: number): string | null => {
  const found = s.access.get(bearer(header));
  return found && !found.grant.revoked && found.expiresAt > now ? found.grant.companyUuid : null;
};

/** Whether this bearer token is a live system access token. */
export const isSystemBearer = (s: GustoAuthState, header: string | undefined, now: number): boolean =>
  (s.system.get(bearer(header)) ?? 0) > now;

/** The company the consent page offers first: the one asked for, else the first not connected yet. */
export const preselectedCompany = (s: GustoAuthState, companies: readonly { uuid: string }[], asked?: string): string | undefined => {
  if (asked && companies.some((c) => c.uuid === asked)) return asked;
  const granted = new Set(s.grants.filter((g) => !g.revoked).map((g) => g.companyUuid));
  return companies.find((c) => !granted.has(c.uuid))?.uuid ?? companies[0]?.uuid;
};

type Issued = { body: Record<string, unknown>; undo: () => void };

const issue = (s: GustoAuthState, grant: Grant): Issued => {
  const access_token = token(), refresh_token = token();
  s.access.set(access_token, { grant, expiresAt: Date.now() + s.accessTtlSeconds * 1000 });
  s.refresh.set(refresh_token, { grant, used: false });
  return {
    body: { access_token, token_type: 'bearer', expires_in: s.accessTtlSeconds, refresh_token, scope: 'companies:read employees:read contractors:read', created_at: Math.floor(Date.now() / 1000) },
    undo: () => { s.access.delete(access_token); s.refresh.delete(refresh_token); },
  };
};

/**
 * Saves the state after a change, or undoes the change and answers 500 saying why: a grant the
 * sandbox could not keep must not be handed out, and a failed save is never dressed up as invalid_grant.
 */
const commit = (s: GustoAuthState, reply: FastifyReply, body: unknown, undo: () => void) => {
  try {
    s.onChange?.();
    return body;
  } catch (e) {
    undo();
    return reply.code(500).send({ error: 'server_error', error_description: `The Gusto sandbox could not save its grants: ${e instanceof Error ? e.message : String(e)}` });
  }
};

type AuthOptions = { companies: () => { uuid: string; name: string }[]; clientId?: string; clientSecret?: string };
type Params = Record<string, string | undefined>;

export function registerGustoAuth(app: FastifyInstance, s: GustoAuthState, o: AuthOptions): void {
  const badRequest = (p: Params, reply: FastifyReply) => {
    if (!p.redirect_uri || p.response_type !== 'code') return reply.code(400).send({ error: 'invalid_request' });
    if (o.clientId && p.client_id !== o.clientId) return reply.code(400).send({ error: 'invalid_client' });
    return null;
  };

  app.get<{ Querystring: Params }>('/oauth/authorize', async (req, reply) => {
    const refused = badRequest(req.query, reply);
    if (refused) return refused;
    const companies = o.companies();
    const granted = new Set(s.grants.filter((g) => !g.revoked).map((g) => g.companyUuid));
    return reply.type('text/html; charset=utf-8').send(consentPage({
      query: req.query, companies: companies.map((c) => ({ ...c, connected: granted.has(c.uuid) })),
      selected: preselectedCompany(s, companies, req.query.company),
    }));
  });

  /** The consent form: Authorize issues a code for the chosen company, Deny sends access_denied back. */
  app.post<{ Body: Params }>('/oauth/authorize', async (req, reply) => {
    const p = req.body ?? {};
    const refused = badRequest(p, reply);
    if (refused) return refused;
    const back = new URL(p.redirect_uri!);
    back.searchParams.set('state', p.state ?? '');
    if (p.decision === 'deny') {
      back.searchParams.set('error', 'access_denied');
      return reply.redirect(back.toString(), 302);
    }
    const companies = o.companies();
    const target = p.company ?? preselectedCompany(s, companies);
    if (!target || !companies.some((c) => c.uuid === target)) return reply.code(400).send({ error: 'invalid_request', error_description: 'unknown company' });
    const code = token();
    s.codes.set(code, { companyUuid: target, redirectUri: p.redirect_uri! });
    back.searchParams.set('code', code);
    return reply.redirect(back.toString(), 302);
  });

  app.post<{ Body: Params }>('/oauth/token', async (req, reply) => {
    const b = req.body ?? {};
    if (o.clientSecret && (b.client_id !== o.clientId || b.client_secret !== o.clientSecret)) return reply.code(401).send({ error: 'invalid_client' });
    const reject = () => { s.tokenCalls.rejected++; return reply.code(400).send({ error: 'invalid_grant', error_description: 'The provided authorization grant is invalid, expired, revoked, or was issued to another client.' }); };
    if (b.grant_type === 'authorization_code') {
      s.tokenCalls.code++;
      const found = b.code ? s.codes.get(b.code) : undefined;
      if (!found || found.redirectUri !== b.redirect_uri) return reject();
      const grant = { companyUuid: found.companyUuid, revoked: false };
      s.grants.push(grant);
      const issued = issue(s, grant);
      const answer = commit(s, reply, issued.body, () => { s.grants.splice(s.grants.indexOf(grant), 1); issued.undo(); });
      if (answer === issued.body) s.codes.delete(b.code!);
      return answer;
    }
    if (b.grant_type === 'refresh_token') {
      s.tokenCalls.refresh++;
      const found = b.refresh_token ? s.refresh.get(b.refresh_token) : undefined;
      if (!found || found.used || found.grant.revoked) return reject();
      found.used = true;
      const issued = issue(s, found.grant);
      return commit(s, reply, issued.body, () => { found.used = false; issued.undo(); });
    }
    if (b.grant_type === 'system_access') {
      if (!b.client_id || !b.client_secret) return reply.code(401).send({ error: 'invalid_client' });
      const access_token = token();
      s.system.set(access_token, Date.now() + 7200 * 1000);
      return { access_token, token_type: 'Bearer', expires_in: 7200, created_at: Math.floor(Date.now() / 1000) };
    }
    return reply.code(400).send({ error: 'unsupported_grant_type' });
  });

  app.post<{ Body: Params }>('/oauth/revoke', async (req, reply) => {
    const t = req.body?.token ?? '';
    const grant = s.access.get(t)?.grant ?? s.refresh.get(t)?.grant;
    if (!grant || grant.revoked) return {};
    grant.revoked = true;
    return commit(s, reply, {}, () => { grant.revoked = false; });
  });
}

/** Revokes grants as an admin disconnecting the app in Gusto would: all, or one company's. */
export const revokeGrants = (s: GustoAuthState, companyUuid?: string): void => {
  for (const g of s.grants) if (!companyUuid || g.companyUuid === companyUuid) g.revoked = true;
  s.onChange?.();
};

/** Expires every live access token now, forcing the next call to refresh. */
export const expireAccessTokens = (s: GustoAuthState): void => {
  for (const a of s.access.values()) a.expiresAt = 0;
};
