import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGustoOAuth } from '../../../adapters/gusto/oauth.js';
import { createGustoPayrollAuth, toAppError } from '../../../adapters/gusto/payroll-system.js';

const base = 'https://api.gusto-demo.com';
const token = JSON.parse(readFileSync(new URL('../../fixtures/gusto/token.json', import.meta.url), 'utf8')) as object;
const oauth = createGustoOAuth({
  baseUrl: base, clientId: 'cid', clientSecret: 'csecret', redirectUri: 'https://bot.example/oauth/gusto/callback', sleep: async () => {},
});
const now = new Date('2026-11-22T10:00:00Z');
const deadGrant = { kind: 'reconnect-needed', detail: { oauthError: 'invalid_grant' } };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Gusto OAuth', () => {
  it('builds the authorize URL with client id, redirect, code response type and state', () => {
    const url = new URL(oauth.authorizeUrl('st.ate'));

    expect(url.origin + url.pathname).toBe(`${base}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid', redirect_uri: 'https://bot.example/oauth/gusto/callback', response_type: 'code', state: 'st.ate',
    });
  });

  it('exchanges a code with a JSON body and keeps the secret out of the URL', async () => {
    const scope = nock(base)
      .post('/oauth/token', { client_id: 'cid', client_secret: 'csecret', grant_type: 'authorization_code', code: 'c0de', redirect_uri: 'https://bot.example/oauth/gusto/callback' })
      .reply(200, token);

    const set = await oauth.exchangeCode('c0de', now);

    expect(set.refreshToken).toMatch(/^8257e65c/);
    expect(set.expiresAt.toISOString()).toBe('2026-11-22T12:00:00.000Z');
    scope.done();
  });

  it('refreshes with the refresh token and returns the rotated pair', async () => {
    const scope = nock(base).post('/oauth/token', (b: Record<string, string>) => b.grant_type === 'refresh_token' && b.refresh_token === 'old-r').reply(200, token);

    const set = await oauth.refresh('old-r', now);

    expect(set.accessToken).toMatch(/^de6780bc/);
    scope.done();
  });

  it('reports invalid_grant as its own kind, without retrying it', async () => {
    const scope = nock(base).post('/oauth/token').once().reply(400, { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid' });

    const failure = await oauth.refresh('dead', now).catch((e: unknown) => e);

    expect(failure).toMatchObject(deadGrant);
    scope.done();
  });

  it('reports invalid_client from the token endpoint as our misconfiguration, never as a dead grant', async () => {
    const scope = nock(base).post('/oauth/token').reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });

    const failure = await oauth.refresh('r', now).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'app-misconfigured', reason: 'Client authentication failed', detail: { status: 401, oauthError: 'invalid_client' } });
    expect(toAppError(failure)).toMatchObject({ kind: 'misconfigured' });
    expect(JSON.stringify(failure)).not.toContain('csecret');
    scope.done();
  });

  it('keeps a base URL\'s path: the sandbox under the bot, with the consent page under PUBLIC_URL', async () => {
    const mounted = createGustoOAuth({
      baseUrl: 'http://127.0.0.1:3000/sandbox/gusto', authorizeBaseUrl: 'https://bot.example/sandbox/gusto',
      clientId: 'cid', clientSecret: 'csecret', redirectUri: 'https://bot.example/oauth/gusto/callback', sleep: async () => {},
    });
    const scope = nock('http://127.0.0.1:3000').post('/sandbox/gusto/oauth/token').reply(400, { error: 'invalid_grant' });

    const url = new URL(mounted.authorizeUrl('s'));
    const failure = await mounted.exchangeCode('c0de', now).catch((e: unknown) => e);

    expect(url.origin + url.pathname).toBe('https://bot.example/sandbox/gusto/oauth/authorize');
    expect(failure).toMatchObject(deadGrant);
    scope.done();
  });

  it('accepts created_at as a string as well as a number, as Gusto\'s examples show both', async () => {
    const scope = nock(base).post('/oauth/token').reply(200, { ...token, created_at: '1767225600' });

    const set = await oauth.refresh('old-r', now);

    expect(set.accessToken).toMatch(/^de6780bc/);
    scope.done();
  });

  it('reports invalid_client (our own app credentials) as a setup problem, never as "reconnect"', async () => {
    const auth = createGustoPayrollAuth({ baseUrl: base, clientId: 'cid', clientSecret: 'wrong', redirectUri: 'https://bot.example/cb', sleep: async () => {} });
    nock(base).post('/oauth/token').reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });

    const result = await auth.refresh('r', now);

    expect(result).toEqual({ ok: false, error: { kind: 'misconfigured', detail: expect.stringContaining('invalid_client') } });
  });
});
