/**
 * The XPM sandbox mounted on a fastify app and driven through app.inject, on a clock the test
 * moves: connect as the bot would (consent, code exchange with Basic auth, tenants) and call the
 * XML API as the bot would.
 */
import Fastify from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import { createXpmSandbox, type XpmSandboxOptions } from '../../../adapters/sandbox/xpm.js';
import { fixedClock } from '../../fakes/clock.js';

export const xpmApp = { clientId: 'xpm-sandbox-client', clientSecret: 'xpm-sandbox-secret' } as const;
export const callback = 'http://127.0.0.1:9/oauth/xpm/callback';
export const base = '/sandbox/xpm';
export const scopes = 'offline_access openid profile email practicemanager.client practicemanager.job practicemanager.staff.read';

export const authorizeQuery = (extra: Record<string, string> = {}) => new URLSearchParams({
  client_id: xpmApp.clientId, response_type: 'code', redirect_uri: callback, scope: scopes, state: 's-1', ...extra,
});

export const basic = (id: string = xpmApp.clientId, secret: string = xpmApp.clientSecret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

const lists = /(Clients\.Client|Contacts\.Contact|Groups\.Group|StaffList\.Staff|Templates\.Template|Jobs\.Job)$/;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (_name, jpath) => lists.test(String(jpath)) });
/** Reads an XPM answer; an element inside its list (`Clients.Client`) is always an array, a single record (`Response.Client`) never. */
export const parseXml = (text: string) => parser.parse(text) as { Response: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

type Call = { token?: string; tenant?: string | null; body?: string };

export async function xpmHarness(o: Partial<XpmSandboxOptions> & { at?: string } = {}) {
  const clock = fixedClock(o.at ?? '2026-06-15T10:00:00Z');
  const sandbox = createXpmSandbox({ ...xpmApp, clock: clock.now, ...o });
  const app = Fastify({ logger: false });
  await sandbox.mount(app);
  await app.ready();

  const consent = async (query = authorizeQuery(), decision = 'allow') => {
    const res = await app.inject({ method: 'POST', url: `${base}/identity/connect/authorize`, payload: `${query}&decision=${decision}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return { status: res.statusCode, back: new URL(res.headers.location ?? 'http://no-redirect/') };
  };
  const token = async (form: Record<string, string>, authorization: string | null = basic()) => {
    const res = await app.inject({
      method: 'POST', url: `${base}/identity/connect/token`, payload: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };
  const exchange = (code: string, redirectUri = callback) => token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  const refresh = (refreshToken: string) => token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  /** Consent and code exchange: the bot's connect step. Answers the token response. */
  const connect = async () => {
    const { back } = await consent();
    const { body } = await exchange(back.searchParams.get('code') ?? '');
    return body as { access_token: string; refresh_token: string };
  };

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, c: Call = {}) => {
    const res = await app.inject({
      method, url: `${base}${path}`, ...(c.body !== undefined ? { payload: c.body } : {}),
      headers: {
        ...(c.token ? { authorization: `Bearer ${c.token}` } : {}),
        ...(c.tenant === null ? {} : { 'xero-tenant-id': c.tenant ?? sandbox.tenantId }),
        ...(c.body !== undefined ? { 'content-type': 'application/xml' } : {}),
      },
    });
    return { status: res.statusCode, headers: res.headers, raw: res.body };
  };
  /** An XPM API call answering its parsed `<Response>`. */
  const api = async (method: 'GET' | 'POST' | 'PUT', path: string, c: Call & { token: string }) => {
    const res = await call(method, `/practicemanager/3.1/${path}`, c);
    if (res.status !== 200) throw new Error(`XPM sandbox answered ${res.status}: ${res.raw}`);
    return parseXml(res.raw).Response;
  };
  /** Connected, with a token, in one step. */
  const connected = async () => (await connect()).access_token;
  return { app, sandbox, clock, consent, token, exchange, refresh, connect, connected, call, api, close: () => app.close() };
}

export type XpmHarness = Awaited<ReturnType<typeof xpmHarness>>;
