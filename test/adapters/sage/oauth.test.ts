import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSageAuth, sageHosts } from '../../../adapters/sage/oauth.js';

const token = JSON.parse(readFileSync(new URL('../../fixtures/sage/token.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const oauthHost = 'https://oauth.accounting.sage.com';
const redirectUri = 'https://bot.example/oauth/sage/callback';
const auth = createSageAuth({
  clientId: 'cid', clientSecret: 'csecret', redirectUri, authorizeUrl: sageHosts.authorize, tokenUrl: sageHosts.token, sleep: async () => {},
});
const now = new Date('2026-11-22T10:00:00Z');
const form = { 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Sage OAuth', () => {
  it('sends people to Sage\'s consent page for v3.1 countries, with full access, our callback and the state', () => {
    const url = new URL(auth.authorizeUrl('st.ate'));

    expect(url.origin + url.pathname).toBe('https://www.sageone.com/oauth2/auth/central');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      filter: 'apiv3.1', response_type: 'code', client_id: 'cid', redirect_uri: redirectUri, scope: 'full_access', state: 'st.ate',
    });
  });

  it('exchanges a code with a form post and keeps the five-minute expiry and the refresh token', async () => {
    const scope = nock(oauthHost, { reqheaders: form })
      .post('/token', { client_id: 'cid', client_secret: 'csecret', grant_type: 'authorization_code', code: 'GB/12abc', redirect_uri: redirectUri })
      .reply(200, token);

    const result = await auth.exchangeCode('GB/12abc', now);

    expect(result).toEqual({
      ok: true,
      value: { accessToken: token.access_token, refreshToken: token.refresh_token, expiresAt: new Date('2026-11-22T10:05:00Z'), scope: 'full_access' },
    });
    scope.done();
  });

  it('refreshes with the old refresh token and hands back the rotated one', async () => {
    const scope = nock(oauthHost)
      .post('/token', { client_id: 'cid', client_secret: 'csecret', grant_type: 'refresh_token', refresh_token: 'refresh-1' })
      .reply(200, { ...token, refresh_token: 'refresh-2', access_token: 'access-2' });

    const result = await auth.refresh('refresh-1', now);

    expect(result).toMatchObject({ ok: true, value: { accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: new Date('2026-11-22T10:05:00Z') } });
    scope.done();
  });

  it('asks for a reconnect when Sage says invalid_grant (a spent code, an expired or revoked refresh token), without asking twice', async () => {
    const scope = nock(oauthHost).post('/token').once().reply(400, { error: 'invalid_grant' });

    const result = await auth.refresh('refresh-0', now);

    expect(result).toEqual({ ok: false, error: { kind: 'needs-reconnect', detail: expect.stringContaining('invalid_grant') } });
    scope.done();
  });

  it('calls invalid_client our own misconfiguration, never a reconnect, and keeps the secret out of it', async () => {
    nock(oauthHost).post('/token').reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });

    const result = await auth.exchangeCode('GB/12abc', now);

    expect(result).toEqual({ ok: false, error: { kind: 'misconfigured', detail: expect.stringContaining('invalid_client') } });
    expect(JSON.stringify(result)).not.toContain('csecret');
  });

  it('reports Sage being down or out of reach as unavailable, after one more try', async () => {
    const scope = nock(oauthHost)
      .post('/token').twice().reply(503, 'Service Unavailable')
      .post('/token').twice().replyWithError({ code: 'ECONNRESET' });

    const downResult = await auth.refresh('refresh-1', now);
    const unreachable = await auth.refresh('refresh-1', now);

    expect(downResult).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(unreachable).toMatchObject({ ok: false, error: { kind: 'unavailable', detail: expect.stringContaining('could not be reached') } });
    scope.done();
  });

  it('revokes the refresh token at Sage\'s revoke endpoint, and forgets the grant even when Sage fails', async () => {
    const tokens = { accessToken: 'a', refreshToken: 'refresh-9', expiresAt: now };
    const scope = nock(oauthHost, { reqheaders: form })
      .post('/revoke', { client_id: 'cid', client_secret: 'csecret', token: 'refresh-9' }).reply(200, { success: 'ok' })
      .post('/revoke').reply(400, { error: 'invalid_request' });

    await auth.revoke(tokens);
    await expect(auth.revoke(tokens)).resolves.toBeUndefined();

    scope.done();
  });

  it('keeps a token URL\'s path, so a sandbox mounted under the bot works', async () => {
    const mounted = createSageAuth({
      clientId: 'cid', clientSecret: 'csecret', redirectUri, authorizeUrl: 'https://bot.example/sandbox/sage/oauth2/auth/central',
      tokenUrl: 'http://127.0.0.1:3000/sandbox/sage/token', sleep: async () => {},
    });
    const scope = nock('http://127.0.0.1:3000').post('/sandbox/sage/token').reply(200, token).post('/sandbox/sage/revoke').reply(200, { success: 'ok' });

    const result = await mounted.exchangeCode('c', now);
    await mounted.revoke({ accessToken: 'a', refreshToken: 'r', expiresAt: now });

    expect(result.ok).toBe(true);
    expect(mounted.authorizeUrl('s')).toMatch(/^https:\/\/bot\.example\/sandbox\/sage\/oauth2\/auth\/central\?filter=apiv3\.1&/);
    scope.done();
  });
});
