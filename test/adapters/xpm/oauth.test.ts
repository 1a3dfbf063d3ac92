import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createXpmAuth, xpmHosts } from '../../../adapters/xpm/oauth.js';

const identity = 'https://identity.xero.com';
const redirectUri = 'https://bot.example/oauth/xpm/callback';
const auth = createXpmAuth({
  clientId: 'cid', clientSecret: 'csecret', redirectUri, authorizeUrl: xpmHosts.authorize, tokenUrl: xpmHosts.token, sleep: async () => {},
});
const now = new Date('2026-11-22T10:00:00Z');
const basic = `Basic ${Buffer.from('cid:csecret').toString('base64')}`;
const asApp = { reqheaders: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' } };
/** Xero identity's answer as its docs show it: a 30-minute JWT access token, an id token and a refresh token. */
const token = (access: string, refresh: string) => ({
  id_token: 'eyJ.id.token', access_token: access, expires_in: 1800, token_type: 'Bearer', refresh_token: refresh,
  scope: 'openid profile email practicemanager.client practicemanager.job practicemanager.staff.read offline_access',
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('XPM OAuth (Xero identity)', () => {
  it('sends people to Xero\'s consent page with the practice manager scopes, offline access, our callback and the state', () => {
    const url = new URL(auth.authorizeUrl('st.ate'));

    expect(url.origin + url.pathname).toBe('https://login.xero.com/identity/connect/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code', client_id: 'cid', redirect_uri: redirectUri, state: 'st.ate',
      scope: 'offline_access openid profile email practicemanager.client practicemanager.job practicemanager.staff.read',
    });
  });

  it('exchanges a code with the app\'s credentials as HTTP Basic, never in the form, and keeps the 30-minute expiry', async () => {
    const scope = nock(identity, asApp)
      .post('/connect/token', { grant_type: 'authorization_code', code: 'code-1', redirect_uri: redirectUri })
      .reply(200, token('access-1', 'refresh-1'));

    const result = await auth.exchangeCode('code-1', now);

    expect(result).toEqual({
      ok: true,
      value: { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: new Date('2026-11-22T10:30:00Z'), scope: token('', '').scope },
    });
    scope.done();
  });

  it('rotates the refresh token: each refresh hands back the new one, which the next refresh uses', async () => {
    const scope = nock(identity, asApp)
      .post('/connect/token', { grant_type: 'refresh_token', refresh_token: 'refresh-1' }).reply(200, token('access-2', 'refresh-2'))
      .post('/connect/token', { grant_type: 'refresh_token', refresh_token: 'refresh-2' }).reply(200, token('access-3', 'refresh-3'));

    const first = await auth.refresh('refresh-1', now);
    const second = first.ok ? await auth.refresh(first.value.refreshToken, now) : first;

    expect(first).toMatchObject({ ok: true, value: { accessToken: 'access-2', refreshToken: 'refresh-2' } });
    expect(second).toMatchObject({ ok: true, value: { accessToken: 'access-3', refreshToken: 'refresh-3', expiresAt: new Date('2026-11-22T10:30:00Z') } });
    scope.done();
  });

  it('asks for a reconnect on invalid_grant (a refresh token past its grace period or 60 days unused), without asking twice', async () => {
    const scope = nock(identity).post('/connect/token').once().reply(400, { error: 'invalid_grant' });

    const result = await auth.refresh('refresh-0', now);

    expect(result).toEqual({ ok: false, error: { kind: 'needs-reconnect', detail: expect.stringContaining('invalid_grant') } });
    scope.done();
  });

  it('calls invalid_client the bot\'s own misconfiguration, never a reconnect, and keeps the credentials out of it', async () => {
    nock(identity).post('/connect/token').reply(400, { error: 'invalid_client' });

    const result = await auth.exchangeCode('code-1', now);

    expect(result).toEqual({ ok: false, error: { kind: 'misconfigured', detail: expect.stringContaining('invalid_client') } });
    expect(JSON.stringify(result)).not.toMatch(/csecret|Y2lkOmNzZWNyZXQ/);
  });

  it('reports Xero being down as unavailable, after one more try', async () => {
    const scope = nock(identity).post('/connect/token').twice().reply(503, 'Service Unavailable');

    const result = await auth.refresh('refresh-1', now);

    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    scope.done();
  });

  it('revokes the refresh token at Xero\'s revocation endpoint with Basic auth, and forgets the grant even when Xero fails', async () => {
    const tokens = { accessToken: 'a', refreshToken: 'refresh-9', expiresAt: now };
    const scope = nock(identity, asApp)
      .post('/connect/revocation', { token: 'refresh-9' }).reply(200)
      .post('/connect/revocation').reply(400, { error: 'unsupported_token_type' });

    await auth.revoke(tokens);
    await expect(auth.revoke(tokens)).resolves.toBeUndefined();

    scope.done();
  });

  it('takes configurable hosts, so a sandbox mounted under the bot replaces Xero\'s', async () => {
    const mounted = createXpmAuth({
      clientId: 'cid', clientSecret: 'csecret', redirectUri, authorizeUrl: 'https://bot.example/sandbox/xpm/identity/connect/authorize',
      tokenUrl: 'http://127.0.0.1:3000/sandbox/xpm/connect/token', sleep: async () => {},
    });
    const scope = nock('http://127.0.0.1:3000', asApp)
      .post('/sandbox/xpm/connect/token').reply(200, token('a', 'r'))
      .post('/sandbox/xpm/connect/revocation').reply(200);

    const result = await mounted.exchangeCode('c', now);
    await mounted.revoke({ accessToken: 'a', refreshToken: 'r', expiresAt: now });

    expect(result.ok).toBe(true);
    expect(mounted.authorizeUrl('s')).toMatch(/^https:\/\/bot\.example\/sandbox\/xpm\/identity\/connect\/authorize\?response_type=code&/);
    scope.done();
  });
});
