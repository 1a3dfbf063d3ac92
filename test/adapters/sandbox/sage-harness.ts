/**
 * The Sage sandbox mounted on a fastify app and driven through app.inject, on a clock the test
 * moves: connect as the bot would (consent, code exchange) and call the API as the bot would.
 */
import Fastify from 'fastify';
import { createSageSandbox, type SageSandboxOptions } from '../../../adapters/sandbox/sage.js';
import { fixedClock } from '../../fakes/clock.js';

export const sageApp = { clientId: 'sage-sandbox-client', clientSecret: 'sage-sandbox-secret' } as const;
export const callback = 'http://127.0.0.1:9/oauth/sage/callback';
export const base = '/sandbox/sage';

export const authorizeQuery = (extra: Record<string, string> = {}) => new URLSearchParams({
  client_id: sageApp.clientId, response_type: 'code', redirect_uri: callback, scope: 'full_access', state: 's-1', filter: 'apiv3.1', ...extra,
});

type Call = { token?: string; business?: string; body?: unknown };

export async function sageHarness(o: Partial<SageSandboxOptions> & { at?: string } = {}) {
  const clock = fixedClock(o.at ?? '2026-06-15T10:00:00Z');
  const sandbox = createSageSandbox({ ...sageApp, clock: clock.now, ...o });
  const app = Fastify({ logger: false });
  await sandbox.mount(app);
  await app.ready();

  /** Presses Approve (or Deny) on the consent page; answers the redirect back to the app. */
  const consent = async (query = authorizeQuery(), decision = 'allow') => {
    const res = await app.inject({ method: 'POST', url: `${base}/oauth2/auth/central`, payload: `${query}&decision=${decision}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return { status: res.statusCode, back: new URL(res.headers.location ?? 'http://no-redirect/') };
  };
  const token = async (form: Record<string, string>) => {
    const res = await app.inject({ method: 'POST', url: `${base}/token`, payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };
  const exchange = (code: string, redirectUri = callback) =>
    token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: sageApp.clientId, client_secret: sageApp.clientSecret });
  const refresh = (refreshToken: string) =>
    token({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: sageApp.clientId, client_secret: sageApp.clientSecret });
  /** Consent and code exchange: the bot's connect step. Answers the token response. */
  const connect = async () => {
    const { back } = await consent();
    const { body } = await exchange(back.searchParams.get('code') ?? '');
    return body as { access_token: string; refresh_token: string };
  };

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, c: Call = {}) => {
    const res = await app.inject({
      method, url: `${base}/v3.1${path}`, payload: c.body as Record<string, unknown> | undefined,
      headers: { ...(c.token ? { authorization: `Bearer ${c.token}` } : {}), ...(c.business ? { 'x-business': c.business } : {}) },
    });
    return { status: res.statusCode, body: res.body ? res.json() as unknown : undefined, headers: res.headers, raw: res.body };
  };
  const uk = sandbox.businesses()[0]!.id, ie = sandbox.businesses()[1]!.id;
  return { app, sandbox, clock, consent, token, exchange, refresh, connect, call, uk, ie, close: () => app.close() };
}

export type SageHarness = Awaited<ReturnType<typeof sageHarness>>;

/** A valid UK invoice body: one 20 % line, its VAT worked out. */
export const ukInvoice = (contactId: string, ledgerId: string, over: Record<string, unknown> = {}, line: Record<string, unknown> = {}) => ({
  sales_invoice: {
    contact_id: contactId, date: '2026-06-15', reference: 'P-1001',
    invoice_lines: [{ description: 'Monthly bookkeeping', ledger_account_id: ledgerId, quantity: 1, unit_price: 250, tax_rate_id: 'GB_STANDARD', tax_amount: 50, ...line }] as Record<string, unknown>[],
    ...over,
  },
});
